//! Arabic text layer (being written).

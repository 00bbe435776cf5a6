//! Distributional word clusters (being written).

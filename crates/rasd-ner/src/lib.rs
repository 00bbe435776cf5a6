//! Arabic named-entity recognition (being written).

pub mod clusters;

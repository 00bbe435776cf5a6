//! Article reader (being written).

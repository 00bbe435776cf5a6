//! rasd-server's integration tests, one binary: the API over a small store ([`api`]) and the
//! server's bounds on a real socket ([`bounded`]).

mod api;
mod bounded;

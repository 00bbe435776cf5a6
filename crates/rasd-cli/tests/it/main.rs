//! End-to-end tests of the `rasd` binary.

mod analyze;
mod bad_input;
mod corpus;
mod dedup;
mod ingest;
mod ner;
mod samples;
mod search;
mod seeds_gold;
mod timex;
mod util;

//! End-to-end tests of the `rasd` binary.

mod analyze;
mod bad_input;
mod corpus;
mod dedup;
mod export;
mod ingest;
mod ner;
mod reader;
mod resolution;
mod samples;
mod search;
mod seeds_gold;
mod serve;
mod stories;
mod timex;
mod train;
mod util;
mod watch;
mod web;

//! End-to-end tests of the `rasd` binary.

mod bad_input;
mod ner;
mod samples;
mod seeds_gold;
mod timex;
mod util;

//! One module per subcommand.

pub mod analyze;
pub mod eval;
pub mod eval_dedup;
pub mod eval_extract;
pub mod eval_html;
pub mod eval_resolution;
pub mod eval_stories;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod search;
pub mod serve;
pub mod train;
pub mod train_events;
pub mod watch;

//! Annotated gold for rasd, and scoring against it.
//!
//! - [`gold`]: the gold schema of `../shared/ANNOTATION.md` / `../shared/tools/README.md`
//!   (entities, events, quotes, time expressions; the *training* fields too), and loading a
//!   folder of it;
//! - [`validate`]: the checks every annotation file passes (verbatim strings, resolving ids,
//!   CAMEO codes agreeing with their PLOVER type);
//! - [`system`]: what `rasd extract --format json` prints, as the scorer reads it;
//! - [`score`]: precision/recall/F1 of entities, events (overall and by type) and quotes,
//!   metadata and body-bound accuracy, noise leaked, variant merging, event actor accuracy —
//!   the numbers `score_seeds.py` gives — plus source, target, modality, date and speaker
//!   accuracy over matched items and time-expression detection and value accuracy;
//! - [`clusters`]: story groupings (`data/stories/`) and the pairwise and B-cubed scores of a
//!   system's grouping against them;
//! - [`fusion`]: the reports of each event across a story's articles (`data/stories/*_events.json`)
//!   and the pairs of them a system fused together.
//!
//! Annotator agreement is measured with the same scorer: one annotation as gold, the other
//! turned into a system document ([`system::SystemDoc::from_gold`]).

pub mod clusters;
pub mod fusion;
pub mod gold;
pub mod norm;
pub mod score;
pub mod system;
pub mod tagging;
pub mod validate;

pub use gold::{GoldEntity, GoldEvent, GoldFile, GoldQuote, GoldTime};
pub use score::{Counts, FileScore, Summary};
pub use system::SystemDoc;
pub use validate::{CameoTable, Problem};

/// Why gold could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: std::path::PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A gold file is not in the schema.
    #[error("{path}: not a gold file: {source}")]
    Json {
        /// The path.
        path: std::path::PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
}

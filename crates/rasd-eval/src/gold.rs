//! The gold schema: one JSON file per annotated article.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::EvalError;

fn yes() -> bool {
    true
}

/// An annotated article file.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldFile {
    /// The text file annotated (its name).
    pub file: String,
    /// Who annotated it (a batch name), when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotator: Option<String>,
    /// The articles in the file, main first.
    pub articles: Vec<GoldArticle>,
    /// Lines that are not article text.
    #[serde(default)]
    pub noise_lines: Vec<String>,
    /// Section headings inside the body.
    #[serde(default)]
    pub headings: Vec<String>,
    /// Named entities.
    pub entities: Vec<GoldEntity>,
    /// Events.
    pub events: Vec<GoldEvent>,
    /// Quotes (direct; reported speech as `kind: indirect`).
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    /// Time expressions (*training*; the seed gold has none).
    #[serde(default)]
    pub times: Vec<GoldTime>,
}

/// An article's metadata and bounds.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldArticle {
    /// `main` or `related`.
    pub role: String,
    /// Title as written.
    pub title: Option<String>,
    /// Outlet as written in the text.
    #[serde(default)]
    pub outlet: Option<String>,
    /// Outlet in English.
    #[serde(default)]
    pub outlet_en: Option<String>,
    /// Publication date (ISO).
    #[serde(default)]
    pub published: Option<String>,
    /// The words stating the date.
    #[serde(default)]
    pub published_text: Option<String>,
    /// Author or translator.
    #[serde(default)]
    pub byline: Option<String>,
    /// The body's first words.
    pub body_start: String,
    /// The body's last words.
    pub body_end: String,
}

/// A named entity.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldEntity {
    /// Id local to the file.
    pub id: String,
    /// PER, ORG, LOC or MISC.
    #[serde(rename = "type")]
    pub ty: String,
    /// English name.
    #[serde(default)]
    pub name_en: Option<String>,
    /// Canonical Arabic name.
    #[serde(default)]
    pub name_ar: Option<String>,
    /// CAMEO actor code.
    #[serde(default)]
    pub actor: Option<String>,
    /// Every way the article writes the name.
    pub surfaces: Vec<String>,
    /// Nominal descriptors (neither for nor against a system).
    #[serde(default)]
    pub descriptors: Vec<String>,
    /// `main` or `related`.
    #[serde(default)]
    pub in_article: Option<String>,
    /// Counts for recall.
    #[serde(default = "yes")]
    pub required: bool,
}

/// An event's quantity.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldQuantity {
    /// The number.
    #[serde(default)]
    pub value: Option<f64>,
    /// What is counted.
    #[serde(default)]
    pub unit: Option<String>,
    /// The words.
    #[serde(default)]
    pub text: Option<String>,
}

/// An event.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldEvent {
    /// Id local to the file.
    #[serde(default)]
    pub id: String,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub ty: String,
    /// CAMEO code.
    pub cameo: String,
    /// Entity id or CAMEO actor code of who acts.
    #[serde(default)]
    pub source: Option<String>,
    /// Entity id or CAMEO actor code of who undergoes.
    #[serde(default)]
    pub target: Option<String>,
    /// TIMEX3 value of the event's own time expression.
    #[serde(default)]
    pub date: Option<String>,
    /// That expression.
    #[serde(default)]
    pub date_text: Option<String>,
    /// Entity id of the place.
    #[serde(default)]
    pub location: Option<String>,
    /// asserted, reported, expected, speculated, negated.
    #[serde(default)]
    pub modality: Option<String>,
    /// Who the claim is attributed to.
    #[serde(default)]
    pub attributed_to: Option<String>,
    /// The number the event carries.
    #[serde(default)]
    pub quantity: Option<GoldQuantity>,
    /// The sentence or clause stating it.
    pub evidence: String,
    /// *training*: the words stating the event.
    #[serde(default)]
    pub trigger: Option<String>,
    /// *training*: the words naming the source.
    #[serde(default)]
    pub source_text: Option<String>,
    /// *training*: the words naming the target.
    #[serde(default)]
    pub target_text: Option<String>,
    /// Counts for recall.
    #[serde(default = "yes")]
    pub required: bool,
    /// `main` or `related`.
    #[serde(default)]
    pub in_article: Option<String>,
}

/// A quote.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldQuote {
    /// Entity id of the speaker.
    #[serde(default)]
    pub speaker: Option<String>,
    /// The quoted words.
    pub text: String,
    /// The speech verb.
    #[serde(default)]
    pub cue: Option<String>,
    /// Counts for recall.
    #[serde(default = "yes")]
    pub required: bool,
    /// `direct` (default) or `indirect`.
    #[serde(default)]
    pub kind: Option<String>,
}

/// A time expression.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldTime {
    /// The words.
    pub text: String,
    /// DATE, TIME, DURATION or SET.
    #[serde(rename = "type")]
    pub ty: String,
    /// TIMEX3 value resolved against the publication date.
    #[serde(default)]
    pub value: Option<String>,
}

impl GoldFile {
    /// Read one gold file.
    pub fn read(path: &Path) -> Result<GoldFile, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
            path: path.to_owned(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| EvalError::Json {
            path: path.to_owned(),
            source,
        })
    }

    /// The gold entity with this id.
    pub fn entity(&self, id: &str) -> Option<&GoldEntity> {
        self.entities.iter().find(|e| e.id == id)
    }
}

/// Every `*.json` gold file of a folder, sorted by name, with its path.
pub fn read_dir(dir: &Path) -> Result<Vec<(PathBuf, GoldFile)>, EvalError> {
    let io = |source| EvalError::Io {
        path: dir.to_owned(),
        source,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| GoldFile::read(&p).map(|g| (p, g)))
        .collect()
}

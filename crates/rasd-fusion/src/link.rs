//! The cross-article engine: one call from what the per-article stages found to copies,
//! canonical entities, stories and fused events. `rasd analyze`, the store's recompute and
//! the evaluation all run it, so they agree.

use rasd_dedup::{DedupError, DedupParams, Doc, DupGroup};

use crate::ArticleRecord;
use crate::fuse::FusedEvent;
use crate::resolve::Resolution;
use crate::stories::{Step, Story, Weights};

/// What [`link`] found across the articles.
#[derive(Debug)]
pub struct Linked {
    /// Groups of copies and near-copies, each with its canonical (earliest) article.
    pub duplicates: Vec<DupGroup>,
    /// One canonical entity for all spellings of each.
    pub resolution: Resolution,
    /// Story clusters.
    pub stories: Vec<Story>,
    /// What clustering did with each article, in clustering order (for going on later).
    pub steps: Vec<Step>,
    /// One event for all its reports.
    pub fused: Vec<FusedEvent>,
}

/// Links `articles` (`bodies[i]` is the body of `articles[i]`; ids are any distinct numbers):
/// marks each copy's `duplicate_of`, resolves entities, clusters stories (`window_days`: how
/// long after its last article a story still takes new ones) and fuses their events.
pub fn link(
    articles: &mut [ArticleRecord],
    bodies: &[String],
    window_days: i64,
) -> Result<Linked, DedupError> {
    link_with(articles, bodies, window_days, &Weights::default())
}

/// [`link`] with the given story weights.
pub fn link_with(
    articles: &mut [ArticleRecord],
    bodies: &[String],
    window_days: i64,
    weights: &Weights,
) -> Result<Linked, DedupError> {
    let docs: Vec<Doc<'_>> = articles
        .iter()
        .zip(bodies)
        .map(|(a, b)| Doc {
            id: a.id,
            text: b,
            date: a.published.as_deref(),
        })
        .collect();
    let duplicates = rasd_dedup::find_groups(&docs, &DedupParams::default())?;
    let position: std::collections::HashMap<u32, usize> = articles
        .iter()
        .enumerate()
        .map(|(p, a)| (a.id, p))
        .collect();
    for g in &duplicates {
        for m in &g.members {
            if m.id != g.canonical {
                articles[position[&m.id]].duplicate_of = Some(g.canonical);
            }
        }
    }
    let resolution = crate::resolve::resolve(articles);
    let (stories, steps) =
        crate::stories::cluster_steps(articles, &resolution, window_days, weights);
    let fused = crate::fuse::fuse(articles, &resolution, &stories);
    Ok(Linked {
        duplicates,
        resolution,
        stories,
        steps,
        fused,
    })
}

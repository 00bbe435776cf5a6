//! Story groupings: a gold grouping of a dump's records into stories (`<corpus>_stories.json`,
//! the shape of `../shared/tools/README.md`) and the scores of a system's grouping against it —
//! pairwise precision, recall and F1 of same-story links, and B-cubed.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// A stories file as `../shared/tools/README.md` gives it.
#[derive(Deserialize)]
struct StoriesFile {
    #[serde(default)]
    corpus: Option<String>,
    stories: Vec<StoryEntry>,
    #[serde(default)]
    singletons: Vec<String>,
}

#[derive(Deserialize)]
struct StoryEntry {
    articles: Vec<String>,
}

/// A grouping: each article id with the group it is in.
#[derive(Clone, Debug, Default)]
pub struct Grouping {
    /// The dump file its records come from, when the file names it.
    pub corpus: Option<String>,
    /// Article ids, in file order.
    pub ids: Vec<String>,
    /// The group of each id (a number; an article alone has a group of its own).
    pub group: HashMap<String, usize>,
}

impl Grouping {
    /// Reads a gold grouping: `{"corpus", "stories": [{"id", "articles": [ids]}], "singletons":
    /// [ids]}`, every record once.
    pub fn read(path: &Path) -> Result<Grouping, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Grouping::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses a gold grouping (see [`Grouping::read`]).
    pub fn parse(text: &str) -> Result<Grouping, String> {
        let file: StoriesFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut g = Grouping {
            corpus: file.corpus,
            ..Grouping::default()
        };
        let groups = file
            .stories
            .iter()
            .map(|s| s.articles.clone())
            .chain(file.singletons.into_iter().map(|id| vec![id]));
        for (n, members) in groups.enumerate() {
            for id in members {
                if g.group.insert(id.clone(), n).is_some() {
                    return Err(format!("{id} is listed twice"));
                }
                g.ids.push(id);
            }
        }
        Ok(g)
    }

    /// A grouping from groups of ids.
    pub fn from_groups<'a>(groups: impl IntoIterator<Item = Vec<&'a str>>) -> Grouping {
        let mut g = Grouping::default();
        for (n, members) in groups.into_iter().enumerate() {
            for id in members {
                g.ids.push(id.to_owned());
                g.group.insert(id.to_owned(), n);
            }
        }
        g
    }

    /// Groups of two or more articles.
    pub fn linked_groups(&self) -> usize {
        let mut sizes: HashMap<usize, usize> = HashMap::new();
        for g in self.group.values() {
            *sizes.entry(*g).or_default() += 1;
        }
        sizes.values().filter(|&&n| n > 1).count()
    }
}

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    fn of(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// A system grouping scored against the gold, over the articles of the gold.
#[derive(Clone, Debug, Serialize)]
pub struct GroupingScore {
    /// Articles scored.
    pub articles: usize,
    /// Same-story pairs in the gold.
    pub gold_pairs: usize,
    /// Same-story pairs in the system's grouping.
    pub system_pairs: usize,
    /// Pairs in both.
    pub common_pairs: usize,
    /// Pairwise precision, recall and F1 of same-story links.
    pub pairwise: Prf,
    /// B-cubed precision, recall and F1.
    pub bcubed: Prf,
    /// Gold groups of two or more articles.
    pub gold_groups: usize,
    /// System groups of two or more articles.
    pub system_groups: usize,
}

/// Scores `system` against `gold` over the gold's articles (an article the system does not
/// group is alone).
pub fn score(gold: &Grouping, system: &Grouping) -> GroupingScore {
    let n = gold.ids.len();
    // The system's group of each gold article; absent ones alone.
    let sys: Vec<usize> = gold
        .ids
        .iter()
        .enumerate()
        .map(|(i, id)| system.group.get(id).copied().unwrap_or(usize::MAX - i))
        .collect();
    let gld: Vec<usize> = gold.ids.iter().map(|id| gold.group[id]).collect();
    let mut both: HashMap<(usize, usize), usize> = HashMap::new();
    let mut gs: HashMap<usize, usize> = HashMap::new();
    let mut ss: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        *both.entry((gld[i], sys[i])).or_default() += 1;
        *gs.entry(gld[i]).or_default() += 1;
        *ss.entry(sys[i]).or_default() += 1;
    }
    let pairs = |k: usize| k * k.saturating_sub(1) / 2;
    let gold_pairs: usize = gs.values().map(|&k| pairs(k)).sum();
    let system_pairs: usize = ss.values().map(|&k| pairs(k)).sum();
    let common_pairs: usize = both.values().map(|&k| pairs(k)).sum();
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let (mut bp, mut br) = (0.0, 0.0);
    for i in 0..n {
        let c = both[&(gld[i], sys[i])] as f64;
        bp += c / ss[&sys[i]] as f64;
        br += c / gs[&gld[i]] as f64;
    }
    let nf = n.max(1) as f64;
    GroupingScore {
        articles: n,
        gold_pairs,
        system_pairs,
        common_pairs,
        pairwise: Prf::of(
            ratio(common_pairs, system_pairs),
            ratio(common_pairs, gold_pairs),
        ),
        bcubed: Prf::of(bp / nf, br / nf),
        gold_groups: gs.values().filter(|&&k| k > 1).count(),
        system_groups: ss.values().filter(|&&k| k > 1).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_score() {
        let gold = Grouping::parse(
            r#"{"corpus": "d.jsonl", "stories": [{"id": "st1", "articles": ["a", "b"]},
                {"id": "st2", "articles": ["d", "e", "f"]}], "singletons": ["c"]}"#,
        )
        .unwrap();
        assert_eq!(gold.corpus.as_deref(), Some("d.jsonl"));
        assert_eq!(gold.linked_groups(), 2);
        let perfect = Grouping::from_groups([vec!["a", "b"], vec!["c"], vec!["d", "e", "f"]]);
        let s = score(&gold, &perfect);
        assert_eq!((s.gold_pairs, s.common_pairs), (4, 4));
        assert_eq!(s.pairwise.f1, 1.0);
        assert_eq!(s.bcubed.f1, 1.0);
        // Everything alone: no links, B-cubed precision 1.
        let alone = Grouping::from_groups(Vec::<Vec<&str>>::new());
        let s = score(&gold, &alone);
        assert_eq!(s.pairwise.recall, 0.0);
        assert_eq!(s.bcubed.precision, 1.0);
        assert!((s.bcubed.recall - (0.5 * 2.0 + 1.0 + 3.0 / 3.0) / 6.0).abs() < 1e-9);
        // One group of all: every gold link, 4 of 15 pairs right.
        let one = Grouping::from_groups([vec!["a", "b", "c", "d", "e", "f"]]);
        let s = score(&gold, &one);
        assert_eq!(s.pairwise.recall, 1.0);
        assert!((s.pairwise.precision - 4.0 / 15.0).abs() < 1e-9);
    }

    #[test]
    fn twice_listed_is_an_error() {
        assert!(
            Grouping::parse(r#"{"stories": [{"articles": ["a"]}], "singletons": ["a"]}"#).is_err()
        );
    }
}

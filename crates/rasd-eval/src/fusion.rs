//! Fused events: a gold listing of the reports of each event across a story's articles
//! (`<corpus>_events.json`, the shape of `../shared/tools/README.md`) and the score of a
//! system's fused events against it — pairs of gold mentions in different articles that the
//! system fused together.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::clusters::Prf;

/// A gold events file.
#[derive(Clone, Debug, Deserialize)]
pub struct EventsFile {
    /// The stories whose events are all listed (when the file says; else every story of its
    /// events).
    #[serde(default)]
    pub stories_covered: Option<Vec<String>>,
    /// The events.
    pub events: Vec<GoldFusedEvent>,
}

/// One event of the gold with its reports.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldFusedEvent {
    /// Its id.
    pub id: String,
    /// The story it belongs to.
    pub story: String,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub ty: String,
    /// Its reports.
    pub mentions: Vec<GoldMention>,
}

/// A report of a gold event.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldMention {
    /// The record id of the article.
    pub article: String,
    /// The sentence stating it, verbatim.
    pub evidence: String,
}

impl EventsFile {
    /// Reads a gold events file.
    pub fn read(path: &Path) -> Result<EventsFile, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// A system event: its article (record id), PLOVER type, evidence, and the fused event it is in.
#[derive(Clone, Debug)]
pub struct SystemReport {
    /// The record id of the article.
    pub article: String,
    /// PLOVER type.
    pub ty: String,
    /// The sentence it was coded from.
    pub evidence: String,
    /// The fused event it belongs to.
    pub fused: usize,
    /// The story its article is in.
    pub story: usize,
}

/// The fusion score.
#[derive(Clone, Debug, Serialize)]
pub struct FusionScore {
    /// Gold events with two or more reports in different articles.
    pub gold_events: usize,
    /// Gold mentions, and those a system event was coded from (evidence overlapping).
    pub gold_mentions: usize,
    /// Gold mentions some system event matches.
    pub found_mentions: usize,
    /// Pairs of gold mentions of one event in different articles.
    pub gold_pairs: usize,
    /// Of those, pairs the system fused together.
    pub fused_gold_pairs: usize,
    /// Gold pairs both of whose mentions some system report matches.
    pub found_pairs: usize,
    /// Of those, pairs whose articles the system put in one story.
    pub same_story_pairs: usize,
    /// Of those, pairs the system coded with one type.
    pub same_type_pairs: usize,
    /// Pairs of system reports in different articles fused together, both matching gold
    /// mentions.
    pub system_pairs: usize,
    /// Of those, pairs that are mentions of one gold event.
    pub right_system_pairs: usize,
    /// Precision, recall and F1 of fused pairs.
    pub pairs: Prf,
}

/// Words of a sentence, folded, for overlap.
fn words(s: &str) -> HashSet<String> {
    crate::norm::norm(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether two sentences state the same thing: at least half of the shorter's words are in
/// the other.
fn overlaps(a: &HashSet<String>, b: &HashSet<String>) -> bool {
    let shorter = a.len().min(b.len());
    shorter > 0 && a.intersection(b).count() * 2 >= shorter
}

/// Scores the system's reports against the gold, over the stories the gold covers.
pub fn score(gold: &EventsFile, system: &[SystemReport]) -> FusionScore {
    let covered: Option<HashSet<&str>> = gold
        .stories_covered
        .as_ref()
        .map(|v| v.iter().map(String::as_str).collect());
    let events: Vec<&GoldFusedEvent> = gold
        .events
        .iter()
        .filter(|e| {
            covered
                .as_ref()
                .is_none_or(|c| c.contains(e.story.as_str()))
        })
        .collect();
    let mut by_article: HashMap<&str, Vec<(usize, HashSet<String>)>> = HashMap::new();
    for (i, r) in system.iter().enumerate() {
        by_article
            .entry(r.article.as_str())
            .or_default()
            .push((i, words(&r.evidence)));
    }
    // Each gold mention's system reports (same type first, else any type), and each system
    // report's gold events.
    let mut mention_reports: Vec<Vec<(String, Vec<usize>)>> = Vec::new();
    let mut report_events: HashMap<usize, HashSet<usize>> = HashMap::new();
    let mut gold_mentions = 0;
    let mut found_mentions = 0;
    for (g, e) in events.iter().enumerate() {
        let mut ms = Vec::new();
        for m in &e.mentions {
            gold_mentions += 1;
            let w = words(&m.evidence);
            let candidates: Vec<usize> = by_article
                .get(m.article.as_str())
                .map(|v| {
                    v.iter()
                        .filter(|(_, sw)| overlaps(&w, sw))
                        .map(|(i, _)| *i)
                        .collect()
                })
                .unwrap_or_default();
            let same_type: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&i| system[i].ty == e.ty)
                .collect();
            let chosen = if same_type.is_empty() {
                candidates
            } else {
                same_type
            };
            if !chosen.is_empty() {
                found_mentions += 1;
            }
            for &i in &chosen {
                report_events.entry(i).or_default().insert(g);
            }
            ms.push((m.article.clone(), chosen));
        }
        mention_reports.push(ms);
    }
    let (mut gold_pairs, mut fused_gold_pairs, mut gold_events) = (0, 0, 0);
    let (mut found_pairs, mut same_story_pairs, mut same_type_pairs) = (0, 0, 0);
    for ms in &mention_reports {
        let mut pairs_here = 0;
        for (x, (ax, rx)) in ms.iter().enumerate() {
            for (ay, ry) in &ms[x + 1..] {
                if ax == ay {
                    continue;
                }
                pairs_here += 1;
                if !rx.is_empty() && !ry.is_empty() {
                    found_pairs += 1;
                    let story = system[rx[0]].story == system[ry[0]].story;
                    same_story_pairs += usize::from(story);
                    same_type_pairs += usize::from(
                        story
                            && rx
                                .iter()
                                .any(|&i| ry.iter().any(|&j| system[i].ty == system[j].ty)),
                    );
                }
                let fx: HashSet<usize> = rx.iter().map(|&i| system[i].fused).collect();
                if ry.iter().any(|&i| fx.contains(&system[i].fused)) {
                    fused_gold_pairs += 1;
                }
            }
        }
        gold_pairs += pairs_here;
        gold_events += usize::from(pairs_here > 0);
    }
    // System pairs: reports of one fused event in different articles, both matched to gold.
    let mut by_fused: HashMap<usize, Vec<usize>> = HashMap::new();
    for &i in report_events.keys() {
        by_fused.entry(system[i].fused).or_default().push(i);
    }
    let (mut system_pairs, mut right_system_pairs) = (0, 0);
    for members in by_fused.values() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if system[i].article == system[j].article {
                    continue;
                }
                system_pairs += 1;
                if !report_events[&i].is_disjoint(&report_events[&j]) {
                    right_system_pairs += 1;
                }
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (p, r) = (
        ratio(right_system_pairs, system_pairs),
        ratio(fused_gold_pairs, gold_pairs),
    );
    FusionScore {
        gold_events,
        gold_mentions,
        found_mentions,
        gold_pairs,
        fused_gold_pairs,
        found_pairs,
        same_story_pairs,
        same_type_pairs,
        system_pairs,
        right_system_pairs,
        pairs: Prf {
            precision: p,
            recall: r,
            f1: if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fused_pairs_are_scored() {
        let gold: EventsFile = serde_json::from_str(
            r#"{"events": [
                {"id": "ev1", "story": "st1", "type": "ASSAULT", "mentions": [
                    {"article": "a", "evidence": "قصفت الطائرات الجسر الشرقي فجرا"},
                    {"article": "b", "evidence": "الطائرات قصفت الجسر الشرقي صباح اليوم"},
                    {"article": "c", "evidence": "قصف جوي على الجسر الشرقي"}]},
                {"id": "ev2", "story": "st1", "type": "PROTEST", "mentions": [
                    {"article": "a", "evidence": "تظاهر المئات أمام البرلمان"},
                    {"article": "b", "evidence": "مظاهرة المئات أمام البرلمان"}]}]}"#,
        )
        .unwrap();
        let report = |article: &str, ty: &str, evidence: &str, fused: usize| SystemReport {
            article: article.to_owned(),
            ty: ty.to_owned(),
            evidence: evidence.to_owned(),
            fused,
            story: 0,
        };
        let system = [
            report("a", "ASSAULT", "قصفت الطائرات الجسر الشرقي فجرا", 0),
            report("b", "ASSAULT", "الطائرات قصفت الجسر الشرقي صباح اليوم", 0),
            report("c", "ASSAULT", "قصف جوي على الجسر الشرقي", 1),
            report("a", "PROTEST", "تظاهر المئات أمام البرلمان", 0),
        ];
        let s = score(&gold, &system);
        assert_eq!(s.gold_pairs, 4);
        assert_eq!(s.gold_events, 2);
        // a–b of ev1 fused; a–c, b–c apart; ev2's b has no system report.
        assert_eq!(s.fused_gold_pairs, 1);
        // Fused 0 holds a, b (ASSAULT) and a (PROTEST): one cross-article pair of ev1 right,
        // the PROTEST report of a with b's ASSAULT wrong.
        assert_eq!((s.system_pairs, s.right_system_pairs), (2, 1));
        assert_eq!(s.found_mentions, 4);
    }
}

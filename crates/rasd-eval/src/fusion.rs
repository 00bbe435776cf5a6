//! Fused events: a gold listing of the reports of each event across a story's articles
//! (`<corpus>_events.json`, the shape of `../shared/tools/README.md`) and the score of a
//! system's fused events against it — pairs of gold mentions in different articles that the
//! system fused together — and of the system's contradictions against the gold's
//! disagreements ([`score_disagreements`]).

use std::collections::{BTreeMap, HashMap, HashSet};
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
    /// Where outlets disagree on it.
    #[serde(default)]
    pub disagreements: Vec<GoldDisagreement>,
}

/// A field on which the reports of a gold event disagree.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldDisagreement {
    /// `quantity`, `place`, `date` or `actor`.
    pub field: String,
    /// What is disputed, in words (an update is said to be one here).
    #[serde(default)]
    pub what: String,
    /// The values, each with the articles holding it.
    pub values: Vec<GoldValue>,
}

/// A value of a gold disagreement.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldValue {
    /// The value, in words.
    pub value: String,
    /// The outlets holding it.
    #[serde(default)]
    pub outlets: Vec<String>,
    /// The record ids of the articles holding it.
    pub articles: Vec<String>,
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
    /// What it says of the disputed fields, in words (for listing errors).
    pub says: String,
    /// The fields it gives a value of, in the gold's words (`place`, `date`, `quantity`).
    pub states: Vec<String>,
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

/// The gold's events over the stories it covers.
fn covered_events(gold: &EventsFile) -> Vec<&GoldFusedEvent> {
    let covered: Option<HashSet<&str>> = gold
        .stories_covered
        .as_ref()
        .map(|v| v.iter().map(String::as_str).collect());
    gold.events
        .iter()
        .filter(|e| {
            covered
                .as_ref()
                .is_none_or(|c| c.contains(e.story.as_str()))
        })
        .collect()
}

/// Gold mentions matched to system reports.
struct Matching {
    /// For each event, each mention's article and the system reports matching it.
    mention_reports: Vec<Vec<(String, Vec<usize>)>>,
    /// Each matched system report's gold events (indices into the events).
    report_events: HashMap<usize, HashSet<usize>>,
    gold_mentions: usize,
    found_mentions: usize,
}

/// Matches each gold mention to the system reports of its article whose evidence overlaps its
/// own (of the gold event's type when some are, else of any type).
fn matching(events: &[&GoldFusedEvent], system: &[SystemReport]) -> Matching {
    let mut by_article: HashMap<&str, Vec<(usize, HashSet<String>)>> = HashMap::new();
    for (i, r) in system.iter().enumerate() {
        by_article
            .entry(r.article.as_str())
            .or_default()
            .push((i, words(&r.evidence)));
    }
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
    Matching {
        mention_reports,
        report_events,
        gold_mentions,
        found_mentions,
    }
}

/// Scores the system's reports against the gold, over the stories the gold covers.
pub fn score(gold: &EventsFile, system: &[SystemReport]) -> FusionScore {
    let events = covered_events(gold);
    let Matching {
        mention_reports,
        report_events,
        gold_mentions,
        found_mentions,
    } = matching(&events, system);
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

/// One side of a system contradiction or update: the articles and outlets holding a value.
#[derive(Clone, Debug, Default)]
pub struct SystemSide {
    /// The value, as written.
    pub value: String,
    /// The record ids of the articles holding it.
    pub articles: Vec<String>,
    /// The outlets holding it (a copy counting as its original's).
    pub outlets: Vec<String>,
}

/// A contradiction or an update of a system fused event.
#[derive(Clone, Debug)]
pub struct SystemDispute {
    /// The fused event (as [`SystemReport::fused`]).
    pub fused: usize,
    /// The field in the gold's words (`place`, `date`, `quantity`, `actor`), or the system's own
    /// when the gold has none (`modality`).
    pub field: String,
    /// An update (a later or rising figure), not a contradiction.
    pub update: bool,
    /// Its values.
    pub sides: Vec<SystemSide>,
}

/// The system's contradictions against the gold's disagreements.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DisagreementScore {
    /// Gold disagreements (of the covered stories).
    pub gold: usize,
    /// Of those, the ones the gold calls updates (its `what` says "update").
    pub gold_updates: usize,
    /// Gold disagreements the system could show: two articles of two different gold values
    /// have reports on one fused event that give a value of the field.
    pub reachable: usize,
    /// Gold disagreements shown as a contradiction (see [`score_disagreements`]).
    pub shown: usize,
    /// Gold disagreements shown as an update and not as a contradiction.
    pub shown_as_update: usize,
    /// Per gold field: (disagreements, shown as a contradiction, shown as an update only).
    pub by_field: BTreeMap<String, (usize, usize, usize)>,
    /// `event field` of each gold disagreement shown as a contradiction.
    pub shown_ids: Vec<String>,
    /// System contradictions (all fused events, not only the gold's).
    pub contradictions: usize,
    /// System contradictions by field.
    pub contradictions_by_field: BTreeMap<String, usize>,
    /// Of those, the ones whose values come from at least two different outlets.
    pub between_outlets: usize,
    /// `between_outlets / contradictions` (1 when there are none).
    pub between_outlets_share: f64,
    /// System updates.
    pub updates: usize,
}

/// Whether a dispute's values come from two different outlets: two of its values held by two
/// different known outlets.
pub fn between_outlets(d: &SystemDispute) -> bool {
    let known = |o: &&String| o.as_str() != "unknown";
    d.sides.iter().enumerate().any(|(i, x)| {
        d.sides[i + 1..].iter().any(|y| {
            x.outlets
                .iter()
                .filter(known)
                .any(|a| y.outlets.iter().filter(known).any(|b| a != b))
        })
    })
}

/// Scores the system's contradictions (and updates) against the gold's disagreements.
///
/// A gold disagreement on a field of a gold event is *shown* when a system contradiction of the
/// same field (`location` is the gold's `place`) on a fused event holding a system report
/// matched to one of the gold event's mentions (as [`score`] matches them) puts two articles of
/// two different gold values on two different sides: an article `a` of one gold value on one
/// of its values and an article `b ≠ a` of another gold value on another of its values. It is
/// *shown as an update* when only a system update does. The share of contradictions between
/// outlets counts every system contradiction, gold or not.
pub fn score_disagreements(
    gold: &EventsFile,
    system: &[SystemReport],
    disputes: &[SystemDispute],
) -> DisagreementScore {
    let events = covered_events(gold);
    let m = matching(&events, system);
    let mut fused_of: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (&i, gs) in &m.report_events {
        for &g in gs {
            fused_of.entry(g).or_default().insert(system[i].fused);
        }
    }
    let mut out = DisagreementScore::default();
    let shows = |d: &SystemDispute, values: &[GoldValue]| {
        let side_of = |a: &str| -> Vec<usize> {
            (0..d.sides.len())
                .filter(|&s| d.sides[s].articles.iter().any(|x| x == a))
                .collect()
        };
        values.iter().enumerate().any(|(i, vi)| {
            values[i + 1..].iter().any(|vj| {
                vi.articles.iter().any(|a| {
                    vj.articles.iter().any(|b| {
                        a != b && {
                            let (sa, sb) = (side_of(a), side_of(b));
                            sa.iter().any(|x| sb.iter().any(|y| x != y))
                        }
                    })
                })
            })
        })
    };
    for (g, e) in events.iter().enumerate() {
        let fused = fused_of.get(&g);
        // The fused events of the reports of each article of this event giving each field.
        let stating = |article: &str, field: &str| -> HashSet<usize> {
            e.mentions
                .iter()
                .zip(&m.mention_reports[g])
                .filter(|(gm, _)| gm.article == article)
                .flat_map(|(_, (_, rs))| rs.iter())
                .filter(|&&i| system[i].states.iter().any(|s| s == field))
                .map(|&i| system[i].fused)
                .collect()
        };
        for dis in &e.disagreements {
            out.gold += 1;
            let vs = &dis.values;
            out.reachable += usize::from(vs.iter().enumerate().any(|(i, vi)| {
                vs[i + 1..].iter().any(|vj| {
                    vi.articles.iter().any(|a| {
                        vj.articles.iter().any(|b| {
                            a != b && !stating(a, &dis.field).is_disjoint(&stating(b, &dis.field))
                        })
                    })
                })
            }));
            out.gold_updates += usize::from(dis.what.to_lowercase().contains("update"));
            let on_event = |d: &&SystemDispute| {
                d.field == dis.field && fused.is_some_and(|f| f.contains(&d.fused))
            };
            let contradiction = disputes
                .iter()
                .filter(on_event)
                .any(|d| !d.update && shows(d, &dis.values));
            let update = !contradiction
                && disputes
                    .iter()
                    .filter(on_event)
                    .any(|d| d.update && shows(d, &dis.values));
            let f = out.by_field.entry(dis.field.clone()).or_default();
            f.0 += 1;
            f.1 += usize::from(contradiction);
            f.2 += usize::from(update);
            out.shown += usize::from(contradiction);
            out.shown_as_update += usize::from(update);
            if contradiction {
                out.shown_ids.push(format!("{} {}", e.id, dis.field));
            }
        }
    }
    for d in disputes {
        if d.update {
            out.updates += 1;
        } else {
            out.contradictions += 1;
            *out.contradictions_by_field
                .entry(d.field.clone())
                .or_default() += 1;
            out.between_outlets += usize::from(between_outlets(d));
        }
    }
    out.between_outlets_share = if out.contradictions == 0 {
        1.0
    } else {
        out.between_outlets as f64 / out.contradictions as f64
    };
    out
}

/// Each gold disagreement, whether it is shown, and what the system has of it: for each gold
/// value, its articles' reports (fused event and what they say), then the system's disputes on
/// the fused events holding the gold event (for `--errors`).
pub fn explain_disagreements(
    gold: &EventsFile,
    system: &[SystemReport],
    disputes: &[SystemDispute],
) -> Vec<String> {
    let events = covered_events(gold);
    let m = matching(&events, system);
    let shown = score_disagreements(gold, system, disputes).shown_ids;
    let mut out = Vec::new();
    for (g, e) in events.iter().enumerate() {
        let mut fused: Vec<usize> = m
            .report_events
            .iter()
            .filter(|(_, gs)| gs.contains(&g))
            .map(|(&i, _)| system[i].fused)
            .collect();
        fused.sort_unstable();
        fused.dedup();
        for d in &e.disagreements {
            let id = format!("{} {}", e.id, d.field);
            out.push(format!(
                "{} {id} — {}",
                if shown.contains(&id) {
                    "SHOWN "
                } else {
                    "missed"
                },
                d.what
            ));
            for v in &d.values {
                out.push(format!("    «{}»", v.value));
                for a in &v.articles {
                    let reports: Vec<String> = e
                        .mentions
                        .iter()
                        .zip(&m.mention_reports[g])
                        .filter(|(gm, _)| gm.article == *a)
                        .flat_map(|(_, (_, rs))| rs.iter())
                        .map(|&i| format!("f{} {}", system[i].fused, system[i].says))
                        .collect();
                    out.push(format!("      {a}: {}", reports.join(" | ")));
                }
            }
            for x in disputes.iter().filter(|x| fused.contains(&x.fused)) {
                let sides: Vec<String> = x
                    .sides
                    .iter()
                    .map(|s| format!("{:?}", s.articles))
                    .collect();
                out.push(format!(
                    "    system f{} {}{}: {}",
                    x.fused,
                    x.field,
                    if x.update { " (update)" } else { "" },
                    sides.join(" / ")
                ));
            }
        }
    }
    out.push("== system contradictions and updates".to_owned());
    for d in disputes {
        out.push(format!(
            "f{} {} {}{}",
            d.fused,
            system
                .iter()
                .find(|r| r.fused == d.fused)
                .map_or("", |r| r.ty.as_str()),
            d.field,
            if d.update { " (update)" } else { "" }
        ));
        for side in &d.sides {
            out.push(format!("    «{}» {:?}", side.value, side.outlets));
            for a in side.articles.iter().take(3) {
                if let Some(r) = system
                    .iter()
                    .find(|r| r.fused == d.fused && r.article == *a)
                {
                    let clip: String = r.evidence.chars().take(160).collect();
                    out.push(format!("      {a}: {} {clip}", r.says));
                }
            }
        }
    }
    out
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
            says: String::new(),
            states: Vec::new(),
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

    #[test]
    fn disagreements_are_shown_when_two_gold_sides_are_apart() {
        let gold: EventsFile = serde_json::from_str(
            r#"{"events": [
                {"id": "ev1", "story": "st1", "type": "ASSAULT", "mentions": [
                    {"article": "a", "evidence": "قتل عشرة في قصف قرية الوادي"},
                    {"article": "b", "evidence": "قتل اثنا عشر في قصف قرية الوادي"},
                    {"article": "c", "evidence": "قصف قرية الوادي أمس"}],
                 "disagreements": [
                    {"field": "quantity", "what": "killed", "values": [
                        {"value": "10", "outlets": ["x"], "articles": ["a"]},
                        {"value": "12", "outlets": ["y"], "articles": ["b"]}]},
                    {"field": "place", "what": "village", "values": [
                        {"value": "V", "outlets": ["x"], "articles": ["a"]},
                        {"value": "W", "outlets": ["z"], "articles": ["c"]}]},
                    {"field": "date", "what": "an update of the day", "values": [
                        {"value": "1", "outlets": ["x"], "articles": ["a"]},
                        {"value": "2", "outlets": ["y"], "articles": ["b"]}]}]}]}"#,
        )
        .unwrap();
        let report = |article: &str, evidence: &str| SystemReport {
            article: article.to_owned(),
            ty: "ASSAULT".to_owned(),
            evidence: evidence.to_owned(),
            fused: 7,
            story: 0,
            says: String::new(),
            states: vec!["quantity".to_owned(), "place".to_owned()],
        };
        let system = [
            report("a", "قتل عشرة في قصف قرية الوادي"),
            report("b", "قتل اثنا عشر في قصف قرية الوادي"),
            report("c", "قصف قرية الوادي أمس"),
        ];
        let side = |articles: &[&str], outlets: &[&str]| SystemSide {
            value: String::new(),
            articles: articles.iter().map(|s| (*s).to_owned()).collect(),
            outlets: outlets.iter().map(|s| (*s).to_owned()).collect(),
        };
        let dispute =
            |fused: usize, field: &str, update: bool, sides: Vec<SystemSide>| SystemDispute {
                fused,
                field: field.to_owned(),
                update,
                sides,
            };
        let disputes = [
            // Quantity: a and b apart — shown.
            dispute(
                7,
                "quantity",
                false,
                vec![side(&["a"], &["x"]), side(&["b"], &["y"])],
            ),
            // Place: a and c on one side — not shown.
            dispute(
                7,
                "place",
                false,
                vec![side(&["a", "c"], &["x", "z"]), side(&["b"], &["y"])],
            ),
            // Date: apart, but as an update.
            dispute(
                7,
                "date",
                true,
                vec![side(&["a"], &["x"]), side(&["b"], &["y"])],
            ),
            // Another fused event's quantity, one outlet on both sides.
            dispute(
                8,
                "quantity",
                false,
                vec![side(&["a"], &["x"]), side(&["b"], &["x"])],
            ),
        ];
        let s = score_disagreements(&gold, &system, &disputes);
        assert_eq!((s.gold, s.gold_updates), (3, 1));
        // Every report gives a quantity and a place, none a date.
        assert_eq!(s.reachable, 2);
        assert_eq!((s.shown, s.shown_as_update), (1, 1));
        assert_eq!(s.shown_ids, ["ev1 quantity"]);
        assert_eq!(s.by_field["place"], (1, 0, 0));
        assert_eq!((s.contradictions, s.between_outlets, s.updates), (3, 2, 1));
    }
}

//! Fused events: one event for all its reports, with its sources counted and its
//! contradictions shown.
//!
//! Events of one story with the same type and compatible parties (in either order for meetings,
//! cooperation and agreements) become one fused event: an unknown party is compatible with any,
//! two different known parties are not. A party is compared by the country of its CAMEO code
//! when it has one («ميغيل أرياس» CHLGOV and «الرئيس التشيلي» CHLGOV are the same party), else by
//! its canonical entity. Reports more than a week apart in their dates are different events, and
//! so are reports of different places unless both parties are known and the same (then the
//! reports disagree on the place). Corroboration is the number of
//! independent outlets: a near-duplicate copy counts as its original's outlet. Where the
//! reports of different outlets disagree — on the place, the date, the amount (same unit, more
//! than 5% apart), or whether it happened at all (asserted or reported against negated) — the
//! fused event lists each value with its outlets and reports (modality, whom they cite, where
//! they say it); a higher amount reported later, or said to have risen, is an update instead
//! (`disputes`).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::resolve::Resolution;
use crate::stable_number;
use crate::stories::{Story, day_number};
use crate::{ArticleRecord, Slot, phrase_key};

mod disputes;

pub use disputes::{Contradiction, Cues, DisputedValue, Update, ValueEvidence};

/// A participant of a fused event.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Party {
    /// Canonical entity id, when the party is a named entity.
    pub entity: Option<String>,
    /// Its name (the canonical name, or the words of a role phrase).
    pub name: Option<String>,
    /// English name.
    pub name_en: Option<String>,
    /// CAMEO actor code.
    pub actor: Option<String>,
}

/// One report of a fused event.
#[derive(Clone, Debug, Serialize)]
pub struct EventMention {
    /// The file.
    pub file: String,
    /// The article's id.
    pub article: u32,
    /// The event's index among the article's events.
    pub event: usize,
    /// Its outlet.
    pub outlet: Option<String>,
    /// The article's publication date.
    pub published: Option<String>,
    /// Modality of this report.
    pub modality: String,
    /// The sentence.
    pub evidence: String,
    /// Character offsets of the sentence in the file.
    pub start: usize,
    /// End of the sentence.
    pub end: usize,
    /// CAMEO code of this report.
    pub cameo: String,
    /// Date this report gives.
    pub date: Option<String>,
    /// Place this report gives.
    pub location: Option<String>,
    /// Amount this report gives.
    pub quantity: Option<String>,
}

/// An event as all its reports tell it.
#[derive(Clone, Debug, Serialize)]
pub struct FusedEvent {
    /// Identifier, `f1`, `f2` …
    pub id: String,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub ty: String,
    /// The CAMEO code most reports give.
    pub cameo: String,
    /// The story it belongs to.
    pub story: String,
    /// Source.
    pub source: Party,
    /// Target.
    pub target: Party,
    /// The date most reports give.
    pub date: Option<String>,
    /// The place most reports give.
    pub location: Option<String>,
    /// Its reports.
    pub mentions: Vec<EventMention>,
    /// Independent outlets reporting it.
    pub corroboration: usize,
    /// The earliest publication date among its reports.
    pub first_reported: Option<String>,
    /// Where outlets disagree.
    pub contradictions: Vec<Contradiction>,
    /// Figures reported higher later on (a toll that rose): updates, not contradictions.
    pub updates: Vec<Update>,
}

/// A report: (article position, event index).
type Report = (usize, usize);

/// Types whose two parties can be named in either order («لقاء أرياس وهالفورسن», «قمة بين هالفورسن
/// وأرياس»): their reports fuse whichever party comes first.
const SYMMETRIC_TYPES: &[&str] = &["CONSULT", "COOPERATE", "AGREE"];

/// Reports whose dates are further apart than this are different events.
const SAME_EVENT_DAYS: i64 = 7;

/// Can two TIMEX3 dates be the time of one event? A year or month and a day in it can; two
/// days can when at most a week apart.
fn same_time(a: &str, b: &str) -> bool {
    match (day_number(a), day_number(b)) {
        (Some(x), Some(y)) => (x - y).abs() <= SAME_EVENT_DAYS,
        _ => a.starts_with(b) || b.starts_with(a),
    }
}

/// The key a party is compared by.
fn party_key(r: &Resolution, article: usize, slot: &Slot) -> String {
    if let Some(code) = slot.actor.as_deref()
        && code.len() >= 3
        && code.is_char_boundary(3)
    {
        return code[..3].to_owned();
    }
    match slot.entity.and_then(|e| r.of(article, e)) {
        Some(c) => format!("c{c}"),
        None => "-".to_owned(),
    }
}

fn party(r: &Resolution, article: usize, slot: &Slot) -> Party {
    let canonical = slot
        .entity
        .and_then(|e| r.of(article, e))
        .map(|c| &r.entities[c]);
    Party {
        entity: canonical.map(|c| c.id.clone()),
        name: canonical
            .map(|c| c.name.clone())
            .or_else(|| slot.text.clone()),
        name_en: canonical.and_then(|c| c.name_en.clone()),
        actor: slot
            .actor
            .clone()
            .or_else(|| canonical.and_then(|c| c.actor.clone())),
    }
}

/// The most frequent value of a list (first seen wins ties).
fn most_common(values: impl Iterator<Item = String>) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|c| c.0 == v) {
            Some(c) => c.1 += 1,
            None => counts.push((v, 1)),
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1)).map(|c| c.0)
}

/// What an article that names no outlet counts as.
pub const UNKNOWN_OUTLET: &str = "unknown";

/// Fuse the events of a collection. `stories` must cover every article.
pub fn fuse(articles: &[ArticleRecord], r: &Resolution, stories: &[Story]) -> Vec<FusedEvent> {
    let story_of: HashMap<u32, &str> = stories
        .iter()
        .flat_map(|s| s.articles.iter().map(move |&a| (a, s.id.as_str())))
        .collect();
    let position: HashMap<u32, usize> = articles
        .iter()
        .enumerate()
        .map(|(p, a)| (a.id, p))
        .collect();
    // The outlet an article's report counts as: its original's, for a copy.
    let outlet_of = |p: usize| -> String {
        let a = &articles[p];
        let original = a
            .duplicate_of
            .and_then(|c| position.get(&c))
            .map_or(a, |&q| &articles[q]);
        // An article that names no outlet is of an unknown one: never its file's name.
        original
            .outlet
            .clone()
            .filter(|o| !o.trim().is_empty())
            .unwrap_or_else(|| UNKNOWN_OUTLET.to_owned())
    };
    // Reports by story and type (BTreeMap: a stable order).
    let mut groups: BTreeMap<(String, String), Vec<Report>> = BTreeMap::new();
    for (p, a) in articles.iter().enumerate() {
        let story = story_of.get(&a.id).copied().unwrap_or("-").to_owned();
        for (k, e) in a.events.iter().enumerate() {
            groups
                .entry((story.clone(), e.ty.clone()))
                .or_default()
                .push((p, k));
        }
    }
    let mut out = Vec::new();
    for ((story, ty), reports) in groups {
        for reports in occurrences(articles, r, &ty, reports) {
            out.push(fused(articles, r, &story, &ty, &reports, &outlet_of));
        }
    }
    out
}

/// What a report tells of its occurrence, to compare with others of its story and type.
struct Told {
    report: Report,
    source: Option<String>,
    target: Option<String>,
    /// Its stated date, else its article's publication date.
    date: Option<String>,
    /// It states a date away from its article's (a past event told as background).
    background: bool,
    /// Its place (folded), unless a whole country.
    place: Option<String>,
}

/// An occurrence being gathered: what its reports told so far.
struct Occurrence {
    reports: Vec<Report>,
    source: Option<String>,
    target: Option<String>,
    dates: Vec<String>,
    places: Vec<String>,
}

/// Two places can be one: the same, or one naming the other («مدينة حلب», «حلب»).
fn same_place(a: &str, b: &str) -> bool {
    a == b || (!a.is_empty() && !b.is_empty() && (a.contains(b) || b.contains(a)))
}

/// Two known parties differ; an unknown one is compatible with any.
fn compatible(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Splits the reports of one story and type into occurrences: a report joins an occurrence
/// whose known parties are its own (an unknown party is compatible with any; meetings,
/// cooperation and agreements in either order), whose dates are within a week of its own and
/// whose place is its own — or any place, when both its parties are known and the same (the
/// reports then disagree on the place). Reports of the news itself gather before reports of
/// past events told as background, and reports naming both parties first, so that an
/// occurrence is anchored by what names it most fully.
fn occurrences(
    articles: &[ArticleRecord],
    r: &Resolution,
    ty: &str,
    reports: Vec<Report>,
) -> Vec<Vec<Report>> {
    let known = |key: String| (key != "-").then_some(key);
    let mut told: Vec<Told> = reports
        .into_iter()
        .map(|(p, k)| {
            let e = &articles[p].events[k];
            let stated = e
                .date
                .as_deref()
                .filter(|d| d.starts_with(|c: char| c.is_ascii_digit()));
            Told {
                background: match (stated, articles[p].published.as_deref()) {
                    (Some(d), Some(published)) => !same_time(d, published),
                    _ => false,
                },
                report: (p, k),
                source: known(party_key(r, p, &e.source)),
                target: known(party_key(r, p, &e.target)),
                date: e
                    .date
                    .clone()
                    .filter(|d| d.starts_with(|c: char| c.is_ascii_digit()))
                    .or_else(|| articles[p].published.clone()),
                place: e
                    .location
                    .as_ref()
                    .filter(|_| !e.location_is_country)
                    .map(|l| phrase_key(l)),
            }
        })
        .collect();
    let named = |t: &Told| usize::from(t.source.is_some()) + usize::from(t.target.is_some());
    // Reports of the news itself anchor occurrences before background ones, the most fully
    // named first, then the latest dated (the news is the latest of what a story tells; an
    // undated report joins what the dated ones anchored).
    told.sort_by(|a, b| {
        a.background
            .cmp(&b.background)
            .then(named(b).cmp(&named(a)))
            .then(a.date.is_none().cmp(&b.date.is_none()))
            .then(b.date.cmp(&a.date))
            .then(a.report.cmp(&b.report))
    });
    let symmetric = SYMMETRIC_TYPES.contains(&ty);
    let mut found: Vec<Occurrence> = Vec::new();
    for t in told {
        let fits = |o: &Occurrence| -> Option<(bool, usize)> {
            let straight = compatible(&o.source, &t.source) && compatible(&o.target, &t.target);
            let swapped =
                symmetric && compatible(&o.source, &t.target) && compatible(&o.target, &t.source);
            if !straight && !swapped {
                return None;
            }
            let swap = !straight;
            let (s, g) = if swap {
                (&t.target, &t.source)
            } else {
                (&t.source, &t.target)
            };
            if let Some(d) = &t.date
                && !o.dates.iter().all(|x| same_time(x, d))
            {
                return None;
            }
            let fully_named =
                s.is_some() && g.is_some() && o.source.is_some() && o.target.is_some();
            if let Some(pl) = &t.place
                && !fully_named
                && !o.places.is_empty()
                && !o.places.iter().any(|x| same_place(x, pl))
            {
                return None;
            }
            // How much they share: named parties and a place.
            let shared = usize::from(s.is_some() && *s == o.source)
                + usize::from(g.is_some() && *g == o.target)
                + usize::from(
                    t.place
                        .as_ref()
                        .is_some_and(|pl| o.places.iter().any(|x| same_place(x, pl))),
                );
            Some((swap, shared))
        };
        let best = found
            .iter()
            .enumerate()
            .filter_map(|(i, o)| fits(o).map(|(swap, shared)| (i, swap, shared)))
            .max_by(|a, b| a.2.cmp(&b.2).then(b.0.cmp(&a.0)));
        match best {
            Some((i, swap, _)) => {
                let o = &mut found[i];
                let (s, g) = if swap {
                    (t.target, t.source)
                } else {
                    (t.source, t.target)
                };
                o.source = o.source.take().or(s);
                o.target = o.target.take().or(g);
                o.dates.extend(t.date);
                o.places.extend(t.place);
                o.reports.push(t.report);
            }
            None => found.push(Occurrence {
                reports: vec![t.report],
                source: t.source,
                target: t.target,
                dates: t.date.into_iter().collect(),
                places: t.place.into_iter().collect(),
            }),
        }
    }
    found
        .into_iter()
        .map(|mut o| {
            o.reports.sort_unstable();
            o.reports
        })
        .collect()
}

fn fused(
    articles: &[ArticleRecord],
    r: &Resolution,
    story: &str,
    ty: &str,
    reports: &[(usize, usize)],
    outlet_of: &dyn Fn(usize) -> String,
) -> FusedEvent {
    let (p0, k0) = reports[0];
    let first = &articles[p0].events[k0];
    let mentions: Vec<EventMention> = reports
        .iter()
        .map(|&(p, k)| {
            let a = &articles[p];
            let e = &a.events[k];
            EventMention {
                file: a.file.clone(),
                article: a.id,
                event: k,
                outlet: a.outlet.clone(),
                published: a.published.clone(),
                modality: e.modality.clone(),
                evidence: e.evidence.clone(),
                start: e.start,
                end: e.end,
                cameo: e.cameo.clone(),
                date: e.date.clone(),
                location: e.location.clone(),
                quantity: e.quantity.as_ref().map(|q| q.text.clone()),
            }
        })
        .collect();
    // Corroboration: the independent outlets that state it (asserted or reported); expected
    // and speculated reports are listed among the mentions with their modality, apart.
    let mut outlets: Vec<String> = reports
        .iter()
        .filter(|&&(p, k)| {
            matches!(
                articles[p].events[k].modality.as_str(),
                "asserted" | "reported"
            )
        })
        .map(|&(p, _)| outlet_of(p))
        .collect();
    outlets.sort();
    outlets.dedup();
    let (contradictions, updates) = disputes::disputes(
        &disputes::Ctx {
            articles,
            outlet_of,
            cues: Cues::bundled(),
        },
        reports,
    );
    let event = |p: usize, k: usize| &articles[p].events[k];
    // Places: a whole country agrees with any place (in it) when a report names one.
    let specific_place = reports
        .iter()
        .any(|&(p, k)| event(p, k).location.is_some() && !event(p, k).location_is_country);
    FusedEvent {
        // Its earliest report names it: the same id after articles are added (article ids only
        // grow), unless the event's reports regroup.
        id: format!(
            "f{}",
            reports
                .iter()
                .map(|&(p, k)| stable_number(articles[p].id, k))
                .min()
                .unwrap_or(0)
        ),
        ty: ty.to_owned(),
        cameo: most_common(mentions.iter().map(|m| m.cameo.clone())).unwrap_or_default(),
        story: story.to_owned(),
        source: party(r, p0, &first.source),
        target: party(r, p0, &first.target),
        date: most_common(mentions.iter().filter_map(|m| m.date.clone())),
        location: most_common(
            reports
                .iter()
                .filter(|&&(p, k)| !(specific_place && event(p, k).location_is_country))
                .filter_map(|&(p, k)| event(p, k).location.clone()),
        ),
        first_reported: mentions.iter().filter_map(|m| m.published.clone()).min(),
        corroboration: outlets.len(),
        mentions,
        contradictions,
        updates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EntityRecord, EventRecord, QuantityRecord};

    fn article(id: u32, outlet: &str, events: Vec<EventRecord>) -> ArticleRecord {
        ArticleRecord {
            id,
            file: format!("{id}.txt"),
            outlet: Some(outlet.to_owned()),
            published: Some("2023-09-13".to_owned()),
            title: Some("قمة أرياس وهالفورسن".to_owned()),
            lead: String::new(),
            entities: vec![
                EntityRecord::new("PER", "ميغيل أرياس", Some("CHLGOV")),
                EntityRecord::new("PER", "إريك هالفورسن", Some("NORGOV")),
            ],
            events,
            duplicate_of: None,
        }
    }

    fn summit() -> EventRecord {
        EventRecord::new(
            "CONSULT",
            "040",
            Slot::entity(0, "CHLGOV"),
            Slot::entity(1, "NORGOV"),
        )
    }

    fn run(arts: &[ArticleRecord]) -> Vec<FusedEvent> {
        let r = crate::resolve::resolve(arts);
        let s = crate::stories::cluster(arts, &r, 3);
        fuse(arts, &r, &s)
    }

    /// An article of `outlet` (none: unknown) reporting talks between two other leaders.
    fn talks(id: u32, outlet: Option<&str>, place: &str, modality: &str) -> ArticleRecord {
        ArticleRecord {
            id,
            file: format!("talks-{id}.txt"),
            outlet: outlet.map(str::to_owned),
            published: Some("2018-05-02".to_owned()),
            title: Some("محادثات أردوغان وروحاني".to_owned()),
            lead: String::new(),
            entities: vec![
                EntityRecord::new("PER", "رجب طيب أردوغان", Some("TURGOV")),
                EntityRecord::new("PER", "حسن روحاني", Some("IRNGOV")),
            ],
            events: vec![EventRecord {
                location: Some(place.to_owned()),
                modality: modality.to_owned(),
                ..EventRecord::new(
                    "CONSULT",
                    "040",
                    Slot::entity(0, "TURGOV"),
                    Slot::entity(1, "IRNGOV"),
                )
            }],
            duplicate_of: None,
        }
    }

    #[test]
    fn an_outlet_at_odds_with_itself_is_no_contradiction() {
        let f = run(&[
            talks(0, Some("الأناضول"), "أنقرة", "asserted"),
            talks(1, Some("الأناضول"), "طهران", "asserted"),
        ]);
        assert_eq!(f.len(), 1);
        assert!(f[0].contradictions.is_empty(), "{:?}", f[0].contradictions);
        // Two outlets on either side are.
        let f = run(&[
            talks(0, Some("الأناضول"), "أنقرة", "asserted"),
            talks(1, Some("إرنا"), "طهران", "asserted"),
        ]);
        assert_eq!(f[0].contradictions.len(), 1);
        assert_eq!(f[0].contradictions[0].values.len(), 2);
    }

    #[test]
    fn unknown_outlets_are_unknown_and_expected_reports_do_not_corroborate() {
        let f = run(&[
            talks(0, None, "أنقرة", "asserted"),
            talks(1, None, "طهران", "asserted"),
            talks(2, Some("إرنا"), "أنقرة", "expected"),
        ]);
        assert_eq!(f.len(), 1);
        // Two articles of unknown outlets disagree with nobody known; the expected report
        // agrees with one of them.
        for c in &f[0].contradictions {
            for v in &c.values {
                assert!(v.outlets.iter().all(|o| !o.ends_with(".txt")), "{v:?}");
            }
        }
        assert_eq!(
            f[0].corroboration, 1,
            "one unknown outlet; the expected report apart"
        );
    }

    #[test]
    fn reports_of_one_event_fuse_and_places_disagree() {
        let at = |place: &str| EventRecord {
            location: Some(place.to_owned()),
            ..summit()
        };
        let arts = [
            article(0, "الجزيرة", vec![at("بونتا أريناس")]),
            article(1, "المواطن", vec![at("ترومسو")]),
            article(2, "اليوم السابع", vec![at("بونتا أريناس")]),
        ];
        let f = run(&arts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].mentions.len(), 3);
        assert_eq!(f[0].corroboration, 3);
        assert_eq!(f[0].location.as_deref(), Some("بونتا أريناس"));
        let c = &f[0].contradictions[0];
        assert_eq!(c.field, "location");
        assert_eq!(c.values[0].value, "بونتا أريناس");
        assert_eq!(c.values[0].outlets, ["الجزيرة", "اليوم السابع"]);
        assert_eq!(c.values[1].outlets, ["المواطن"]);
        assert_eq!(f[0].source.actor.as_deref(), Some("CHLGOV"));
    }

    #[test]
    fn a_copy_is_not_a_second_source() {
        let mut copy = article(1, "موقع آخر", vec![summit()]);
        copy.duplicate_of = Some(0);
        let f = run(&[article(0, "رويترز", vec![summit()]), copy]);
        assert_eq!(f[0].mentions.len(), 2);
        assert_eq!(f[0].corroboration, 1);
    }

    #[test]
    fn denial_amounts_and_dates() {
        let with = |modality: &str, n: f64, date: &str, evidence: &str| EventRecord {
            modality: modality.to_owned(),
            date: Some(date.to_owned()),
            evidence: evidence.to_owned(),
            quantity: Some(QuantityRecord {
                value: n,
                unit: Some("soldier".into()),
                text: format!("{n} جندي"),
            }),
            ..EventRecord::new(
                "AID",
                "072",
                Slot::entity(0, "CHLGOV"),
                Slot::entity(1, "NORGOV"),
            )
        };
        let on = |mut a: ArticleRecord, day: &str| {
            a.published = Some(day.to_owned());
            a
        };
        let arts = [
            on(
                article(
                    0,
                    "أ",
                    vec![with("asserted", 11000.0, "2024-10-01", "أرسلت")],
                ),
                "2024-10-04",
            ),
            on(
                article(
                    1,
                    "ب",
                    vec![with("asserted", 12500.0, "2024-10-03", "أرسلت")],
                ),
                "2024-10-04",
            ),
            on(
                article(
                    2,
                    "ج",
                    vec![with(
                        "negated",
                        12500.0,
                        "2024-10-03",
                        "ونفت الحكومة أنها أرسلت",
                    )],
                ),
                "2024-10-04",
            ),
            // A month away: another event.
            on(
                article(
                    3,
                    "د",
                    vec![with("asserted", 11000.0, "2024-11-20", "أرسلت")],
                ),
                "2024-11-21",
            ),
        ];
        let mut f = run(&arts);
        assert_eq!(f.len(), 2, "{f:#?}");
        // The three reports of one event first.
        f.sort_by_key(|x| std::cmp::Reverse(x.mentions.len()));
        let fields: Vec<&str> = f[0]
            .contradictions
            .iter()
            .map(|c| c.field.as_str())
            .collect();
        // Two days and two tolls the same day (no update), and a denial.
        assert_eq!(fields, ["date", "quantity", "modality"]);
        // The denial takes no side on the day or the toll.
        assert!(
            f[0].contradictions[..2].iter().all(|c| c
                .values
                .iter()
                .all(|v| !v.outlets.contains(&"ج".to_owned()))),
            "{:?}",
            f[0].contradictions
        );
        assert!(f[0].updates.is_empty());
        assert_eq!(f[1].mentions.len(), 1);
        assert!(f[1].contradictions.is_empty());
    }

    #[test]
    fn an_unknown_party_is_compatible_and_different_known_ones_are_not() {
        let with = |source: Slot, target: Slot| EventRecord::new("CONSULT", "040", source, target);
        let unknown = Slot::default();
        let arts = [
            article(
                0,
                "أ",
                vec![with(Slot::entity(0, "CHLGOV"), Slot::entity(1, "NORGOV"))],
            ),
            // The host unnamed: the same talks.
            article(
                1,
                "ب",
                vec![with(Slot::entity(0, "CHLGOV"), unknown.clone())],
            ),
            // Another guest: other talks.
            article(
                2,
                "ج",
                vec![with(Slot::entity(0, "CHLGOV"), Slot::entity(1, "PERGOV"))],
            ),
        ];
        let f = run(&arts);
        assert_eq!(f.len(), 2, "{f:#?}");
        let sizes: Vec<usize> = f.iter().map(|x| x.mentions.len()).collect();
        assert!(sizes.contains(&2) && sizes.contains(&1), "{sizes:?}");
    }

    #[test]
    fn different_parties_stay_apart() {
        let other = EventRecord::new(
            "CONSULT",
            "040",
            Slot::entity(0, "CHLGOV"),
            Slot {
                actor: Some("CHNGOV".into()),
                ..Slot::default()
            },
        );
        let f = run(&[article(0, "أ", vec![summit(), other])]);
        assert_eq!(f.len(), 2);
    }
}

//! Where the reports of one fused event disagree, and which figures were updated.
//!
//! Reports are grouped by the value they give of a field; two values are in *contradiction*
//! when they cannot both be true (two places neither naming the other, two dates neither
//! holding the other, two amounts of one unit more than 5% apart, happened against denied) and
//! two different outlets hold them — an outlet at odds only with itself, or articles of
//! unknown outlets, are no disagreement between outlets (a copy counts as its original's
//! outlet). A
//! higher amount that comes later than a lower one (a later publication date), or whose
//! report says the figure rose (`data/fusion/disputes.toml`), is an *update* of it: the toll
//! rose, nobody is contradicted. Each value lists its outlets and every report holding it:
//! its modality, whom it cites («بحسب …», when its sentence says) and where it says it.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::{Report, UNKNOWN_OUTLET, same_place};
use crate::{ArticleRecord, phrase_key};

/// A report holding a disputed value: who, how, according to whom, and where it says it. The
/// file and the sentence's offsets in it locate the report (an article's number is the
/// collection's and means nothing in a stored copy; the fused event's mentions carry it).
#[derive(Clone, Debug, Serialize)]
pub struct ValueEvidence {
    /// The article's file.
    pub file: String,
    /// The event's index among the article's events.
    pub event: usize,
    /// The outlet it counts as (its original's, for a copy; `unknown` when it names none).
    pub outlet: String,
    /// The article's publication date.
    pub published: Option<String>,
    /// Modality of the report.
    pub modality: String,
    /// Whom the sentence cites for it («بحسب المرصد» → «المرصد»), when it says.
    pub source: Option<String>,
    /// Character offsets of the sentence in the file.
    pub start: usize,
    /// End of the sentence.
    pub end: usize,
}

/// A value of a disputed field and who holds it.
#[derive(Clone, Debug, Serialize)]
pub struct DisputedValue {
    /// The value as one of the outlets writes it.
    pub value: String,
    /// The outlets holding it (`unknown` for articles naming none).
    pub outlets: Vec<String>,
    /// The files holding it.
    pub files: Vec<String>,
    /// The modalities of the reports holding it.
    pub modalities: Vec<String>,
    /// Whom they cite for it, when their sentences say.
    pub sources: Vec<String>,
    /// The reports holding it.
    pub evidence: Vec<ValueEvidence>,
}

/// A field on which outlets reporting one event disagree.
#[derive(Clone, Debug, Serialize)]
pub struct Contradiction {
    /// `location`, `date`, `quantity` or `modality` (whether it happened).
    pub field: String,
    /// The values, most held first.
    pub values: Vec<DisputedValue>,
}

/// A figure reported higher later on (or said to have risen): an update, not a contradiction.
#[derive(Clone, Debug, Serialize)]
pub struct Update {
    /// `quantity`.
    pub field: String,
    /// The unit of the figures, when known.
    pub unit: Option<String>,
    /// What they count (`killed`, `wounded` …), when their sentences say.
    pub counted: Option<String>,
    /// The values, earliest reported first.
    pub values: Vec<DisputedValue>,
}

#[derive(Deserialize)]
struct CuesFile {
    rise: Vec<String>,
    according_to: Vec<String>,
    denial: Vec<String>,
    place_types: Vec<String>,
    vague: Vec<String>,
    #[serde(default)]
    counted: BTreeMap<String, Vec<String>>,
}

/// Cue words of disputes (`data/fusion/disputes.toml` describes them), each a run of
/// Search-normalized words.
#[derive(Debug)]
pub struct Cues {
    rise: Vec<Vec<String>>,
    according_to: Vec<Vec<String>>,
    denial: Vec<Vec<String>>,
    /// PLOVER types whose place is where something happened.
    place_types: Vec<String>,
    /// Words of a vague figure («عشرات»).
    vague: Vec<String>,
    /// What a figure counts: (kind, its words).
    counted: Vec<(String, Vec<String>)>,
}

const BUNDLED_CUES: &str = include_str!("../../../../data/fusion/disputes.toml");

/// Words that end a cited source: the clause it introduces.
const SOURCE_STOPS: &[&str] = &["ان", "فان", "بان", "الذي", "التي", "الذين", "فقد", "قد"];

/// The most words a cited source is given.
const SOURCE_WORDS: usize = 6;

/// A word Search-normalized, without the punctuation around it.
fn word_key(w: &str) -> String {
    phrase_key(w)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

impl Cues {
    /// The cues shipped with rasd.
    pub fn bundled() -> &'static Cues {
        static C: OnceLock<Cues> = OnceLock::new();
        C.get_or_init(|| Cues::from_toml(BUNDLED_CUES).expect("bundled dispute cues are valid"))
    }

    /// Parse the TOML form.
    pub fn from_toml(text: &str) -> Result<Cues, String> {
        let file: CuesFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let runs = |v: Vec<String>| -> Vec<Vec<String>> {
            v.iter()
                .map(|c| c.split_whitespace().map(word_key).collect::<Vec<_>>())
                .filter(|r| !r.is_empty() && r.iter().all(|w| !w.is_empty()))
                .collect()
        };
        Ok(Cues {
            rise: runs(file.rise),
            according_to: runs(file.according_to),
            denial: runs(file.denial),
            place_types: file.place_types,
            vague: file.vague.iter().map(|w| word_key(w)).collect(),
            counted: file
                .counted
                .into_iter()
                .map(|(kind, words)| (kind, words.iter().map(|w| word_key(w)).collect()))
                .collect(),
        })
    }

    /// Where the longest of `cues` first matches `words` (keys): (first word, words matched,
    /// the last word is longer than the cue's last word).
    fn find(cues: &[Vec<String>], words: &[String]) -> Option<(usize, usize, bool)> {
        (0..words.len()).find_map(|i| {
            cues.iter()
                .filter_map(|cue| {
                    let n = cue.len();
                    if i + n > words.len() {
                        return None;
                    }
                    let fits = |t: usize, w: &str| {
                        if t + 1 == n {
                            w.starts_with(cue[t].as_str())
                        } else {
                            w == cue[t]
                        }
                    };
                    let first = &words[i];
                    let first_fits = fits(0, first)
                        || ["و", "ف"].iter().any(|c| {
                            first
                                .strip_prefix(c)
                                .is_some_and(|rest| !rest.is_empty() && fits(0, rest))
                        });
                    let rest_fits = (1..n).all(|t| fits(t, &words[i + t]));
                    (first_fits && rest_fits).then(|| {
                        let last = &words[i + n - 1];
                        let longer = last.chars().count() > cue[n - 1].chars().count()
                            && !(n == 1 && last.ends_with(cue[0].as_str()));
                        (n, longer)
                    })
                })
                .max_by_key(|&(n, _)| n)
                .map(|(n, longer)| (i, n, longer))
        })
    }

    /// What the figure written `figure` in `sentence` counts («killed» for «مقتل 18 مدنيا»): the
    /// kind of the nearest `counted` word within four words before it or three after.
    pub fn counted(&self, sentence: &str, figure: &str) -> Option<&str> {
        let at = sentence.find(figure)?;
        let before: Vec<String> = sentence[..at]
            .split_whitespace()
            .rev()
            .take(4)
            .map(word_key)
            .collect();
        let after: Vec<String> = sentence[at + figure.len()..]
            .split_whitespace()
            .take(3)
            .map(word_key)
            .collect();
        let kind = |w: &str| -> Option<&str> {
            // Without a proclitic (و ف ب ل), then without the article («بالفرار» → «فرار»).
            let bare = ["و", "ف", "ب", "ل", ""]
                .iter()
                .filter_map(|c| w.strip_prefix(c))
                .flat_map(|rest| [rest, rest.strip_prefix("ال").unwrap_or("")])
                .filter(|rest| rest.chars().count() >= 2);
            let fits = |w: &str, cue: &str| {
                if cue.chars().count() < 3 {
                    w == cue
                } else {
                    w.starts_with(cue)
                }
            };
            self.counted
                .iter()
                .find(|(_, cues)| {
                    cues.iter()
                        .any(|c| fits(w, c) || bare.clone().any(|b| fits(b, c)))
                })
                .map(|(k, _)| k.as_str())
        };
        (0..4).find_map(|i| {
            before
                .get(i)
                .and_then(|w| kind(w))
                .or_else(|| after.get(i).and_then(|w| kind(w)))
        })
    }

    /// A figure that opens with a vague word («عشرات المدنيين», «مئات»; not «أربعة آلاف»): no
    /// count to compare.
    pub fn vague(&self, figure: &str) -> bool {
        figure
            .split_whitespace()
            .next()
            .map(word_key)
            .is_some_and(|w| {
                ["و", "ف", "ب", "ل", ""]
                    .iter()
                    .filter_map(|c| w.strip_prefix(c))
                    .flat_map(|rest| [rest, rest.strip_prefix("ال").unwrap_or("")])
                    .any(|w| !w.is_empty() && self.vague.iter().any(|v| w.starts_with(v.as_str())))
            })
    }

    /// The sentence denies something («نفى الجيش أن يكون …»).
    pub fn denies(&self, sentence: &str) -> bool {
        let words: Vec<String> = sentence.split_whitespace().map(word_key).collect();
        Cues::find(&self.denial, &words).is_some()
    }

    /// The sentence says a figure rose («ارتفعت الحصيلة إلى»).
    pub fn says_rise(&self, sentence: &str) -> bool {
        let words: Vec<String> = sentence.split_whitespace().map(word_key).collect();
        Cues::find(&self.rise, &words).is_some()
    }

    /// Whom the sentence cites («… بحسب المرصد السوري» → «المرصد السوري»): the words after an
    /// «according to» cue up to a punctuation mark, a clause (إن، الذي …) or six words.
    pub fn according_to(&self, sentence: &str) -> Option<String> {
        let original: Vec<&str> = sentence.split_whitespace().collect();
        let words: Vec<String> = original.iter().map(|w| word_key(w)).collect();
        let (i, n, longer) = Cues::find(&self.according_to, &words)?;
        let last_cue = self
            .according_to
            .iter()
            .find(|c| c.len() == n)
            .map_or(0, |c| c[n - 1].chars().count());
        let mut out: Vec<String> = Vec::new();
        // A one-letter cue ending («وفقا ل») is a clitic of the source's first word.
        let mut at = i + n;
        if longer && last_cue == 1 {
            at -= 1;
        }
        for (t, w) in original.iter().enumerate().skip(at) {
            let mut w: &str = w;
            if t + 1 == i + n && longer && last_cue == 1 {
                w = w.char_indices().nth(1).map_or("", |(b, _)| &w[b..]);
            }
            let key = word_key(w);
            if out.len() == SOURCE_WORDS || SOURCE_STOPS.contains(&key.as_str()) {
                break;
            }
            let ends = w.ends_with(|c: char| !c.is_alphanumeric() && c != ')');
            let clean = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '(' && c != ')');
            if !clean.is_empty() {
                out.push(clean.to_owned());
            }
            if ends {
                break;
            }
        }
        (!out.is_empty()).then(|| out.join(" "))
    }
}

/// What [`disputes`] reads: the articles, the outlet each counts as, the cues.
pub(super) struct Ctx<'a> {
    pub articles: &'a [ArticleRecord],
    pub outlet_of: &'a dyn Fn(usize) -> String,
    pub cues: &'a Cues,
}

/// Reports giving one value.
struct Group {
    key: String,
    number: f64,
    value: DisputedValue,
    /// The earliest publication date of its reports.
    first: Option<String>,
    /// One of its reports says the figure rose.
    rises: bool,
}

/// Two values held by two different known outlets (an outlet at odds only with itself, or
/// articles of unknown outlets, are no disagreement between outlets). An outlet may hold both
/// — say, an earlier and a later account — and still disagree with another outlet.
fn between_outlets(a: &DisputedValue, b: &DisputedValue) -> bool {
    let known = |o: &&String| o.as_str() != UNKNOWN_OUTLET;
    a.outlets
        .iter()
        .filter(known)
        .any(|x| b.outlets.iter().filter(known).any(|y| x != y))
}

/// A value the reports give: (report, comparable key, as written, number).
type Held = (Report, String, String, f64);

impl Ctx<'_> {
    fn evidence(&self, (p, k): Report) -> ValueEvidence {
        let a = &self.articles[p];
        let e = &a.events[k];
        ValueEvidence {
            file: a.file.clone(),
            event: k,
            outlet: (self.outlet_of)(p),
            published: a.published.clone(),
            modality: e.modality.clone(),
            source: self.cues.according_to(&e.evidence),
            start: e.start,
            end: e.end,
        }
    }

    /// Groups the reports by the value they give (`same`: a value joins a group).
    fn group(&self, held: Vec<Held>, same: &dyn Fn(&Group, &str, f64) -> bool) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for (report, key, shown, number) in held {
            let ev = self.evidence(report);
            let rises = self
                .cues
                .says_rise(&self.articles[report.0].events[report.1].evidence);
            let i = match groups.iter().position(|g| same(g, &key, number)) {
                Some(i) => i,
                None => {
                    groups.push(Group {
                        key,
                        number,
                        value: DisputedValue {
                            value: shown,
                            outlets: Vec::new(),
                            files: Vec::new(),
                            modalities: Vec::new(),
                            sources: Vec::new(),
                            evidence: Vec::new(),
                        },
                        first: None,
                        rises: false,
                    });
                    groups.len() - 1
                }
            };
            let g = &mut groups[i];
            let v = &mut g.value;
            let add = |list: &mut Vec<String>, x: &String| {
                if !list.contains(x) {
                    list.push(x.clone());
                }
            };
            add(&mut v.outlets, &ev.outlet);
            add(&mut v.files, &ev.file);
            add(&mut v.modalities, &ev.modality);
            if let Some(s) = &ev.source {
                add(&mut v.sources, s);
            }
            if let Some(d) = &ev.published
                && g.first.as_ref().is_none_or(|f| d < f)
            {
                g.first = Some(d.clone());
            }
            g.rises |= rises;
            v.evidence.push(ev);
        }
        groups
    }
}

/// The most values a place or a date dispute has: reports of more places or days than this
/// tell of an event spread over them (or of several events fused), not of outlets disagreeing.
const MOST_ACCOUNTS: usize = 3;

/// The values in contradiction: those at odds (`conflict`) with a value another outlet holds.
fn contradiction(
    field: &str,
    groups: &[Group],
    conflict: &dyn Fn(&Group, &Group) -> bool,
) -> Option<Contradiction> {
    let mut values: Vec<DisputedValue> = groups
        .iter()
        .enumerate()
        .filter(|&(i, a)| {
            groups
                .iter()
                .enumerate()
                .any(|(j, b)| i != j && conflict(a, b) && between_outlets(&a.value, &b.value))
        })
        .map(|(_, g)| g.value.clone())
        .collect();
    (values.len() > 1).then(|| {
        values.sort_by_key(|v| Reverse(v.files.len()));
        Contradiction {
            field: field.to_owned(),
            values,
        }
    })
}

/// The kind a figure of `unit` is compared under: its own, else the one kind of its unit
/// (`None` when its unit has none or several).
fn partition<'k>(
    partitions: &[(Option<String>, Option<&'k str>)],
    unit: &Option<String>,
    kind: Option<&'k str>,
) -> Option<&'k str> {
    let mut kinds = partitions
        .iter()
        .filter(|(u, _)| u == unit)
        .filter_map(|(_, k)| *k);
    kind.or_else(|| match (kinds.next(), kinds.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    })
}

/// The place opens the sentence before a comma: a dateline («نيويورك، الولايات المتحدة (CNN)—»).
fn dateline(sentence: &str, place: &str) -> bool {
    sentence
        .trim_start()
        .strip_prefix(place)
        .is_some_and(|rest| rest.trim_start().starts_with(['،', ',']))
}

/// Two amounts are one when at most 5% apart.
fn same_amount(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.05 * a.abs().max(b.abs())
}

/// The contradictions and updates of one fused event's reports.
pub(super) fn disputes<'a>(ctx: &Ctx<'a>, reports: &[Report]) -> (Vec<Contradiction>, Vec<Update>) {
    let event = |&(p, k): &Report| &ctx.articles[p].events[k];
    let mut contradictions = Vec::new();
    let mut updates = Vec::new();
    // A denial's place, day or toll is what it denies: it takes no side on them.
    let all = reports;
    let facts: Vec<Report> = all
        .iter()
        .copied()
        .filter(|r| event(r).modality != "negated")
        .collect();
    let reports = facts.as_slice();
    // Places, of events that happen somewhere (`place_types`: an attack, a meeting, a
    // protest — not a statement, whose place is where it was said): a whole country agrees
    // with any place (in it), and two countries are the parties' homes more often than
    // accounts of where it happened, so countries take no side; nor does a dateline («نيويورك،
    // … (CNN)—»: where the story was filed).
    let places: Vec<Held> = reports
        .iter()
        .filter_map(|&r| {
            let e = event(&r);
            e.location
                .as_ref()
                .filter(|l| {
                    ctx.cues.place_types.contains(&e.ty)
                        && !e.location_is_country
                        && !dateline(&e.evidence, l)
                })
                .map(|l| (r, phrase_key(l), l.clone(), 0.0))
        })
        .collect();
    // One value names the other («مدينة بونتا أريناس الساحلية», «بونتا أريناس»): the same.
    let groups = ctx.group(places, &|g, key, _| same_place(&g.key, key));
    contradictions.extend(
        contradiction("location", &groups, &|a, b| !same_place(&a.key, &b.key))
            .filter(|c| c.values.len() <= MOST_ACCOUNTS),
    );
    // Dates: a month and a day in it agree («2023-09» and «2023-09-13»); PAST_REF and the like
    // say nothing.
    let dates: Vec<Held> = reports
        .iter()
        .filter_map(|&r| {
            event(&r)
                .date
                .clone()
                .filter(|d| d.starts_with(|c: char| c.is_ascii_digit()))
                .map(|d| (r, d.clone(), d, 0.0))
        })
        .collect();
    let groups = ctx.group(dates, &|g, key, _| g.key == key);
    // Two days are in dispute when both outlets, as they first report it, tell both days as
    // past (or today): a later day told by a later report is the story going on, not a
    // disagreement (a week of an affair gives a date a day).
    let told_as_past = |a: &Group, b: &Group| match (&a.first, &b.first) {
        (Some(x), Some(y)) => a.key.as_str().max(b.key.as_str()) <= x.as_str().min(y.as_str()),
        _ => true,
    };
    contradictions.extend(
        contradiction("date", &groups, &|a, b| {
            !(a.key.starts_with(b.key.as_str()) || b.key.starts_with(a.key.as_str()))
                && told_as_past(a, b)
        })
        .filter(|c| c.values.len() <= MOST_ACCOUNTS),
    );
    // Amounts, by unit and what they count (killed, wounded … from the words beside them; a
    // figure of unknown kind goes with the one kind of its unit, if there is one): more than 5%
    // apart, unless the higher is an update of the lower. Vague figures («عشرات») say no count.
    let counted: Vec<Option<(Option<String>, Option<&'a str>)>> = reports
        .iter()
        .map(|r| {
            let e = event(r);
            e.quantity
                .as_ref()
                .filter(|q| !ctx.cues.vague(&q.text))
                .map(|q| (q.unit.clone(), ctx.cues.counted(&e.evidence, &q.text)))
        })
        .collect();
    let mut partitions: Vec<(Option<String>, Option<&'a str>)> = Vec::new();
    for (unit, kind) in counted.iter().flatten() {
        if !partitions.contains(&(unit.clone(), *kind)) {
            partitions.push((unit.clone(), *kind));
        }
    }
    // The partition a figure goes to.
    let partition_of =
        |unit: &Option<String>, kind: Option<&'a str>| partition(&partitions, unit, kind);
    let mut seen: Vec<(Option<String>, Option<&str>)> = Vec::new();
    for (unit, kind) in counted.iter().flatten() {
        let part = (unit.clone(), partition_of(unit, *kind));
        if seen.contains(&part) {
            continue;
        }
        seen.push(part.clone());
        let amounts: Vec<Held> = reports
            .iter()
            .zip(&counted)
            .filter_map(|(&r, c)| {
                let (u, k) = c.as_ref()?;
                let q = event(&r).quantity.as_ref()?;
                (*u == part.0 && partition_of(u, *k) == part.1)
                    .then(|| (r, String::new(), q.text.clone(), q.value))
            })
            .collect();
        let unit = part.0;
        let groups = ctx.group(amounts, &|g, _, n| same_amount(g.number, n));
        // The higher of two is an update of the lower when first reported later, or on the
        // same day by a report saying the figure rose.
        let update = |a: &Group, b: &Group| {
            let (lo, hi) = if a.number <= b.number { (a, b) } else { (b, a) };
            match (&hi.first, &lo.first) {
                (Some(h), Some(l)) => h > l || (hi.rises && h == l),
                _ => hi.rises,
            }
        };
        contradictions.extend(contradiction("quantity", &groups, &|a, b| {
            !same_amount(a.number, b.number) && !update(a, b)
        }));
        let mut updated: Vec<&Group> = groups
            .iter()
            .enumerate()
            .filter(|&(i, a)| {
                groups
                    .iter()
                    .enumerate()
                    .any(|(j, b)| i != j && !same_amount(a.number, b.number) && update(a, b))
            })
            .map(|(_, g)| g)
            .collect();
        if updated.len() > 1 {
            updated.sort_by(|a, b| a.first.cmp(&b.first).then(a.number.total_cmp(&b.number)));
            updates.push(Update {
                field: "quantity".to_owned(),
                unit,
                counted: part.1.map(str::to_owned),
                values: updated.into_iter().map(|g| g.value.clone()).collect(),
            });
        }
    }
    // Whether it happened: stated (asserted or reported) against denied — a negated report
    // whose sentence denies («نفى», `denial` cues), not any «لم» or «لا» in it. Expected and
    // speculated reports say neither.
    let happened: Vec<Held> = all
        .iter()
        .filter_map(|&r| {
            let e = event(&r);
            let h = match e.modality.as_str() {
                "asserted" | "reported" => "happened",
                "negated" if ctx.cues.denies(&e.evidence) => "did not happen",
                _ => return None,
            };
            Some((r, h.to_owned(), h.to_owned(), 0.0))
        })
        .collect();
    let groups = ctx.group(happened, &|g, key, _| g.key == key);
    contradictions.extend(contradiction("modality", &groups, &|a, b| a.key != b.key));
    (contradictions, updates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EventRecord, QuantityRecord, Slot};

    /// An article of `outlet`, published on `day`, with one report of a shelling.
    fn report(outlet: &str, day: &str, sentence: &str, modality: &str) -> ArticleRecord {
        ArticleRecord {
            id: 0,
            file: format!("{outlet}-{day}.txt"),
            outlet: Some(outlet.to_owned()),
            published: Some(day.to_owned()),
            title: None,
            lead: String::new(),
            entities: Vec::new(),
            events: vec![EventRecord {
                modality: modality.to_owned(),
                evidence: sentence.to_owned(),
                start: 10,
                end: 10 + sentence.chars().count(),
                ..EventRecord::new("ASSAULT", "190", Slot::default(), Slot::default())
            }],
            duplicate_of: None,
        }
    }

    /// The same with a toll of `n` killed.
    fn toll(outlet: &str, day: &str, sentence: &str, n: f64) -> ArticleRecord {
        let mut a = report(outlet, day, sentence, "asserted");
        a.events[0].quantity = Some(QuantityRecord {
            value: n,
            unit: Some("person".to_owned()),
            text: format!("{n}"),
        });
        a
    }

    fn run(arts: &[ArticleRecord]) -> (Vec<Contradiction>, Vec<Update>) {
        let outlet_of = |p: usize| arts[p].outlet.clone().unwrap_or_default();
        let ctx = Ctx {
            articles: arts,
            outlet_of: &outlet_of,
            cues: Cues::bundled(),
        };
        let reports: Vec<Report> = (0..arts.len()).map(|p| (p, 0)).collect();
        disputes(&ctx, &reports)
    }

    fn fields(c: &[Contradiction]) -> Vec<&str> {
        c.iter().map(|c| c.field.as_str()).collect()
    }

    #[test]
    fn cues_find_a_rise_and_whom_a_sentence_cites() {
        let c = Cues::bundled();
        assert!(c.says_rise("وارتفعت حصيلة قتلى قصف بلدة الزيزفون إلى 40"));
        assert!(c.says_rise("وقالت الوكالة في حصيلة جديدة إن 40 قتلوا"));
        assert!(!c.says_rise("قتل 40 شخصا في قصف بلدة الزيزفون"));
        assert_eq!(
            c.according_to("قتل 40 شخصا بحسب مرصد الزيزفون الأهلي، في قصف ليلي")
                .as_deref(),
            Some("مرصد الزيزفون الأهلي")
        );
        assert_eq!(
            c.according_to("وقتل 40 وفقا لمصادر طبية في المدينة")
                .as_deref(),
            Some("مصادر طبية في المدينة")
        );
        assert_eq!(
            c.according_to("ونقلا عن وكالة النجمة إن القصف استمر")
                .as_deref(),
            Some("وكالة النجمة")
        );
        assert_eq!(c.according_to("قتل 40 شخصا في قصف ليلي"), None);
    }

    #[test]
    fn a_later_higher_toll_is_an_update_and_a_same_day_one_a_contradiction() {
        // Day one: two outlets disagree (30 against 36); day two: 52, an update of both.
        let arts = [
            toll("وكالة الساحل", "2021-04-01", "قتل 30 في قصف الزيزفون", 30.0),
            toll("إذاعة الجبل", "2021-04-01", "قتل 36 في قصف الزيزفون", 36.0),
            toll("وكالة الساحل", "2021-04-02", "قتل 52 في قصف الزيزفون", 52.0),
        ];
        let (c, u) = run(&arts);
        assert_eq!(fields(&c), ["quantity"]);
        let values: Vec<&str> = c[0].values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(values.len(), 2);
        assert!(
            values.contains(&"30") && values.contains(&"36"),
            "{values:?}"
        );
        assert_eq!(u.len(), 1);
        let rising: Vec<&str> = u[0].values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(rising, ["30", "36", "52"]);
        assert_eq!(u[0].unit.as_deref(), Some("person"));
    }

    #[test]
    fn a_toll_said_to_have_risen_the_same_day_is_an_update() {
        let arts = [
            toll("وكالة الساحل", "2021-04-01", "قتل 30 في قصف الزيزفون", 30.0),
            toll(
                "إذاعة الجبل",
                "2021-04-01",
                "وارتفعت حصيلة قصف الزيزفون إلى 44 قتيلا",
                44.0,
            ),
        ];
        let (c, u) = run(&arts);
        assert!(c.is_empty(), "{c:?}");
        assert_eq!(u.len(), 1);
        // A lower figure later is no update: the outlets contradict each other.
        let arts = [
            toll("وكالة الساحل", "2021-04-01", "قتل 44 في قصف الزيزفون", 44.0),
            toll("إذاعة الجبل", "2021-04-02", "قتل 30 في قصف الزيزفون", 30.0),
        ];
        let (c, u) = run(&arts);
        assert_eq!(fields(&c), ["quantity"]);
        assert!(u.is_empty());
    }

    #[test]
    fn one_outlets_two_figures_are_no_contradiction() {
        let arts = [
            toll("وكالة الساحل", "2021-04-01", "قتل 30 في قصف الزيزفون", 30.0),
            toll("وكالة الساحل", "2021-04-01", "قتل 36 في قصف الزيزفون", 36.0),
        ];
        let (c, u) = run(&arts);
        assert!(c.is_empty() && u.is_empty(), "{c:?} {u:?}");
        // Nor are two articles of unknown outlets.
        let mut arts = arts;
        for a in &mut arts {
            a.outlet = Some(UNKNOWN_OUTLET.to_owned());
        }
        assert!(run(&arts).0.is_empty());
    }

    #[test]
    fn denied_against_stated_is_a_contradiction_and_expected_is_not() {
        let arts = [
            report(
                "وكالة الساحل",
                "2021-04-01",
                "قصفت القوات بلدة الزيزفون بحسب مرصد الوادي، أمس",
                "reported",
            ),
            report(
                "إذاعة الجبل",
                "2021-04-01",
                "ونفت القوات أنها قصفت بلدة الزيزفون",
                "negated",
            ),
            report(
                "صحيفة السهل",
                "2021-04-01",
                "ستقصف القوات بلدة الزيزفون",
                "expected",
            ),
        ];
        let (c, _) = run(&arts);
        assert_eq!(fields(&c), ["modality"]);
        assert_eq!(c[0].values.len(), 2, "the expected report takes no side");
        let stated = c[0]
            .values
            .iter()
            .find(|v| v.value == "happened")
            .expect("a side that says it happened");
        assert_eq!(stated.outlets, ["وكالة الساحل"]);
        assert_eq!(stated.modalities, ["reported"]);
        assert_eq!(stated.sources, ["مرصد الوادي"]);
        let ev = &stated.evidence[0];
        assert_eq!(
            (ev.file.as_str(), ev.start),
            ("وكالة الساحل-2021-04-01.txt", 10)
        );
        assert_eq!(ev.end, 10 + arts[0].events[0].evidence.chars().count());
        // Expected against stated alone: nothing to dispute; nor is a «لم» that denies nothing.
        let (c, _) = run(&[arts[0].clone(), arts[2].clone()]);
        assert!(c.is_empty(), "{c:?}");
        let mut not_a_denial = arts[1].clone();
        not_a_denial.events[0].evidence = "لم يتضح من قصف بلدة الزيزفون".to_owned();
        let (c, _) = run(&[arts[0].clone(), not_a_denial]);
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn killed_and_wounded_are_different_figures_and_vague_ones_no_figure() {
        let c = Cues::bundled();
        assert_eq!(
            c.counted("أدى القصف إلى مقتل 12 شخصا", "12 شخصا"),
            Some("killed")
        );
        assert_eq!(
            c.counted("وإصابة 40 آخرين بجروح", "40 آخرين"),
            Some("wounded")
        );
        assert_eq!(
            c.counted("سمح لقرابة 900 شخص بالفرار", "900 شخص"),
            Some("displaced")
        );
        assert!(c.vague("عشرات المدنيين") && c.vague("بعشرات الجنود"));
        assert!(!c.vague("أربعة آلاف شخص") && !c.vague("12 شخصا"));
        let arts = [
            toll(
                "وكالة الساحل",
                "2021-04-01",
                "أدى القصف إلى مقتل 12 شخصا",
                12.0,
            ),
            toll("إذاعة الجبل", "2021-04-01", "وأصيب 40 شخصا في القصف", 40.0),
        ];
        let (c, u) = run(&arts);
        assert!(c.is_empty() && u.is_empty(), "{c:?} {u:?}");
        let mut vague = toll("إذاعة الجبل", "2021-04-01", "قتل عشرات في القصف", 10.0);
        vague.events[0].quantity.as_mut().unwrap().text = "عشرات".to_owned();
        let (c, u) = run(&[arts[0].clone(), vague]);
        assert!(c.is_empty() && u.is_empty(), "{c:?} {u:?}");
    }

    /// A report of `ty` at `place` (a country when `country`).
    fn at(outlet: &str, ty: &str, place: &str, country: bool, sentence: &str) -> ArticleRecord {
        let mut a = report(outlet, "2021-04-01", sentence, "asserted");
        a.events[0].ty = ty.to_owned();
        a.events[0].location = Some(place.to_owned());
        a.events[0].location_is_country = country;
        a
    }

    #[test]
    fn places_in_dispute_are_where_it_happened() {
        let arts = [
            at(
                "وكالة الساحل",
                "ASSAULT",
                "الزيزفون",
                false,
                "قصف في الزيزفون",
            ),
            at(
                "إذاعة الجبل",
                "ASSAULT",
                "وادي السنديان",
                false,
                "قصف في وادي السنديان",
            ),
        ];
        assert_eq!(fields(&run(&arts).0), ["location"]);
        // A statement's place is where it was said: no dispute.
        let said: Vec<ArticleRecord> = arts
            .iter()
            .cloned()
            .map(|mut a| {
                a.events[0].ty = "ACCUSE".to_owned();
                a
            })
            .collect();
        assert!(run(&said).0.is_empty());
        // Two countries take no side, nor does a dateline.
        let arts2 = [
            at("وكالة الساحل", "ASSAULT", "بلاد الأرز", true, "قصف"),
            at("إذاعة الجبل", "ASSAULT", "بلاد النخيل", true, "قصف"),
            at(
                "صحيفة السهل",
                "ASSAULT",
                "مرفأ الغيم",
                false,
                "مرفأ الغيم، بلاد النخيل (وكالة)— قصف",
            ),
        ];
        assert!(run(&arts2).0.is_empty(), "{:?}", run(&arts2).0);
        // An outlet giving both places still disagrees with one giving only the first; one
        // giving both alone disagrees with nobody.
        let mut both = arts.to_vec();
        both.push(at(
            "إذاعة الجبل",
            "ASSAULT",
            "الزيزفون",
            false,
            "قصف في الزيزفون",
        ));
        assert_eq!(fields(&run(&both).0), ["location"]);
        let alone: Vec<ArticleRecord> = both[1..].to_vec();
        assert!(run(&alone).0.is_empty());
        // Four places: an event spread over them, not a dispute.
        let mut four = arts.to_vec();
        four.push(at(
            "صحيفة السهل",
            "ASSAULT",
            "تل الريح",
            false,
            "قصف في تل الريح",
        ));
        four.push(at(
            "قناة المدى",
            "ASSAULT",
            "عين الماء",
            false,
            "قصف في عين الماء",
        ));
        assert!(run(&four).0.is_empty());
    }

    #[test]
    fn a_later_day_told_later_is_the_story_going_on() {
        let dated = |outlet: &str, day: &str, date: &str| {
            let mut a = report(outlet, day, "قصف", "asserted");
            a.events[0].date = Some(date.to_owned());
            a
        };
        // Both first told on the 5th: the 2nd against the 3rd is a dispute.
        let arts = [
            dated("وكالة الساحل", "2021-04-05", "2021-04-02"),
            dated("إذاعة الجبل", "2021-04-05", "2021-04-03"),
        ];
        assert_eq!(fields(&run(&arts).0), ["date"]);
        // The 3rd told on the 3rd, the 4th told on the 4th: two days of one affair.
        let arts = [
            dated("وكالة الساحل", "2021-04-03", "2021-04-03"),
            dated("إذاعة الجبل", "2021-04-04", "2021-04-04"),
        ];
        assert!(run(&arts).0.is_empty());
    }
}

//! Scoring a system's output against gold, file by file, and summing.
//!
//! The matching is `score_seeds.py`'s, so the totals are the same numbers; on top of them the
//! matched items give source, target, modality, date and speaker accuracy, events are also
//! counted by type, and time expressions are scored when the gold has them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::gold::GoldFile;
use crate::norm::{name_keys, norm, overlap};
use crate::system::SystemDoc;

/// True/false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Matched.
    pub tp: usize,
    /// Found, not in the gold.
    pub fp: usize,
    /// In the gold, not found.
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    /// Precision (1 when nothing was found and nothing was to be found, as the scorer has it).
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp > 0 {
            self.tp as f64 / (self.tp + self.fp) as f64
        } else if self.fn_ == 0 {
            1.0
        } else {
            0.0
        }
    }

    /// Recall.
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ > 0 {
            self.tp as f64 / (self.tp + self.fn_) as f64
        } else {
            1.0
        }
    }

    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }

    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// Right answers out of those asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Ratio {
    /// Right.
    pub ok: usize,
    /// Asked.
    pub n: usize,
}

impl Ratio {
    /// The share, or `None` when nothing was asked.
    pub fn value(&self) -> Option<f64> {
        (self.n > 0).then(|| self.ok as f64 / self.n as f64)
    }

    fn count(&mut self, ok: bool) {
        self.n += 1;
        self.ok += usize::from(ok);
    }

    fn add(&mut self, o: Ratio) {
        self.ok += o.ok;
        self.n += o.n;
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The scores of one file.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FileScore {
    /// The gold file's text file.
    pub file: String,
    /// Whether the system printed the file at all.
    pub missing_from_output: bool,
    /// Whether the system found as many articles as the gold has.
    pub article_count_ok: bool,
    /// Title, outlet, date and byline of each gold article.
    pub metadata: Ratio,
    /// Body start and end of each gold article found in the system's body.
    pub body_bounds: Ratio,
    /// Noise lines leaked into a body, of those in the gold.
    pub noise_leaked: Ratio,
    /// Entities.
    pub entities: Counts,
    /// Gold entities of several spellings that the system keeps as one entity.
    pub variant_merge: Ratio,
    /// Events.
    pub events: Counts,
    /// Events by PLOVER type (false positives under the system's type).
    pub events_by_type: BTreeMap<String, Counts>,
    /// Country of source and target of matched events (the scorer's event actor accuracy).
    pub event_actor: Ratio,
    /// Country of the source of matched events whose gold source has one.
    pub event_source: Ratio,
    /// Country of the target of matched events whose gold target has one.
    pub event_target: Ratio,
    /// Modality of matched events.
    pub event_modality: Ratio,
    /// Date of matched events (both none counts as right).
    pub event_date: Ratio,
    /// Direct quotes.
    pub quotes: Counts,
    /// Speaker of matched quotes.
    pub quote_speaker: Ratio,
    /// Time expressions (when the gold has them).
    pub times: Counts,
    /// Value of matched time expressions whose gold value is resolved.
    pub time_value: Ratio,
}

impl FileScore {
    /// Per-file metadata accuracy, rounded as the scorer rounds it before averaging.
    fn rounded(r: Ratio) -> f64 {
        round3(r.value().unwrap_or(1.0))
    }
}

/// Whether a gold slot value is a CAMEO actor code (upper case, as the scorer tests it).
fn is_code(v: &str) -> bool {
    v.chars().any(char::is_uppercase) && !v.chars().any(char::is_lowercase)
}

fn country(code: Option<&str>) -> Option<String> {
    let c: String = code?.chars().take(3).collect();
    (!c.is_empty()).then_some(c)
}

/// Score one file.
pub fn score_file(gold: &GoldFile, sys: Option<&SystemDoc>) -> FileScore {
    let empty = SystemDoc::default();
    let s = sys.unwrap_or(&empty);
    let mut out = FileScore {
        file: gold.file.clone(),
        missing_from_output: sys.is_none(),
        article_count_ok: gold.articles.len() == s.articles.len(),
        ..FileScore::default()
    };

    // Articles and metadata.
    for ga in &gold.articles {
        let sa = s
            .articles
            .iter()
            .find(|a| a.role.as_deref() == Some(ga.role.as_str()));
        let fields = [
            (&ga.title, sa.and_then(|a| a.title.as_ref()), false),
            (&ga.outlet, sa.and_then(|a| a.outlet.as_ref()), true),
            (&ga.published, sa.and_then(|a| a.published.as_ref()), false),
            (&ga.byline, sa.and_then(|a| a.byline.as_ref()), true),
        ];
        for (g, sv, contained) in fields {
            let ok = match (g, sv) {
                (None, None) => true,
                (Some(g), Some(sv)) => {
                    let (g, sv) = (norm(g), norm(sv));
                    if contained {
                        g.contains(&sv) || sv.contains(&g)
                    } else {
                        g == sv
                    }
                }
                _ => false,
            };
            out.metadata.count(ok);
        }
        let body = norm(sa.map_or("", |a| a.body.as_str()));
        for key in [&ga.body_start, &ga.body_end] {
            out.body_bounds
                .count(!body.is_empty() && body.contains(&norm(key)));
        }
    }
    let body_lines: BTreeSet<String> = s
        .articles
        .iter()
        .flat_map(|a| a.body.split('\n'))
        .map(norm)
        .filter(|l| !l.is_empty())
        .collect();
    for l in &gold.noise_lines {
        out.noise_leaked.count(body_lines.contains(&norm(l)));
    }

    // Entities.
    let mut g_key: HashMap<String, BTreeSet<&str>> = HashMap::new();
    let mut g_desc: BTreeSet<String> = BTreeSet::new();
    for ge in &gold.entities {
        for surface in &ge.surfaces {
            for k in name_keys(surface) {
                g_key.entry(k).or_default().insert(ge.id.as_str());
            }
        }
        for d in &ge.descriptors {
            g_desc.extend(name_keys(d));
        }
    }
    let ty_of: HashMap<&str, &str> = gold
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.ty.as_str()))
        .collect();
    let mut sys2gold: BTreeMap<Option<String>, String> = BTreeMap::new();
    let mut tp_ids: BTreeSet<&str> = BTreeSet::new();
    let mut fp = 0;
    for se in s.articles.iter().flat_map(|a| &a.entities) {
        let texts: Vec<&str> = se
            .mentions
            .iter()
            .map(|m| m.text.as_str())
            .chain(std::iter::once(se.name.as_str()))
            .collect();
        let keys: Vec<String> = texts.iter().flat_map(|t| name_keys(t)).collect();
        let matched: BTreeSet<&str> = keys
            .iter()
            .filter_map(|k| g_key.get(k))
            .flatten()
            .copied()
            .collect();
        let typed: BTreeSet<&str> = matched
            .iter()
            .copied()
            .filter(|g| se.ty.as_deref() == Some(ty_of[g]))
            .collect();
        if let Some(first) = typed.iter().next() {
            sys2gold
                .entry(se.id.clone())
                .or_insert_with(|| (*first).to_owned());
            tp_ids.extend(typed.iter().copied());
        } else if let Some(first) = matched.iter().next() {
            sys2gold
                .entry(se.id.clone())
                .or_insert_with(|| (*first).to_owned());
            fp += 1; // right name, wrong type
        } else if keys.iter().any(|k| g_desc.contains(k)) {
            // a descriptor tagged as a name: neutral
        } else {
            fp += 1;
        }
    }
    let required: BTreeSet<&str> = gold
        .entities
        .iter()
        .filter(|e| e.required)
        .map(|e| e.id.as_str())
        .collect();
    out.entities = Counts {
        tp: tp_ids.intersection(&required).count(),
        fp,
        fn_: required.difference(&tp_ids).count(),
    };
    for ge in &gold.entities {
        let spellings: BTreeSet<String> = ge.surfaces.iter().map(|s| norm(s)).collect();
        if spellings.len() > 1 {
            let owners = sys2gold.values().filter(|g| **g == ge.id).count();
            out.variant_merge.count(owners == 1);
        }
    }

    // The gold entity a system entity id was matched to, and a gold slot's country.
    let sys_gold = |sid: Option<&String>| -> Option<&str> {
        sid.and_then(|id| sys2gold.get(&Some(id.clone())))
            .map(String::as_str)
    };
    let gold_actor = |gid: Option<&str>| -> Option<&str> {
        gid.and_then(|g| gold.entity(g))
            .and_then(|e| e.actor.as_deref())
    };
    let gold_country = |slot: Option<&String>| -> Option<String> {
        let v = slot.map(String::as_str);
        country(gold_actor(v).or(v.filter(|v| is_code(v))))
    };

    // Events.
    let mut used: BTreeSet<usize> = BTreeSet::new();
    let mut matched_gold: BTreeSet<usize> = BTreeSet::new();
    let mut tp = 0;
    let mut fp = 0;
    for se in s.articles.iter().flat_map(|a| &a.events) {
        let sty = se.ty.clone().unwrap_or_default();
        let mut best: Option<(usize, (bool, f64))> = None;
        for (i, ge) in gold.events.iter().enumerate() {
            if used.contains(&i) || ge.ty != sty {
                continue;
            }
            let ov = overlap(&ge.evidence, &se.evidence);
            if ov < 0.5 {
                continue;
            }
            let key = (ge.required, ov);
            if best.is_none_or(|(_, b)| key > b) {
                best = Some((i, key));
            }
        }
        let Some((i, _)) = best else {
            fp += 1;
            out.events_by_type.entry(sty).or_default().fp += 1;
            continue;
        };
        used.insert(i);
        let ge = &gold.events[i];
        if ge.required {
            tp += 1;
            matched_gold.insert(i);
            out.events_by_type.entry(ge.ty.clone()).or_default().tp += 1;
        }
        for (g_slot, s_actor, s_id, per_slot) in [
            (
                &ge.source,
                &se.source_actor,
                &se.source,
                &mut out.event_source,
            ),
            (
                &ge.target,
                &se.target_actor,
                &se.target,
                &mut out.event_target,
            ),
        ] {
            let Some(g_code) = gold_country(g_slot.as_ref()) else {
                continue;
            };
            let s_code = country(s_actor.as_deref())
                .or_else(|| country(gold_actor(sys_gold(s_id.as_ref()))));
            let ok = s_code.as_deref() == Some(g_code.as_str());
            out.event_actor.count(ok);
            per_slot.count(ok);
        }
        if let Some(m) = &ge.modality {
            out.event_modality
                .count(se.modality.as_deref() == Some(m.as_str()));
        }
        out.event_date.count(se.date == ge.date);
    }
    let mut fn_ = 0;
    for (i, ge) in gold.events.iter().enumerate() {
        if ge.required && !matched_gold.contains(&i) {
            fn_ += 1;
            out.events_by_type.entry(ge.ty.clone()).or_default().fn_ += 1;
        }
    }
    out.events = Counts { tp, fp, fn_ };

    // Direct quotes (reported speech in the gold is `indirect` and never required).
    let mut used: BTreeSet<usize> = BTreeSet::new();
    let (mut tp, mut fp) = (0, 0);
    for sq in s.articles.iter().flat_map(|a| &a.quotes) {
        let mut hit: Option<(usize, (bool, f64))> = None;
        for (i, gq) in gold.quotes.iter().enumerate() {
            if used.contains(&i) {
                continue;
            }
            let ov = overlap(&gq.text, &sq.text);
            if ov >= 0.8 && hit.is_none_or(|(_, b)| (gq.required, ov) > b) {
                hit = Some((i, (gq.required, ov)));
            }
        }
        let Some((i, _)) = hit else {
            fp += 1;
            continue;
        };
        used.insert(i);
        let gq = &gold.quotes[i];
        if gq.required {
            tp += 1;
        }
        let spk = sys_gold(sq.speaker.as_ref());
        out.quote_speaker.count(spk == gq.speaker.as_deref());
    }
    let fn_ = (gold.quotes.iter().enumerate())
        .filter(|(i, q)| q.required && !used.contains(i))
        .count();
    out.quotes = Counts { tp, fp, fn_ };

    // Time expressions: matched by their words (overlap ≥ 0.5), each gold one once.
    if !gold.times.is_empty() {
        let mut used: BTreeSet<usize> = BTreeSet::new();
        let mut c = Counts::default();
        for st in s.articles.iter().flat_map(|a| &a.dates) {
            let hit = (gold.times.iter().enumerate())
                .filter(|(i, _)| !used.contains(i))
                .map(|(i, gt)| (i, overlap(&gt.text, &st.text)))
                .filter(|&(_, ov)| ov >= 0.5)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match hit {
                Some((i, _)) => {
                    used.insert(i);
                    c.tp += 1;
                    let gv = gold.times[i].value.as_deref();
                    if let Some(gv) = gv.filter(|v| !v.starts_with('X')) {
                        out.time_value.count(st.value.as_deref() == Some(gv));
                    }
                }
                None => c.fp += 1,
            }
        }
        c.fn_ = gold.times.len() - used.len();
        out.times = c;
    }
    out
}

/// Totals over files.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Files scored.
    pub files: usize,
    /// Files whose article count is right.
    pub article_count_ok: usize,
    /// Mean of the files' metadata accuracy (as the scorer averages it).
    pub metadata_acc: f64,
    /// Mean of the files' body-bound accuracy.
    pub body_bounds_acc: f64,
    /// Mean of the files' variant-merge accuracy.
    pub variant_merge_acc: f64,
    /// Noise lines leaked, summed.
    pub noise_leaked: usize,
    /// Entities, summed.
    pub entities: Counts,
    /// Events, summed.
    pub events: Counts,
    /// Events by type, summed.
    pub events_by_type: BTreeMap<String, Counts>,
    /// Event actor accuracy (source and target together), summed.
    pub event_actor: Ratio,
    /// Source country accuracy.
    pub event_source: Ratio,
    /// Target country accuracy.
    pub event_target: Ratio,
    /// Modality accuracy.
    pub event_modality: Ratio,
    /// Date accuracy.
    pub event_date: Ratio,
    /// Quotes, summed.
    pub quotes: Counts,
    /// Speaker accuracy.
    pub quote_speaker: Ratio,
    /// Time expressions.
    pub times: Counts,
    /// Time values.
    pub time_value: Ratio,
}

impl Summary {
    /// Sum the files' scores.
    pub fn of(files: &[FileScore]) -> Summary {
        let mut s = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for f in files {
            s.article_count_ok += usize::from(f.article_count_ok);
            s.metadata_acc += FileScore::rounded(f.metadata);
            s.body_bounds_acc += FileScore::rounded(f.body_bounds);
            s.variant_merge_acc += FileScore::rounded(f.variant_merge);
            s.noise_leaked += f.noise_leaked.ok;
            s.entities.add(f.entities);
            s.events.add(f.events);
            for (t, c) in &f.events_by_type {
                s.events_by_type.entry(t.clone()).or_default().add(*c);
            }
            s.event_actor.add(f.event_actor);
            s.event_source.add(f.event_source);
            s.event_target.add(f.event_target);
            s.event_modality.add(f.event_modality);
            s.event_date.add(f.event_date);
            s.quotes.add(f.quotes);
            s.quote_speaker.add(f.quote_speaker);
            s.times.add(f.times);
            s.time_value.add(f.time_value);
        }
        let n = files.len().max(1) as f64;
        s.metadata_acc = round3(s.metadata_acc / n);
        s.body_bounds_acc = round3(s.body_bounds_acc / n);
        s.variant_merge_acc = round3(s.variant_merge_acc / n);
        s
    }
}

/// Score every gold file against the system document of the same file name.
pub fn score_all(golds: &[GoldFile], systems: &[SystemDoc]) -> Vec<FileScore> {
    let by_name: HashMap<&str, &SystemDoc> = systems
        .iter()
        .map(|d| (d.file.rsplit('/').next().unwrap_or(&d.file), d))
        .collect();
    golds
        .iter()
        .map(|g| score_file(g, by_name.get(g.file.as_str()).copied()))
        .collect()
}

//! The checks every annotation file passes: the schema's value sets, every copied string
//! verbatim in the article's text, unique ids and references that resolve (an entity id, or a
//! CAMEO actor code), CAMEO codes that exist and agree with the event's PLOVER type, ISO dates.

use std::collections::{HashMap, HashSet};

use crate::gold::GoldFile;

/// CAMEO event code → PLOVER type.
pub struct CameoTable {
    plover: HashMap<String, String>,
}

impl CameoTable {
    /// Parse the table: `code<TAB>PLOVER type<TAB>…` lines, `#` comments.
    pub fn parse(tsv: &str) -> CameoTable {
        let plover = tsv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((f.next()?.trim().to_owned(), f.next()?.trim().to_owned()))
            })
            .collect();
        CameoTable { plover }
    }

    /// The annotation guide's table (`data/annotated/cameo_types.tsv`, from `CAMEO-PLOV.txt`).
    pub fn bundled() -> &'static CameoTable {
        static TABLE: std::sync::OnceLock<CameoTable> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            CameoTable::parse(include_str!("../../../data/annotated/cameo_types.tsv"))
        })
    }

    /// The PLOVER type of a CAMEO code.
    pub fn plover(&self, cameo: &str) -> Option<&str> {
        self.plover.get(cameo).map(String::as_str)
    }
}

/// One thing wrong with an annotation file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The gold file's text file.
    pub file: String,
    /// What is wrong.
    pub what: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.what)
    }
}

const ENTITY_TYPES: &[&str] = &["PER", "ORG", "LOC", "MISC"];
const MODALITIES: &[&str] = &["asserted", "reported", "expected", "speculated", "negated"];
const TIMEX_TYPES: &[&str] = &["DATE", "TIME", "DURATION", "SET"];

/// Whether a value is a CAMEO actor code: upper-case letters in groups of three (`RUS`,
/// `RUSGOV`, `IGOUNOKID`), up to four groups.
pub fn is_actor_code(v: &str) -> bool {
    let n = v.len();
    v.bytes().all(|b| b.is_ascii_uppercase()) && (3..=12).contains(&n) && n.is_multiple_of(3)
}

/// An ISO date, month, year or week (`2015-07-21`, `2015-07`, `2015`, `2015-W30`).
pub fn is_iso_date(v: &str) -> bool {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        8 => digits(0..4) && &b[4..6] == b"-W" && digits(6..8),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

/// Check one gold file against the text it annotates.
pub fn validate(g: &GoldFile, text: &str, cameo: &CameoTable) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut err = |what: String| {
        problems.push(Problem {
            file: g.file.clone(),
            what,
        })
    };
    let verbatim = |s: Option<&str>, whence: &str, err: &mut dyn FnMut(String)| {
        if let Some(s) = s {
            if s.trim().is_empty() {
                err(format!("{whence}: empty string"));
            } else if !text.contains(s) {
                let head: String = s.chars().take(60).collect();
                err(format!("{whence}: not verbatim in the text: «{head}»"));
            }
        }
    };
    for a in &g.articles {
        if !matches!(a.role.as_str(), "main" | "related") {
            err(format!("article role {:?}", a.role));
        }
        for (f, v) in [
            ("title", &a.title),
            ("byline", &a.byline),
            ("published_text", &a.published_text),
        ] {
            verbatim(v.as_deref(), &format!("article.{f}"), &mut err);
        }
        verbatim(Some(&a.body_start), "article.body_start", &mut err);
        verbatim(Some(&a.body_end), "article.body_end", &mut err);
        if let Some(p) = &a.published
            && !is_iso_date(p)
        {
            err(format!("article.published {p:?} is not an ISO date"));
        }
    }
    for (i, l) in g.noise_lines.iter().enumerate() {
        verbatim(Some(l), &format!("noise_lines[{i}]"), &mut err);
    }
    for (i, l) in g.headings.iter().enumerate() {
        verbatim(Some(l), &format!("headings[{i}]"), &mut err);
    }
    let mut ids = HashSet::new();
    for e in &g.entities {
        if e.id.is_empty() || !ids.insert(e.id.as_str()) {
            err(format!("entity id {:?} empty or repeated", e.id));
        }
        if !ENTITY_TYPES.contains(&e.ty.as_str()) {
            err(format!("entity {}: type {:?}", e.id, e.ty));
        }
        if e.surfaces.is_empty() {
            err(format!("entity {}: no surfaces", e.id));
        }
        for s in e.surfaces.iter().chain(&e.descriptors) {
            verbatim(Some(s), &format!("entity {}", e.id), &mut err);
        }
        if let Some(code) = &e.actor
            && !is_actor_code(code)
        {
            err(format!(
                "entity {}: actor {code:?} is not a CAMEO actor code",
                e.id
            ));
        }
    }
    let resolves = |v: &Option<String>, codes: bool| {
        v.as_deref()
            .is_none_or(|v| ids.contains(v) || (codes && is_actor_code(v)))
    };
    for ev in &g.events {
        let w = format!("event {}", ev.id);
        match cameo.plover(&ev.cameo) {
            None => err(format!("{w}: unknown CAMEO code {:?}", ev.cameo)),
            Some(t) if t != ev.ty => err(format!("{w}: CAMEO {} is {t}, not {}", ev.cameo, ev.ty)),
            Some(_) => {}
        }
        match ev.modality.as_deref() {
            Some(m) if MODALITIES.contains(&m) => {}
            m => err(format!("{w}: modality {m:?}")),
        }
        for (slot, v) in [
            ("source", &ev.source),
            ("target", &ev.target),
            ("attributed_to", &ev.attributed_to),
        ] {
            if !resolves(v, true) {
                err(format!(
                    "{w}.{slot}: {v:?} is neither an entity id nor a CAMEO actor code"
                ));
            }
        }
        if !resolves(&ev.location, false) {
            err(format!(
                "{w}.location: {:?} is not an entity id",
                ev.location
            ));
        }
        if let Some(d) = &ev.date
            && !is_iso_date(d)
        {
            err(format!("{w}: date {d:?} is not an ISO date"));
        }
        verbatim(Some(&ev.evidence), &format!("{w}.evidence"), &mut err);
        for (f, v) in [
            ("trigger", &ev.trigger),
            ("source_text", &ev.source_text),
            ("target_text", &ev.target_text),
            ("date_text", &ev.date_text),
        ] {
            verbatim(v.as_deref(), &format!("{w}.{f}"), &mut err);
        }
        if let Some(t) = &ev.trigger
            && !ev.evidence.contains(t.as_str())
        {
            err(format!("{w}: trigger not inside the evidence"));
        }
        if let Some(q) = &ev.quantity {
            verbatim(q.text.as_deref(), &format!("{w}.quantity.text"), &mut err);
        }
    }
    for (i, q) in g.quotes.iter().enumerate() {
        verbatim(Some(&q.text), &format!("quotes[{i}].text"), &mut err);
        verbatim(q.cue.as_deref(), &format!("quotes[{i}].cue"), &mut err);
        if !resolves(&q.speaker, true) {
            err(format!(
                "quotes[{i}].speaker: {:?} does not resolve",
                q.speaker
            ));
        }
        if !matches!(q.kind.as_deref(), None | Some("direct") | Some("indirect")) {
            err(format!("quotes[{i}]: kind {:?}", q.kind));
        }
    }
    for (i, t) in g.times.iter().enumerate() {
        verbatim(Some(&t.text), &format!("times[{i}].text"), &mut err);
        if !TIMEX_TYPES.contains(&t.ty.as_str()) {
            err(format!("times[{i}]: type {:?}", t.ty));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_dates() {
        assert!(is_actor_code("RUSGOV"));
        assert!(is_actor_code("USA"));
        assert!(!is_actor_code("e3"));
        assert!(!is_actor_code("RUSG"));
        assert!(is_iso_date("2015-07-21") && is_iso_date("2015-W30") && is_iso_date("2015"));
        assert!(!is_iso_date("2015-7-21") && !is_iso_date("PT6H"));
    }

    #[test]
    fn finds_what_is_not_verbatim_and_what_does_not_resolve() {
        let text = "عنوان\n\nهاجمت قوات الأمن مقر الحزب في المدينة أمس.";
        let g: GoldFile = serde_json::from_value(serde_json::json!({
            "file": "x.txt",
            "articles": [{"role": "main", "title": "عنوان", "body_start": "هاجمت", "body_end": "أمس."}],
            "entities": [{"id": "e1", "type": "ORG", "surfaces": ["الحزب"]}],
            "events": [
                {"id": "v1", "type": "ASSAULT", "cameo": "190", "source": "XXXCOP", "target": "e1",
                 "modality": "asserted", "evidence": "هاجمت قوات الأمن مقر الحزب", "trigger": "هاجمت"},
                {"id": "v2", "type": "PROTEST", "cameo": "190", "source": "e9", "target": null,
                 "modality": "maybe", "evidence": "هاجم الجيش", "trigger": "هاجم"}
            ],
            "quotes": [], "times": [{"text": "أمس", "type": "DATE", "value": "2015-07-20"}]
        }))
        .unwrap();
        let table = CameoTable::parse("190\tASSAULT\tmode\n");
        let problems: Vec<String> = validate(&g, text, &table)
            .into_iter()
            .map(|p| p.what)
            .collect();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("CAMEO 190 is ASSAULT, not PROTEST"))
        );
        assert!(problems.iter().any(|p| p.contains("modality")));
        assert!(problems.iter().any(|p| p.contains("v2.source")));
        assert!(problems.iter().any(|p| p.contains("v2.evidence")));
    }
}

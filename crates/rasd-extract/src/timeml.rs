//! TimeML documents (inline `<TIMEX3 …>…</TIMEX3>`) and scoring of time expressions.

use serde::Serialize;

use crate::dates::{TimeExpr, TimexType};

/// A gold time expression of a TimeML document (byte offsets into its plain text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldTimex {
    /// Start (bytes).
    pub start: usize,
    /// End (bytes).
    pub end: usize,
    /// `DATE`, `DURATION`, `SET`, `TIME`.
    pub ty: String,
    /// TIMEX3 value.
    pub value: String,
}

/// A TimeML document: its plain text and gold expressions.
#[derive(Clone, Debug)]
pub struct TimeMlDoc {
    /// The text without markup.
    pub text: String,
    /// Gold expressions.
    pub timexes: Vec<GoldTimex>,
}

fn attr(tag: &str, name: &str) -> String {
    let pat = format!("{name}=\"");
    tag.find(&pat)
        .and_then(|i| {
            let rest = &tag[i + pat.len()..];
            rest.find('"').map(|j| rest[..j].to_owned())
        })
        .unwrap_or_default()
}

/// Parse a TimeML document: everything between `<TimeML>` and `</TimeML>`, tags removed.
pub fn parse(xml: &str) -> TimeMlDoc {
    let body = xml
        .find("<TimeML>")
        .map_or(xml, |i| &xml[i + "<TimeML>".len()..]);
    let body = body.rfind("</TimeML>").map_or(body, |i| &body[..i]);
    let mut text = String::with_capacity(body.len());
    let mut timexes = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        text.push_str(&unescape(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            text.push_str(&rest[lt..]);
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        if tag.starts_with("TIMEX3") {
            open = Some((text.len(), attr(tag, "type"), attr(tag, "value")));
        } else if tag.starts_with("/TIMEX3")
            && let Some((start, ty, value)) = open.take()
        {
            timexes.push(GoldTimex {
                start,
                end: text.len(),
                ty,
                value,
            });
        }
        rest = &rest[lt + gt + 1..];
    }
    text.push_str(&unescape(rest));
    // A BOM inside the body is a character like any other: offsets stay valid.
    TimeMlDoc { text, timexes }
}

pub(crate) fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Counts and scores of time expressions against gold.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TimexScores {
    /// Gold expressions.
    pub gold: usize,
    /// Expressions found.
    pub system: usize,
    /// Found expressions overlapping a gold one (each gold matched once).
    pub relaxed_matches: usize,
    /// Found expressions with exactly the gold span.
    pub strict_matches: usize,
    /// Relaxed matches with the gold type.
    pub type_matches: usize,
    /// Relaxed matches with the gold value.
    pub value_matches: usize,
}

impl TimexScores {
    /// Add one document.
    pub fn add(&mut self, gold: &[GoldTimex], system: &[TimeExpr], text: &str) {
        self.gold += gold.len();
        self.system += system.len();
        let mut used = vec![false; gold.len()];
        for s in system {
            let (ss, se) = (s.span.start as usize, s.span.end as usize);
            let hit = gold
                .iter()
                .enumerate()
                .find(|(j, g)| !used[*j] && ss < g.end && g.start < se);
            if let Some((j, g)) = hit {
                used[j] = true;
                self.relaxed_matches += 1;
                let trim = |a: usize, b: usize| text[a..b].trim().to_owned();
                if trim(ss, se) == trim(g.start, g.end) {
                    self.strict_matches += 1;
                }
                let ty = match s.ty {
                    TimexType::Date => "DATE",
                    TimexType::Duration => "DURATION",
                    TimexType::Set => "SET",
                };
                self.type_matches += usize::from(ty == g.ty);
                self.value_matches += usize::from(s.value.as_deref() == Some(g.value.as_str()));
            }
        }
    }

    /// (precision, recall, F1) for a number of matches.
    pub fn prf(&self, matches: usize) -> (f64, f64, f64) {
        let p = if self.system > 0 {
            matches as f64 / self.system as f64
        } else {
            0.0
        };
        let r = if self.gold > 0 {
            matches as f64 / self.gold as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{TimeRules, find_times};

    #[test]
    fn parses_inline_timex() {
        let d = parse(
            "<?xml version=\"1.0\"?>\n<TimeML>\nعرضت في <TIMEX3 tid=\"t2\" type=\"DATE\" value=\"PAST_REF\">الأيام الماضية</TIMEX3> مسرحية &amp; أخرى.\n</TimeML>",
        );
        assert_eq!(d.timexes.len(), 1);
        let g = &d.timexes[0];
        assert_eq!(&d.text[g.start..g.end], "الأيام الماضية");
        assert_eq!((g.ty.as_str(), g.value.as_str()), ("DATE", "PAST_REF"));
        assert!(d.text.contains("مسرحية & أخرى"));
    }

    #[test]
    fn scores_a_tiny_document() {
        let d = parse(
            "<TimeML>وصل <TIMEX3 type=\"DATE\" value=\"2001-09-11\">11 سبتمبر 2001</TIMEX3> وبقي <TIMEX3 type=\"DURATION\" value=\"P3D\">ثلاثة أيام</TIMEX3> في المدينة</TimeML>",
        );
        let found = find_times(&d.text, None, TimeRules::bundled());
        let mut s = TimexScores::default();
        s.add(&d.timexes, &found, &d.text);
        assert_eq!(
            (
                s.gold,
                s.system,
                s.relaxed_matches,
                s.strict_matches,
                s.value_matches
            ),
            (2, 2, 2, 2, 2)
        );
        assert_eq!(s.prf(s.relaxed_matches).2, 1.0);
    }
}

//! The gold standard records of UniversalPetrarch's Arabic validation (`<Validation>` XML):
//! sentences with the PLOVER category they were chosen for and the coded event's actors.

use crate::timeml::unescape;

/// A country-and-agent actor code as the records write it ("SDN PTY", "None CVL").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GsrActor {
    /// Country part (three letters), when coded.
    pub country: Option<String>,
    /// Agent part (GOV, MIL, CVL …), when coded.
    pub agent: Option<String>,
}

impl GsrActor {
    fn parse(code: &str) -> GsrActor {
        let mut parts = code.split_whitespace();
        let part = |p: Option<&str>| {
            p.filter(|x| *x != "None" && !x.is_empty())
                .map(str::to_owned)
        };
        GsrActor {
            country: part(parts.next()),
            agent: part(parts.next()),
        }
    }
}

/// One coded event of a gold sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GsrCoding {
    /// PLOVER type.
    pub plover: String,
    /// CAMEO code (often empty).
    pub cameo: String,
    /// Source actor.
    pub source: GsrActor,
    /// Target actor.
    pub target: GsrActor,
}

/// A gold sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GsrSentence {
    /// Record id.
    pub id: String,
    /// The PLOVER type the sentence was chosen for.
    pub category: String,
    /// Whether the record is meant to be scored.
    pub evaluate: bool,
    /// The sentence.
    pub text: String,
    /// Its coded events.
    pub codings: Vec<GsrCoding>,
}

fn attr(tag: &str, name: &str) -> String {
    let pat = format!(" {name}=\"");
    tag.find(&pat)
        .and_then(|i| {
            let rest = &tag[i + pat.len()..];
            rest.find('"').map(|j| unescape(&rest[..j]))
        })
        .unwrap_or_default()
}

/// Parse a `<Validation>` file. Sentences without text are skipped.
pub fn parse(xml: &str) -> Vec<GsrSentence> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<Sentence ") {
        let after = &rest[i..];
        let end = after.find("</Sentence>").unwrap_or(after.len());
        let block = &after[..end];
        rest = &after[end..];
        let head = &block[..block.find('>').unwrap_or(block.len())];
        let text = block
            .find("<Text>")
            .and_then(|s| {
                let t = &block[s + "<Text>".len()..];
                t.find("</Text>").map(|e| unescape(t[..e].trim()))
            })
            .unwrap_or_default();
        if text.is_empty() {
            continue;
        }
        let mut codings = Vec::new();
        let mut b = block;
        while let Some(c) = b.find("<EventCoding ") {
            let tag_end = b[c..].find('>').map_or(b.len(), |e| c + e);
            let tag = &b[c..tag_end];
            codings.push(GsrCoding {
                plover: attr(tag, "plover"),
                cameo: attr(tag, "eventcode"),
                source: GsrActor::parse(&attr(tag, "sourcecode")),
                target: GsrActor::parse(&attr(tag, "targetcode")),
            });
            b = &b[tag_end..];
        }
        out.push(GsrSentence {
            id: attr(head, "id"),
            category: attr(head, "category"),
            evaluate: attr(head, "evaluate") != "false",
            text,
            codings,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_record() {
        let xml = r#"<Validation><Sentences>
<Sentence category="PROTEST" date="20080101" evaluate="true" id="abc" >
<EventText eid="0" eventtext="" sourcetext="x" targettext="" />
<EventCoding eid="0" eventcode="" plover="PROTEST" sourcecode="SDN PTY" targetcode="None None" />
<Text>
فرقت الشرطة مظاهرة &amp; اعتصاما.
</Text>
</Sentence>
</Sentences></Validation>"#;
        let s = parse(xml);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].category, "PROTEST");
        assert_eq!(s[0].text, "فرقت الشرطة مظاهرة & اعتصاما.");
        assert_eq!(s[0].codings[0].source.country.as_deref(), Some("SDN"));
        assert_eq!(s[0].codings[0].source.agent.as_deref(), Some("PTY"));
        assert_eq!(s[0].codings[0].target, GsrActor::default());
        assert!(s[0].evaluate);
    }
}

//! Entity types and BIO labels.

use serde::Serialize;

/// The four entity types of rasd (the ANERcorp/CoNLL set; ANERcorp calls persons `PERS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EntityType {
    /// People.
    #[serde(rename = "PER")]
    Per,
    /// Places: countries, cities, regions, geographic features.
    #[serde(rename = "LOC")]
    Loc,
    /// Organizations: governments' bodies, companies, parties, armed groups, media.
    #[serde(rename = "ORG")]
    Org,
    /// Other names: events, products, nationalities as names, works.
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityType {
    /// All types, in label order.
    pub const ALL: [EntityType; 4] = [
        EntityType::Per,
        EntityType::Loc,
        EntityType::Org,
        EntityType::Misc,
    ];

    /// The short name used in output (`PER`, `LOC`, `ORG`, `MISC`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Loc => "LOC",
            EntityType::Org => "ORG",
            EntityType::Misc => "MISC",
        }
    }

    /// Parse a type name as written by the corpora (`PERS`, `PER`, `LOC`, `ORG`, `MISC`, `MIS…`).
    pub fn parse(s: &str) -> Option<EntityType> {
        let s = s.trim().to_ascii_uppercase();
        match s.as_str() {
            "PER" | "PERS" | "PERSON" => Some(EntityType::Per),
            "LOC" | "LOCATION" | "GPE" => Some(EntityType::Loc),
            "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(EntityType::Org),
            _ if s.starts_with("MIS") => Some(EntityType::Misc),
            _ => None,
        }
    }
}

/// Number of labels: O plus B and I of each type.
pub const N_LABELS: usize = 9;

/// A BIO label as an index: 0 = O, 1 + 2k = B of type k, 2 + 2k = I of type k.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(pub u8);

impl Label {
    /// Outside any entity.
    pub const O: Label = Label(0);

    /// Begin an entity of `t`.
    pub fn begin(t: EntityType) -> Label {
        Label(1 + 2 * t as u8)
    }

    /// Inside an entity of `t`.
    pub fn inside(t: EntityType) -> Label {
        Label(2 + 2 * t as u8)
    }

    /// The entity type, unless O.
    pub fn entity_type(self) -> Option<EntityType> {
        (self.0 > 0).then(|| EntityType::ALL[usize::from((self.0 - 1) / 2)])
    }

    /// Is this a B- label?
    pub fn is_begin(self) -> bool {
        self.0 > 0 && self.0 % 2 == 1
    }

    /// Index 0..N_LABELS.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// May `next` follow `self` in a well-formed BIO sequence?
    pub fn allows(self, next: Label) -> bool {
        next.is_begin()
            || next == Label::O
            || self.entity_type() == next.entity_type() && self != Label::O
    }

    /// Parse `O`, `B-X`, `I-X` with any type name [`EntityType::parse`] knows; other types
    /// (and malformed tags) are O.
    pub fn parse(tag: &str) -> Label {
        let tag = tag.trim();
        let (bio, ty) = match tag.split_once('-') {
            Some((b, t)) => (b, t),
            None => return Label::O,
        };
        match (bio.to_ascii_uppercase().as_str(), EntityType::parse(ty)) {
            ("B", Some(t)) => Label::begin(t),
            ("I", Some(t)) => Label::inside(t),
            _ => Label::O,
        }
    }

    /// `O`, `B-PER`, `I-LOC`…
    pub fn name(self) -> String {
        match self.entity_type() {
            None => "O".to_owned(),
            Some(t) => format!("{}-{}", if self.is_begin() { "B" } else { "I" }, t.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        for i in 0..N_LABELS as u8 {
            let l = Label(i);
            assert_eq!(Label::parse(&l.name()), l);
        }
        assert_eq!(Label::parse("B-PERS"), Label::begin(EntityType::Per));
        assert_eq!(Label::parse("I-MIS2"), Label::inside(EntityType::Misc));
        assert_eq!(Label::parse("B-Nation"), Label::O);
    }

    #[test]
    fn transitions() {
        let bp = Label::begin(EntityType::Per);
        let ip = Label::inside(EntityType::Per);
        let il = Label::inside(EntityType::Loc);
        assert!(bp.allows(ip) && ip.allows(ip) && Label::O.allows(bp));
        assert!(!Label::O.allows(ip) && !bp.allows(il));
    }
}

//! Word keys: how a word of the text and a word of the dictionary are compared.
//!
//! Every word is normalized at [`NormLevel::Search`] (hamza forms, ى, ة folded; diacritics
//! and tatweel gone). A text word may carry one proclitic (و ف ب ل, a conjunction before a
//! preposition, ل+ال written لل) and the article; all its readings are tried.
//!
//! Dictionary words match in one of two [`Mode`]s:
//! - **exact**: the key itself, article included when the data writes it: single-word names
//!   (countries, capitals, persons: مصر، بوتين، الرياض) so that «مصرة» (insisting) is not
//!   Egypt, «ماكر» is not Macron, «رياض» (a first name) is not Riyadh and «فرقة» (ف + رقة) is
//!   not Raqqa (الرقة). A name written without the article (PETRARCH's lemmas: قاهرة) matches
//!   with or without it;
//! - **lemma**: the article is dropped on both sides, the dictionary word is reduced to a lemma
//!   ([`lemma_of`]) and a text word
//!   matches when one of its light suffix reductions ([`for_each_lemma`]) equals it: nisba
//!   adjectives (الروسية → روسي), sound plurals (مسؤولون → مسؤول, الأمريكيين → أمريكي),
//!   feminine plurals (القوات → قوة). Used for adjectives, agents and the lemma phrases of
//!   the PETRARCH dictionary (وزارة_دفاع_أميركي_ matches «وزارة الدفاع الأميركية»).
//!
//! The reductions are deliberately light: ة is never dropped on its own (شرطة ≠ شرط,
//! جامعة ≠ جامع), the dual ان is never stripped (جيشان is not جيش), and ون/ين only go when
//! three letters remain (بوتين, الصين, حسين keep them).

use rasd_text::{NormLevel, normalize_into};

/// How a dictionary word is compared with text words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Mode {
    /// The Search-level key without ال.
    Exact,
    /// The lemma of that key, matched by the reductions of text words.
    Lemma,
}

/// The proclitic a reading of a text word carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Proclitic {
    /// None (the article ال is not a proclitic here).
    None,
    /// The preposition ل alone ("of", "for": «للأمم المتحدة»).
    Li,
    /// A conjunction or ب: the word starts a new phrase or a prepositional phrase.
    Other,
}

/// One reading of a text word: the stem is `&key[start..]` (only prefixes are stripped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reading {
    /// Byte offset of the stem in the normalized word.
    pub start: usize,
    /// The word had the article ال.
    pub definite: bool,
    /// The proclitic stripped.
    pub proclitic: Proclitic,
    /// Letters a span without the proclitic leaves out: the proclitic's (0, 1 or 2), except
    /// the ل of لل, which stays with its article (the article is kept: «الجيش» in «والجيش»,
    /// «للأمم» in «وللأمم»).
    pub proclitic_letters: u8,
}

/// Search-level normalization of one word into `out` (cleared first).
pub(crate) fn normalize_word(word: &str, out: &mut String) {
    out.clear();
    normalize_into(word, NormLevel::Search, out);
}

fn letters(s: &str) -> usize {
    s.chars().count()
}

/// Strip the article when at least two letters remain.
pub(crate) fn strip_al(k: &str) -> (&str, bool) {
    match k.strip_prefix("ال") {
        Some(rest) if letters(rest) >= 2 => (rest, true),
        _ => (k, false),
    }
}

/// The key a dictionary word is stored under in exact mode: normalized, *with* its article
/// when written with one («الرياض» needs it: رياض is also a first name).
pub(crate) fn exact_key(word: &str) -> String {
    let mut k = String::with_capacity(word.len());
    normalize_word(word, &mut k);
    k
}

/// A dictionary word's key without the article, the base of its lemma. A word starting with
/// أل/إل/آل (ألماني, ألباني) has no article: Search folding must not make it one.
pub(crate) fn stem_key(word: &str) -> String {
    let mut k = String::with_capacity(word.len());
    normalize_word(word, &mut k);
    if hamza_at(word, 0) {
        return k;
    }
    let (stem, _) = strip_al(&k);
    stem.to_owned()
}

/// Does the original word have a hamza-carrying alef (أ إ آ) after its first `letters`
/// letters? Then what Search folding writes as ال there is no article.
pub(crate) fn hamza_at(raw: &str, letters: usize) -> bool {
    let mut seen = 0;
    for c in raw.chars() {
        if is_mark(c) {
            continue;
        }
        if seen == letters {
            return matches!(c, 'أ' | 'إ' | 'آ');
        }
        seen += 1;
    }
    false
}

/// Combining marks, tatweel and zero-width characters, which normalization drops.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' | '\u{200B}'..='\u{200F}')
}

/// Proclitic prefixes tried after the bare word, with the class of the reading.
const PROCLITICS: [(&str, Proclitic); 8] = [
    ("و", Proclitic::Other),
    ("ف", Proclitic::Other),
    ("ب", Proclitic::Other),
    ("ل", Proclitic::Li),
    ("وب", Proclitic::Other),
    ("فب", Proclitic::Other),
    ("ول", Proclitic::Other),
    ("فل", Proclitic::Other),
];

/// The readings of a text word (`raw`, normalized `k`), the bare word (with ال stripped)
/// first.
pub(crate) fn readings(raw: &str, k: &str, out: &mut Vec<Reading>) {
    out.clear();
    let (stem, definite) = if hamza_at(raw, 0) {
        (k, false)
    } else {
        strip_al(k)
    };
    out.push(Reading {
        start: k.len() - stem.len(),
        definite,
        proclitic: Proclitic::None,
        proclitic_letters: 0,
    });
    for (p, proclitic) in PROCLITICS {
        let Some(rest) = k.strip_prefix(p) else {
            continue;
        };
        let letters_p = u8::try_from(p.chars().count()).unwrap_or(u8::MAX);
        let mut push = |stem: &str, definite: bool, proclitic_letters: u8| {
            let start = k.len() - stem.len();
            if letters(stem) >= 2 && !out.iter().any(|r| r.start == start) {
                out.push(Reading {
                    start,
                    definite,
                    proclitic,
                    proclitic_letters,
                });
            }
        };
        if let Some(s) = rest.strip_prefix("ال")
            && !hamza_at(raw, usize::from(letters_p))
        {
            push(s, true, letters_p);
        } else if p.ends_with('ل')
            && let Some(s) = rest.strip_prefix('ل')
        {
            // ل + ال is written لل: «للأمم» = ل + الأمم. A span keeps لل whole (its second ل
            // is the article's): «وللأمم» → «للأمم».
            push(s, true, letters_p - 1);
            push(rest, false, letters_p);
        } else {
            push(rest, false, letters_p);
        }
    }
}

/// Call `f` with the key itself and each light suffix reduction of a text word's key:
/// ية → ي, يات → ي, ات → ة, ون/ين → (nothing) when three letters remain (which also turns
/// يون/يين into ي). `buf` is scratch space.
pub(crate) fn for_each_lemma(s: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    f(s);
    let n = letters(s);
    // The accusative ending of an indefinite word: «جنديا كوريا شماليا» → جندي، شمالي.
    if n >= 4
        && let Some(b) = s.strip_suffix('ا')
    {
        f(b);
    }
    if n >= 4
        && let Some(b) = s.strip_suffix('ه')
        && b.ends_with('ي')
    {
        f(b);
    }
    if n >= 4
        && let Some(b) = s.strip_suffix("ات")
    {
        if b.ends_with('ي') && n >= 5 {
            f(b);
        }
        buf.clear();
        buf.push_str(b);
        buf.push('ه');
        f(buf);
    }
    if n >= 5
        && let Some(b) = s.strip_suffix("ون").or_else(|| s.strip_suffix("ين"))
    {
        f(b);
    }
}

/// The lemma a dictionary word is stored under in lemma mode: the first reduction that
/// applies, in the order يات, ية, ات, ون/ين. It is always one of the forms
/// [`for_each_lemma`] produces for the same word, so a dictionary word matches itself.
pub(crate) fn lemma_of(s: &str) -> String {
    let n = letters(s);
    if n >= 5
        && let Some(b) = s.strip_suffix("ات")
        && b.ends_with('ي')
    {
        return b.to_owned();
    }
    if n >= 4
        && let Some(b) = s.strip_suffix('ه')
        && b.ends_with('ي')
    {
        return b.to_owned();
    }
    if n >= 4
        && let Some(b) = s.strip_suffix("ات")
    {
        return format!("{b}ه");
    }
    if n >= 5
        && let Some(b) = s.strip_suffix("ون").or_else(|| s.strip_suffix("ين"))
    {
        return b.to_owned();
    }
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(w: &str) -> String {
        let mut s = String::new();
        normalize_word(w, &mut s);
        s
    }

    fn lemmas(w: &str) -> Vec<String> {
        let k = norm(w);
        let (stem, _) = strip_al(&k);
        let mut out = Vec::new();
        let mut buf = String::new();
        for_each_lemma(stem, &mut buf, |l| out.push(l.to_owned()));
        out
    }

    #[test]
    fn readings_strip_one_proclitic_and_the_article() {
        let mut r = Vec::new();
        let has = |k: &str, r: &[Reading], stem: &str, pro: Proclitic| {
            r.iter()
                .any(|x| &k[x.start..] == stem && x.definite && x.proclitic == pro)
        };
        let k = norm("وللأمم");
        readings("وللأمم", &k, &mut r);
        assert!(has(&k, &r, "امم", Proclitic::Other));
        let k = norm("بالقاهرة");
        readings("بالقاهرة", &k, &mut r);
        assert!(has(&k, &r, "قاهره", Proclitic::Other));
        let k = norm("للأمم");
        readings("للأمم", &k, &mut r);
        assert!(has(&k, &r, "امم", Proclitic::Li));
        let k = norm("الروسي");
        readings("الروسي", &k, &mut r);
        assert_eq!(&k[r[0].start..], "روسي");
        assert!(r[0].definite);
    }

    #[test]
    fn hamza_alef_is_no_article() {
        let mut r = Vec::new();
        let k = norm("ألماني");
        readings("ألماني", &k, &mut r);
        assert_eq!(&k[r[0].start..], "الماني");
        assert!(!r[0].definite);
        let k = norm("الألماني");
        readings("الألماني", &k, &mut r);
        assert_eq!(&k[r[0].start..], "الماني");
        assert_eq!(stem_key("ألماني"), "الماني");
        assert_eq!(stem_key("الروسي"), "روسي");
    }

    #[test]
    fn light_reductions() {
        assert!(lemmas("الروسية").contains(&"روسي".to_owned()));
        assert!(lemmas("الأمريكيين").contains(&"امريكي".to_owned()));
        assert!(lemmas("أمريكيون").contains(&"امريكي".to_owned()));
        assert!(lemmas("القوات").contains(&"قوه".to_owned()));
        assert!(lemmas("المتظاهرون").contains(&"متظاهر".to_owned()));
        assert!(lemmas("روسيات").contains(&"روسي".to_owned()));
        // Short words keep their endings; names are matched exactly, so «بوت» from بوتين
        // matches nothing.
        assert_eq!(lemmas("الصين"), ["صين"]);
        assert_eq!(lemma_of("بوتين"), "بوت");
        assert_eq!(lemmas("جيشان"), ["جيشان"]);
        assert_eq!(lemmas("شرطة"), ["شرطه"]);
    }

    #[test]
    fn a_dictionary_lemma_is_among_its_own_reductions() {
        for w in [
            "القوات",
            "الروسية",
            "مسؤولين",
            "روسيات",
            "حكومة",
            "فلسطين",
            "شؤون",
            "عسكريين",
            "مخابرات",
        ] {
            let k = norm(w);
            let (stem, _) = strip_al(&k);
            assert!(lemmas(w).contains(&lemma_of(stem)), "{w}");
        }
    }
}

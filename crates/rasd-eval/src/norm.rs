//! The scorer's orthographic key, as `score_seeds.py` computes it: NFKC, no diacritics or
//! tatweel, one alef, ى→ي, ة→ه, Persian letters to Arabic, ASCII digits, one quote mark,
//! single spaces, no punctuation at either end.

use unicode_normalization::UnicodeNormalization;

fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

fn map(c: char) -> Option<char> {
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' | 'ئ' => 'ي',
        'ة' | 'ھ' => 'ه',
        'ک' | 'گ' => 'ك',
        'ؤ' => 'و',
        'ڤ' => 'ف',
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        '“' | '”' | '«' | '»' | '„' => '"',
        '\u{00A0}' => ' ',
        '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' => return None,
        c => c,
    })
}

/// The key a string is compared under.
pub fn norm(s: &str) -> String {
    let mapped: String = s
        .nfkc()
        .filter(|&c| !is_diacritic(c))
        .filter_map(map)
        .collect();
    let joined = mapped.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .trim_matches(|c: char| " \t\"'.,:;،؛".contains(c))
        .to_owned()
}

/// Leading clitics a name may carry (longest first, as the scorer tries them).
const PREFIXES: &[&str] = &[
    "وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك",
];

/// Keys a surface can match under: itself, and with one leading clitic and/or «ال» removed.
pub fn name_keys(s: &str) -> Vec<String> {
    let n = norm(s);
    let mut keys = vec![n.clone()];
    let len = n.chars().count();
    for p in PREFIXES {
        if let Some(rest) = n.strip_prefix(p)
            && len - p.chars().count() >= 2
            && !keys.iter().any(|k| k == rest)
        {
            keys.push(rest.to_owned());
        }
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// Share of the shorter normalized string's characters covered by the longest run the two
/// strings share (1.0 when one contains the other).
pub fn overlap(a: &str, b: &str) -> f64 {
    let (a, b) = (norm(a), norm(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a.contains(&b) || b.contains(&a) {
        return 1.0;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut best = 0;
    let mut prev = vec![0usize; long.len() + 1];
    let mut cur = vec![0usize; long.len() + 1];
    for &s in &short {
        for j in 1..=long.len() {
            cur[j] = if s == long[j - 1] { prev[j - 1] + 1 } else { 0 };
            best = best.max(cur[j]);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best as f64 / short.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_orthography_and_clitics() {
        assert_eq!(norm(" «إلى  الأمامِ» ."), "الي الامام");
        assert_eq!(norm("١٢٣"), "123");
        let keys = name_keys("والقاهرة");
        assert!(keys.contains(&"القاهره".to_owned()));
        assert!(keys.contains(&"قاهره".to_owned()));
        // A remainder under two letters is not a key.
        assert_eq!(name_keys("بر"), vec!["بر".to_owned()]);
    }

    #[test]
    fn overlap_is_the_longest_shared_run_over_the_shorter() {
        assert_eq!(overlap("abc", "xxabcxx"), 1.0);
        assert!((overlap("abcdef", "zzabcz") - 3.0 / 6.0).abs() < 1e-9);
        assert_eq!(overlap("", "abc"), 0.0);
    }
}

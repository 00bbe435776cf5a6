//! The text layer on any text: normalization maps back into the original, tokens and
//! sentences are char-boundary spans.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rasd_text::{NormLevel, normalize, split_sentences, tokenize};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let tokens = tokenize(text);
    for t in &tokens {
        assert!(
            text.get(t.span.start as usize..t.span.end as usize)
                .is_some()
        );
    }
    for s in split_sentences(text, &tokens) {
        assert!(text.get(s.start as usize..s.end as usize).is_some());
    }
    for level in [NormLevel::Display, NormLevel::Analysis, NormLevel::Search] {
        let n = normalize(text, level);
        let back = n.to_original(0..n.normalized().len());
        assert!(text.get(back.start as usize..back.end as usize).is_some());
    }
});

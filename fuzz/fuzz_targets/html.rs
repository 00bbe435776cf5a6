//! Any bytes as a web page: a document whose spans lie on its extracted text, or an error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = rasd_web::read_html(data) {
        for a in &doc.articles {
            for b in &a.blocks {
                assert!(
                    doc.text
                        .get(b.span.start as usize..b.span.end as usize)
                        .is_some()
                );
            }
        }
    }
});

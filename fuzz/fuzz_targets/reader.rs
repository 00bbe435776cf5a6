//! Any bytes read into articles (or a clear error); every span lies on the decoded text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader = rasd_reader::ReaderBuilder::new().build();
    if let Ok(doc) = reader.read_bytes(data) {
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

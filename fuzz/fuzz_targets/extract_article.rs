//! The whole per-article analysis (entities, quotes, dates, quantities, actors, events) over
//! any article: no panic, every annotation a span of the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader = rasd_reader::ReaderBuilder::new().build();
    let Ok(doc) = reader.read_bytes(data) else {
        return;
    };
    let ner = rasd_ner::Recognizer::bundled().ok();
    for a in &doc.articles {
        let ann = rasd_pipeline::analyse(&doc.text, &rasd_pipeline::Parts::of(a), ner);
        for e in &ann.events {
            assert!(
                doc.text
                    .get(e.evidence.start as usize..e.evidence.end as usize)
                    .is_some()
            );
        }
        for q in &ann.quotes {
            assert!(
                doc.text
                    .get(q.text.start as usize..q.text.end as usize)
                    .is_some()
            );
        }
    }
});

//! Every example sentence of `data/extract/events.toml` is coded with its entry's CAMEO code
//! by the whole pipeline (named entities, actor knowledge base, event coder).

use rasd_extract::events::EventRules;
use rasd_pipeline::{Parts, analyse};

#[test]
fn every_trigger_example_is_coded_with_its_code() {
    let ner = rasd_ner::Recognizer::bundled().expect("the bundled model loads");
    let mut failures = Vec::new();
    let mut n = 0;
    for entry in EventRules::bundled_entries() {
        assert!(
            !entry.examples.is_empty(),
            "trigger {} ({:?}{:?}) has no example",
            entry.cameo,
            entry.verbs,
            entry.nouns
        );
        for example in &entry.examples {
            n += 1;
            let ann = analyse(example, &Parts::whole(example), Some(ner));
            if !ann.events.iter().any(|e| e.cameo == entry.cameo) {
                let got: Vec<String> = ann
                    .events
                    .iter()
                    .map(|e| format!("{} «{}»", e.cameo, e.trigger.text(example)))
                    .collect();
                let actors: Vec<String> = ann
                    .actors
                    .iter()
                    .map(|a| format!("{}={:?}", a.span.text(example), a.code))
                    .collect();
                failures.push(format!(
                    "{}: «{example}» gave {got:?}; actors {actors:?}",
                    entry.cameo
                ));
            }
        }
    }
    assert!(n > 80, "only {n} examples");
    assert!(
        failures.is_empty(),
        "{} of {n} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

//! The learned event model is a file `rasd train events` makes from the annotated corpus in
//! the repository: retraining it must give the same bytes as the file shipped.

use crate::util::{rasd, repo, scratch};

#[test]
fn the_event_model_regenerates_byte_identically() {
    let dir = scratch("train-events");
    let out = dir.join("event_model.bin");
    let root = repo();
    let run = rasd(&[
        "train",
        "events",
        "--gold",
        root.join("data/annotated/gold").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", crate::util::stderr(&run));
    let made = std::fs::read(&out).unwrap();
    let shipped = std::fs::read(root.join("data/extract/event_model.bin")).unwrap();
    assert!(made.len() > 1000, "a model of {} bytes", made.len());
    assert!(
        made == shipped,
        "data/extract/event_model.bin is not what `rasd train events` makes from data/annotated \
         ({} bytes made, {} shipped): retrain it",
        made.len(),
        shipped.len()
    );
}

//! `rasd eval resolution` on the resolution gold (`data/resolution/pairs.tsv`).

use crate::util::{json_lines, rasd, repo, stderr};

#[test]
fn eval_resolution_scores_the_gold() {
    let pairs = repo().join("data/resolution/pairs.tsv");
    let out = rasd(&[
        "eval",
        "resolution",
        pairs.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let s = &json_lines(&out)[0];
    assert!(s["pairs"].as_u64().unwrap() >= 150);
    assert!(s["same"].as_u64().unwrap() >= 50);
    assert!(s["different"].as_u64().unwrap() >= 50);
    let (p, r) = (
        s["precision"].as_f64().unwrap(),
        s["recall"].as_f64().unwrap(),
    );
    // Precision 0.689, recall 0.825 before the name-consistent resolution; 0.984 and 0.968
    // after. The bars keep most of what it reached.
    assert!(p >= BAR_PRECISION, "precision {p}; errors: {}", s["errors"]);
    assert!(r >= BAR_RECALL, "recall {r}; errors: {}", s["errors"]);
}

const BAR_PRECISION: f64 = 0.95;
const BAR_RECALL: f64 = 0.93;

#[test]
fn eval_resolution_reports_a_bad_line() {
    let dir = crate::util::scratch("resolution-bad");
    let f = dir.join("pairs.tsv");
    std::fs::write(&f, "بوتين\tPER\tبوتن\tXYZ\tsame\n").unwrap();
    let out = rasd(&["eval", "resolution", f.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("pairs.tsv:1"), "{}", stderr(&out));
}

//! `rasd eval ner` and entities in `rasd extract`.

use crate::util::{rasd, repo, scratch};

#[test]
fn eval_ner_prints_scores_as_fractions_in_json() {
    let dir = scratch("eval-ner");
    let file = dir.join("tiny.conll");
    std::fs::write(
        &file,
        "قال O\nالرئيس O\nالروسي O\nفلاديمير B-PERS\nبوتين I-PERS\nفي O\nموسكو B-LOC\n. O\n\nوزار O\nالأمين O\nالعام O\nللأمم B-ORG\nالمتحدة I-ORG\nالعراق B-LOC\n. O\n",
    )
    .unwrap();
    let out = rasd(&["eval", "ner", file.to_str().unwrap(), "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in ["precision", "recall", "f1"] {
        let x = v["micro"][k].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x), "{k} = {x}");
    }
    assert_eq!(v["tokens"], 15);
    assert!(
        v["per_type"].get("PERS").is_some(),
        "types are named as the file names them: {v}"
    );
    assert!(v["tokens_per_second"].as_f64().unwrap() > 0.0);
}

#[test]
fn extract_lists_entities_with_mentions_pointing_at_their_text() {
    let sample = repo().join("samples/003_c5c637e4f4a0846f.txt");
    let out = rasd(&["extract", sample.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let chars: Vec<char> = std::fs::read_to_string(&sample).unwrap().chars().collect();
    let entities = doc["articles"][0]["entities"].as_array().unwrap();
    assert!(entities.len() >= 5);
    let putin = entities
        .iter()
        .find(|e| e["name"].as_str().unwrap().contains("بوتين"))
        .expect("Putin is found");
    assert_eq!(putin["type"], "PER");
    assert!(
        putin["mentions"].as_array().unwrap().len() >= 3,
        "full name and surname are one entity"
    );
    for e in entities {
        for m in e["mentions"].as_array().unwrap() {
            let (s, t) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                chars[s..t].iter().collect::<String>(),
                m["text"].as_str().unwrap()
            );
        }
    }
    let russia = entities
        .iter()
        .find(|e| e["name"] == "روسيا")
        .expect("Russia is found");
    assert_eq!(russia["actor"], "RUS");
    assert_eq!(russia["name_en"], "Russia");
}

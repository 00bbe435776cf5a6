//! `rasd eval timex` and dates in `rasd extract`.

use crate::util::{rasd, repo, scratch};

#[test]
fn eval_timex_scores_timeml_files() {
    let dir = scratch("eval-timex");
    std::fs::write(
        dir.join("a.tml"),
        "<?xml version=\"1.0\"?>\n<TimeML>\nوصل الوفد في <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2001-09-11\">11 سبتمبر 2001</TIMEX3> وبقي <TIMEX3 tid=\"t2\" type=\"DURATION\" value=\"P3D\">ثلاثة أيام</TIMEX3> ثم غادر <TIMEX3 tid=\"t3\" type=\"DATE\" value=\"2001-09-13\">أمس</TIMEX3>.\n</TimeML>\n",
    )
    .unwrap();
    let out = rasd(&[
        "eval",
        "timex",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--dct",
        "2001-09-14",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["micro"]["f1"].as_f64(), Some(1.0), "{v}");
    assert_eq!(v["value_accuracy"].as_f64(), Some(1.0), "{v}");
    assert_eq!(v["counts"]["gold"], 3);
}

#[test]
fn eval_timex_on_the_shared_dev_documents() {
    let Some(dev) = crate::util::shared("data/arabic-timex/dev-docs") else {
        return;
    };
    let out = rasd(&["eval", "timex", dev.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    eprintln!("timex dev: {v}");
    // A regression guard (0.90 relaxed F1 when written).
    assert!(v["micro"]["f1"].as_f64().unwrap() >= 0.85, "{v}");
}

#[test]
fn extract_resolves_dates_against_the_publication_date() {
    let sample = repo().join("samples/003_c5c637e4f4a0846f.txt");
    let out = rasd(&["extract", sample.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dates = doc["articles"][0]["dates"].as_array().unwrap();
    let today = dates
        .iter()
        .find(|d| d["text"] == "اليوم")
        .expect("«اليوم» is found");
    assert_eq!(
        today["value"], "2023-09-13",
        "the article is dated 13 September 2023"
    );
}

#[test]
fn eval_gsr_scores_gold_records() {
    let dir = scratch("eval-gsr");
    let file = dir.join("gsr.xml");
    std::fs::write(
        &file,
        r#"<?xml version='1.0' encoding='utf-8'?>
<Validation><Sentences>
<Sentence category="PROTEST" date="20080101" evaluate="true" id="a1" >
<EventCoding eid="0" eventcode="" plover="PROTEST" sourcecode="None CVL" targetcode="None None" />
<Text>
وتظاهر آلاف الطلاب المصريين أمام مقر البرلمان.
</Text>
</Sentence>
<Sentence category="ASSAULT" date="20080101" evaluate="true" id="a2" >
<EventCoding eid="0" eventcode="" plover="ASSAULT" sourcecode="ISR MIL" targetcode="LBN None" />
<Text>
وقصف الجيش الإسرائيلي مواقع في جنوب لبنان.
</Text>
</Sentence>
</Sentences></Validation>
"#,
    )
    .unwrap();
    let out = rasd(&["eval", "gsr", file.to_str().unwrap(), "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["records"], 2);
    assert_eq!(v["micro"]["f1"].as_f64(), Some(1.0), "{v}");
    assert_eq!(v["actor_accuracy"]["source"].as_f64(), Some(1.0), "{v}");
}

#[test]
fn eval_gsr_on_the_shared_dev_records() {
    let Some(dev) = crate::util::shared("data/petrarch-arabic/gsr-dev/arabic_gsr_dev.xml") else {
        return;
    };
    let out = rasd(&["eval", "gsr", dev.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    eprintln!("gsr dev: {}", v["micro"]);
    // A regression guard (0.86 when written).
    assert!(v["micro"]["f1"].as_f64().unwrap() >= 0.8, "{v}");
}

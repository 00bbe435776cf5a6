//! Every annotation of the project's corpus (`data/annotated`) passes the validator: strings
//! verbatim in their texts, ids that resolve, CAMEO codes that agree with their PLOVER type.
//! The corpus is in the repository, so this runs everywhere.

use std::path::Path;

use rasd_eval::{CameoTable, gold, validate::validate};

#[test]
fn every_annotation_file_is_valid() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/annotated");
    let mut files = 0;
    let mut problems = Vec::new();
    for dir in ["gold", "double"] {
        for (path, g) in gold::read_dir(&base.join(dir)).expect("the annotation folders read") {
            let text = std::fs::read_to_string(base.join("texts").join(&g.file))
                .unwrap_or_else(|e| panic!("{}: its text {}: {e}", path.display(), g.file));
            problems.extend(validate(&g, &text, CameoTable::bundled()));
            files += 1;
        }
    }
    assert!(files >= 30, "only {files} annotation files");
    assert!(
        problems.is_empty(),
        "{} problems, first: {}",
        problems.len(),
        problems
            .iter()
            .take(10)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_manifest_names_every_annotated_text_once_with_a_split() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/annotated");
    let manifest = std::fs::read_to_string(base.join("manifest.tsv")).unwrap();
    let mut seen = std::collections::HashSet::new();
    for line in manifest.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        assert!(seen.insert(f[1].to_owned()), "{} twice", f[1]);
        assert!(["train", "dev", "test"].contains(&f[6]), "{line}");
        assert!(
            base.join("texts").join(f[1]).exists(),
            "{} has no text",
            f[1]
        );
    }
    for (_, g) in gold::read_dir(&base.join("gold")).unwrap() {
        assert!(seen.contains(&g.file), "{} is not in the manifest", g.file);
    }
}

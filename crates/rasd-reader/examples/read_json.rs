//! What the reader alone finds in plain-text files, one JSON object per file per line, in the
//! shape `score_seeds.py` reads (`file`, `articles`: role, title, outlet, published, byline,
//! body) plus the dropped lines and why. Fast: no analysis after the reader.
//!
//!     cargo run --release -p rasd-reader --example read_json -- FILE... > out.jsonl

use std::io::Write;
use std::path::Path;

use rasd_reader::ReaderBuilder;
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let reader = ReaderBuilder::new().build();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for arg in std::env::args().skip(1) {
        let path = Path::new(&arg);
        let doc = match reader.read_path(path) {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("{arg}: {e}");
                continue;
            }
        };
        let text = &doc.text;
        let articles: Vec<_> = doc
            .articles
            .iter()
            .map(|a| {
                json!({
                    "role": a.role,
                    "title": a.title.as_ref().map(|f| &f.text),
                    "outlet": a.outlet.as_ref().map(|f| &f.text),
                    "published": a.published.as_ref().map(|p| &p.date),
                    "byline": a.byline.as_ref().map(|f| &f.text),
                    "body": a.body(text),
                    "dropped": a.dropped.iter().map(|d| json!([d.reason, d.span.text(text)])).collect::<Vec<_>>(),
                })
            })
            .collect();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        writeln!(out, "{}", json!({ "file": name, "articles": articles }))?;
    }
    Ok(())
}

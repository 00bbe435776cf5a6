//! Measures rasd's page extractor beside dom_smoothie (a port of Mozilla's readability) on a
//! folder of `<id>.html` pages with `<id>.txt` gold main text: bag-of-words F1 per page and
//! averaged, and pages per second of each.
//!
//!     cargo run --release -p rasd-web --example readability -- ../shared/data/html-pages

#![allow(clippy::print_stdout)] // a measuring tool: its report is its output

use std::path::PathBuf;
use std::time::Instant;

use dom_smoothie::{Config, Readability, TextMode};

fn smoothie(html: &str) -> String {
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    Readability::new(html, None, Some(cfg))
        .and_then(|mut r| r.parse())
        .map(|a| a.text_content.to_string())
        .unwrap_or_default()
}

fn rasd(html: &str) -> String {
    let page = rasd_web::extract(html);
    page.main
        .blocks
        .iter()
        .map(|b| b.1.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("a folder of pages"));
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    pages.sort();
    let docs: Vec<(String, String, String)> = pages
        .iter()
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            let html = std::fs::read_to_string(p).expect("UTF-8 page");
            let gold = std::fs::read_to_string(p.with_extension("txt")).unwrap_or_default();
            (id, html, gold)
        })
        .collect();
    type Extractor = fn(&str) -> String;
    let extractors: [(&str, Extractor); 2] = [("rasd", rasd), ("dom_smoothie", smoothie)];
    for (name, f) in extractors {
        let start = Instant::now();
        let mut sum = 0.0;
        for (id, html, gold) in &docs {
            let s = rasd_web::eval::bag_of_words(&f(html), gold);
            sum += s.f1;
            println!(
                "{name}\t{id}\tP {:.3}\tR {:.3}\tF1 {:.3}",
                s.precision, s.recall, s.f1
            );
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name}\tmean F1 {:.3}\t{:.1} pages/s",
            sum / docs.len() as f64,
            docs.len() as f64 / secs
        );
    }
}

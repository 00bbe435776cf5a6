//! What an ingest tells (`rasd_ingest::Progress`), shown on stderr: a progress bar and a
//! spinner on a terminal, and `rasd: warning|error|note: …` lines.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use rasd_ingest::{SourceError, Step};

/// Stderr as the observer of an ingest.
pub struct Shown {
    bar: ProgressBar,
    spinner: Mutex<Option<ProgressBar>>,
}

impl Shown {
    /// Messages only, no bar (`watch`, `serve`, `index`, and the commands that only read).
    pub fn hidden() -> Shown {
        Shown::with(ProgressBar::hidden())
    }

    /// A bar of `sources` files and records on a terminal (messages only otherwise).
    pub fn bar(sources: usize) -> Shown {
        if !std::io::stderr().is_terminal() {
            return Shown::hidden();
        }
        // Dumps count as one until their records are read.
        let bar = ProgressBar::new(sources as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} ingesting [{bar:30}] {pos}/{len} files and records · {per_sec} · eta {eta} {msg}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        Shown::with(bar)
    }

    fn with(bar: ProgressBar) -> Shown {
        Shown {
            bar,
            spinner: Mutex::new(None),
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl rasd_ingest::Progress for Shown {
    fn grow(&self, n: i64) {
        if n > 0 {
            self.bar.inc_length(n as u64)
        } else {
            self.bar.dec_length(n.unsigned_abs())
        }
    }

    fn sources_done(&self, n: usize) {
        self.bar.inc(n as u64);
    }

    fn warning(&self, source: &str, message: &str) {
        self.bar
            .suspend(|| eprintln!("rasd: warning: {source}: {message}"));
    }

    fn error(&self, error: &SourceError) {
        self.bar.suspend(|| eprintln!("rasd: error: {error}"));
    }

    fn note(&self, source: &str, message: &str) {
        self.bar
            .suspend(|| eprintln!("rasd: note: {source}: {message}"));
    }

    fn waiting_for_writer(&self, data_dir: &Path) {
        eprintln!(
            "rasd: waiting for another rasd writer on {}…",
            data_dir.display()
        );
    }

    fn step(&self, step: Step, running: bool) {
        let Ok(mut spinner) = self.spinner.lock() else {
            return;
        };
        if let Some(s) = spinner.take() {
            s.finish_and_clear();
        }
        if running && std::io::stderr().is_terminal() {
            let s = ProgressBar::new_spinner();
            s.set_message(match step {
                Step::CrossArticle => "resolving entities, clustering stories, fusing events",
                _ => "working",
            });
            s.enable_steady_tick(std::time::Duration::from_millis(120));
            *spinner = Some(s);
        }
    }
}

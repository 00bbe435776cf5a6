//! `rasd train …`: build the data files rasd ships from the corpora in `../shared/data`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};

#[derive(Subcommand)]
pub enum TrainCommand {
    /// Word-frequency lexicon used by the clitic analyzer (data/text/lexicon.tsv).
    Lexicon(LexiconArgs),
}

#[derive(Args)]
pub struct LexiconArgs {
    /// Folder of JSONL news dumps (*.jsonl or *.jsonl.gz, field `text`).
    #[arg(long)]
    corpus: PathBuf,
    /// Where to write the lexicon.
    #[arg(long, default_value = "data/text/lexicon.tsv")]
    out: PathBuf,
    /// Keep words seen at least this often.
    #[arg(long, default_value_t = 5)]
    min_count: u64,
    /// Keep at most this many words (the most frequent).
    #[arg(long, default_value_t = 60_000)]
    max_words: usize,
}

pub fn run(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        TrainCommand::Lexicon(args) => lexicon(args),
    }
}

fn lexicon(args: LexiconArgs) -> anyhow::Result<ExitCode> {
    let (files, errors) =
        crate::inputs::expand(std::slice::from_ref(&args.corpus), &["gz", "jsonl"]);
    if let Some((p, e)) = errors.first() {
        anyhow::bail!("{}: {e}", p.display());
    }
    let mut texts = Vec::new();
    for f in &files {
        for rec in
            rasd_reader::corpus::records(f).with_context(|| format!("opening {}", f.display()))?
        {
            match rec {
                Ok(r) => texts.push(r.text),
                Err(e) => eprintln!("rasd: warning: {e}"),
            }
        }
    }
    anyhow::ensure!(
        !texts.is_empty(),
        "no records found under {}",
        args.corpus.display()
    );
    eprintln!(
        "rasd: counting words in {} articles from {} files",
        texts.len(),
        files.len()
    );
    let counts = rasd_text::count_words(texts.iter().map(String::as_str));
    let file = std::fs::File::create(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let mut w = std::io::BufWriter::new(file);
    rasd_text::write_lexicon(&counts, args.min_count, args.max_words, &mut w)?;
    w.flush()?;
    eprintln!("rasd: wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

//! `rasd`: Arabic news in, structured and verifiable knowledge out.
#![allow(clippy::print_stdout)] // the binary is the one place that prints results

mod commands;
mod inputs;
mod output;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// rasd (رصد) turns Arabic news into structured, evidence-linked knowledge.
#[derive(Parser)]
#[command(name = "rasd", version, about = "rasd (رصد): Arabic news in, structured and evidence-linked knowledge out", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read news files and print what each article says: metadata, entities, events, quotes.
    Extract(commands::extract::ExtractArgs),
    /// The whole pipeline over a set of articles: extraction, near-duplicates, entities
    /// resolved across articles, stories, and fused events with their sources and contradictions.
    Analyze(commands::analyze::AnalyzeArgs),
    /// Analyse news files and keep what they say in the store (`--data-dir`); articles already
    /// stored are skipped, and the cross-article layer is recomputed over the whole store.
    Ingest(commands::ingest::IngestArgs),
    /// List the fused events in the store.
    Events(commands::ingest::EventsArgs),
    /// List the canonical entities in the store.
    Entities(commands::ingest::EntitiesArgs),
    /// Export the store's events, fused events or entities as CSV or PLOVER JSON Lines.
    Export(commands::export::ExportArgs),
    /// Rebuild the search index of the store (`<data-dir>/index`).
    Index(commands::search::IndexArgs),
    /// Full-text search over the stored articles (any clitic form or spelling of a word).
    Search(commands::search::SearchArgs),
    /// Serve the HTTP API (`/api/v1`) and the web UI over the store (`--data-dir`).
    Serve(commands::serve::ServeArgs),
    /// Keep the store current from folders, feeds and pages: one cycle every `--every` (new
    /// or changed files, new feed items and their pages, changed pages), politely, remembering
    /// what was seen; one line per cycle on stderr.
    Watch(commands::watch::WatchArgs),
    /// Build the data files rasd ships (lexicons, models) from corpora.
    #[command(subcommand)]
    Train(commands::train::TrainCommand),
    /// Score rasd's stages against annotated data.
    #[command(subcommand)]
    Eval(commands::eval::EvalCommand),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false)
        // Colour codes only for a person at a terminal, never in a log file or a pipe.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RASD_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => commands::extract::run(args),
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Events(args) => commands::ingest::run_events(args),
        Command::Entities(args) => commands::ingest::run_entities(args),
        Command::Export(args) => commands::export::run(args),
        Command::Index(args) => commands::search::run_index(args),
        Command::Search(args) => commands::search::run_search(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Watch(args) => commands::watch::run(args),
        Command::Train(cmd) => commands::train::run(cmd),
        Command::Eval(cmd) => commands::eval::run(cmd),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("rasd: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

//! `rasd serve`: the HTTP API and the web UI over a data directory.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

#[derive(Args)]
pub struct ServeArgs {
    /// News files or directories to ingest into the store first (articles already stored are
    /// skipped), as `rasd ingest` does.
    paths: Vec<PathBuf>,
    /// The data directory holding the store (filled by `rasd ingest`).
    #[arg(long, default_value = rasd_store::DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
    /// Port to listen on (0: any free port; the URL is printed).
    #[arg(long, default_value_t = 7878)]
    port: u16,
    /// Address to bind. The default serves this machine only; anything else exposes the
    /// store to the network (there is no authentication).
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// A host name the server answers for besides its address, `localhost`, `127.0.0.1` and
    /// `[::1]` (repeatable; `NAME` or `NAME:PORT`; `*` answers any). Requests naming another
    /// `Host` get 421: a web page whose name was pointed at this machine cannot read the API
    /// (DNS rebinding).
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_host: Vec<String>,
    /// Store reads running at once [default: twice the cores, at least 4].
    #[arg(long)]
    readers: Option<usize>,
    /// Compute every answer anew instead of keeping answers until the store changes (to
    /// measure the queries themselves).
    #[arg(long, hide = true)]
    no_cache: bool,
    /// Keep the store current while serving from these folders, feed URLs and page URLs, as
    /// `rasd watch` does (in a background thread; the API and UI show new articles as they
    /// are stored).
    #[arg(long = "watch", value_name = "SOURCE", num_args = 1..)]
    watch: Vec<String>,
    #[command(flatten)]
    watch_options: super::watch::WatchOptions,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    // The watcher first: a bad source or a data directory watched already stops here.
    let watcher = if args.watch.is_empty() {
        None
    } else {
        Some(super::watch::watcher(
            &args.watch,
            &args.data_dir,
            &args.watch_options,
        )?)
    };
    if !args.paths.is_empty() {
        let code = super::ingest::before_serving(args.paths.clone(), args.data_dir.clone())?;
        if code == ExitCode::from(1) {
            return Ok(code); // nothing could be read: say so rather than serve an empty store
        }
    } else if watcher.is_some() || args.data_dir.join(rasd_store::DB_FILE).is_file() {
        // What a writer killed after its last batch left pending is completed first (and a
        // watched data directory gets its store and index, empty until the first cycle).
        let progress = crate::progress::Shown::hidden();
        let _lock = rasd_ingest::lock_writer(&args.data_dir, &progress)?;
        let mut store = rasd_store::Store::open(&args.data_dir)
            .with_context(|| format!("opening the store in {}", args.data_dir.display()))?;
        rasd_ingest::complete_pending(
            &mut store,
            &args.data_dir,
            3,
            rasd_ingest::Linking::Update,
            &progress,
        )?;
    }
    let mut config = rasd_server::ServerConfig::new(&args.data_dir, args.port);
    config.host = args.host;
    config.cache = !args.no_cache;
    config.allowed_hosts = args.allow_host;
    if let Some(n) = args.readers {
        config.readers = n.max(1);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let stop = rasd_watch::StopSignal::new();
    let watching = watcher.map(|watcher| {
        let (stop, data_dir, options) = (
            stop.clone(),
            args.data_dir.clone(),
            args.watch_options.clone(),
        );
        std::thread::spawn(move || {
            super::watch::run_loop(watcher, &data_dir, &options, &stop);
        })
    });
    let served = runtime.block_on(rasd_server::serve(config, |addr| {
        // The first line on stdout is the URL (scripts and tests read it).
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "http://{addr}/");
        let _ = out.flush();
        eprintln!(
            "rasd: serving {} on http://{addr}/ (API: http://{addr}/api/v1/, Ctrl-C stops)",
            args.data_dir.display()
        );
    }));
    stop.stop();
    if let Some(thread) = watching {
        if !thread.is_finished() {
            eprintln!("rasd: stopping the watcher after its cycle…");
        }
        let _ = thread.join();
    }
    served.with_context(|| format!("serving {}", args.data_dir.display()))?;
    Ok(ExitCode::SUCCESS)
}

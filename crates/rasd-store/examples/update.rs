//! Times [`Store::update`] on a copy of a store: the steps of its `N` newest articles are
//! forgotten, so the update takes them as just added, as `rasd ingest` would after storing them.
//!
//! Usage: `cargo run --release -p rasd-store --example update -- DATA_DIR_COPY [N=100]`
//! (it changes the store: run it on a copy).
#![allow(clippy::print_stdout)] // a measuring tool: its report is its output

use rasd_store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: update DATA_DIR_COPY [N]")?;
    let n: i64 = args.next().map(|n| n.parse()).transpose()?.unwrap_or(100);
    let mut store = Store::open(&dir)?;
    store.connection().execute(
        "DELETE FROM story_steps WHERE article IN
           (SELECT id FROM articles ORDER BY id DESC LIMIT ?1)",
        [n],
    )?;
    store.connection().execute(
        "UPDATE meta SET value = '1' WHERE key = 'derived_stale'",
        [],
    )?;
    let clock = std::time::Instant::now();
    let update = store.update(3)?;
    let total = clock.elapsed().as_secs_f64();
    println!(
        "{} articles linked ({}), {} read again, {} stories replaced: {total:.3} s",
        update.added.len(),
        if update.full { "recompute" } else { "update" },
        update.read,
        update.stories
    );
    for (phase, s) in &update.seconds {
        println!("  {phase:<28} {s:8.3} s");
    }
    Ok(())
}

//! Print the actor mentions of each line of standard input:
//! `echo "قال الرئيس الروسي" | cargo run --release -p rasd-actors --example find`.
#![allow(clippy::print_stdout)] // an example prints its results

use std::io::BufRead;

fn main() -> std::io::Result<()> {
    let kb = rasd_actors::ActorKb::bundled();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        for m in kb.find(&line) {
            println!(
                "{:>5}..{:<5} {:<10} {:<11} «{}» {}",
                m.span.start,
                m.span.end,
                format!("{:?}", m.kind),
                m.actor.code,
                m.span.text(&line),
                m.actor.name_en.as_deref().unwrap_or("")
            );
        }
        println!();
    }
    Ok(())
}

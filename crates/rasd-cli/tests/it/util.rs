//! Running the binary in tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Run `rasd` with arguments.
pub fn rasd(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rasd"))
        .args(args)
        .env("RASD_LOG", "warn")
        .output()
        .expect("rasd runs")
}

/// Parse NDJSON stdout.
pub fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A scratch directory unique to one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rasd-it-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A path inside `../shared` (the project's shared data, beside the checkout), or `None` when
/// it is not there: the test then says it is skipped. With `RASD_REQUIRE_SHARED=1` (CI) a
/// missing path fails the test instead, so that a green run never hides a skipped check.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = repo().join("../shared").join(rel);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("RASD_REQUIRE_SHARED").is_none_or(|v| v != "1"),
        "{} is required (RASD_REQUIRE_SHARED=1) but not found",
        path.display()
    );
    eprintln!("skipped: {} not found", path.display());
    None
}

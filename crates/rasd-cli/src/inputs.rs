//! Turning command-line paths into the list of files to read.

use std::path::{Path, PathBuf};

/// Files named on the command line, directories expanded (recursively, sorted) to the files
/// whose name ends in `.` and one of `extensions` (`txt`, `jsonl.gz`; any case). Paths that cannot be listed are returned as errors
/// so that the caller reports them and goes on.
pub fn expand(
    paths: &[PathBuf],
    extensions: &[&str],
) -> (Vec<PathBuf>, Vec<(PathBuf, std::io::Error)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, extensions, &mut files, &mut errors),
            // A file named explicitly is read whatever its extension.
            Ok(_) => files.push(p.clone()),
            Err(e) => errors.push((p.clone(), e)),
        }
    }
    (files, errors)
}

fn walk(
    dir: &Path,
    extensions: &[&str],
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<(PathBuf, std::io::Error)>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push((dir.to_owned(), e));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        if child.is_dir() {
            walk(&child, extensions, files, errors);
        } else if child
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .is_some_and(|n| {
                extensions
                    .iter()
                    .any(|x| n.ends_with(&format!(".{}", x.to_lowercase())))
            })
        {
            files.push(child);
        }
    }
}

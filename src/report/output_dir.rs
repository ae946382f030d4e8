//! An output folder written whole or not at all.
//!
//! Files are written into a hidden staging folder beside the target. Only
//! when every file is written does [`Staging::commit`] swap it into place: the
//! old folder is renamed aside, the new one renamed in, the old one removed.
//! A run that fails or is killed leaves the previous folder as it was (and at
//! worst a stale `.selloff-staging-*` folder, cleaned up by the next run).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Errors about the output location.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The folder or a parent cannot be created or written.
    #[error("cannot write the output folder `{path}`: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A staging folder for one output folder.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `target` can be written and creates its staging folder.
    /// Fails early (before any simulation) when it cannot.
    pub fn begin(target: &Path) -> Result<Staging, OutputError> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "output".into());
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        if target.exists() && !target.is_dir() {
            return Err(OutputError::Io {
                path: target.to_path_buf(),
                source: io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "a file is in the way of the output folder",
                ),
            });
        }
        // A run killed between the two renames of its commit left the previous
        // folder renamed aside and no target: put it back before anything else.
        if !target.exists() {
            if let Ok(entries) = fs::read_dir(&parent) {
                let prefix = format!(".selloff-old-{name}-");
                let mut olds: Vec<PathBuf> = entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                    .map(|e| e.path())
                    .collect();
                olds.sort();
                if let Some(old) = olds.first() {
                    fs::rename(old, target).map_err(io_err(target))?;
                }
            }
        }
        // Clear stale staging folders of earlier interrupted runs.
        if let Ok(entries) = fs::read_dir(&parent) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().to_string();
                if n.starts_with(&format!(".selloff-staging-{name}-"))
                    || n.starts_with(&format!(".selloff-old-{name}-"))
                {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = parent.join(format!(".selloff-staging-{name}-{}", std::process::id()));
        fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
        })
    }

    /// The staging folder, where files are written.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder the outputs will have once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes one file into the staging folder.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, OutputError> {
        let p = self.dir.join(name);
        fs::write(&p, bytes).map_err(io_err(&p))?;
        Ok(p)
    }

    /// Moves the staged folder into place, replacing any previous one.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let parent = self
            .dir
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let old = parent.join(format!(".selloff-old-{name}-{}", std::process::id()));
        let had_old = self.target.is_dir();
        if had_old {
            fs::rename(&self.target, &old).map_err(io_err(&self.target))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(OutputError::Io {
                path: self.target.clone(),
                source: e,
            });
        }
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        self.committed = true;
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_run_leaves_the_previous_folder_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        let s = Staging::begin(&target).unwrap();
        s.write("a.txt", b"first").unwrap();
        s.commit().unwrap();
        {
            let s = Staging::begin(&target).unwrap();
            s.write("a.txt", b"second").unwrap();
            // dropped without commit: a failure mid-run
        }
        assert_eq!(fs::read(target.join("a.txt")).unwrap(), b"first");
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
        let s = Staging::begin(&target).unwrap();
        s.write("b.txt", b"third").unwrap();
        s.commit().unwrap();
        assert!(
            !target.join("a.txt").exists(),
            "a commit replaces the whole folder"
        );
        assert_eq!(fs::read(target.join("b.txt")).unwrap(), b"third");
    }

    #[test]
    fn a_run_killed_inside_its_commit_gets_the_previous_folder_back() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        let s = Staging::begin(&target).unwrap();
        s.write("a.txt", b"first").unwrap();
        s.commit().unwrap();
        // Killed after renaming the old folder aside, before renaming the new one in.
        fs::rename(&target, tmp.path().join(".selloff-old-out-999")).unwrap();
        fs::create_dir(tmp.path().join(".selloff-staging-out-999")).unwrap();
        let s = Staging::begin(&target).unwrap();
        assert_eq!(fs::read(target.join("a.txt")).unwrap(), b"first");
        drop(s);
        let left: Vec<_> = fs::read_dir(tmp.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "only the restored folder remains");
    }

    #[test]
    fn a_file_in_the_way_is_an_error_naming_the_path() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("file");
        fs::write(&f, b"x").unwrap();
        let e = Staging::begin(&f.join("out")).unwrap_err().to_string();
        assert!(e.contains("file"), "{e}");
        let e = Staging::begin(&f).unwrap_err().to_string();
        assert!(e.contains("a file is in the way"), "{e}");
    }
}

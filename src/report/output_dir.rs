//! An output folder written whole or not at all, and never over a user's files.
//!
//! **What may be replaced.** selloff replaces only a folder it wrote itself, or
//! an empty one. Every folder it writes holds a manifest, [`MANIFEST`], naming
//! the command that wrote it and every file in it. A target is checked before
//! any simulation starts ([`Staging::begin`]):
//! - missing, or an empty folder: written;
//! - a folder with a manifest of the same command, holding nothing but the
//!   manifest's files: replaced whole (the normal re-run);
//! - a folder with a manifest of another command (`selloff sweep` output
//!   given to `selloff run`): refused unless `--force`;
//! - a folder without a manifest (an older selloff's output): refused unless
//!   `--force`, and even then only when every file in it is one selloff writes;
//! - a folder holding anything else (a user's file or folder), the current
//!   folder or one that contains it, a symbolic link, a file: always refused.
//!
//! A refusal is [`OutputError::Refused`] (invalid input: exit 2).
//!
//! **Whole or not at all.** Files are written into a staging folder beside the
//! target. Only when every file is written does [`Staging::commit`] swap it
//! into place: the old folder is renamed aside, the new one renamed in, the
//! old one removed. A run that fails or is killed leaves the previous folder
//! as it was.
//!
//! **Concurrent runs.** A run holds an exclusive lock on a lock file beside
//! the target (`.NAME.selloff-lock`) from [`Staging::begin`] until its staging
//! is committed or dropped. A second run into the same target is refused at
//! once ([`OutputError::Busy`]) instead of the two deleting each other's
//! files. Staging and set-aside folders carry the target's exact name and the
//! owner's process id (`.NAME.selloff-staging-PID`, `.NAME.selloff-old-PID`),
//! so a run only ever touches leftovers of its own target, and only while it
//! holds that target's lock, which proves their owner is gone (the operating
//! system releases a lock when its process dies).

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// Name of the manifest file in every output folder selloff writes.
pub const MANIFEST: &str = ".selloff-output";

/// First line of a manifest (the rest: `command: …`, then one file per line).
const MANIFEST_HEADER: &str = "# Written by selloff. It replaces this folder whole on the next run into it, and refuses to if you add files of your own.";

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
    /// The target must not be replaced (invalid input).
    #[error("refusing to write the output folder `{path}`: {reason}")]
    Refused {
        /// The target.
        path: PathBuf,
        /// Why, and what to do instead.
        reason: String,
    },
    /// Another selloff process is writing the same target now.
    #[error(
        "another selloff is writing the output folder `{path}` right now; wait for it to finish or choose another `--out`"
    )]
    Busy {
        /// The target.
        path: PathBuf,
    },
}

impl OutputError {
    /// True when the error is the user's to fix (a refused target): exit code 2.
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, OutputError::Refused { .. })
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Who is writing, and whether a folder of another command or an older
/// selloff may be replaced.
#[derive(Debug, Clone, Copy)]
pub struct Writer<'a> {
    /// The command writing the folder, as the user typed it (`run`, `sweep`, `tornado`, `compare`).
    pub command: &'a str,
    /// `--force`: replace a selloff folder of another command or one without a manifest.
    pub force: bool,
}

/// A staging folder for one output folder, with the target's lock held.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    command: String,
    /// Held until the staging is dropped (committed or not).
    _lock: TargetLock,
    committed: bool,
}

impl Staging {
    /// Checks that `target` may be written by `writer`, takes its lock and
    /// creates the staging folder. Fails early (before any simulation) when it
    /// cannot.
    pub fn begin(target: &Path, writer: Writer<'_>) -> Result<Staging, OutputError> {
        let name = target_name(target)?;
        refuse_current_folder(target)?;
        refuse_through_a_file(target)?;
        let parent = parent_of(target);
        fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let lock = TargetLock::acquire(&parent, &name, target)?;
        // A run killed between the two renames of its commit left the previous
        // folder set aside and no target: put it back before anything else.
        let leftovers = own_leftovers(&parent, &name);
        if fs::symlink_metadata(target).is_err()
            && let Some(old) = leftovers.iter().find(|(kind, _)| *kind == "old")
        {
            fs::rename(&old.1, target).map_err(io_err(target))?;
        }
        check_replaceable(target, writer)?;
        for (_, p) in own_leftovers(&parent, &name) {
            let _ = fs::remove_dir_all(p);
        }
        let dir = parent.join(format!(".{name}.selloff-staging-{}", std::process::id()));
        fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            command: writer.command.to_string(),
            _lock: lock,
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

    /// Writes the manifest and moves the staged folder into place, replacing
    /// any previous one.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        self.write_manifest()?;
        let parent = parent_of(&self.target);
        let name = target_name(&self.target)?;
        let old = parent.join(format!(".{name}.selloff-old-{}", std::process::id()));
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

    fn write_manifest(&self) -> Result<(), OutputError> {
        let mut files: Vec<String> = fs::read_dir(&self.dir)
            .map_err(io_err(&self.dir))?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n != MANIFEST)
            .collect();
        files.sort();
        let text = format!(
            "{MANIFEST_HEADER}\ncommand: {}\n{}\n",
            self.command,
            files.join("\n")
        );
        self.write(MANIFEST, text.as_bytes()).map(|_| ())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
        // The lock (a field) is released after this: nothing of ours is left then.
    }
}

/// The target's last path component (`.` and `..` are refused here, by name).
fn target_name(target: &Path) -> Result<String, OutputError> {
    match target.file_name() {
        Some(n) => Ok(n.to_string_lossy().to_string()),
        None => Err(OutputError::Refused {
            path: target.to_path_buf(),
            reason: "it is the root folder, the current folder or its parent; give a new folder, for example `--out output/mine`".into(),
        }),
    }
}

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Refuses the current folder and every folder that contains it.
fn refuse_current_folder(target: &Path) -> Result<(), OutputError> {
    let (Ok(cwd), Ok(t)) = (std::env::current_dir(), target.canonicalize()) else {
        return Ok(());
    };
    if cwd.starts_with(&t) {
        return Err(OutputError::Refused {
            path: target.to_path_buf(),
            reason: format!(
                "it is the current folder or contains it (`{}`); give a new folder, for example `--out output/mine`",
                t.display()
            ),
        });
    }
    Ok(())
}

/// Fails when a folder on the way to the target is a file.
fn refuse_through_a_file(target: &Path) -> Result<(), OutputError> {
    for a in target
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
    {
        if let Ok(meta) = fs::metadata(a) {
            if meta.is_dir() {
                return Ok(());
            }
            return Err(OutputError::Io {
                path: target.to_path_buf(),
                source: io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!(
                        "`{}` is a file, not a folder; choose another `--out` or move the file",
                        a.display()
                    ),
                ),
            });
        }
    }
    Ok(())
}

/// Staging (`"staging"`) and set-aside (`"old"`) folders of `name` in `parent`
/// left by earlier runs: exactly `.NAME.selloff-KIND-DIGITS`, oldest name first.
fn own_leftovers(parent: &Path, name: &str) -> Vec<(&'static str, PathBuf)> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut out: Vec<(&'static str, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().to_string();
            let rest = file.strip_prefix(&format!(".{name}.selloff-"))?;
            let kind = ["staging", "old"].into_iter().find(|k| {
                rest.strip_prefix(k)
                    .and_then(|r| r.strip_prefix('-'))
                    .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            })?;
            Some((kind, e.path()))
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// Refuses a target that is not missing, empty or a folder this writer may replace.
fn check_replaceable(target: &Path, w: Writer<'_>) -> Result<(), OutputError> {
    let refuse = |reason: String| OutputError::Refused {
        path: target.to_path_buf(),
        reason,
    };
    let Ok(meta) = fs::symlink_metadata(target) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(
            "it is a symbolic link; give the folder it points to, or a new folder".into(),
        ));
    }
    if !meta.is_dir() {
        return Err(refuse(
            "a file is in the way of the output folder; choose another `--out` or move the file"
                .into(),
        ));
    }
    let entries: Vec<(String, bool)> = fs::read_dir(target)
        .map_err(io_err(target))?
        .flatten()
        .map(|e| {
            let is_file = e.file_type().map(|t| t.is_file()).unwrap_or(false);
            (e.file_name().to_string_lossy().to_string(), is_file)
        })
        .collect();
    if entries.is_empty() {
        return Ok(());
    }
    let manifest = fs::read_to_string(target.join(MANIFEST)).ok();
    let listed: Vec<&str> = manifest
        .as_deref()
        .map(|m| m.lines().skip(2).collect())
        .unwrap_or_default();
    let foreign: Vec<&str> = entries
        .iter()
        .filter(|(n, is_file)| {
            n != MANIFEST
                && !(*is_file
                    && if manifest.is_some() {
                        listed.contains(&n.as_str())
                    } else {
                        w.force && looks_like_output(n)
                    })
        })
        .map(|(n, _)| n.as_str())
        .collect();
    if !foreign.is_empty() {
        let shown: Vec<&str> = foreign.iter().take(5).copied().collect();
        let more = if foreign.len() > 5 {
            format!(" and {} more", foreign.len() - 5)
        } else {
            String::new()
        };
        let older_selloff = manifest.is_none()
            && entries
                .iter()
                .all(|(n, is_file)| *is_file && looks_like_output(n));
        return Err(refuse(if older_selloff {
            format!(
                "it holds what looks like the output of an older selloff, without the {MANIFEST} manifest this version writes ({}{more}); pass `--force` to replace it, or choose another `--out`",
                shown.join(", ")
            )
        } else {
            format!(
                "it holds files selloff did not write ({}{more}), and selloff replaces only an empty folder or one it wrote itself: choose a new folder with `--out`",
                shown.join(", ")
            )
        }));
    }
    let by = manifest
        .as_deref()
        .and_then(|m| m.lines().nth(1))
        .and_then(|l| l.strip_prefix("command: "))
        .unwrap_or(w.command);
    if manifest.is_some() && by != w.command && !w.force {
        return Err(refuse(format!(
            "it holds the output of `selloff {by}`, and this is `selloff {}`; choose another `--out`, or pass `--force` to replace it",
            w.command
        )));
    }
    Ok(())
}

/// True for a file name selloff writes in an output folder (checked, with
/// `--force`, in a folder without a manifest).
fn looks_like_output(name: &str) -> bool {
    const EXTENSIONS: [&str; 5] = [".csv", ".json", ".md", ".png", ".svg"];
    !name.starts_with('.') && EXTENSIONS.iter().any(|e| name.ends_with(e))
}

/// An exclusive lock on `.NAME.selloff-lock` beside the target, held by this
/// process while it writes the target; the file is removed on release.
#[derive(Debug)]
struct TargetLock {
    path: PathBuf,
    file: Option<File>,
}

impl TargetLock {
    fn acquire(parent: &Path, name: &str, target: &Path) -> Result<TargetLock, OutputError> {
        let path = parent.join(format!(".{name}.selloff-lock"));
        // The file may be removed by its previous owner between our open and
        // our lock: then the lock is on a deleted file, and we try again.
        for _ in 0..8 {
            let file = File::options()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(io_err(&path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(OutputError::Busy {
                        path: target.to_path_buf(),
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(io_err(&path)(e)),
            }
            if same_file(&file, &path) {
                return Ok(TargetLock {
                    path,
                    file: Some(file),
                });
            }
        }
        Err(OutputError::Busy {
            path: target.to_path_buf(),
        })
    }
}

impl Drop for TargetLock {
    /// Removes the lock file while still holding the lock, then releases it.
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            let _ = fs::remove_file(&self.path);
            drop(file);
        }
    }
}

/// True when the open `file` is still the file at `path`.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so it is still the file at `path`.
#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: Writer<'static> = Writer {
        command: "run",
        force: false,
    };

    fn commit_one(target: &Path, w: Writer<'_>, file: &str, text: &[u8]) {
        let s = Staging::begin(target, w).unwrap();
        s.write(file, text).unwrap();
        s.commit().unwrap();
    }

    #[test]
    fn a_failed_run_leaves_the_previous_folder_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        commit_one(&target, RUN, "a.txt", b"first");
        {
            let s = Staging::begin(&target, RUN).unwrap();
            s.write("a.txt", b"second").unwrap();
            // dropped without commit: a failure mid-run
        }
        assert_eq!(fs::read(target.join("a.txt")).unwrap(), b"first");
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
        commit_one(&target, RUN, "b.txt", b"third");
        assert!(
            !target.join("a.txt").exists(),
            "a commit replaces the whole folder"
        );
        assert_eq!(fs::read(target.join("b.txt")).unwrap(), b"third");
        let manifest = fs::read_to_string(target.join(MANIFEST)).unwrap();
        assert!(manifest.ends_with("command: run\nb.txt\n"), "{manifest}");
    }

    #[test]
    fn a_run_killed_inside_its_commit_gets_the_previous_folder_back() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        commit_one(&target, RUN, "a.txt", b"first");
        // Killed after renaming the old folder aside, before renaming the new one in.
        fs::rename(&target, tmp.path().join(".out.selloff-old-999")).unwrap();
        fs::create_dir(tmp.path().join(".out.selloff-staging-999")).unwrap();
        let s = Staging::begin(&target, RUN).unwrap();
        assert_eq!(fs::read(target.join("a.txt")).unwrap(), b"first");
        drop(s);
        let left: Vec<_> = fs::read_dir(tmp.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "only the restored folder remains");
    }

    #[test]
    fn leftovers_of_another_target_with_a_longer_name_are_not_touched() {
        let tmp = tempfile::tempdir().unwrap();
        let other_old = tmp.path().join(".out-sweep.selloff-old-999");
        let other_staging = tmp.path().join(".out-sweep.selloff-staging-998");
        fs::create_dir(&other_old).unwrap();
        fs::create_dir(&other_staging).unwrap();
        commit_one(&tmp.path().join("out"), RUN, "a.txt", b"x");
        assert!(other_old.is_dir() && other_staging.is_dir());
        assert!(
            !tmp.path()
                .join("out")
                .join(".out-sweep.selloff-old-999")
                .exists()
        );
    }

    #[test]
    fn a_second_writer_of_the_same_target_is_refused_while_the_first_runs() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        let first = Staging::begin(&target, RUN).unwrap();
        let e = Staging::begin(&target, RUN).unwrap_err();
        assert!(matches!(e, OutputError::Busy { .. }), "{e}");
        assert!(first.dir().is_dir(), "the first run's staging is intact");
        first.write("a.txt", b"x").unwrap();
        first.commit().unwrap();
        assert!(!tmp.path().join(".out.selloff-lock").exists());
        commit_one(&target, RUN, "b.txt", b"y");
    }

    #[test]
    fn a_folder_with_a_users_files_is_refused_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("mystudy");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("mine.toml"), b"keep me").unwrap();
        for force in [false, true] {
            let e = Staging::begin(
                &target,
                Writer {
                    command: "run",
                    force,
                },
            )
            .unwrap_err();
            assert!(e.is_invalid_input(), "{e}");
            assert!(e.to_string().contains("mine.toml"), "{e}");
        }
        assert_eq!(fs::read(target.join("mine.toml")).unwrap(), b"keep me");
        // A selloff folder the user added a file to is refused as well.
        let out = tmp.path().join("out");
        commit_one(&out, RUN, "series.csv", b"x");
        fs::write(out.join("notes.txt"), b"mine").unwrap();
        let e = Staging::begin(
            &out,
            Writer {
                command: "run",
                force: true,
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("notes.txt"), "{e}");
    }

    #[test]
    fn force_replaces_another_commands_folder_and_an_older_selloffs() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        commit_one(
            &out,
            Writer {
                command: "sweep",
                force: false,
            },
            "sweep.csv",
            b"x",
        );
        let e = Staging::begin(&out, RUN).unwrap_err();
        assert!(e.to_string().contains("`selloff sweep`"), "{e}");
        commit_one(
            &out,
            Writer {
                command: "run",
                force: true,
            },
            "a.csv",
            b"y",
        );
        let legacy = tmp.path().join("legacy");
        fs::create_dir(&legacy).unwrap();
        fs::write(legacy.join("summary.json"), b"{}").unwrap();
        fs::write(legacy.join("yields.png"), b"").unwrap();
        let e = Staging::begin(&legacy, RUN).unwrap_err();
        assert!(e.to_string().contains("--force"), "{e}");
        commit_one(
            &legacy,
            Writer {
                command: "run",
                force: true,
            },
            "a.csv",
            b"z",
        );
        assert!(!legacy.join("yields.png").exists());
    }

    #[test]
    fn a_file_in_the_way_is_an_error_naming_the_path() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("file");
        fs::write(&f, b"x").unwrap();
        let e = Staging::begin(&f.join("out"), RUN).unwrap_err().to_string();
        assert!(e.contains("file"), "{e}");
        let e = Staging::begin(&f, RUN).unwrap_err().to_string();
        assert!(e.contains("a file is in the way"), "{e}");
    }

    #[test]
    fn the_root_and_dot_folders_are_refused_by_name() {
        for p in ["/", ".", "..", "a/.."] {
            let e = Staging::begin(Path::new(p), RUN).unwrap_err();
            assert!(e.is_invalid_input(), "{p}: {e}");
        }
    }
}

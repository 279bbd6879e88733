//! Writing a file so that a reader never sees half of it: a temporary file in the
//! target's folder, filled, then renamed over the target (mode 0644).
//! The one atomic-write helper of the workspace: the store, the caches and every
//! `--out` file go through it. The store's and the caches' files are synced to disk
//! before the rename ([`write_with`]): they must survive a power cut. A user's output
//! ([`write_unsynced_with`]) is not: the rename alone keeps it whole through a crash or
//! `kill -9` (the kernel holds what was written), and syncing 100 MB of CSV costs more
//! than computing it (the matrix: 0.16 s of 0.58 s) — as with `cp`, DuckDB's `COPY`
//! or Polars' `sink_csv`, the disk is written when the kernel flushes. Files written
//! in a batch for the store (the event store's parts) are written the same way, then
//! made durable together ([`sync_batch`]) before anything lists them.
//!
//! A target that is not a regular file cannot be replaced by a rename without losing
//! what it is: a symbolic link is followed (its target is replaced), and a special file
//! (`/dev/stdout`, a named pipe, a terminal) is written through directly.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cache::StoreError;

/// Writes `path` atomically and durably with what `fill` writes into the open
/// temporary file (`fill`'s own errors pass through unchanged): the store's way.
pub fn write_with<E, F>(path: &Path, fill: F) -> Result<(), E>
where
    E: From<StoreError>,
    F: FnOnce(&mut File) -> Result<(), E>,
{
    write_atomically(path, fill, true)
}

/// Writes `path` atomically without waiting for the disk (see the module's notes): a
/// user's output file, or one file of a batch that [`sync_batch`] makes durable
/// afterwards, with one call for the whole batch instead of an `fsync` per file.
pub fn write_unsynced_with<E, F>(path: &Path, fill: F) -> Result<(), E>
where
    E: From<StoreError>,
    F: FnOnce(&mut File) -> Result<(), E>,
{
    write_atomically(path, fill, false)
}

/// Makes a batch of files written with [`write_unsynced_with`] durable, their renames
/// included: on Linux one `syncfs` of the file system holding `dir` (all of its
/// pending writes), elsewhere an `fsync` of each of `files` and of `dir`.
pub fn sync_batch(dir: &Path, files: &[PathBuf]) -> Result<(), StoreError> {
    let d = File::open(dir).map_err(|e| StoreError::io(dir, e))?;
    #[cfg(target_os = "linux")]
    {
        let _ = files;
        use std::os::fd::AsRawFd;
        // SAFETY: a valid open descriptor; the call reads no memory of ours.
        if unsafe { libc::syncfs(d.as_raw_fd()) } != 0 {
            return Err(StoreError::io(dir, std::io::Error::last_os_error()));
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        for f in files {
            File::open(f)
                .and_then(|f| f.sync_all())
                .map_err(|e| StoreError::io(f, e))?;
        }
        let _ = d.sync_all();
    }
    Ok(())
}

/// Sends a long output file to the disk while it is being written, where that saves
/// work at the end: on ext4, when the file will be renamed over an existing one. ext4
/// flushes a file renamed over another (`auto_da_alloc`) inside the rename — 70 ms for
/// the matrix's 108 MB of CSV, on one core after the work is done; started part by part
/// as the file grows (Linux `sync_file_range` with `SYNC_FILE_RANGE_WRITE`, which does
/// not wait for the disk), that work runs beside the writer's and the rename has little
/// left (24 ms). A new file, or another file system, is left to the kernel's own
/// writeback: starting the disk writes early there would gain nothing and could make a
/// run on a slow disk wait for it. Only a hint: errors are ignored (the data is in the
/// page cache and reaches the disk either way).
#[derive(Debug)]
pub struct WriteBehind {
    active: bool,
    /// Bytes from the file's start already sent on.
    sent: u64,
}

impl WriteBehind {
    /// For `file`, the temporary file that will be renamed over `target`.
    pub fn new(file: &File, target: &Path) -> WriteBehind {
        WriteBehind {
            active: target.is_file() && on_ext4(file),
            sent: 0,
        }
    }

    /// The file now holds `len` bytes: what was not sent on yet is sent now.
    pub fn written(&mut self, file: &File, len: u64) {
        if !self.active || len <= self.sent {
            return;
        }
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let (Ok(offset), Ok(count)) =
                (i64::try_from(self.sent), i64::try_from(len - self.sent))
            else {
                return;
            };
            // SAFETY: a valid open descriptor; the call reads no memory of ours.
            unsafe {
                libc::sync_file_range(file.as_raw_fd(), offset, count, libc::SYNC_FILE_RANGE_WRITE);
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = file;
        self.sent = len;
    }
}

/// Whether `file` is on ext2/3/4 (their shared superblock magic, 0xEF53).
fn on_ext4(file: &File) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let mut st = std::mem::MaybeUninit::<libc::statfs>::uninit();
        // SAFETY: a valid open descriptor and a buffer of the right type for the call
        // to fill; it is read only when the call succeeds.
        unsafe {
            libc::fstatfs(file.as_raw_fd(), st.as_mut_ptr()) == 0
                && st.assume_init().f_type == 0xEF53
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = file;
        false
    }
}

fn write_atomically<E, F>(path: &Path, fill: F, sync: bool) -> Result<(), E>
where
    E: From<StoreError>,
    F: FnOnce(&mut File) -> Result<(), E>,
{
    let target = match resolve(path)? {
        Target::Regular(p) => p,
        Target::Special(p) => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(&p)
                .map_err(|e| StoreError::io(&p, e))?;
            return fill(&mut f);
        }
    };
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| StoreError::io(dir, e))?;
    let mut file = tmp.reopen().map_err(|e| StoreError::io(&target, e))?;
    fill(&mut file)?;
    file.flush().map_err(|e| StoreError::io(&target, e))?;
    if sync {
        file.sync_all().map_err(|e| StoreError::io(&target, e))?;
    }
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| StoreError::io(&target, e))?;
    }
    tmp.persist(&target)
        .map_err(|e| StoreError::io(&target, e.error))?;
    Ok(())
}

/// Writes `bytes` to `path` atomically.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_with(path, |f| {
        f.write_all(bytes).map_err(|e| StoreError::io(path, e))
    })
}

enum Target {
    /// Replace by rename (a regular file, or nothing there yet).
    Regular(PathBuf),
    /// Write through (a device, a pipe, a socket).
    Special(PathBuf),
}

/// What a write to `path` should replace: an existing file through every symbolic link
/// (the kernel's resolution, which also knows `/dev/stdout` → `/proc/self/fd/1` → a pipe),
/// or, for a path that does not exist yet or a dangling link, the file to create.
fn resolve(path: &Path) -> Result<Target, StoreError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(StoreError::io(
            path,
            std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a folder, not a file"),
        )),
        Ok(m) if m.is_file() => Ok(Target::Regular(
            std::fs::canonicalize(path).map_err(|e| StoreError::io(path, e))?,
        )),
        Ok(_) => Ok(Target::Special(path.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => follow(path),
        Err(e) => Err(StoreError::io(path, e)),
    }
}

/// Follows symbolic links by hand to the file a write should create (the path does not
/// exist, or ends in a dangling link).
fn follow(path: &Path) -> Result<Target, StoreError> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::Regular(p)),
            Err(e) => return Err(StoreError::io(&p, e)),
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&p).map_err(|e| StoreError::io(&p, e))?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(m) if m.is_file() => return Ok(Target::Regular(p)),
            Ok(m) if m.is_dir() => {
                return Err(StoreError::io(
                    &p,
                    std::io::Error::new(
                        std::io::ErrorKind::IsADirectory,
                        "is a folder, not a file",
                    ),
                ));
            }
            Ok(_) => return Ok(Target::Special(p)),
        }
    }
    Err(StoreError::io(
        path,
        std::io::Error::other("too many levels of symbolic links"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sent on to the disk only for a file that will replace another on ext4; the
    /// file's content is whatever was written either way.
    #[test]
    fn write_behind_only_where_a_rename_would_flush() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let mut tmp = tempfile::NamedTempFile::new_in(dir.path()).unwrap();
        let new = WriteBehind::new(tmp.as_file(), &target);
        assert!(!new.active, "no file to replace");
        std::fs::write(&target, b"old").unwrap();
        let mut behind = WriteBehind::new(tmp.as_file(), &target);
        assert_eq!(behind.active, on_ext4(tmp.as_file()));
        let mut len = 0;
        for part in [&b"a,b\n"[..], b"", b"1,2\n3,4\n"] {
            tmp.write_all(part).unwrap();
            len += part.len() as u64;
            behind.written(tmp.as_file(), len);
            assert_eq!(behind.sent, if behind.active { len } else { 0 });
        }
        assert_eq!(std::fs::read(tmp.path()).unwrap(), b"a,b\n1,2\n3,4\n");
    }

    #[test]
    fn replaces_a_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_bytes(&p, b"one").unwrap();
        write_bytes(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }

    #[test]
    fn a_failed_fill_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_bytes(&p, b"old").unwrap();
        let r = write_with(&p, |f| {
            f.write_all(b"half").unwrap();
            Err(StoreError::io(&p, std::io::Error::other("stopped")))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_output_is_replaced_whole_too_and_a_failed_fill_keeps_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        let write = |text: &'static [u8]| {
            write_unsynced_with(&p, |f| f.write_all(text).map_err(|e| StoreError::io(&p, e)))
        };
        write(b"one").unwrap();
        write(b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let r: Result<(), StoreError> = write_unsynced_with(&p, |f| {
            f.write_all(b"half").unwrap();
            Err(StoreError::io(&p, std::io::Error::other("stopped")))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_symlink_stays_a_link_and_its_target_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink("target.txt", &link).unwrap();
        write_bytes(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn a_device_is_written_through() {
        write_bytes(Path::new("/dev/null"), b"x").unwrap();
        assert!(
            !std::fs::symlink_metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_file()
        );
    }

    /// A named pipe's reader gets every byte, and the pipe stays a pipe; a link to it
    /// (as /dev/stdout is to the process's descriptor) is written through as well.
    #[test]
    fn a_named_pipe_is_written_through() {
        use std::io::Read;
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let ok = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return; // no mkfifo on this system
        }
        let link = dir.path().join("out.csv");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        let reader_path = fifo.clone();
        let reader = std::thread::spawn(move || {
            let mut s = String::new();
            std::fs::File::open(&reader_path)
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            s
        });
        write_bytes(&link, b"a,b\n1,2\n").unwrap();
        assert_eq!(reader.join().unwrap(), "a,b\n1,2\n");
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
    }

    /// A link to a link to a file: the last file is replaced, both links stay.
    #[test]
    fn a_chain_of_links_reaches_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t.txt");
        std::fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink("t.txt", dir.path().join("l1")).unwrap();
        std::os::unix::fs::symlink("l1", dir.path().join("l2")).unwrap();
        write_bytes(&dir.path().join("l2"), b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert!(
            std::fs::symlink_metadata(dir.path().join("l1"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}

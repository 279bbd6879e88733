//! Verified downloads: a file is streamed to `<name>.part` beside its destination,
//! resumed with an HTTP range request after an interruption, checked (size, SHA-256 or
//! MD5) and only then renamed into place, so a destination is either the verified file
//! or absent. Bounded retries with exponential backoff, connect and per-read timeouts,
//! `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and `NO_PROXY` from the environment (ureq
//! with rustls: no OpenSSL).

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What went wrong, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: the server has no such file (HTTP 404)")]
    NotFound { url: String },
    #[error("{url}: HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: could not connect or read ({detail}); offline, or the host is down")]
    Network { url: String, detail: String },
    #[error("{url}: {what} differs: expected {expected}, got {got}; nothing was kept")]
    Mismatch {
        url: String,
        what: &'static str,
        expected: String,
        got: String,
    },
    #[error("{url}: {size} bytes is more than the {limit} allowed")]
    TooLarge { url: String, size: u64, limit: u64 },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl FetchError {
    /// Whether another attempt may succeed (network trouble, a server error).
    fn retryable(&self) -> bool {
        match self {
            FetchError::Network { .. } => true,
            FetchError::Status { status, .. } => *status >= 500 || *status == 408 || *status == 429,
            _ => false,
        }
    }
}

/// What the downloaded file must be.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expect {
    pub size: Option<u64>,
    /// Lower-case hex.
    pub sha256: Option<String>,
    pub md5: Option<String>,
}

/// Settings of a client.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Attempts after the first (each resumes where the last stopped).
    pub retries: u32,
    /// First wait between attempts; doubled each time.
    pub backoff: Duration,
    pub connect_timeout: Duration,
    /// The longest wait for the next bytes (a stalled server).
    pub read_timeout: Duration,
}

/// Attempts after the first, by default.
pub const RETRIES: u32 = 4;
/// Seconds without a byte before an attempt is given up, by default.
pub const READ_TIMEOUT_SECS: u64 = 30;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            retries: RETRIES,
            backoff: Duration::from_millis(500),
            connect_timeout: Duration::from_secs(15),
            read_timeout: Duration::from_secs(READ_TIMEOUT_SECS),
        }
    }
}

/// An HTTP client for verified downloads.
pub struct Client {
    agent: ureq::Agent,
    settings: Settings,
}

/// `path` with `.part` appended to its file name.
pub fn part_path(dest: &Path) -> PathBuf {
    let mut s = dest.as_os_str().to_os_string();
    s.push(".part");
    PathBuf::from(s)
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> FetchError + '_ {
    move |source| FetchError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Client {
    pub fn new(settings: Settings) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(settings.connect_timeout))
            .timeout_recv_response(Some(settings.read_timeout))
            .timeout_per_read(Some(settings.read_timeout))
            .proxy(ureq::Proxy::try_from_env())
            .user_agent(concat!("entente/", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: config.into(),
            settings,
        }
    }

    /// A small text (a file list), at most `limit` bytes, with the same retries.
    pub fn text(&self, url: &str, limit: u64) -> Result<String, FetchError> {
        self.with_retries(|| {
            let resp = self.agent.get(url).call().map_err(|e| net(url, e))?;
            check_status(url, resp.status().as_u16())?;
            let mut buf = Vec::new();
            resp.into_body()
                .into_with_config()
                .limit(limit)
                .reader()
                .read_to_end(&mut buf)
                .map_err(|e| FetchError::Network {
                    url: url.to_string(),
                    detail: e.to_string(),
                })?;
            Ok(String::from_utf8_lossy(&buf).into_owned())
        })
    }

    /// Calls `line` for each line of a (large) text file as it streams in — GDELT's
    /// master list is hundreds of MB; it is never held whole. Retried from the start
    /// on a network error (`line` must tolerate seeing lines again: collect by key).
    pub fn for_each_line(&self, url: &str, line: &mut dyn FnMut(&str)) -> Result<(), FetchError> {
        self.with_retries(|| {
            let resp = self.agent.get(url).call().map_err(|e| net(url, e))?;
            check_status(url, resp.status().as_u16())?;
            let reader = std::io::BufReader::new(resp.into_body().into_reader());
            for l in std::io::BufRead::lines(reader) {
                let l = l.map_err(|e| FetchError::Network {
                    url: url.to_string(),
                    detail: e.to_string(),
                })?;
                line(&l);
            }
            Ok(())
        })
    }

    fn with_retries<T>(
        &self,
        mut f: impl FnMut() -> Result<T, FetchError>,
    ) -> Result<T, FetchError> {
        let mut wait = self.settings.backoff;
        let mut attempt = 0;
        loop {
            match f() {
                Err(e) if e.retryable() && attempt < self.settings.retries => {
                    attempt += 1;
                    std::thread::sleep(wait);
                    wait *= 2;
                }
                other => return other,
            }
        }
    }

    /// Downloads `url` to `dest`: resumes a `.part` left by an earlier attempt or run,
    /// checks the result against `expect` and renames it into place. `progress` gets
    /// the bytes on disk and the total when known. A mismatch deletes the `.part`.
    pub fn download(
        &self,
        url: &str,
        dest: &Path,
        expect: &Expect,
        progress: &dyn Fn(u64, Option<u64>),
    ) -> Result<u64, FetchError> {
        let part = part_path(dest);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        self.with_retries(|| self.attempt(url, &part, expect, progress))?;
        let size = verify(url, &part, expect)?;
        let f = std::fs::File::open(&part).map_err(io(&part))?;
        f.sync_all().map_err(io(&part))?;
        std::fs::rename(&part, dest).map_err(io(dest))?;
        if let Some(dir) = dest.parent()
            && let Ok(d) = std::fs::File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(size)
    }

    /// One attempt: appends to the `.part` from where it ends.
    fn attempt(
        &self,
        url: &str,
        part: &Path,
        expect: &Expect,
        progress: &dyn Fn(u64, Option<u64>),
    ) -> Result<(), FetchError> {
        let mut have = std::fs::metadata(part).map_or(0, |m| m.len());
        if expect.size.is_some_and(|s| have > s) {
            std::fs::remove_file(part).map_err(io(part))?;
            have = 0;
        }
        if expect.size.is_some_and(|s| have == s) {
            return Ok(());
        }
        let mut req = self.agent.get(url);
        if have > 0 {
            req = req.header("Range", &format!("bytes={have}-"));
        }
        let resp = req.call().map_err(|e| net(url, e))?;
        let status = resp.status().as_u16();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(part)
            .map_err(io(part))?;
        match status {
            206 if have > 0 => {}
            200 => {
                // The whole file again (the server ignored the range, or none was asked).
                file.set_len(0).map_err(io(part))?;
                file.seek(std::io::SeekFrom::Start(0)).map_err(io(part))?;
                have = 0;
            }
            416 => {
                // The range starts at or past the end: the part is complete or stale;
                // the check decides, and a stale part is fetched again next time.
                return match verify(url, part, expect) {
                    Ok(_) => Ok(()),
                    Err(_) => {
                        let _ = std::fs::remove_file(part);
                        Err(FetchError::Network {
                            url: url.to_string(),
                            detail: "the partial file did not match; starting over".into(),
                        })
                    }
                };
            }
            s => check_status(url, s)?,
        }
        let total = expect.size.or_else(|| {
            resp.headers()
                .get("content-length")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                .map(|n| n + have)
        });
        let mut reader = resp.into_body().into_reader();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    let _ = file.flush();
                    return Err(FetchError::Network {
                        url: url.to_string(),
                        detail: format!("interrupted after {have} bytes: {e}"),
                    });
                }
            };
            file.write_all(&buf[..n]).map_err(io(part))?;
            have += n as u64;
            if let Some(s) = expect.size
                && have > s
            {
                return Err(FetchError::TooLarge {
                    url: url.to_string(),
                    size: have,
                    limit: s,
                });
            }
            progress(have, total);
        }
        file.flush().map_err(io(part))?;
        if expect.size.is_some_and(|s| have < s) {
            return Err(FetchError::Network {
                url: url.to_string(),
                detail: format!("the connection closed after {have} bytes"),
            });
        }
        Ok(())
    }
}

fn net(url: &str, e: ureq::Error) -> FetchError {
    FetchError::Network {
        url: url.to_string(),
        detail: e.to_string(),
    }
}

fn check_status(url: &str, status: u16) -> Result<(), FetchError> {
    match status {
        200..=299 => Ok(()),
        404 | 410 => Err(FetchError::NotFound {
            url: url.to_string(),
        }),
        s => Err(FetchError::Status {
            url: url.to_string(),
            status: s,
        }),
    }
}

/// Checks a downloaded file; deletes it when it does not match.
fn verify(url: &str, part: &Path, expect: &Expect) -> Result<u64, FetchError> {
    let mismatch = |what, expected: String, got: String| {
        let _ = std::fs::remove_file(part);
        Err(FetchError::Mismatch {
            url: url.to_string(),
            what,
            expected,
            got,
        })
    };
    let size = std::fs::metadata(part).map_err(io(part))?.len();
    if let Some(s) = expect.size
        && s != size
    {
        return mismatch("size", format!("{s} bytes"), format!("{size} bytes"));
    }
    if let Some(want) = &expect.sha256 {
        let got = crate::pins::sha256_file(part).map_err(io(part))?;
        if &got != want {
            return mismatch("SHA-256", want.clone(), got);
        }
    }
    if let Some(want) = &expect.md5 {
        let got = crate::pins::md5_file(part).map_err(io(part))?;
        if &got != want {
            return mismatch("MD5", want.clone(), got);
        }
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pins::hex;
    use crate::test_server::TestServer;
    use md5::Md5;
    use sha2::{Digest, Sha256};

    fn fixture() -> (tempfile::TempDir, TestServer, Vec<u8>, Expect) {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::create_dir_all(dir.path().join("srv/a")).unwrap();
        std::fs::write(dir.path().join("srv/a/file.bin"), &bytes).unwrap();
        let server = TestServer::start(dir.path().join("srv"));
        let expect = Expect {
            size: Some(bytes.len() as u64),
            sha256: Some(hex(&Sha256::digest(&bytes))),
            md5: Some(hex(&Md5::digest(&bytes))),
        };
        (dir, server, bytes, expect)
    }

    fn quick(retries: u32) -> Client {
        Client::new(Settings {
            retries,
            backoff: Duration::from_millis(10),
            connect_timeout: Duration::from_secs(2),
            read_timeout: Duration::from_millis(500),
        })
    }

    #[test]
    fn a_dropped_connection_resumes_where_it_stopped() {
        let (dir, server, bytes, expect) = fixture();
        let dest = dir.path().join("out/file.bin");
        let url = format!("{}/a/file.bin", server.base);
        server
            .faults
            .lock()
            .unwrap()
            .drop_after
            .insert("a/file.bin".into(), 70_000);
        // No retries: the first run fails and keeps the part…
        assert!(quick(0).download(&url, &dest, &expect, &|_, _| {}).is_err());
        assert_eq!(std::fs::metadata(part_path(&dest)).unwrap().len(), 70_000);
        assert!(!dest.exists());
        // …the next run asks for the rest only, and the result is byte-identical.
        quick(0).download(&url, &dest, &expect, &|_, _| {}).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), bytes);
        assert!(!part_path(&dest).exists());
        assert_eq!(server.requests().last().unwrap(), "GET a/file.bin 70000");
        // Within one run, retries resume too.
        std::fs::remove_file(&dest).unwrap();
        server
            .faults
            .lock()
            .unwrap()
            .drop_after
            .insert("a/file.bin".into(), 1000);
        quick(2).download(&url, &dest, &expect, &|_, _| {}).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), bytes);
    }

    #[test]
    fn a_wrong_byte_keeps_nothing() {
        let (dir, server, _, expect) = fixture();
        let dest = dir.path().join("out/file.bin");
        server
            .faults
            .lock()
            .unwrap()
            .corrupt
            .insert("a/file.bin".into());
        let err = quick(2)
            .download(
                &format!("{}/a/file.bin", server.base),
                &dest,
                &expect,
                &|_, _| {},
            )
            .unwrap_err();
        assert!(
            matches!(
                err,
                FetchError::Mismatch {
                    what: "SHA-256",
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("nothing was kept"));
        assert!(!dest.exists() && !part_path(&dest).exists());
    }

    #[test]
    fn not_found_and_stalls_end_with_a_clear_error() {
        let (dir, server, _, expect) = fixture();
        let dest = dir.path().join("out/file.bin");
        let err = quick(3)
            .download(
                &format!("{}/a/nothing.bin", server.base),
                &dest,
                &expect,
                &|_, _| {},
            )
            .unwrap_err();
        assert!(matches!(err, FetchError::NotFound { .. }), "{err}");
        assert_eq!(server.requests().len(), 1, "no retry on 404");
        server
            .faults
            .lock()
            .unwrap()
            .stall
            .insert("a/file.bin".into());
        let t = std::time::Instant::now();
        let err = quick(1)
            .download(
                &format!("{}/a/file.bin", server.base),
                &dest,
                &expect,
                &|_, _| {},
            )
            .unwrap_err();
        assert!(matches!(err, FetchError::Network { .. }), "{err}");
        assert!(t.elapsed() < Duration::from_secs(10));
        assert!(!dest.exists());
        // Nothing listens: a network error naming the address.
        let err = quick(0)
            .download("http://127.0.0.1:9/x", &dest, &expect, &|_, _| {})
            .unwrap_err();
        assert!(err.to_string().contains("127.0.0.1:9/x"), "{err}");
    }
}

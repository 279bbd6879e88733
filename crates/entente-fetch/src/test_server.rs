//! A small HTTP/1.1 server on 127.0.0.1 for tests (feature `test-server`): serves a
//! folder laid out like a publisher's paths, honours `Range: bytes=N-`, and can be told
//! to drop a connection half-way (once), serve a wrong byte, stall, or answer 404.
//! No test reaches the internet.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server does wrong, per path (under the root, `/`-separated, no leading `/`).
#[derive(Default, Debug)]
pub struct Faults {
    /// Close the connection after this many body bytes — once per path.
    pub drop_after: HashMap<String, u64>,
    /// Flip one byte in the middle of the body, every time.
    pub corrupt: HashSet<String>,
    /// Send the headers and then nothing (until the client gives up).
    pub stall: HashSet<String>,
    /// Answer 404 although the file exists.
    pub missing: HashSet<String>,
}

/// A running server; stops with the test process.
pub struct TestServer {
    pub base: String,
    pub faults: Arc<Mutex<Faults>>,
    /// Every request: "GET path range".
    pub log: Arc<Mutex<Vec<String>>>,
}

impl TestServer {
    /// Serves `root` on a free port.
    pub fn start(root: PathBuf) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let faults = Arc::new(Mutex::new(Faults::default()));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (f, l) = (faults.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, f, l) = (root.clone(), f.clone(), l.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &root, &f, &l);
                });
            }
        });
        TestServer { base, faults, log }
    }

    /// The requests seen so far.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

fn serve(
    mut stream: TcpStream,
    root: &std::path::Path,
    faults: &Mutex<Faults>,
    log: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    let mut range_from = 0u64;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("range")
        {
            range_from = v
                .trim()
                .strip_prefix("bytes=")
                .and_then(|r| r.strip_suffix('-'))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
        }
    }
    let path = first
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .trim_start_matches('/')
        .to_string();
    if let Ok(mut l) = log.lock() {
        l.push(format!("GET {path} {range_from}"));
    }
    let file = root.join(&path);
    let (missing, stall, corrupt, drop_after) = {
        let mut f = faults.lock().expect("faults");
        (
            f.missing.contains(&path),
            f.stall.contains(&path),
            f.corrupt.contains(&path),
            f.drop_after.remove(&path),
        )
    };
    let body = match std::fs::read(&file) {
        Ok(b) if !missing && !path.is_empty() => b,
        _ => {
            stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found")?;
            return Ok(());
        }
    };
    let mut body = body;
    if corrupt && !body.is_empty() {
        let mid = body.len() / 2;
        body[mid] ^= 0xff;
    }
    let total = body.len() as u64;
    if range_from >= total && range_from > 0 {
        stream.write_all(format!("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{total}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes())?;
        return Ok(());
    }
    let slice = &body[range_from as usize..];
    let head = if range_from > 0 {
        format!(
            "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes {range_from}-{}/{total}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            total - 1,
            slice.len()
        )
    } else {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            slice.len()
        )
    };
    stream.write_all(head.as_bytes())?;
    if stall {
        std::thread::sleep(Duration::from_secs(60));
        return Ok(());
    }
    match drop_after {
        Some(n) => {
            stream.write_all(&slice[..(n as usize).min(slice.len())])?;
            stream.flush()?;
            stream.shutdown(std::net::Shutdown::Both)?;
        }
        None => stream.write_all(slice)?,
    }
    Ok(())
}

//! `entente data`: status against the pinned catalogue, fetches from a local mirror with
//! faults (a dropped connection, a wrong byte, 404, a stall), GDELT by date range from a
//! generated file list. A server on 127.0.0.1 stands in for the publishers: no test
//! reaches the internet.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use entente_fetch::pins;
use entente_fetch::test_server::TestServer;

use super::common::*;

/// `entente data …` with this data folder and cache.
fn data_cmd(data: &Path, cache: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["data"];
    all.extend_from_slice(args);
    entente_in(cache, data, &all)
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn status_reports_every_folder_against_the_pins() {
    let rows = csv_rows(&stdout(&entente(&["data", "status", "--format", "csv"])));
    assert!(
        rows.iter()
            .all(|r| r["different"] == "0" && r["missing"] == "0"),
        "{rows:?}"
    );
    let cow = rows.iter().find(|r| r["folder"] == "cow").unwrap();
    assert!(cow["datasets"].contains("singer1972nmc"));
    // A copy with one file changed and one missing: another vintage, named as such.
    let dir = tempfile::tempdir().unwrap();
    let ucdp = dir.path().join("ucdp");
    std::fs::create_dir_all(&ucdp).unwrap();
    let ucdp_pins: Vec<_> = pins::all()
        .into_iter()
        .filter(|p| p.folder() == "ucdp")
        .collect();
    let mut bytes = std::fs::read(data_root().join(ucdp_pins[0].path)).unwrap();
    bytes[10] ^= 1;
    std::fs::write(dir.path().join(ucdp_pins[0].path), &bytes).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let out = data_cmd(
        dir.path(),
        cache.path(),
        &["verify", "ucdp", "--format", "csv"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", err(&out));
    let rows = csv_rows(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(rows.len(), ucdp_pins.len());
    assert_eq!(rows[0]["state"], "different vintage");
    assert!(rows[1..].iter().all(|r| r["state"] == "missing"));
    let out = data_cmd(dir.path(), cache.path(), &["status", "narnia"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("no dataset folder 'narnia'"));
}

#[test]
fn fetch_from_a_mirror_resumes_verifies_and_keeps_nothing_wrong() {
    let server = TestServer::start(data_root());
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (data, c) = (dir.path(), cache.path());
    let swap: Vec<_> = pins::all()
        .into_iter()
        .filter(|p| p.folder() == "swap_lines")
        .collect();
    let big = swap.iter().max_by_key(|p| p.size).unwrap();
    // A connection dropped half-way, no retries: the run fails and keeps the part…
    server
        .faults
        .lock()
        .unwrap()
        .drop_after
        .insert(big.path.into(), big.size / 2);
    let base = server.base.clone();
    let out = data_cmd(
        data,
        c,
        &["fetch", "swap_lines", "--mirror", &base, "--retries", "0"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", err(&out));
    assert!(
        err(&out).contains("run the same command again to resume"),
        "{}",
        err(&out)
    );
    assert!(!data.join(big.path).exists());
    // …the next run resumes with a range request and the files are byte-identical.
    let out = data_cmd(
        data,
        c,
        &["fetch", "swap_lines", "--mirror", &base, "--retries", "0"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(
        server
            .requests()
            .contains(&format!("GET {} {}", big.path, big.size / 2))
    );
    for p in &swap {
        assert_eq!(
            std::fs::read(data.join(p.path)).unwrap(),
            std::fs::read(data_root().join(p.path)).unwrap()
        );
    }
    let rows = csv_rows(&stdout(&data_cmd(
        data,
        c,
        &["status", "swap_lines", "--format", "csv"],
    )));
    assert_eq!(rows[0]["verified"], swap.len().to_string());
    // Again: nothing to do.
    let again = stdout(&data_cmd(
        data,
        c,
        &["fetch", "swap_lines", "--mirror", &base],
    ));
    assert!(
        again.contains(&format!("{} skipped", swap.len())),
        "{again}"
    );
    // A wrong byte: refused, nothing kept.
    let ucdp: Vec<_> = pins::all()
        .into_iter()
        .filter(|p| p.folder() == "ucdp")
        .collect();
    server
        .faults
        .lock()
        .unwrap()
        .corrupt
        .insert(ucdp[0].path.into());
    let out = data_cmd(
        data,
        c,
        &["fetch", "ucdp", "--mirror", &base, "--retries", "1"],
    );
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("SHA-256 differs"), "{table}");
    assert!(!data.join(ucdp[0].path).exists());
    assert!(!data.join(format!("{}.part", ucdp[0].path)).exists());
    assert!(
        data.join(ucdp[1].path).exists(),
        "the other files of the folder landed"
    );
    // 404: one clear line naming the address.
    server
        .faults
        .lock()
        .unwrap()
        .missing
        .insert(ucdp[0].path.into());
    let out = data_cmd(data, c, &["fetch", "ucdp", "--mirror", &base]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("the server has no such file (HTTP 404)")
    );
    // A stall ends at the timeout.
    server.faults.lock().unwrap().missing.clear();
    server.faults.lock().unwrap().corrupt.clear();
    server
        .faults
        .lock()
        .unwrap()
        .stall
        .insert(ucdp[0].path.into());
    let t = Instant::now();
    let out = data_cmd(
        data,
        c,
        &[
            "fetch",
            "ucdp",
            "--mirror",
            &base,
            "--timeout",
            "1",
            "--retries",
            "0",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(t.elapsed() < Duration::from_secs(20));
    // Offline (nothing listens) and no mirror at all: clear errors.
    let out = data_cmd(
        data,
        c,
        &[
            "fetch",
            "ucdp",
            "--mirror",
            "http://127.0.0.1:9",
            "--retries",
            "0",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("127.0.0.1:9/ucdp"));
    let out = data_cmd(data, c, &["fetch", "cow"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err(&out).contains("--mirror URL") && err(&out).contains("cow/SOURCE.md"),
        "{}",
        err(&out)
    );
}

/// A zip holding one GDELT 2.0 export file made from a gzip sample.
fn gdelt_zip(sample: &Path, name: &str) -> Vec<u8> {
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(sample).unwrap())
        .read_to_end(&mut text)
        .unwrap();
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    z.start_file(
        name.trim_end_matches(".zip"),
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(&text).unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

/// A publisher's folder: 15-minute files around midnight, a master list that leaves one
/// out and gives one a wrong MD5, and a file outside the range.
fn gdelt_site(with_bad_md5: bool) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let dir = site.path().join("gdeltv2");
    std::fs::create_dir_all(&dir).unwrap();
    let samples: Vec<_> = [
        "20150218230000",
        "20151027220000",
        "20180101000000",
        "20191024143000",
        "20190121220000",
    ]
    .iter()
    .map(|s| data_root().join(format!("gdelt/v2_15min/{s}.export.CSV.gz")))
    .collect();
    let mut list = String::new();
    for (k, (stamp, listed)) in [
        ("20250101234500", true),
        ("20250102000000", true),
        ("20250102001500", true),
        ("20250102003000", false),
        ("20250103000000", true),
    ]
    .iter()
    .enumerate()
    {
        let name = format!("{stamp}.export.CSV.zip");
        let bytes = gdelt_zip(&samples[k], &name);
        std::fs::write(dir.join(&name), &bytes).unwrap();
        let md5 = pins::md5_file(&dir.join(&name)).unwrap();
        if *listed {
            list.push_str(&format!(
                "{} {md5} http://data.gdeltproject.org/gdeltv2/{name}\n",
                bytes.len()
            ));
            list.push_str(&format!(
                "100 {md5} http://data.gdeltproject.org/gdeltv2/{stamp}.mentions.CSV.zip\n"
            ));
        }
    }
    if with_bad_md5 {
        let name = "20250102004500.export.CSV.zip";
        std::fs::copy(dir.join("20250102000000.export.CSV.zip"), dir.join(name)).unwrap();
        let size = std::fs::metadata(dir.join(name)).unwrap().len();
        list.push_str(&format!(
            "{size} 0123456789abcdef0123456789abcdef http://data.gdeltproject.org/gdeltv2/{name}\n"
        ));
    }
    std::fs::write(dir.join("masterfilelist.txt"), list).unwrap();
    site
}

#[test]
fn gdelt_by_date_range_takes_the_listed_files_and_checks_md5() {
    let site = gdelt_site(true);
    let server = TestServer::start(site.path().to_path_buf());
    let data = data_copy();
    let cache = tempfile::tempdir().unwrap();
    let out = data_cmd(
        data.path(),
        cache.path(),
        &[
            "fetch",
            "gdelt",
            "--from",
            "2025-01-01",
            "--to",
            "2025-01-02",
            "--mirror",
            &server.base,
            "--format",
            "csv",
            "--retries",
            "0",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the wrong MD5 fails: {}",
        err(&out)
    );
    let rows = csv_rows(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(rows.len(), 2, "two UTC days across midnight");
    assert_eq!(
        (
            rows[0]["day"].as_str(),
            rows[0]["listed"].as_str(),
            rows[0]["fetched"].as_str()
        ),
        ("2025-01-01", "1", "1")
    );
    assert_eq!(
        (
            rows[1]["listed"].as_str(),
            rows[1]["fetched"].as_str(),
            rows[1]["failed"].as_str()
        ),
        ("3", "2", "1")
    );
    assert!(rows[1]["note"].contains("the list holds 3 of 96"));
    let got = data.path().join("gdelt/gdeltv2");
    assert!(got.join("20250101234500.export.CSV.zip").exists());
    assert!(
        !got.join("20250102003000.export.CSV.zip").exists(),
        "not in the list: never fetched"
    );
    assert!(
        !got.join("20250103000000.export.CSV.zip").exists(),
        "outside the range"
    );
    assert!(
        !got.join("20250102004500.export.CSV.zip").exists()
            && !got.join("20250102004500.export.CSV.zip.part").exists()
    );
    assert!(
        !server
            .requests()
            .iter()
            .any(|r| r.contains("20250102003000") || r.contains("20250103"))
    );
    assert!(err(&out).contains("MD5 differs"), "{}", err(&out));
    // The range's size against --max-size, and a range the list does not hold.
    let out = data_cmd(
        data.path(),
        cache.path(),
        &[
            "fetch",
            "gdelt",
            "--from",
            "2025-01-01",
            "--to",
            "2025-01-03",
            "--mirror",
            &server.base,
            "--max-size",
            "100K",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("more than --max-size"), "{}", err(&out));
    let out = data_cmd(
        data.path(),
        cache.path(),
        &[
            "fetch",
            "gdelt",
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-02",
            "--mirror",
            &server.base,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("holds no events file"), "{}", err(&out));
}

#[test]
fn a_gdelt_ingest_killed_half_way_ends_like_a_clean_run() {
    let site = gdelt_site(false);
    let server = TestServer::start(site.path().to_path_buf());
    let range = [
        "fetch",
        "gdelt",
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-02",
        "--ingest",
        "--jobs",
        "1",
        "--retries",
        "0",
        "--timeout",
        "60",
    ];
    // A clean run.
    let (clean_data, clean_cache) = (data_copy(), tempfile::tempdir().unwrap());
    let mut args = range.to_vec();
    args.extend(["--mirror", &server.base]);
    let out = data_cmd(clean_data.path(), clean_cache.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    // A run killed while the second day's second file stalls (the first day is ingested).
    let (data, cache) = (data_copy(), tempfile::tempdir().unwrap());
    server
        .faults
        .lock()
        .unwrap()
        .stall
        .insert("gdeltv2/20250102001500.export.CSV.zip".into());
    let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
        .arg("data")
        .args(&args)
        .env("ENTENTE_CACHE", cache.path())
        .env("ENTENTE_DATA", data.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let t = Instant::now();
    while !server
        .requests()
        .iter()
        .any(|r| r.contains("20250102001500"))
    {
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "the stalled file was never asked for"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    server.faults.lock().unwrap().stall.clear();
    let out = data_cmd(data.path(), cache.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    // The store holds what a clean run's holds.
    let events = |d: &Path, c: &Path| {
        stdout(&entente_in(
            c,
            d,
            &[
                "events",
                "United States",
                "China",
                "--by",
                "day",
                "--format",
                "csv",
            ],
        ))
    };
    let (a, b) = (
        events(data.path(), cache.path()),
        events(clean_data.path(), clean_cache.path()),
    );
    assert!(a.lines().count() > 1, "{a}");
    assert_eq!(a, b);
}

#[test]
fn generated_gdelt_files_follow_the_15_minute_rhythm() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g");
    let o = out.display().to_string();
    stdout(&entente(&[
        "gen",
        "gdelt",
        "--rows",
        "970",
        "--rows-per-file",
        "10",
        "--files-per-day",
        "96",
        "--out",
        &o,
    ]));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 97);
    assert_eq!(names[1], "20150219001500.export.CSV");
    assert_eq!(names[95], "20150219234500.export.CSV");
    assert_eq!(
        names[96], "20150220000000.export.CSV",
        "the 97th file starts the next day"
    );
    let text = std::fs::read_to_string(out.join(&names[1])).unwrap();
    assert!(
        text.lines()
            .all(|l| l.split('\t').nth(59) == Some("20150219001500")),
        "DATEADDED is the file's slot"
    );
    let bad = entente(&[
        "gen",
        "gdelt",
        "--rows",
        "10",
        "--files-per-day",
        "7",
        "--out",
        &o,
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

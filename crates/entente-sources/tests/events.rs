//! Event files: the real GDELT and ICEWS samples read as their SOURCE.md documents,
//! compressed forms agree, bad rows and broken archives are reported, and no input
//! makes a reader panic.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use entente_sources::events::{self, Cameo, CountryCodes, FileEvents, Layout};
use entente_sources::{SourceError, countries};
use proptest::prelude::*;

struct Ctx {
    reg: entente_core::Registry,
    codes: CountryCodes,
    cameo: Cameo,
}

fn ctx() -> Ctx {
    let data = common::data();
    let reg = countries::load(&data).unwrap();
    let codes = CountryCodes::new(&reg);
    Ctx {
        reg,
        codes,
        cameo: Cameo::load(&data).unwrap(),
    }
}

fn read(c: &Ctx, path: &Path, strict: bool) -> Result<FileEvents, SourceError> {
    read_as(
        c,
        path,
        strict,
        events::Collect::DyadDays,
        events::Hashing::Off,
    )
    .map(|(fe, _)| fe)
}

fn read_as(
    c: &Ctx,
    path: &Path,
    strict: bool,
    collect: events::Collect,
    hashing: events::Hashing,
) -> Result<(FileEvents, Option<events::Digests>), SourceError> {
    events::read_file(path, &c.codes, &c.reg, &c.cameo, strict, collect, hashing)
}

fn real(rel: &str) -> PathBuf {
    common::data_root().join(rel)
}

/// Dyad rows between two states in either direction.
fn pair(fe: &FileEvents, x: u16, y: u16) -> u64 {
    fe.all
        .iter()
        .filter(|d| (d.a, d.b) == (x, y) || (d.a, d.b) == (y, x))
        .map(|d| d.stats.events)
        .sum()
}

/// `Collect::Rows` (the export's events table) keeps every row between two states and
/// no dyad-day totals; folding its rows gives exactly `Collect::DyadDays`'s totals, of
/// all rows and of the rows not flagged as duplicates.
#[test]
fn kept_rows_fold_to_the_dyad_day_totals() {
    let c = ctx();
    for rel in [
        "gdelt/v2_15min/20190121220000.export.CSV.gz",
        "icews/events.2018.sample.tab.gz",
    ] {
        let path = real(rel);
        let totals = read(&c, &path, false).unwrap();
        let (rows, _) = read_as(
            &c,
            &path,
            false,
            events::Collect::Rows,
            events::Hashing::Off,
        )
        .unwrap();
        assert!(totals.kept.is_none(), "{rel}");
        assert!(rows.all.is_empty() && rows.dedup.is_empty(), "{rel}");
        let kept = rows.kept.as_ref().unwrap();
        assert!(kept.len() > 100, "{rel}: {} rows", kept.len());
        assert_eq!(kept.len() as u64, totals.dyad_rows, "{rel}");
        assert_eq!(
            (
                rows.rows,
                rows.dyad_rows,
                rows.malformed_count,
                &rows.volume
            ),
            (
                totals.rows,
                totals.dyad_rows,
                totals.malformed_count,
                &totals.volume
            ),
            "{rel}"
        );
        assert!(kept.windows(2).all(|w| w[0].line < w[1].line), "{rel}");
        let (mut all, mut dedup) = (events::DyadDayMap::default(), events::DyadDayMap::default());
        for r in kept {
            let key = (r.event.day, r.event.a, r.event.b);
            all.entry(key).or_default().add(&r.event);
            if !r.duplicate {
                dedup.entry(key).or_default().add(&r.event);
            }
        }
        let map = |v: &[entente_core::events::DyadDay]| -> events::DyadDayMap {
            assert!(
                v.windows(2)
                    .all(|w| (w[0].day, w[0].a, w[0].b) < (w[1].day, w[1].a, w[1].b))
            );
            v.iter().map(|d| ((d.day, d.a, d.b), d.stats)).collect()
        };
        assert_eq!(all, map(&totals.all), "{rel}");
        assert_eq!(dedup, map(&totals.dedup), "{rel}");
        if rel.starts_with("gdelt") {
            assert!(
                kept.iter().any(|r| r.duplicate),
                "{rel}: no duplicate to drop"
            );
        }
    }
}

#[test]
fn gdelt_and_icews_samples_read_as_documented() {
    let c = ctx();
    // gdelt/SOURCE.md: rows, CHN–RUS and RUS–UKR rows per 15-minute file.
    for (name, rows, chn_rus, rus_ukr) in [
        ("20150218230000", 2271, 6, 9),
        ("20151027220000", 2116, 0, 0),
        ("20180101000000", 2414, 8, 0),
        ("20190121220000", 1629, 0, 1),
        ("20191024143000", 2111, 2, 2),
    ] {
        let fe = read(
            &c,
            &real(&format!("gdelt/v2_15min/{name}.export.CSV.gz")),
            true,
        )
        .unwrap();
        assert_eq!(fe.layout, Some(Layout::Gdelt2));
        assert_eq!((fe.rows, fe.malformed_count), (rows, 0), "{name}");
        assert_eq!(pair(&fe, 710, 365), chn_rus, "{name} CHN–RUS");
        assert_eq!(pair(&fe, 365, 369), rus_ukr, "{name} RUS–UKR");
        assert_eq!(fe.volume.values().sum::<u64>(), rows);
        assert!(fe.has_sources);
    }
    // The upstream zip holds the same file as the gzip copy: same rows, same content
    // digests (BLAKE3 of the text and the legacy line chain), different file digests.
    let hashed = |rel: &str| {
        read_as(
            &c,
            &real(rel),
            true,
            events::Collect::DyadDays,
            events::Hashing::WithLegacy,
        )
        .unwrap()
    };
    let (zip, zip_digests) = hashed("gdelt/v2_15min_original_zip/20190121220000.export.CSV.zip");
    let (gz, gz_digests) = hashed("gdelt/v2_15min/20190121220000.export.CSV.gz");
    let (zip_digests, gz_digests) = (zip_digests.unwrap(), gz_digests.unwrap());
    assert_eq!(
        (zip.rows, zip.legacy_digest, zip.volume.clone()),
        (gz.rows, gz.legacy_digest, gz.volume.clone())
    );
    // The legacy digests are the ones earlier builds listed (the manifest of a store
    // ingested by the build of commit 75737bf).
    assert_eq!(zip.legacy_digest, Some(0x655e_f2ec_3d76_d1d8));
    let (icews, _) = hashed("icews/events.2018.sample.tab.gz");
    assert_eq!(icews.legacy_digest, Some(0xbcee_b909_9e48_a666));
    assert_eq!(zip.all, gz.all);
    assert_eq!(zip_digests.content, gz_digests.content);
    assert_eq!(zip_digests.file, None);
    let gz_bytes = std::fs::read(real("gdelt/v2_15min/20190121220000.export.CSV.gz")).unwrap();
    assert_eq!(gz_digests.file, Some(blake3::hash(&gz_bytes)));
    assert_ne!(gz_digests.file, Some(gz_digests.content));
    // GDELT 1.0 samples: the daily layout (58) and the historical backfile (57).
    let daily = read(
        &c,
        &real("gdelt/v1_samples/gdeltv1_daily_20160728_sample509.export.CSV.gz"),
        true,
    )
    .unwrap();
    assert_eq!((daily.layout, daily.rows), (Some(Layout::Gdelt1Daily), 509));
    let hist = read(
        &c,
        &real("gdelt/v1_samples/gdeltv1_historical_1982_sample201.CSV.gz"),
        true,
    )
    .unwrap();
    assert_eq!(
        (hist.layout, hist.rows, hist.has_sources),
        (Some(Layout::Gdelt1Historical), 201, false)
    );
    assert!(
        hist.volume
            .keys()
            .all(|d| (19820101..=19821231).contains(d))
    );
    // ICEWS: 3705 events; China–Russian Federation 8, Russian Federation–Ukraine 35,
    // United States–China 101 (icews/SOURCE.md).
    let ic = read(&c, &real("icews/events.2018.sample.tab.gz"), true).unwrap();
    assert_eq!(
        (ic.layout, ic.rows, ic.malformed_count),
        (Some(Layout::Icews), 3705, 0)
    );
    assert_eq!(pair(&ic, 710, 365), 8);
    assert_eq!(pair(&ic, 365, 369), 35);
    assert_eq!(pair(&ic, 2, 710), 101);
    // De-duplication never adds events.
    for fe in [&gz, &ic] {
        let all: u64 = fe.all.iter().map(|d| d.stats.events).sum();
        let dd: u64 = fe.dedup.iter().map(|d| d.stats.events).sum();
        assert!(dd <= all && dd > 0);
    }
    // CAMEO lookups.
    assert_eq!(c.cameo.goldstein("0231"), Some(34));
    assert_eq!(c.cameo.goldstein("190"), Some(-100));
    assert_eq!(c.cameo.plover["190"].0, "ASSAULT");
    assert!(c.cameo.descriptions["04"].contains("CONSULT"));
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn malformed_rows_and_broken_archives_are_reported() {
    let c = ctx();
    let dir = tempfile::tempdir().unwrap();
    let text = common::real_text("gdelt/v2_15min/20150218230000.export.CSV.gz");
    let lines: Vec<&[u8]> = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    // Line 3 with a bad date, line 5 cut short.
    let mut bad = Vec::new();
    for (k, l) in lines.iter().take(10).enumerate() {
        let l: Vec<u8> = match k {
            2 => String::from_utf8_lossy(l)
                .replacen("\t20140218\t", "\t2014021X\t", 1)
                .into_bytes(),
            4 => l[..l.iter().position(|&b| b == b'\t').unwrap()].to_vec(),
            _ => l.to_vec(),
        };
        bad.extend_from_slice(&l);
        bad.push(b'\n');
    }
    let p = write(dir.path(), "bad.export.CSV", &bad);
    let fe = read(&c, &p, false).unwrap();
    assert_eq!((fe.rows, fe.malformed_count), (10, 2));
    assert_eq!(fe.malformed[0].line, 3);
    assert!(
        fe.malformed[0].reason.contains("SQLDATE") && fe.malformed[0].reason.contains("2014021X")
    );
    assert_eq!(fe.malformed[1].line, 5);
    assert!(
        fe.malformed[1].reason.contains("expected 61 fields"),
        "{:?}",
        fe.malformed[1]
    );
    let err = read(&c, &p, true).unwrap_err().to_string();
    assert!(
        err.contains("bad.export.CSV:3") && err.contains("--strict"),
        "{err}"
    );
    // A truncated gzip and a truncated zip are errors for the whole file.
    let whole = gz(&text);
    let p = write(dir.path(), "cut.export.CSV.gz", &whole[..whole.len() / 2]);
    let err = read(&c, &p, false).unwrap_err().to_string();
    assert!(
        err.contains("cut.export.CSV.gz") && err.contains("truncated"),
        "{err}"
    );
    let zip = std::fs::read(real(
        "gdelt/v2_15min_original_zip/20190121220000.export.CSV.zip",
    ))
    .unwrap();
    let p = write(dir.path(), "cut.export.CSV.zip", &zip[..zip.len() / 2]);
    let err = read(&c, &p, false).unwrap_err().to_string();
    assert!(
        err.contains("cut.export.CSV.zip") && err.contains("zip"),
        "{err}"
    );
    // Not an event file.
    let p = write(dir.path(), "notes.txt", b"hello\tworld\n");
    let err = read(&c, &p, false).unwrap_err().to_string();
    assert!(err.contains("not an event file"), "{err}");
    assert_eq!(events::sniff(&p).unwrap(), None);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000), gzip in any::<bool>()) {
        let c = ctx();
        let dir = tempfile::tempdir().unwrap();
        let data = if gzip { gz(&bytes) } else { bytes };
        let p = write(dir.path(), "x.export.CSV", &data);
        let _ = read(&c, &p, false);
        let _ = read(&c, &p, true);
    }

    #[test]
    fn mutated_real_rows_never_panic(
        file in 0usize..3,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), prop_oneof![Just(b'\t'), Just(b'\n'), Just(b'-'), Just(b'.'), Just(b'9'), any::<u8>()]), 1..8),
    ) {
        let c = ctx();
        let rel = ["gdelt/v2_15min/20180101000000.export.CSV.gz", "gdelt/v1_samples/gdeltv1_historical_1982_sample201.CSV.gz", "icews/events.2018.sample.tab.gz"][file];
        let text = common::real_text(rel);
        let head: Vec<u8> = text.split(|&b| b == b'\n').take(30).flat_map(|l| l.iter().copied().chain([b'\n'])).collect();
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "m.export.CSV", &common::mutate(head, &edits));
        if let Ok(fe) = read(&c, &p, false) {
            prop_assert!(fe.malformed_count <= fe.rows);
            prop_assert!(fe.volume.values().sum::<u64>() <= fe.rows);
        }
    }
}

/// Line endings do not change what a file holds: the real sample with CRLF line ends,
/// or without a final line break, reads as the original; a file with no line break in
/// 16 MiB is an error naming its line, not a buffer that grows with it.
#[test]
fn line_endings_do_not_change_what_a_file_holds() {
    use std::io::Read;
    let c = ctx();
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(real("gdelt/v2_15min/20190121220000.export.CSV.gz")).unwrap(),
    )
    .read_to_end(&mut text)
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let lf = read(&c, &write("lf.export.CSV", &text), true).unwrap();
    let crlf_text: Vec<u8> = text
        .split(|&b| b == b'\n')
        .flat_map(|l| l.iter().copied().chain(*b"\r\n"))
        .collect();
    let crlf = read(&c, &write("crlf.export.CSV", &crlf_text), true).unwrap();
    let unterminated = read(&c, &write("end.export.CSV", text.trim_ascii_end()), true).unwrap();
    for other in [&crlf, &unterminated] {
        assert_eq!(
            (
                other.rows,
                other.dyad_rows,
                other.malformed_count,
                &other.volume
            ),
            (lf.rows, lf.dyad_rows, 0, &lf.volume)
        );
        assert_eq!((&other.all, &other.dedup), (&lf.all, &lf.dedup));
    }
    assert!(lf.rows > 1000 && lf.dyad_rows > 0);
    let long = vec![b'x'; 17 << 20];
    let e = read(&c, &write("long.export.CSV", &long), false).unwrap_err();
    assert!(e.to_string().contains("no line break in 16 MiB"), "{e}");
}

//! GDELT's file lists: which files a date range holds, with their size and MD5.
//!
//! - GDELT 2.0: `http://data.gdeltproject.org/gdeltv2/masterfilelist.txt`, one line per
//!   15-minute file: `SIZE MD5 URL`, the URL ending in `YYYYMMDDHHMMSS.export.CSV.zip`
//!   (events; the list also holds mentions and GKG files, which are left out).
//! - GDELT 1.0: `http://data.gdeltproject.org/events/md5sums` (`MD5  FILE`) and
//!   `…/events/filesizes` (`SIZE FILE`), daily files `YYYYMMDD.export.CSV.zip`.
//!
//! Times are UTC. A range takes every file the list holds whose timestamp falls on a
//! day from `from` to `to` inclusive, and never a file the list does not hold (no
//! guessed names for 15-minute slots not yet published).

/// GDELT's host, replaced by a mirror's base URL when one is given.
pub const HOST: &str = "http://data.gdeltproject.org";
/// The 2.0 master file list, under [`HOST`].
pub const V2_LIST: &str = "gdeltv2/masterfilelist.txt";
/// The 1.0 lists, under [`HOST`].
pub const V1_MD5: &str = "events/md5sums";
pub const V1_SIZES: &str = "events/filesizes";

/// One file of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub size: u64,
    pub md5: String,
    /// Path under the host, e.g. `gdeltv2/20250101000000.export.CSV.zip`.
    pub path: String,
    /// The file's timestamp: `YYYYMMDD` and, for 2.0, `HHMMSS`.
    pub day: u32,
    pub time: u32,
}

impl Entry {
    /// The file name.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

/// The path under the host of a URL on GDELT's host or a mirror (`base`).
fn path_of(url: &str) -> &str {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .unwrap_or(url);
    rest.split_once('/').map_or(rest, |(_, p)| p)
}

/// `YYYYMMDD` and `HHMMSS` of a file name starting with the timestamp.
fn stamp(name: &str, digits: usize) -> Option<(u32, u32)> {
    let ts = name.get(..digits)?;
    if !ts.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day = ts[..8].parse().ok()?;
    let time = if digits > 8 { ts[8..].parse().ok()? } else { 0 };
    Some((day, time))
}

/// One line of the 2.0 master list: an events file, `Ok(None)` for another kind of
/// file (mentions, GKG) or a blank line, `Err(())` for a malformed line.
#[allow(clippy::result_unit_err)]
pub fn v2_line(line: &str) -> Result<Option<Entry>, ()> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    let f: Vec<&str> = line.split_whitespace().collect();
    let [size, md5, url] = f.as_slice() else {
        return Err(());
    };
    let path = path_of(url);
    let name = path.rsplit('/').next().unwrap_or(path);
    if !name.ends_with(".export.CSV.zip") {
        return Ok(None);
    }
    match (size.parse(), stamp(name, 14)) {
        (Ok(size), Some((day, time))) if md5.len() == 32 => Ok(Some(Entry {
            size,
            md5: md5.to_lowercase(),
            path: path.to_string(),
            day,
            time,
        })),
        _ => Err(()),
    }
}

/// Parses the 1.0 lists (`md5sums`, `filesizes`) into daily event files.
pub fn parse_v1(md5sums: &str, sizes: &str) -> (Vec<Entry>, usize) {
    let size_of: std::collections::HashMap<&str, u64> = sizes
        .lines()
        .filter_map(|l| {
            let (s, f) = l.trim().split_once(char::is_whitespace)?;
            Some((f.trim(), s.parse().ok()?))
        })
        .collect();
    let mut out = Vec::new();
    let mut bad = 0;
    for line in md5sums.lines().filter(|l| !l.trim().is_empty()) {
        let Some((md5, file)) = line.trim().split_once(char::is_whitespace) else {
            bad += 1;
            continue;
        };
        let file = file.trim();
        if !file.ends_with(".export.CSV.zip") {
            continue;
        }
        match (size_of.get(file), stamp(file, 8)) {
            (Some(&size), Some((day, _))) if md5.len() == 32 => out.push(Entry {
                size,
                md5: md5.to_lowercase(),
                path: format!("events/{file}"),
                day,
                time: 0,
            }),
            _ => bad += 1,
        }
    }
    (out, bad)
}

/// The entries on days `from` to `to` (`YYYYMMDD`, inclusive), in time order.
pub fn in_range(entries: &[Entry], from: u32, to: u32) -> Vec<Entry> {
    let mut v: Vec<Entry> = entries
        .iter()
        .filter(|e| (from..=to).contains(&e.day))
        .cloned()
        .collect();
    v.sort_by_key(|e| (e.day, e.time));
    v.dedup_by(|a, b| a.path == b.path);
    v
}

/// 15-minute files a complete 2.0 day has.
pub const V2_FILES_PER_DAY: usize = 96;

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses a 2.0 master file list (events files only); malformed lines are counted.
    fn parse_v2(text: &str) -> (Vec<Entry>, usize) {
        let mut out = Vec::new();
        let mut bad = 0;
        for line in text.lines() {
            match v2_line(line) {
                Ok(Some(e)) => out.push(e),
                Ok(None) => {}
                Err(()) => bad += 1,
            }
        }
        (out, bad)
    }

    const LIST: &str = "\
150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20250101234500.export.CSV.zip
318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://data.gdeltproject.org/gdeltv2/20250101234500.mentions.CSV.zip
10768507 ea8dde0beb0ba98810a92db068c0ce99 http://data.gdeltproject.org/gdeltv2/20250101234500.gkg.csv.zip
149211 0000000000000000000000000000000A http://data.gdeltproject.org/gdeltv2/20250102000000.export.CSV.zip
garbage line
12 abc http://data.gdeltproject.org/gdeltv2/20250102001500.export.CSV.zip
149000 11111111111111111111111111111111 http://data.gdeltproject.org/gdeltv2/20250103000000.export.CSV.zip
";

    #[test]
    fn the_master_list_gives_event_files_with_size_and_md5() {
        let (e, bad) = parse_v2(LIST);
        assert_eq!(e.len(), 3, "events only");
        assert_eq!(bad, 2, "a line without three fields and a bad MD5");
        assert_eq!(e[0].path, "gdeltv2/20250101234500.export.CSV.zip");
        assert_eq!((e[0].day, e[0].time, e[0].size), (20250101, 234500, 150383));
        assert_eq!(e[1].md5, "0000000000000000000000000000000a");
        // A range over midnight, by UTC day.
        let r = in_range(&e, 20250101, 20250102);
        assert_eq!(
            r.iter().map(Entry::name).collect::<Vec<_>>(),
            [
                "20250101234500.export.CSV.zip",
                "20250102000000.export.CSV.zip"
            ]
        );
        assert!(in_range(&e, 20250104, 20250105).is_empty());
    }

    #[test]
    fn the_v1_lists_join_on_the_file_name() {
        let md5 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  20140301.export.CSV.zip\nbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb  GDELT.MASTERREDUCEDV2.1979-2013.zip\ncccccccccccccccccccccccccccccccc  20140302.export.CSV.zip\n";
        let sizes = "6830658 20140301.export.CSV.zip\n7000000 20140302.export.CSV.zip\n";
        let (e, bad) = parse_v1(md5, sizes);
        assert_eq!((e.len(), bad), (2, 0));
        assert_eq!(
            (e[0].path.as_str(), e[0].size, e[0].day),
            ("events/20140301.export.CSV.zip", 6830658, 20140301)
        );
    }
}

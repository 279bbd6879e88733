//! The row parsers: GDELT (1.0 historical, 1.0 daily, 2.0; no header, tab-separated)
//! and ICEWS `.tab` (header row). The layout is taken from the first line; every later
//! row must match it.
//!
//! GDELT columns used (0-based, the same in all three layouts): 1 SQLDATE, 7
//! Actor1CountryCode, 17 Actor2CountryCode, 26 EventCode, 28 EventRootCode, 29
//! QuadClass, 30 GoldsteinScale, 31 NumMentions, 33 NumArticles, 34 AvgTone; SOURCEURL
//! is the last field of the 58- and 61-field layouts.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::BufRead;
use std::path::Path;

use entente_core::Registry;
use entente_core::events::{Event, EventRow, quad_of_root, valid_day};

use super::split::{Fields, LineSplitter, MAX_FIELDS, line_splitter, split, split_from};
use super::sums::DyadDaySums;
use super::{CHUNK, Cameo, Collect, CountryCodes, FileEvents, FxBuild, FxHasher, stream_error};
use crate::error::{Result, SourceError};

/// The layouts entente reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// GDELT 1.0 historical backfiles (1979–2013-03): 57 fields, no SOURCEURL.
    Gdelt1Historical,
    /// GDELT 1.0 daily files (from 2013-04): 58 fields.
    Gdelt1Daily,
    /// GDELT 2.0 15-minute exports: 61 fields.
    Gdelt2,
    /// ICEWS Dataverse `.tab`: header row, 20 fields.
    Icews,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Gdelt1Historical => "GDELT 1.0 historical (57 fields)",
            Layout::Gdelt1Daily => "GDELT 1.0 daily (58 fields)",
            Layout::Gdelt2 => "GDELT 2.0 export (61 fields)",
            Layout::Icews => "ICEWS .tab (20 fields)",
        }
    }

    fn fields(self) -> usize {
        match self {
            Layout::Gdelt1Historical => 57,
            Layout::Gdelt1Daily => 58,
            Layout::Gdelt2 => 61,
            Layout::Icews => 20,
        }
    }

    fn of_gdelt(fields: usize) -> Option<Layout> {
        match fields {
            57 => Some(Layout::Gdelt1Historical),
            58 => Some(Layout::Gdelt1Daily),
            61 => Some(Layout::Gdelt2),
            _ => None,
        }
    }
}

const ICEWS_HEADER: &[u8] = b"Event ID\tEvent Date\tSource Name";

/// The layout a first line announces (None: not an event file).
pub fn layout_of_first_line(line: &[u8]) -> Option<Layout> {
    if line.starts_with(ICEWS_HEADER) {
        return Some(Layout::Icews);
    }
    let mut f: Fields = [(0, 0); MAX_FIELDS];
    Layout::of_gdelt(split(line, &mut f, 0))
}
fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        s.iter()
            .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0')),
    )
}

/// A Goldstein weight ("2.8", "-10", "-4.0") as tenths.
fn tenths(s: &[u8]) -> Option<i16> {
    let (neg, body) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = match memchr::memchr(b'.', body) {
        Some(p) => (&body[..p], &body[p + 1..]),
        None => (body, &b""[..]),
    };
    let i = digits(int)?;
    let v = match frac {
        [] => i * 10,
        [d] | [d, b'0', ..] if d.is_ascii_digit() && frac[1..].iter().all(|&c| c == b'0') => {
            i * 10 + u32::from(d - b'0')
        }
        _ => {
            // More decimals than CAMEO's weights carry: round.
            let x: f64 = std::str::from_utf8(s).ok()?.parse().ok()?;
            return (x.abs() <= 10.0).then(|| (x * 10.0).round() as i16);
        }
    };
    (v <= 100).then(|| if neg { -(v as i16) } else { v as i16 })
}

fn source_key(day: u32, a: u16, b: u16, code: &[u8], source: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    (day, a, b, code, source).hash(&mut h);
    h.finish()
}

/// Parsing state of one file.
struct Parser<'c> {
    path: &'c Path,
    codes: &'c CountryCodes,
    reg: &'c Registry,
    cameo: &'c Cameo,
    strict: bool,
    /// [`FileEvents::legacy_digest`] so far, when it is computed.
    legacy: Option<u64>,
    out: FileEvents,
    f: Fields,
    split_line: LineSplitter,
    last_date: LastDate,
    seen: HashSet<u64, FxBuild>,
    sums: DyadDaySums,
    icews_names: HashMap<Vec<u8>, Option<u16>>,
    icews_cols: [usize; 6],
    /// Fields to locate first: GDELT's first 18 (to the actors' countries; the rest
    /// only for rows between two states); ICEWS's up to the last column used.
    need: usize,
    /// Rows of the current run of equal days (most rows of a file share the day).
    day_run: (u32, u64),
    /// Rows per day (moved into `out.volume` at the end).
    days: HashMap<u32, u64, FxBuild>,
}

impl Parser<'_> {
    /// A row between two states: flagged duplicate when an earlier row had its source
    /// key, and kept or summed.
    fn event(&mut self, line: u64, event: Event, source_key: Option<u64>) {
        self.out.dyad_rows += 1;
        let first = source_key.is_none_or(|k| self.seen.insert(k));
        let row = EventRow {
            line,
            event,
            duplicate: !first,
        };
        match &mut self.out.kept {
            Some(kept) => kept.push(row),
            None => self.sums.push(row),
        }
    }

    fn flush_day(&mut self) {
        if self.day_run.1 > 0 {
            *self.days.entry(self.day_run.0).or_insert(0) += self.day_run.1;
        }
        self.day_run = (0, 0);
    }

    /// The first line: the layout (and ICEWS's columns). Returns whether it was a header.
    fn first(&mut self, line: &[u8], n: u64, count: usize) -> Result<bool> {
        if line.starts_with(ICEWS_HEADER) {
            let names: Vec<&[u8]> = self.f[..count.min(MAX_FIELDS)]
                .iter()
                .map(|&(s, e)| &line[s..e])
                .collect();
            for (k, want) in [
                "Event Date",
                "Source Country",
                "CAMEO Code",
                "Intensity",
                "Target Country",
                "Story ID",
            ]
            .iter()
            .enumerate()
            {
                self.icews_cols[k] = names
                    .iter()
                    .position(|h| *h == want.as_bytes())
                    .ok_or_else(|| SourceError::Record {
                        file: self.path.to_path_buf(),
                        line: n,
                        message: format!("ICEWS header without the column '{want}'"),
                    })?;
            }
            self.out.layout = Some(Layout::Icews);
            self.need = self.icews_cols.iter().max().map_or(0, |m| m + 1);
            return Ok(true);
        }
        let l = Layout::of_gdelt(count).ok_or_else(|| SourceError::Record {
            file: self.path.to_path_buf(),
            line: n,
            message: format!(
                "not an event file: the first line has {} tab-separated fields (GDELT has 57, 58 or 61; ICEWS starts with the header 'Event ID<TAB>Event Date…')",
                if count > MAX_FIELDS { "more than 64".to_string() } else { count.to_string() }
            ),
        })?;
        self.out.layout = Some(l);
        Ok(false)
    }

    /// Line `n` (without its newline), split: `count` fields, in `self.f`.
    fn line(&mut self, raw: &[u8], n: u64, count: usize) -> Result<()> {
        let mut line = raw;
        while let [rest @ .., b'\r'] = line {
            line = rest;
        }
        if line.is_empty() {
            return Ok(());
        }
        if line.len() < raw.len() && count <= MAX_FIELDS {
            // The `\r` cut was the end of the last field (never of another: a tab
            // ends those).
            self.f[count - 1].1 = line.len();
        }
        let layout = match self.out.layout {
            Some(l) => l,
            None => {
                let all = split(line, &mut self.f, MAX_FIELDS);
                if self.first(line, n, all)? {
                    return Ok(());
                }
                split(line, &mut self.f, self.need);
                self.out.layout.unwrap_or(Layout::Gdelt2)
            }
        };
        if let Some(digest) = &mut self.legacy {
            let mut h = FxHasher::default();
            (*digest, line).hash(&mut h);
            *digest = h.finish();
        }
        self.out.rows += 1;
        if count != layout.fields() {
            let found = if count > MAX_FIELDS {
                "more than 64".to_string()
            } else {
                count.to_string()
            };
            return self.out.malformed(
                self.path,
                self.strict,
                n,
                format!(
                    "expected {} fields ({}), found {found}",
                    layout.fields(),
                    layout.name()
                ),
            );
        }
        if layout != Layout::Icews {
            // Most rows are not between two states: locate the other fields only
            // for those that are.
            let (a, b) = (
                self.codes.get(&line[self.f[7].0..self.f[7].1]),
                self.codes.get(&line[self.f[17].0..self.f[17].1]),
            );
            if a.is_some() && b.is_some() && a != b {
                split_from(line, &mut self.f, 18, 35);
            }
        }
        let fr = &self.f;
        let field = |k: usize| &line[fr[k].0..fr[k].1];
        let result = match layout {
            Layout::Icews => icews_row(
                &field,
                &self.icews_cols,
                self.reg,
                self.cameo,
                &mut self.icews_names,
            ),
            _ => gdelt_row(&field, layout, self.codes, &mut self.last_date),
        };
        match result {
            Err(reason) => self.out.malformed(self.path, self.strict, n, reason)?,
            Ok((day, event, source)) => {
                if day == self.day_run.0 {
                    self.day_run.1 += 1;
                } else {
                    self.flush_day();
                    self.day_run = (day, 1);
                }
                if let Some(e) = event {
                    let key = source.map(|s| source_key(e.day, e.a, e.b, s.0, s.1));
                    self.event(n, e, key);
                }
            }
        }
        Ok(())
    }
}

/// The longest line read (bytes): a longer one is an error, not a buffer that grows
/// with the file.
const MAX_LINE: usize = 16 << 20;

/// How [`read`] reads a file.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Stop at the first malformed row.
    pub strict: bool,
    pub collect: Collect,
    /// Compute [`FileEvents::legacy_digest`].
    pub legacy_digest: bool,
}

/// Reads all rows of one file, streaming: complete lines are parsed in place from a
/// buffer read [`CHUNK`] bytes at a time (a longer line grows it).
pub fn read(
    path: &Path,
    r: &mut dyn BufRead,
    codes: &CountryCodes,
    reg: &Registry,
    cameo: &Cameo,
    options: Options,
) -> Result<FileEvents> {
    let mut p = Parser {
        path,
        codes,
        reg,
        cameo,
        strict: options.strict,
        legacy: options.legacy_digest.then_some(0),
        out: FileEvents {
            kept: (options.collect == Collect::Rows).then(Vec::new),
            ..FileEvents::default()
        },
        f: [(0, 0); MAX_FIELDS],
        split_line: line_splitter(),
        last_date: (0, 0),
        seen: HashSet::with_capacity_and_hasher(1 << 14, FxBuild::default()),
        sums: DyadDaySums::default(),
        icews_names: HashMap::new(),
        icews_cols: [0; 6],
        need: 18,
        day_run: (0, 0),
        days: HashMap::default(),
    };
    let mut buf = vec![0u8; 2 * CHUNK];
    let (mut filled, mut n) = (0usize, 0u64);
    loop {
        if buf.len() - filled < CHUNK {
            buf.resize(filled + CHUNK, 0);
        }
        let k = loop {
            match r.read(&mut buf[filled..filled + CHUNK]) {
                Ok(k) => break k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(stream_error(path, n, e)),
            }
        };
        filled += k;
        let mut start = 0;
        while start < filled {
            let (len, count, ended) = (p.split_line)(&buf[start..filled], &mut p.f, p.need);
            if !ended && k > 0 {
                // The rest of a line: parsed once more bytes are read.
                break;
            }
            n += 1;
            p.line(&buf[start..start + len], n, count)?;
            start += len + usize::from(ended);
        }
        if k == 0 {
            break;
        }
        buf.copy_within(start..filled, 0);
        filled -= start;
        if filled > MAX_LINE {
            return Err(SourceError::Record {
                file: path.to_path_buf(),
                line: n + 1,
                message: format!(
                    "no line break in {} MiB: not a GDELT or ICEWS event file (their rows are a few KB at most)",
                    MAX_LINE >> 20
                ),
            });
        }
    }
    p.flush_day();
    let mut out = p.out;
    out.volume = p.days.into_iter().collect();
    (out.all, out.dedup) = p.sums.finish();
    out.legacy_digest = p.legacy.map(|d| d ^ out.rows.rotate_left(17));
    out.has_sources = matches!(
        out.layout,
        Some(Layout::Gdelt1Daily | Layout::Gdelt2 | Layout::Icews)
    );
    if out.layout.is_none() {
        return Err(SourceError::Record {
            file: path.to_path_buf(),
            line: 0,
            message: "empty file".into(),
        });
    }
    if out.rows > 0 && out.malformed_count == out.rows {
        let first = out.malformed.first().map_or(String::new(), |m| {
            format!("; line {}: {}", m.line, m.reason)
        });
        return Err(SourceError::Record {
            file: path.to_path_buf(),
            line: out.malformed.first().map_or(0, |m| m.line),
            message: format!(
                "none of its {} rows could be read{first} — is it an event file in UTF-8 (GDELT 1.0/2.0 or ICEWS)?",
                out.rows
            ),
        });
    }
    Ok(out)
}

type Row<'l> = (u32, Option<Event>, Option<(&'l [u8], &'l [u8])>);

/// The first day GDELT codes (its 1.0 backfile begins in 1979); earlier dates are errors.
const GDELT_FIRST_DAY: u32 = 19790101;

/// The first day of ICEWS.
const ICEWS_FIRST_DAY: u32 = 19950101;

/// The last valid SQLDATE read: its 8 bytes and the day (most rows of a file repeat
/// the date of the row before).
type LastDate = (u64, u32);

fn gdelt_row<'l>(
    field: &dyn Fn(usize) -> &'l [u8],
    layout: Layout,
    codes: &CountryCodes,
    last_date: &mut LastDate,
) -> std::result::Result<Row<'l>, String> {
    let date = field(1);
    let bytes = <[u8; 8]>::try_from(date).map(u64::from_le_bytes);
    let day = match bytes {
        Ok(b) if b == last_date.0 && last_date.1 != 0 => Some(last_date.1),
        _ => digits(date).filter(|&d| date.len() == 8 && valid_day(d) && d >= GDELT_FIRST_DAY),
    };
    if let (Ok(b), Some(d)) = (bytes, day) {
        *last_date = (b, d);
    }
    let day = day.ok_or_else(|| {
        format!(
            "field 'SQLDATE': expected a date YYYYMMDD from 1979, found '{}'",
            String::from_utf8_lossy(date)
        )
    })?;
    let (a, b) = match (codes.get(field(7)), codes.get(field(17))) {
        (Some(a), Some(b)) if a != b => (a, b),
        _ => return Ok((day, None, None)),
    };
    let bad = |name: &str, v: &[u8], want: &str| {
        format!(
            "field '{name}': expected {want}, found '{}'",
            String::from_utf8_lossy(v)
        )
    };
    let code = field(26);
    if !(3..=4).contains(&code.len()) || !code.iter().all(u8::is_ascii_digit) {
        return Err(bad("EventCode", code, "a CAMEO code of 3–4 digits"));
    }
    let root = digits(field(28))
        .filter(|r| (1..=20).contains(r))
        .ok_or_else(|| bad("EventRootCode", field(28), "a root code 01–20"))? as u8;
    let quad = digits(field(29))
        .filter(|q| (1..=4).contains(q))
        .ok_or_else(|| bad("QuadClass", field(29), "1–4"))? as u8;
    let goldstein_x10 =
        tenths(field(30)).ok_or_else(|| bad("GoldsteinScale", field(30), "a number −10 … 10"))?;
    let mentions = digits(field(31)).ok_or_else(|| bad("NumMentions", field(31), "a count"))?;
    let articles = digits(field(33)).ok_or_else(|| bad("NumArticles", field(33), "a count"))?;
    let tone_text = field(34);
    let tone = std::str::from_utf8(tone_text)
        .ok()
        .and_then(|t| t.parse::<f64>().ok())
        .filter(|t| t.is_finite() && t.abs() <= 100.0)
        .ok_or_else(|| bad("AvgTone", tone_text, "a number −100 … 100"))?;
    let source = match layout {
        Layout::Gdelt1Daily | Layout::Gdelt2 => Some((code, field(layout.fields() - 1))),
        _ => None,
    };
    Ok((
        day,
        Some(Event {
            day,
            a,
            b,
            root,
            quad,
            goldstein_x10,
            tone: Some(tone),
            mentions,
            articles,
        }),
        source,
    ))
}

fn icews_row<'l>(
    field: &dyn Fn(usize) -> &'l [u8],
    cols: &[usize; 6],
    reg: &Registry,
    cameo: &Cameo,
    names: &mut HashMap<Vec<u8>, Option<u16>>,
) -> std::result::Result<Row<'l>, String> {
    let date = field(cols[0]);
    let day = (date.len() == 10 && date[4] == b'-' && date[7] == b'-')
        .then(|| {
            let d: Vec<u8> = date.iter().copied().filter(|c| *c != b'-').collect();
            digits(&d)
        })
        .flatten()
        .filter(|&d| valid_day(d) && d >= ICEWS_FIRST_DAY)
        .ok_or_else(|| {
            format!(
                "field 'Event Date': expected YYYY-MM-DD from 1995, found '{}'",
                String::from_utf8_lossy(date)
            )
        })?;
    let mut state = |v: &[u8]| -> Option<u16> {
        if v.is_empty() || v == b"NA" {
            return None;
        }
        *names.entry(v.to_vec()).or_insert_with(|| {
            std::str::from_utf8(v)
                .ok()
                .and_then(|s| reg.resolve_in_data(s))
                .map(|c| c.ccode)
        })
    };
    let (a, b) = match (state(field(cols[1])), state(field(cols[4]))) {
        (Some(a), Some(b)) if a != b => (a, b),
        _ => return Ok((day, None, None)),
    };
    let code = field(cols[2]);
    if !(3..=4).contains(&code.len()) || !code.iter().all(u8::is_ascii_digit) {
        return Err(format!(
            "field 'CAMEO Code': expected 3–4 digits, found '{}'",
            String::from_utf8_lossy(code)
        ));
    }
    let root = digits(&code[..2]).unwrap_or(0) as u8;
    let quad = quad_of_root(root).ok_or_else(|| {
        format!(
            "field 'CAMEO Code': unknown root code in '{}'",
            String::from_utf8_lossy(code)
        )
    })?;
    let code_str = std::str::from_utf8(code).unwrap_or("");
    let intensity = field(cols[3]);
    let goldstein_x10 = if intensity == b"NA" || intensity.is_empty() {
        cameo.goldstein(code_str)
    } else {
        tenths(intensity)
    }
    .ok_or_else(|| {
        format!(
            "field 'Intensity': expected a number −10 … 10, found '{}'",
            String::from_utf8_lossy(intensity)
        )
    })?;
    let story = field(cols[5]);
    Ok((
        day,
        Some(Event {
            day,
            a,
            b,
            root,
            quad,
            goldstein_x10,
            tone: None,
            mentions: 1,
            articles: 1,
        }),
        Some((code, story)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goldstein_tenths() {
        for (s, v) in [
            ("2.8", Some(28)),
            ("-10.0", Some(-100)),
            ("10", Some(100)),
            ("-4.4", Some(-44)),
            ("0", Some(0)),
            ("3.40", Some(34)),
            ("11", None),
            ("x", None),
            ("", None),
            ("1.25", Some(13)),
        ] {
            assert_eq!(tenths(s.as_bytes()), v, "{s}");
        }
    }
}

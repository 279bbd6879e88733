//! Military ties in their official layouts (see each folder's SOURCE.md):
//! ATOP 5.1 directed dyad-year obligations, the SIPRI arms-transfer trade register
//! (Latin-1, 11 preamble lines, four records broken over two lines), SIPRI dyad-year
//! TIV (360info's tidy export) and Multinational Military Exercises (MME v7,
//! participants by name). States are resolved through the registry; names it cannot
//! resolve are kept and reported.

pub mod cow;
pub mod dyads;
pub mod events;
pub mod jme;
pub mod sanctions;
pub mod sipri_deliveries;
pub mod sourced_exercises;
pub mod swap_lines;
pub mod ucdp;

use std::collections::HashMap;
use std::path::Path;

use entente_core::Registry;
use entente_core::ties::{DyadTable, DyadYearMap, DyadYearTable, FastMap, TradeCells};

use crate::data_dir::DataDir;
use crate::error::{Result, SourceError};
use crate::table::{Table, read_latin1};

pub const ATOP: &str = "atop/peacesciencer_atop5.1_alliance_ddy.csv.gz";
pub const SIPRI_REGISTER: &str = "sipri/sipri_trade_register_2025-03-13.csv.gz";
pub const SIPRI_DYAD_YEAR: &str = "sipri/sipri_dyad_year_tiv_1950_2021_360info.csv.gz";
pub const MME: &str = "exercises/mme_v7.csv.gz";
pub const MIDS: &str = "cow/peacesciencer_cow_mid5_ddydisps.csv.gz";

/// Coverage of each dataset (first and last year).
pub const ATOP_YEARS: (i32, i32) = crate::catalogue::ATOP.years;
/// The SIPRI dyad-year TIV table (the register itself runs to 2024).
pub const SIPRI_DYAD_YEARS: (i32, i32) = (1950, 2021);
pub const MME_YEARS: (i32, i32) = crate::catalogue::MME.years;
pub const MID_YEARS: (i32, i32) = crate::catalogue::COW_MID.years;
pub const TRADE_YEARS: (i32, i32) = crate::catalogue::IMF_DOTS.years;
pub const AIDDATA_YEARS: (i32, i32) = crate::catalogue::AIDDATA.years;

/// The five ATOP obligations, in column order.
pub const OBLIGATIONS: [&str; 5] = [
    "defense",
    "offense",
    "neutrality",
    "non-aggression",
    "consultation",
];

/// Obligations per year: [defense, offense, neutral, nonagg, consul].
pub type Obligations = Vec<(i32, [bool; 5])>;

/// 0/1 flags per directed dyad-year (`ccode1`, `ccode2`, `year` and the named columns),
/// as in peacesciencer's ATOP and COW alliance tables.
pub(crate) fn flags_by_dyad_year<const K: usize>(
    path: &Path,
    columns: [&str; K],
) -> Result<DyadYearTable<[bool; K]>> {
    let t = Table::open(path)?;
    let (c1, c2, cy) = (t.col("ccode1")?, t.col("ccode2")?, t.col("year")?);
    let cols: Vec<usize> = columns.iter().map(|c| t.col(c)).collect::<Result<_>>()?;
    // Rows in file order (a repeated key keeps its last row); peacesciencer's files run
    // dyad by dyad and year by year, so the table's sort finds them in order.
    let mut rows = Vec::with_capacity(1 << 18);
    t.for_each(|row| {
        let mut o = [false; K];
        for (k, &c) in cols.iter().enumerate() {
            o[k] = row.parse::<u8>(c)? == 1;
        }
        rows.push(((row.parse(c1)?, row.parse(c2)?), row.parse(cy)?, o));
        Ok(())
    })?;
    Ok(DyadTable::from_rows(rows))
}

/// ATOP obligations per directed dyad-year (ccode1 toward ccode2; both orders are in
/// the file).
pub fn atop_all(data: &DataDir) -> Result<DyadYearTable<[bool; 5]>> {
    flags_by_dyad_year(
        &data.file(ATOP),
        [
            "atop_defense",
            "atop_offense",
            "atop_neutral",
            "atop_nonagg",
            "atop_consul",
        ],
    )
}

/// ATOP obligations of `a` toward `b` and of `b` toward `a`, per year, in one read.
pub fn atop(data: &DataDir, a: u16, b: u16) -> Result<(Obligations, Obligations)> {
    let all = atop_all(data)?;
    // Each pair's rows run year by year.
    let pick = |x: u16, y: u16| -> Obligations { all.rows_of((x, y)).to_vec() };
    Ok((pick(a, b), pick(b, a)))
}

/// One deal of the SIPRI trade register.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Deal {
    pub line: u64,
    pub recipient: String,
    pub supplier: String,
    pub recipient_cc: Option<u16>,
    pub supplier_cc: Option<u16>,
    pub order_year: Option<i32>,
    pub order_year_uncertain: bool,
    pub number_ordered: Option<String>,
    pub designation: String,
    pub description: String,
    pub number_delivered: Option<String>,
    pub delivery_years: Vec<i32>,
    pub status: String,
    pub comments: String,
    pub tiv_total: Option<f64>,
    pub tiv_delivered: Option<f64>,
}

/// Fields of a register record.
const REGISTER_FIELDS: usize = 16;

/// Splits one CSV line (RFC 4180 quoting: `"a, b"`, `""` for a quote inside quotes).
fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// Resolves a dataset's country name through the registry (which knows the
/// historical names these datasets use: "Soviet Union", "Zaire", "East Germany (GDR)",
/// IMF's "China, P.R.: Mainland" …). SIPRI marks non-state actors with `*` and
/// multilateral organisations with `**` ("Hezbollah (Lebanon)*", "Ukraine Rebels*",
/// "NATO**"): they are no state, and the state named in brackets is not the recipient.
pub fn resolve_name(reg: &Registry, name: &str) -> Option<u16> {
    let name = name.trim();
    if name.ends_with('*') {
        return None;
    }
    reg.resolve_in_data(name).map(|c| c.ccode)
}

/// [`resolve_name`] remembered per name: the files repeat a few hundred names over
/// thousands of rows, and a name the registry does not know is searched (with its
/// spelling suggestions) only once.
pub struct Names<'r> {
    reg: &'r Registry,
    seen: FastMap<String, Option<u16>>,
}

impl<'r> Names<'r> {
    pub fn new(reg: &'r Registry) -> Names<'r> {
        Names {
            reg,
            seen: FastMap::default(),
        }
    }

    /// The COW code of a state name (None: not a state the registry knows).
    pub fn resolve(&mut self, name: &str) -> Option<u16> {
        if let Some(v) = self.seen.get(name) {
            return *v;
        }
        let v = resolve_name(self.reg, name);
        self.seen.insert(name.to_string(), v);
        v
    }
}

/// The SIPRI trade register: header on line 12 after the preamble; a record with
/// fewer than 16 fields is joined with the next line (an unquoted line break in
/// Comments, four records upstream).
pub fn sipri_register(data: &DataDir, reg: &Registry) -> Result<Vec<Deal>> {
    let path = data.file(SIPRI_REGISTER);
    let text = read_latin1(&path)?;
    parse_register(&path, &text, reg)
}

/// Parses the register text (see [`sipri_register`]).
pub fn parse_register(path: &Path, text: &str, reg: &Registry) -> Result<Vec<Deal>> {
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("Recipient,Supplier,Year of order"))
        .ok_or_else(|| SourceError::Record {
            file: path.to_path_buf(),
            line: 1,
            message: "no header line 'Recipient,Supplier,Year of order,…' (is this a SIPRI trade register?)".into(),
        })?;
    let num = |s: &str| -> Option<f64> { s.trim().parse().ok() };
    let text_opt = |s: &str| Some(s.trim().to_string()).filter(|x| !x.is_empty());
    let mut out = Vec::new();
    let mut names = Names::new(reg);
    let mut i = header + 1;
    while i < lines.len() {
        let line_no = i as u64 + 1;
        let mut record = lines[i].to_string();
        let mut fields = split_csv_line(&record);
        while fields.len() < REGISTER_FIELDS && i + 1 < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
            record.push(' ');
            record.push_str(lines[i]);
            fields = split_csv_line(&record);
        }
        i += 1;
        if record.trim().is_empty() {
            continue;
        }
        if fields.len() != REGISTER_FIELDS {
            return Err(SourceError::Record {
                file: path.to_path_buf(),
                line: line_no,
                message: format!("expected {REGISTER_FIELDS} fields, found {}", fields.len()),
            });
        }
        let f = |k: usize| fields[k].trim();
        let order_year = match f(2) {
            "" => None,
            y => Some(y.parse::<i32>().map_err(|_| {
                SourceError::field(
                    path,
                    line_no,
                    "Year of order",
                    format!("expected a year, found '{y}'"),
                )
            })?),
        };
        out.push(Deal {
            line: line_no,
            recipient: f(0).to_string(),
            supplier: f(1).to_string(),
            recipient_cc: names.resolve(f(0)),
            supplier_cc: names.resolve(f(1)),
            order_year,
            order_year_uncertain: f(3) == "?",
            number_ordered: text_opt(f(4)),
            designation: f(6).to_string(),
            description: f(7).to_string(),
            number_delivered: text_opt(f(8)),
            delivery_years: f(10)
                .split(';')
                .filter_map(|y| y.trim().parse().ok())
                .collect(),
            status: f(11).to_string(),
            comments: f(12).to_string(),
            tiv_total: num(f(14)),
            tiv_delivered: num(f(15)),
        });
    }
    Ok(out)
}

/// SIPRI TIV delivered per (supplier, recipient, year), COW-coded (360info export).
pub fn sipri_dyad_year(data: &DataDir) -> Result<DyadYearMap<f64>> {
    let t = Table::open(&data.file(SIPRI_DYAD_YEAR))?;
    let (cs, cr, cy, cv) = (
        t.col("supplier_cown")?,
        t.col("recipient_cown")?,
        t.col("year")?,
        t.col("value")?,
    );
    let mut out = DyadYearMap::default();
    t.for_each(|row| {
        if let (Some(s), Some(r)) = (row.parse_opt::<u16>(cs)?, row.parse_opt::<u16>(cr)?) {
            *out.entry((s, r, row.parse(cy)?)).or_insert(0.0) += row.parse::<f64>(cv)?;
        }
        Ok(())
    })?;
    Ok(out)
}

/// One multinational exercise (name: `Ex_Name`, else `Series_Name`, else "unnamed
/// exercise" — MME codes unknown names as -9).
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    pub id: String,
    pub name: String,
    pub year: i32,
    pub location: String,
    pub participants: Vec<String>,
    pub participant_cc: Vec<Option<u16>>,
}

/// MME v7 exercises (participants in StateA … StateAM, by name).
pub fn mme(data: &DataDir, reg: &Registry) -> Result<Vec<Exercise>> {
    let t = Table::open(&data.file(MME))?;
    let cs = t.col("Series_Name")?;
    let (ci, cn, cy, cl) = (
        t.col("MMEID")?,
        t.col("Ex_Name")?,
        t.col("s.year")?,
        t.col("Location")?,
    );
    let states: Vec<usize> = t
        .headers()
        .iter()
        .enumerate()
        .filter(|(_, h)| h.starts_with("State"))
        .map(|(k, _)| k)
        .collect();
    let mut out = Vec::new();
    let mut names = Names::new(reg);
    t.for_each(|row| {
        let participants: Vec<String> = states
            .iter()
            .filter_map(|&c| row.opt(c).ok().flatten().map(str::to_string))
            .collect();
        let participant_cc = participants.iter().map(|p| names.resolve(p)).collect();
        out.push(Exercise {
            id: row.get(ci)?.trim().to_string(),
            // "-9" codes an unknown name: fall back to the series, then say so.
            name: [row.get(cn)?.trim(), row.get(cs)?.trim()]
                .into_iter()
                .find(|n| !n.is_empty() && *n != "-9")
                .map_or_else(|| "unnamed exercise".to_string(), str::to_string),
            year: row.parse(cy)?,
            location: row.get(cl)?.trim().to_string(),
            participants,
            participant_cc,
        });
        Ok(())
    })?;
    Ok(out)
}

/// Hostility levels of the MID data (1–5).
pub const HOSTILITY: [&str; 5] = [
    "no militarized action",
    "threat to use force",
    "display of force",
    "use of force",
    "war",
];

/// One dispute-year between two states (COW MID 5.0).
#[derive(Clone, Debug, PartialEq)]
pub struct DisputeYear {
    pub year: i32,
    pub dispute: u32,
    /// Highest hostility in the dyad that year, 1–5.
    pub hostility: u8,
    /// Whether the dispute began that year.
    pub onset: bool,
    /// Whether both sides took militarized action (COW's `recip`).
    pub reciprocated: bool,
    /// The highest hostility level each side reached in the dispute (COW's `hostlev1`,
    /// `hostlev2`; against anyone in a multilateral dispute).
    pub sides: [u8; 2],
}

impl DisputeYear {
    /// Hostility of the dispute-year between the two in tenths, 0–10: threat 2,
    /// display 4, use of force 6, war 10. Reciprocated: the level of the side that went
    /// less far (in a multilateral dispute a side's level may be reached against a
    /// third state: China's war with Vietnam in 1979 is not a Sino-Soviet war);
    /// unreciprocated: a third of the acting side's level, rounded up (a seized fishing
    /// boat is not a rivalry).
    pub fn severity_tenths(&self) -> u8 {
        const LEVEL: [u8; 6] = [0, 0, 2, 4, 6, 10];
        let level = |h: u8| LEVEL[usize::from(h.min(5))];
        let [a, b] = self.sides;
        if self.reciprocated {
            level(a.min(b))
        } else {
            level(a.max(b)).div_ceil(3)
        }
    }
}

/// Highest hostility (1–5) per undirected dyad-year (lower code, higher code, year)
/// over all disputes.
pub fn mids_all(data: &DataDir) -> Result<DyadYearMap<u8>> {
    Ok(mid_tables(data)?.0)
}

/// Highest hostility (1–5) and highest severity in tenths ([`DisputeYear::severity_tenths`])
/// per undirected dyad-year, from one read of the file.
pub fn mid_tables(data: &DataDir) -> Result<(DyadYearMap<u8>, DyadYearMap<u8>)> {
    let (mut level, mut severity): (DyadYearMap<u8>, DyadYearMap<u8>) = Default::default();
    read_mids(data, |a, b, d| {
        let key = (a.min(b), a.max(b), d.year);
        let e = level.entry(key).or_insert(0);
        *e = (*e).max(d.hostility);
        let e = severity.entry(key).or_insert(0);
        *e = (*e).max(d.severity_tenths());
    })?;
    Ok((level, severity))
}

/// Militarized disputes between `a` and `b` by year (rows with ccode1 = a, ccode2 = b).
pub fn mids(data: &DataDir, a: u16, b: u16) -> Result<Vec<DisputeYear>> {
    let mut out = Vec::new();
    read_mids(data, |x, y, d| {
        if (x, y) == (a, b) {
            out.push(d);
        }
    })?;
    out.sort_by_key(|d| (d.year, d.dispute));
    Ok(out)
}

/// Every dispute dyad-year row: (ccode1, ccode2, dispute-year).
fn read_mids(data: &DataDir, mut f: impl FnMut(u16, u16, DisputeYear)) -> Result<()> {
    let t = Table::open(&data.file(MIDS))?;
    let (c1, c2, cy, cd, ch, co) = (
        t.col("ccode1")?,
        t.col("ccode2")?,
        t.col("year")?,
        t.col("dispnum")?,
        t.col("hostlev")?,
        t.col("cowmidonset")?,
    );
    let (cr, c1h, c2h) = (t.col("recip")?, t.col("hostlev1")?, t.col("hostlev2")?);
    t.for_each(|row| {
        let hostility: u8 = row.parse(ch)?;
        if !(1..=5).contains(&hostility) {
            return Err(row.error(
                ch,
                format!("hostility level must be 1–5, found {hostility}"),
            ));
        }
        f(
            row.parse(c1)?,
            row.parse(c2)?,
            DisputeYear {
                year: row.parse(cy)?,
                dispute: row.parse(cd)?,
                hostility,
                onset: row.parse::<u8>(co)? == 1,
                reciprocated: row.parse::<u8>(cr)? == 1,
                sides: [row.parse(c1h)?, row.parse(c2h)?],
            },
        );
        Ok(())
    })
}

pub const TRADE: &str = "trade/imf_dots_annual_reporter_partner_1960_2020.csv.gz";

/// One year of goods trade between a and b (US$ millions).
#[derive(Clone, Debug, PartialEq)]
pub struct TradeYear {
    pub year: i32,
    /// a→b and b→a flows: the importer's report (CIF) when present, else the
    /// exporter's (FOB); the flag says whether the importer reported.
    pub a_to_b: Option<(f64, bool)>,
    pub b_to_a: Option<(f64, bool)>,
    /// Each side's total goods trade with the world, as it reports (exports + imports).
    pub a_total: Option<f64>,
    pub b_total: Option<f64>,
}

impl TradeYear {
    /// Trade in both directions (missing flows count as missing, not zero).
    pub fn total(&self) -> Option<f64> {
        Some(self.a_to_b?.0 + self.b_to_a?.0)
    }
}

/// The first field of a CSV line (quoted or not).
fn first_field(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix('"') {
        rest.split('"').next().unwrap_or("")
    } else {
        &line[..line.bytes().position(|b| b == b',').unwrap_or(line.len())]
    }
}

/// Splits one DOTS line into `fields`, borrowed from the line: plain fields, and fields
/// quoted whole without doubled quotes (`"China, P.R.: Mainland"`); any other quoting
/// goes through the full CSV parse ([`split_csv_line`]), which gives the same fields.
fn dots_fields<'a>(line: &'a str, fields: &mut Vec<std::borrow::Cow<'a, str>>) {
    use std::borrow::Cow;
    fields.clear();
    // Most lines have no quote: split at the commas in one pass over the bytes.
    let mut start = 0;
    let mut quoted = false;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        if b == b',' {
            fields.push(Cow::Borrowed(&line[start..i]));
            start = i + 1;
        } else if b == b'"' {
            quoted = true;
            break;
        }
    }
    if !quoted {
        fields.push(Cow::Borrowed(&line[start..]));
        return;
    }
    fields.clear();
    if !line.contains("\"\"") {
        let mut rest = line;
        loop {
            if let Some(quoted) = rest.strip_prefix('"') {
                let Some(end) = quoted.find('"') else { break };
                match quoted.as_bytes().get(end + 1) {
                    None => {
                        fields.push(Cow::Borrowed(&quoted[..end]));
                        return;
                    }
                    Some(b',') => {
                        fields.push(Cow::Borrowed(&quoted[..end]));
                        rest = &quoted[end + 2..];
                        continue;
                    }
                    Some(_) => break,
                }
            }
            let (field, next) = match rest.find(',') {
                Some(c) => (&rest[..c], Some(&rest[c + 1..])),
                None => (rest, None),
            };
            if field.contains('"') {
                break;
            }
            fields.push(Cow::Borrowed(field));
            match next {
                Some(n) => rest = n,
                None => return,
            }
        }
        fields.clear();
    }
    fields.extend(split_csv_line(line).into_iter().map(Cow::Owned));
}

/// IMF DOTS reports: value per (reporter, partner or 0 for World, exports?, year),
/// US$ millions, for the reporters and partners `keep` accepts.
pub struct TradeReports {
    cells: TradeCells,
    /// Each state's goods trade with the world by year, as it reports it (exports +
    /// imports; only where both are reported): asked for every dyad of a year, so
    /// summed once here.
    world: FastMap<(u16, i32), f64>,
}

impl TradeReports {
    /// Reads the DOTS file keeping reporters and partners for which `keep` holds (World
    /// totals of kept reporters always). Parts of the file are parsed side by side; a
    /// key reported on several lines sums them in file order, as one pass would.
    pub fn read(
        data: &DataDir,
        reg: &Registry,
        keep: impl Fn(u16) -> bool + Sync,
    ) -> Result<TradeReports> {
        Ok(TradeReports::from_cells(Self::read_cells(data, reg, keep)?))
    }

    /// The cells of the DOTS file (as [`TradeReports::read`] reads them), for a cache
    /// of the cells alone.
    pub fn read_cells(
        data: &DataDir,
        reg: &Registry,
        keep: impl Fn(u16) -> bool + Sync,
    ) -> Result<TradeCells> {
        let path = data.file(TRADE);
        let text = crate::table::read_text(&path)?;
        Self::parse(&path, &text, reg, &keep, TRADE_PARTS)
    }

    /// The cells of a DOTS file's text (`path` names it in errors), parsed in `parts`
    /// parts of whole lines side by side: the same cells, and the same first error,
    /// whatever the number of parts.
    pub fn parse(
        path: &Path,
        text: &str,
        reg: &Registry,
        keep: &(impl Fn(u16) -> bool + Sync),
        parts: usize,
    ) -> Result<TradeCells> {
        use rayon::prelude::*;
        let parts = line_parts(text, parts.max(1));
        let parsed: Vec<std::result::Result<Vec<TradeRow>, (usize, SourceError)>> = parts
            .par_iter()
            .enumerate()
            .map(|(k, part)| parse_dots(path, part, k == 0, reg, keep))
            .collect();
        let mut rows = Vec::new();
        for (k, part) in parsed.into_iter().enumerate() {
            match part {
                Ok(r) => rows.extend(r),
                // The line within the part, plus the lines of the parts before it.
                Err((line, mut e)) => {
                    let before: usize = parts[..k].iter().map(|p| p.lines().count()).sum();
                    if let SourceError::Record { line: l, .. }
                    | SourceError::Field { line: l, .. } = &mut e
                    {
                        *l = (before + line + 1) as u64;
                    }
                    return Err(e);
                }
            }
        }
        // A stable sort keeps each key's lines in file order, and they are summed so,
        // straight into the table's columns.
        rows.par_sort_by_key(|r| r.0);
        let (mut pairs, mut keys, mut values) = (Vec::new(), Vec::new(), Vec::<f64>::new());
        for ((r, p, e, y), v) in rows {
            if pairs.last() == Some(&(r, p)) && keys.last() == Some(&(e, y)) {
                *values.last_mut().expect("a value per key") += v;
            } else {
                pairs.push((r, p));
                keys.push((e, y));
                values.push(0.0 + v); // as a map's entry starts (−0 becomes 0)
            }
        }
        Ok(TradeCells::from_sorted(pairs, keys, values).expect("keys sorted and summed above"))
    }

    /// Reports from their cells: (reporter, partner or 0 for World, exports?, year) →
    /// US$ millions (as [`TradeReports::cells`] gives them).
    pub fn from_cells(cells: TradeCells) -> TradeReports {
        let mut world = FastMap::default();
        for ((state, partner), (exports, year), &x) in cells.iter() {
            if partner == 0
                && exports
                && let Some(m) = cells.get((state, 0), (false, year))
            {
                world.insert((state, year), x + m);
            }
        }
        TradeReports { cells, world }
    }

    /// The reports' cells.
    pub fn cells(&self) -> &TradeCells {
        &self.cells
    }

    /// Goods shipped from `from` to `to` in `year`: the importer's report (CIF) when
    /// present, else the exporter's (FOB); the flag says whether the importer reported.
    pub fn flow(&self, from: u16, to: u16, year: i32) -> Option<(f64, bool)> {
        match (
            self.cells.get((to, from), (false, year)),
            self.cells.get((from, to), (true, year)),
        ) {
            (Some(&imp), _) => Some((imp, true)),
            (None, Some(&exp)) => Some((exp, false)),
            _ => None,
        }
    }

    /// A state's goods trade with the world as it reports it (exports + imports).
    pub fn world_total(&self, state: u16, year: i32) -> Option<f64> {
        self.world.get(&(state, year)).copied()
    }

    /// Years with any report.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.cells.iter().map(|(_, (_, y), _)| y).collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The reconciled trade of one dyad-year (None when neither flow is reported).
    pub fn dyad_year(&self, a: u16, b: u16, year: i32) -> Option<TradeYear> {
        let t = TradeYear {
            year,
            a_to_b: self.flow(a, b, year),
            b_to_a: self.flow(b, a, year),
            a_total: self.world_total(a, year),
            b_total: self.world_total(b, year),
        };
        (t.a_to_b.is_some() || t.b_to_a.is_some()).then_some(t)
    }
}

/// One DOTS report: (reporter, partner or 0 for World, exports?, year) and US$ millions.
type TradeRow = ((u16, u16, bool, i32), f64);

/// Parts the DOTS file is parsed in, side by side.
const TRADE_PARTS: usize = 16;

/// Splits `text` into about `n` parts of whole lines, in order.
fn line_parts(text: &str, n: usize) -> Vec<&str> {
    let mut parts = Vec::with_capacity(n);
    let mut rest = text;
    let size = text.len().div_ceil(n).max(1);
    while !rest.is_empty() {
        let cut = if rest.len() <= size {
            rest.len()
        } else {
            rest[size..].find('\n').map_or(rest.len(), |i| size + i + 1)
        };
        let (head, tail) = rest.split_at(cut);
        parts.push(head);
        rest = tail;
    }
    parts
}

/// The code of the name on the previous line of a column, kept while lines repeat it.
#[derive(Default)]
struct LastName<'a> {
    name: Option<&'a str>,
    code: Option<u16>,
}

impl<'a> LastName<'a> {
    /// The code of `name`: the kept one when `name` repeats the previous line's, else
    /// resolved, and kept as `keep_as` (None: the name cannot outlive its line).
    fn code(&mut self, names: &mut Names, name: &str, keep_as: Option<&'a str>) -> Option<u16> {
        if self.name != Some(name) {
            self.code = names.resolve(name);
            self.name = keep_as;
        }
        self.code
    }
}

/// Parses one part of the DOTS file (`first`: the part with the header line) into its
/// kept reports, in line order; an error comes with its line index within the part.
fn parse_dots(
    path: &Path,
    part: &str,
    first: bool,
    reg: &Registry,
    keep: &(impl Fn(u16) -> bool + Sync),
) -> std::result::Result<Vec<TradeRow>, (usize, SourceError)> {
    let mut names = Names::new(reg);
    // The file runs reporter by reporter and partner by partner: the previous line's
    // name in each column answers most lines without a lookup.
    let (mut reporters, mut partners) = (LastName::default(), LastName::default());
    let mut out = Vec::with_capacity(part.len() / 64);
    let mut fields = Vec::with_capacity(8);
    for (k, line) in part.lines().enumerate().skip(usize::from(first)) {
        let err = |e: SourceError| (k, e);
        let reporter = first_field(line);
        let Some(r) = reporters
            .code(&mut names, reporter, Some(reporter))
            .filter(|&r| keep(r))
        else {
            continue;
        };
        dots_fields(line, &mut fields);
        if fields.len() != 7 {
            return Err(err(SourceError::Record {
                file: path.to_path_buf(),
                line: 0,
                message: format!("expected 7 fields, found {}", fields.len()),
            }));
        }
        let partner = if fields[1] == "World" {
            0
        } else {
            // Kept for the next line when borrowed from this one (not when the field
            // needed the full CSV parse).
            let borrowed = match &fields[1] {
                std::borrow::Cow::Borrowed(name) => Some(*name),
                std::borrow::Cow::Owned(_) => None,
            };
            match partners.code(&mut names, &fields[1], borrowed) {
                Some(p) if keep(p) && p != r => p,
                _ => continue,
            }
        };
        let exports = match &*fields[2] {
            "exports_fob" => true,
            "imports_cif" => false,
            other => {
                return Err(err(SourceError::field(
                    path,
                    0,
                    "flow",
                    format!("expected exports_fob or imports_cif, found '{other}'"),
                )));
            }
        };
        let bad = |f: &str, v: &str| {
            err(SourceError::field(
                path,
                0,
                f,
                format!("expected a number, found '{v}'"),
            ))
        };
        let year: i32 = fields[3].parse().map_err(|_| bad("year", &fields[3]))?;
        let value: f64 = fields[4]
            .parse()
            .map_err(|_| bad("value_usd_millions", &fields[4]))?;
        out.push(((r, partner, exports, year), value));
    }
    Ok(out)
}

/// Goods trade between `a` and `b` per year from IMF DOTS, both sides' reports
/// reconciled (importer first), with each side's total trade.
pub fn trade(data: &DataDir, reg: &Registry, a: u16, b: u16) -> Result<Vec<TradeYear>> {
    let reports = TradeReports::read(data, reg, |s| s == a || s == b)?;
    Ok(reports
        .years()
        .into_iter()
        .filter_map(|y| reports.dyad_year(a, b, y))
        .collect())
}

pub const AIDDATA: &str = "aiddata/gcdf3_china_to_recipient_year_cow.csv.gz";
/// The only lender in the AidData file (COW code of China).
pub const AIDDATA_LENDER: u16 = 710;

/// Chinese official finance committed to `recipient` in a year, US$ millions (constant
/// 2021): OOF-like, ODA-like and vague official finance (AidData's unadjusted amounts).
#[derive(Clone, Debug, PartialEq)]
pub struct FinanceYear {
    pub year: i32,
    pub oof: f64,
    pub oda: f64,
    pub vague: f64,
}

impl FinanceYear {
    pub fn total(&self) -> f64 {
        self.oof + self.oda + self.vague
    }
}

/// AidData commitments from China by (recipient, year); absent years: none recorded.
pub fn chinese_finance_all(data: &DataDir) -> Result<HashMap<(u16, i32), FinanceYear>> {
    let t = Table::open(&data.file(AIDDATA))?;
    let (cc, cy, co, cd, cv) = (
        t.col("ccode")?,
        t.col("year")?,
        t.col("oof_amt")?,
        t.col("oda_amt")?,
        t.col("vof_amt")?,
    );
    let mut out = HashMap::new();
    t.for_each(|row| {
        let m = |c: usize| -> Result<f64> { Ok(row.parse_opt::<f64>(c)?.unwrap_or(0.0) / 1e6) };
        let year = row.parse(cy)?;
        out.insert(
            (row.parse(cc)?, year),
            FinanceYear {
                year,
                oof: m(co)?,
                oda: m(cd)?,
                vague: m(cv)?,
            },
        );
        Ok(())
    })?;
    Ok(out)
}

/// AidData commitments from China to `recipient` by year (absent years: none recorded).
pub fn chinese_finance(data: &DataDir, recipient: u16) -> Result<Vec<FinanceYear>> {
    let mut out: Vec<FinanceYear> = chinese_finance_all(data)?
        .into_iter()
        .filter(|(k, _)| k.0 == recipient)
        .map(|(_, f)| f)
        .collect();
    out.sort_by_key(|f| f.year);
    Ok(out)
}

#[cfg(test)]
mod tests {

    #[test]
    fn dispute_severity_is_the_dyads_not_the_disputes() {
        use super::DisputeYear;
        let d = |sides: [u8; 2], reciprocated: bool| DisputeYear {
            year: 1979,
            dispute: 1,
            hostility: sides[0].max(sides[1]),
            onset: true,
            reciprocated,
            sides,
        };
        // China at war (with Vietnam), the Soviet Union displaying force: a display.
        assert_eq!(d([5, 3], true).severity_tenths(), 4);
        assert_eq!(d([5, 5], true).severity_tenths(), 10);
        // A boat seized without reply: a third of a use of force.
        assert_eq!(d([1, 4], false).severity_tenths(), 2);
        assert_eq!(d([1, 1], false).severity_tenths(), 0);
    }

    use super::split_csv_line;

    #[test]
    fn csv_lines_split_like_rfc_4180() {
        assert_eq!(
            split_csv_line(r#""China, P.R.: Mainland",World,"say ""hi""",,x"#),
            ["China, P.R.: Mainland", "World", r#"say "hi""#, "", "x"]
        );
        assert_eq!(split_csv_line("a,b"), ["a", "b"]);
        assert_eq!(split_csv_line(r#"5" gun,"open"#), [r#"5" gun"#, "open"]);
    }

    proptest::proptest! {
        /// The borrowing DOTS splitter gives the fields of the full CSV parse.
        #[test]
        fn dots_fields_split_like_the_csv_parse(line in "[a, \"]{0,24}") {
            let mut fields = Vec::new();
            super::dots_fields(&line, &mut fields);
            proptest::prop_assert_eq!(fields, split_csv_line(&line));
        }
    }
}

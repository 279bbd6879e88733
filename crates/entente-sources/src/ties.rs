//! Military ties in their official layouts (see each folder's SOURCE.md):
//! ATOP 5.1 directed dyad-year obligations, the SIPRI arms-transfer trade register
//! (Latin-1, 11 preamble lines, four records broken over two lines), SIPRI dyad-year
//! TIV (360info's tidy export) and Multinational Military Exercises (MME v7,
//! participants by name). States are resolved through the registry; names it cannot
//! resolve are kept and reported.

use std::collections::HashMap;
use std::path::Path;

use entente_core::Registry;

use crate::data_dir::DataDir;
use crate::error::{Result, SourceError};
use crate::table::{Table, read_latin1};

pub const ATOP: &str = "atop/peacesciencer_atop5.1_alliance_ddy.csv.gz";
pub const SIPRI_REGISTER: &str = "sipri/sipri_trade_register_2025-03-13.csv.gz";
pub const SIPRI_DYAD_YEAR: &str = "sipri/sipri_dyad_year_tiv_1950_2021_360info.csv.gz";
pub const MME: &str = "exercises/mme_v7.csv.gz";
pub const MIDS: &str = "cow/peacesciencer_cow_mid5_ddydisps.csv.gz";

pub const ATOP_CITATION: &str = "ATOP v5.1 (Leeds, Ritter, Mitchell & Long 2002), directed dyad-years 1815–2018, via peacesciencer";
pub const SIPRI_CITATION: &str = "SIPRI Arms Transfers Database, trade register generated 13 Mar 2025; dyad-year TIV 1950–2021 (SIPRI tables of 28 Jul 2022, via 360info); SIPRI trend-indicator values (TIV), millions";
pub const MIDS_CITATION: &str = "COW Militarized Interstate Disputes 5.0 (Palmer et al. 2022), dispute dyad-years 1816–2014, via peacesciencer";
pub const MME_CITATION: &str = "Multinational Military Exercises v7, 1980–2010 (D'Orazio & Galambos 2021, Harvard Dataverse doi:10.7910/DVN/KHFODX)";

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

/// ATOP obligations of `a` toward `b` and of `b` toward `a`, per year, in one read.
pub fn atop(data: &DataDir, a: u16, b: u16) -> Result<(Obligations, Obligations)> {
    let path = data.file(ATOP);
    let t = Table::open(&path)?;
    let (c1, c2, cy) = (t.col("ccode1")?, t.col("ccode2")?, t.col("year")?);
    let cols = [
        "atop_defense",
        "atop_offense",
        "atop_neutral",
        "atop_nonagg",
        "atop_consul",
    ]
    .map(|c| t.col(c));
    let cols: Vec<usize> = cols.into_iter().collect::<Result<_>>()?;
    let (mut ab, mut ba) = (Vec::new(), Vec::new());
    t.for_each(|row| {
        let out = match (row.parse::<u16>(c1)?, row.parse::<u16>(c2)?) {
            (x, y) if (x, y) == (a, b) => &mut ab,
            (x, y) if (x, y) == (b, a) => &mut ba,
            _ => return Ok(()),
        };
        let mut o = [false; 5];
        for (k, &c) in cols.iter().enumerate() {
            o[k] = row.parse::<u8>(c)? == 1;
        }
        out.push((row.parse(cy)?, o));
        Ok(())
    })?;
    ab.sort_by_key(|x| x.0);
    ba.sort_by_key(|x| x.0);
    Ok((ab, ba))
}

/// One deal of the SIPRI trade register.
#[derive(Clone, Debug, PartialEq)]
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

fn split_csv_line(line: &str) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    let mut rec = csv::StringRecord::new();
    match rdr.read_record(&mut rec) {
        Ok(true) => rec.iter().map(|f| f.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// Resolves a dataset's country name through the registry (which knows the
/// historical names these datasets use: "Soviet Union", "Zaire", "East Germany (GDR)",
/// IMF's "China, P.R.: Mainland" …); SIPRI marks some non-state recipients with `*`.
pub fn resolve_name(reg: &Registry, name: &str) -> Option<u16> {
    reg.resolve(name.trim().trim_end_matches('*'))
        .ok()
        .map(|c| c.ccode)
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
            recipient_cc: resolve_name(reg, f(0)),
            supplier_cc: resolve_name(reg, f(1)),
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
pub fn sipri_dyad_year(data: &DataDir) -> Result<HashMap<(u16, u16, i32), f64>> {
    let t = Table::open(&data.file(SIPRI_DYAD_YEAR))?;
    let (cs, cr, cy, cv) = (
        t.col("supplier_cown")?,
        t.col("recipient_cown")?,
        t.col("year")?,
        t.col("value")?,
    );
    let mut out = HashMap::new();
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
    t.for_each(|row| {
        let participants: Vec<String> = states
            .iter()
            .filter_map(|&c| row.opt(c).ok().flatten().map(str::to_string))
            .collect();
        let participant_cc = participants.iter().map(|p| resolve_name(reg, p)).collect();
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
}

/// Militarized disputes between `a` and `b` by year (rows with ccode1 = a, ccode2 = b).
pub fn mids(data: &DataDir, a: u16, b: u16) -> Result<Vec<DisputeYear>> {
    let t = Table::open(&data.file(MIDS))?;
    let (c1, c2, cy, cd, ch, co) = (
        t.col("ccode1")?,
        t.col("ccode2")?,
        t.col("year")?,
        t.col("dispnum")?,
        t.col("hostlev")?,
        t.col("cowmidonset")?,
    );
    let mut out = Vec::new();
    t.for_each(|row| {
        if row.parse::<u16>(c1)? != a || row.parse::<u16>(c2)? != b {
            return Ok(());
        }
        let hostility: u8 = row.parse(ch)?;
        if !(1..=5).contains(&hostility) {
            return Err(row.error(
                ch,
                format!("hostility level must be 1–5, found {hostility}"),
            ));
        }
        out.push(DisputeYear {
            year: row.parse(cy)?,
            dispute: row.parse(cd)?,
            hostility,
            onset: row.parse::<u8>(co)? == 1,
        });
        Ok(())
    })?;
    out.sort_by_key(|d| (d.year, d.dispute));
    Ok(out)
}

pub const TRADE: &str = "trade/imf_dots_annual_reporter_partner_1960_2020.csv.gz";
pub const TRADE_CITATION: &str = "IMF Direction of Trade Statistics (DOTS), goods, US$ millions, 1960–2020 (IMF data-portal exports of 2022)";

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
        line.split(',').next().unwrap_or("")
    }
}

/// Goods trade between `a` and `b` per year from IMF DOTS, both sides' reports
/// reconciled (importer first), with each side's total trade.
pub fn trade(data: &DataDir, reg: &Registry, a: u16, b: u16) -> Result<Vec<TradeYear>> {
    let path = data.file(TRADE);
    let text = crate::table::read_text(&path)?;
    let mut resolved: HashMap<String, Option<u16>> = HashMap::new();
    let mut resolve = |name: &str| -> Option<u16> {
        if let Some(v) = resolved.get(name) {
            return *v;
        }
        let v = resolve_name(reg, name);
        resolved.insert(name.to_string(), v);
        v
    };
    // (reporter, partner or 0 for World, exports?) → year → value
    let mut cells: HashMap<(u16, u16, bool, i32), f64> = HashMap::new();
    for (k, line) in text.lines().enumerate().skip(1) {
        let reporter = first_field(line);
        let Some(r) = resolve(reporter).filter(|&r| r == a || r == b) else {
            continue;
        };
        let fields = split_csv_line(line);
        if fields.len() != 7 {
            return Err(SourceError::Record {
                file: path.clone(),
                line: k as u64 + 1,
                message: format!("expected 7 fields, found {}", fields.len()),
            });
        }
        let partner = if fields[1] == "World" {
            0
        } else {
            match resolve(&fields[1]) {
                Some(p) if (p == a || p == b) && p != r => p,
                _ => continue,
            }
        };
        let exports = match fields[2].as_str() {
            "exports_fob" => true,
            "imports_cif" => false,
            other => {
                return Err(SourceError::field(
                    &path,
                    k as u64 + 1,
                    "flow",
                    format!("expected exports_fob or imports_cif, found '{other}'"),
                ));
            }
        };
        let bad = |f: &str, v: &str| {
            SourceError::field(
                &path,
                k as u64 + 1,
                f,
                format!("expected a number, found '{v}'"),
            )
        };
        let year: i32 = fields[3].parse().map_err(|_| bad("year", &fields[3]))?;
        let value: f64 = fields[4]
            .parse()
            .map_err(|_| bad("value_usd_millions", &fields[4]))?;
        *cells.entry((r, partner, exports, year)).or_insert(0.0) += value;
    }
    let mut years: Vec<i32> = cells.keys().map(|k| k.3).collect();
    years.sort_unstable();
    years.dedup();
    let flow = |from: u16, to: u16, y: i32| -> Option<(f64, bool)> {
        match (
            cells.get(&(to, from, false, y)),
            cells.get(&(from, to, true, y)),
        ) {
            (Some(&imp), _) => Some((imp, true)),
            (None, Some(&exp)) => Some((exp, false)),
            _ => None,
        }
    };
    let total = |s: u16, y: i32| -> Option<f64> {
        Some(cells.get(&(s, 0, true, y))? + cells.get(&(s, 0, false, y))?)
    };
    Ok(years
        .into_iter()
        .map(|y| TradeYear {
            year: y,
            a_to_b: flow(a, b, y),
            b_to_a: flow(b, a, y),
            a_total: total(a, y),
            b_total: total(b, y),
        })
        .filter(|t| t.a_to_b.is_some() || t.b_to_a.is_some())
        .collect())
}

pub const AIDDATA: &str = "aiddata/gcdf3_china_to_recipient_year_cow.csv.gz";
pub const AIDDATA_CITATION: &str = "AidData Global Chinese Development Finance 3.0 (Custer et al. 2023), commitments by recipient-year 2000–2021, constant 2021 US$, via odadata";
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

/// AidData commitments from China to `recipient` by year (absent years: none recorded).
pub fn chinese_finance(data: &DataDir, recipient: u16) -> Result<Vec<FinanceYear>> {
    let t = Table::open(&data.file(AIDDATA))?;
    let (cc, cy, co, cd, cv) = (
        t.col("ccode")?,
        t.col("year")?,
        t.col("oof_amt")?,
        t.col("oda_amt")?,
        t.col("vof_amt")?,
    );
    let mut out = Vec::new();
    t.for_each(|row| {
        if row.parse::<u16>(cc)? != recipient {
            return Ok(());
        }
        let m = |c: usize| -> Result<f64> { Ok(row.parse_opt::<f64>(c)?.unwrap_or(0.0) / 1e6) };
        out.push(FinanceYear {
            year: row.parse(cy)?,
            oof: m(co)?,
            oda: m(cd)?,
            vague: m(cv)?,
        });
        Ok(())
    })?;
    out.sort_by_key(|f| f.year);
    Ok(out)
}

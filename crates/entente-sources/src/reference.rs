//! Published reference results to validate against: Bailey, Strezhnev & Voeten's
//! ideal-point files with Voeten's agreement shares with six reference states
//! (`ideal_points/IdealpointestimatesAll_Jun2024.csv.gz`).

use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const IDEAL_JUN2024: &str = "ideal_points/IdealpointestimatesAll_Jun2024.csv.gz";
pub const IDEAL_JULY2025: &str = "ideal_points/IdealpointsJuly2025.csv.gz";
pub const MATCHES_APR2020: &str = "ideal_points/Matches_Apr2020.csv.gz";

/// The reference states of the `*Agree` columns: (column, COW code).
pub const AGREE_COLUMNS: [(&str, u16); 6] = [
    ("USAgree", 2),
    ("RUSSAgree", 365),
    ("BrazilAgree", 140),
    ("ChinaAgree", 710),
    ("IndiaAgree", 750),
    ("IsraelAgree", 666),
];

/// One country-session of the published file.
#[derive(Clone, Debug)]
pub struct ReferenceRow {
    pub ccode: u16,
    pub session: u16,
    pub n_votes: Option<u32>,
    pub ideal: Option<f64>,
    pub q05: Option<f64>,
    pub q50: Option<f64>,
    pub q95: Option<f64>,
    /// Agreement share with each state of [`AGREE_COLUMNS`], in that order.
    pub agree: [Option<f64>; 6],
}

/// Reads the June 2024 ideal-point file.
pub fn load_ideal_jun2024(dir: &DataDir) -> Result<Vec<ReferenceRow>> {
    let t = Table::open(&dir.file(IDEAL_JUN2024))?;
    let (cc, sess, n) = (t.col("ccode")?, t.col("session")?, t.col("NVotesAll")?);
    let (ip, q5, q50, q95) = (
        t.col("IdealPointAll")?,
        t.col("Q5%All")?,
        t.col("Q50%All")?,
        t.col("Q95%All")?,
    );
    let agree_cols: Vec<usize> = AGREE_COLUMNS
        .iter()
        .map(|(c, _)| t.col(c))
        .collect::<Result<_>>()?;
    let mut out = Vec::new();
    t.for_each(|r| {
        let mut agree = [None; 6];
        for (slot, &col) in agree.iter_mut().zip(&agree_cols) {
            *slot = r.parse_opt(col)?;
        }
        out.push(ReferenceRow {
            ccode: r.parse(cc)?,
            session: r.parse(sess)?,
            n_votes: r.parse_opt(n)?,
            ideal: r.parse_opt(ip)?,
            q05: r.parse_opt(q5)?,
            q50: r.parse_opt(q50)?,
            q95: r.parse_opt(q95)?,
            agree,
        });
        Ok(())
    })?;
    Ok(out)
}

/// Bailey–Strezhnev–Voeten's list of identical roll calls across sessions (Voeten
/// rcids), used to bridge sessions in the ideal-point model.
pub fn load_matches(dir: &DataDir) -> Result<Vec<(u32, u32)>> {
    let t = Table::open(&dir.file(MATCHES_APR2020))?;
    let (a, b) = (t.col("rcid1")?, t.col("rcid2")?);
    let mut out = Vec::new();
    t.for_each(|r| {
        out.push((r.parse(a)?, r.parse(b)?));
        Ok(())
    })?;
    Ok(out)
}

/// One state-year of the July 2025 file.
#[derive(Clone, Debug)]
pub struct July2025Row {
    pub ccode: u16,
    pub year: i32,
    /// Final-passage votes only (to 2024).
    pub ideal_fp: Option<f64>,
    /// All votes (to 2023).
    pub ideal_all: Option<f64>,
}

/// Reads the July 2025 ideal-point file (converted from Stata).
pub fn load_ideal_july2025(dir: &DataDir) -> Result<Vec<July2025Row>> {
    let t = Table::open(&dir.file(IDEAL_JULY2025))?;
    let (cc, year, fp, all) = (
        t.col("ccode")?,
        t.col("year")?,
        t.col("idealpointfp")?,
        t.col("idealpointall")?,
    );
    let mut out = Vec::new();
    t.for_each(|r| {
        out.push(July2025Row {
            ccode: r.parse(cc)?,
            year: r.parse(year)?,
            ideal_fp: r.parse_opt(fp)?,
            ideal_all: r.parse_opt(all)?,
        });
        Ok(())
    })?;
    Ok(out)
}

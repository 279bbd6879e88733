//! Published reference results to validate against: Bailey, Strezhnev & Voeten's
//! ideal-point files with Voeten's agreement shares with six reference states
//! (`ideal_points/IdealpointestimatesAll_Jun2024.csv.gz`).

use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const IDEAL_JUN2024: &str = "ideal_points/IdealpointestimatesAll_Jun2024.csv.gz";

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

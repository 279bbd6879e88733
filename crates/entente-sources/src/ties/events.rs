//! ICEWS event counts by quad class per directed dyad-year, 2002–2014 (netify's
//! aggregate, `icews/netify_icews_dyad_year_quadcounts_2002_2014.csv.gz`): the only
//! multi-year event series in the data folder until raw GDELT/ICEWS files are ingested.

use std::collections::HashMap;

use entente_core::Registry;

use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const ICEWS_DYAD_YEAR: &str = "icews/netify_icews_dyad_year_quadcounts_2002_2014.csv.gz";
pub const ICEWS_DYAD_YEARS: (i32, i32) = crate::catalogue::ICEWS.years;

/// Event counts of one directed dyad-year: verbal and material cooperation, verbal and
/// material conflict.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct QuadCounts {
    pub verbal_coop: u32,
    pub material_coop: u32,
    pub verbal_conflict: u32,
    pub material_conflict: u32,
}

impl QuadCounts {
    /// [verbal coop, material coop, verbal conflict, material conflict].
    pub fn to_array(self) -> [u32; 4] {
        [
            self.verbal_coop,
            self.material_coop,
            self.verbal_conflict,
            self.material_conflict,
        ]
    }

    /// From [`QuadCounts::to_array`]'s order.
    pub fn from_array(
        [
            verbal_coop,
            material_coop,
            verbal_conflict,
            material_conflict,
        ]: [u32; 4],
    ) -> Self {
        QuadCounts {
            verbal_coop,
            material_coop,
            verbal_conflict,
            material_conflict,
        }
    }

    pub fn total(&self) -> u32 {
        self.verbal_coop + self.material_coop + self.verbal_conflict + self.material_conflict
    }

    pub fn add(&self, o: &QuadCounts) -> QuadCounts {
        QuadCounts {
            verbal_coop: self.verbal_coop + o.verbal_coop,
            material_coop: self.material_coop + o.material_coop,
            verbal_conflict: self.verbal_conflict + o.verbal_conflict,
            material_conflict: self.material_conflict + o.material_conflict,
        }
    }

    /// Cooperative share minus conflictual share, −1 … 1; None without events.
    pub fn net_cooperation(&self) -> Option<f64> {
        let n = self.total();
        (n > 0).then(|| {
            let coop = f64::from(self.verbal_coop + self.material_coop);
            let conf = f64::from(self.verbal_conflict + self.material_conflict);
            (coop - conf) / f64::from(n)
        })
    }
}

/// Counts per (source, target, year), COW-coded through the ISO3 columns; the
/// countries the file covers come back too (a dyad of two covered states with no row
/// had no events).
pub struct IcewsDyadYears {
    pub counts: entente_core::ties::DyadYearMap<QuadCounts>,
    pub covered: Vec<u16>,
    /// ISO3 codes no state matches.
    pub unmatched: Vec<String>,
}

pub fn icews_dyad_years(data: &DataDir, reg: &Registry) -> Result<IcewsDyadYears> {
    let t = Table::open(&data.file(ICEWS_DYAD_YEAR))?;
    let (ci, cj, cy) = (t.col("i_iso3c")?, t.col("j_iso3c")?, t.col("year")?);
    let q = [
        t.col("verbCoop")?,
        t.col("matlCoop")?,
        t.col("verbConf")?,
        t.col("matlConf")?,
    ];
    let mut codes: HashMap<String, Option<u16>> = HashMap::new();
    let mut counts = entente_core::ties::DyadYearMap::default();
    t.for_each(|row| {
        let mut cc = |s: &str| -> Option<u16> {
            *codes
                .entry(s.to_string())
                .or_insert_with(|| reg.by_code(s).map(|c| c.ccode))
        };
        let (Some(i), Some(j)) = (cc(row.get(ci)?.trim()), cc(row.get(cj)?.trim())) else {
            return Ok(());
        };
        let n = |k: usize| row.parse::<u32>(q[k]);
        let c = QuadCounts {
            verbal_coop: n(0)?,
            material_coop: n(1)?,
            verbal_conflict: n(2)?,
            material_conflict: n(3)?,
        };
        counts.insert((i, j, row.parse(cy)?), c);
        Ok(())
    })?;
    let mut covered: Vec<u16> = codes.values().flatten().copied().collect();
    covered.sort_unstable();
    covered.dedup();
    let mut unmatched: Vec<String> = codes
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| k.clone())
        .collect();
    unmatched.sort();
    Ok(IcewsDyadYears {
        counts,
        covered,
        unmatched,
    })
}

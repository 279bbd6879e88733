//! GDELT 1.0's published record totals per day, month and year (John Beieler's counts
//! from the backfiles, shipped with GDELTtools as `NormEventCountsData`; in the data
//! folder as `gdelt/reference/gdelt1_norm_counts_*.csv.gz`), for normalising event
//! counts by the volume of the whole feed.

use std::collections::BTreeMap;

use entente_core::events::Period;

use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const DAILY: &str = "gdelt/reference/gdelt1_norm_counts_daily.csv.gz";
pub const MONTHLY: &str = "gdelt/reference/gdelt1_norm_counts_monthly.csv.gz";
pub const YEARLY: &str = "gdelt/reference/gdelt1_norm_counts_yearly.csv.gz";

/// Total GDELT 1.0 records per period (YYYYMMDD, YYYYMM or YYYY).
pub fn reference_volume(data: &DataDir, period: Period) -> Result<BTreeMap<u32, u64>> {
    let (file, col) = match period {
        Period::Day => (DAILY, "day"),
        Period::Month => (MONTHLY, "month"),
        Period::Year => (YEARLY, "year"),
    };
    let t = Table::open(&data.file(file))?;
    let (cp, ct) = (t.col(col)?, t.col("total")?);
    let mut out = BTreeMap::new();
    t.for_each(|r| {
        out.insert(r.parse::<u32>(cp)?, r.parse::<u64>(ct)?);
        Ok(())
    })?;
    Ok(out)
}

//! SIPRI transfers by delivery year (`sipri/sipri_transfers_by_delivery_year_2000_2023_
//! generated_2025-01-03.csv.gz`): one row per deal and year of delivery, 2000–2023, with
//! the TIV delivered that year — the SIPRI vintage of January 2025, newer than the
//! dyad-year table (2022 vintage, to 2021). SIPRI revises past years between vintages,
//! so the two are never spliced into one series: each number says which it comes from.
//! An 11-line preamble precedes the header; recipients marked `*` (non-state) or `**`
//! (multilateral) resolve to no state.

use entente_core::Registry;

use super::Names;
use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const SIPRI_DELIVERIES: &str =
    "sipri/sipri_transfers_by_delivery_year_2000_2023_generated_2025-01-03.csv.gz";
/// Delivery years the file covers.
pub const SIPRI_DELIVERY_YEARS: (i32, i32) = (2000, 2023);
/// How outputs name this vintage.
pub const SIPRI_DELIVERIES_VINTAGE: &str = "SIPRI transfers by delivery year, generated 2025-01-03";

/// Deliveries of one deal in one year.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    /// Line of the record in the file.
    pub line: u64,
    /// SIPRI AT Database deal id.
    pub deal_id: u64,
    pub supplier: String,
    pub recipient: String,
    pub supplier_cc: Option<u16>,
    pub recipient_cc: Option<u16>,
    pub designation: String,
    pub description: String,
    pub category: String,
    pub order_year: Option<i32>,
    pub year: i32,
    pub numbers: Option<u32>,
    /// New, Second hand, Second hand but modernized.
    pub status: String,
    /// TIV delivered in the year (millions).
    pub tiv: f64,
    pub local_production: bool,
}

/// Every deal-year of the file.
pub fn sipri_deliveries(data: &DataDir, reg: &Registry) -> Result<Vec<Delivery>> {
    let t = Table::open_after_preamble(&data.file(SIPRI_DELIVERIES), "SIPRI AT Database ID,")?;
    let c = |n: &str| t.col(n);
    let (cid, csup, crec, cdes, cdesc, ccat) = (
        c("SIPRI AT Database ID")?,
        c("Supplier")?,
        c("Recipient")?,
        c("Designation")?,
        c("Description")?,
        c("Armament category")?,
    );
    let (cord, cnum, cyear, cstat, ctiv, cloc) = (
        c("Order date")?,
        c("Numbers delivered")?,
        c("Delivery year")?,
        c("Status")?,
        c("TIV delivery values")?,
        c("Local production")?,
    );
    let mut names = Names::new(reg);
    let mut out = Vec::new();
    t.for_each(|row| {
        let (supplier, recipient) = (row.get(csup)?.trim(), row.get(crec)?.trim());
        out.push(Delivery {
            line: row.line,
            deal_id: row.parse(cid)?,
            supplier_cc: names.resolve(supplier),
            recipient_cc: names.resolve(recipient),
            supplier: supplier.to_string(),
            recipient: recipient.to_string(),
            designation: row.get(cdes)?.trim().to_string(),
            description: row.get(cdesc)?.trim().to_string(),
            category: row.get(ccat)?.trim().to_string(),
            order_year: row.parse_opt(cord)?,
            year: row.parse(cyear)?,
            numbers: row.parse_opt(cnum)?,
            status: row.get(cstat)?.trim().to_string(),
            tiv: row.parse_opt(ctiv)?.unwrap_or(0.0),
            local_production: row.get(cloc)?.trim() == "Yes",
        });
        Ok(())
    })?;
    Ok(out)
}

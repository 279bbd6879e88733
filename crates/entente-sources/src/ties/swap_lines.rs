//! Central-bank liquidity (swap and repo) lines, Bahaj, Fuchs & Reis, vintage of January
//! 2026 (`swap_lines/liquidity_lines_0126.csv.gz`): one row per agreement and direction
//! (source central bank lends to the recipient), 1978–2025. Reciprocal lines and pooled
//! funds (Chiang Mai, BRICS CRA …) appear as one row per direction. Economies are ISO3
//! codes, the euro area `EA` (the ECB: not a state, kept by name and not attributed to
//! member states). Dates are `dd/mm/yyyy`; `31/12/9999` is a line without expiry.
//! Amounts are caps agreed, not drawings, in billions of the deal's currency (not
//! converted); `NA` marks missing values. UTF-8 with a BOM, CRLF line ends.

use entente_core::{Date, Registry};

use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const SWAP_LINES: &str = "swap_lines/liquidity_lines_0126.csv.gz";
/// Years the liquidity-line data cover.
pub const SWAP_LINE_YEARS: (i32, i32) = crate::catalogue::SWAP_LINES.years;

/// One liquidity line in one direction.
#[derive(Clone, Debug, PartialEq)]
pub struct LiquidityLine {
    /// Line of the record in the file.
    pub line: u64,
    pub deal_id: u32,
    /// reciprocal, unidirectional or pooled fund.
    pub deal_type: String,
    /// swap or repo.
    pub collateral: String,
    /// The lending central bank's economy: ISO3 (or `EA`) and its COW code.
    pub source_code: String,
    pub source: Option<u16>,
    /// The borrowing side.
    pub recipient_code: String,
    pub recipient: Option<u16>,
    /// Signature or announcement date.
    pub start: Date,
    /// Expiry (None: no expiry).
    pub end: Option<Date>,
    /// renew, reactivate, supplement (None: a new chain).
    pub action: Option<String>,
    pub currency: String,
    /// Cap in billions of `currency` (None: not stated, or unlimited).
    pub amount: Option<f64>,
    /// Cap in US$ billions when the release quoted one.
    pub usd_amount: Option<f64>,
    pub unlimited: bool,
    /// CMIM, BRICS_CRA, … (None: bilateral without a framework).
    pub initiative: Option<String>,
}

impl LiquidityLine {
    /// In force at some time in `year`.
    pub fn in_force(&self, year: i32) -> bool {
        self.start.year <= year && self.end.is_none_or(|e| e.year >= year)
    }

    /// A renewal of an earlier line (recorded as renewed or reactivated).
    pub fn renews(&self) -> bool {
        matches!(self.action.as_deref(), Some("renew" | "reactivate"))
    }

    /// A line between two central banks (not a share of a pooled fund).
    pub fn bilateral(&self) -> bool {
        self.deal_type != "pooled fund"
    }

    /// "CNY 150 bn", "unlimited", "USD 2 bn" …
    pub fn size(&self) -> String {
        match (self.unlimited, self.amount, self.usd_amount) {
            (true, _, _) => "unlimited".into(),
            (_, Some(a), _) => format!("{} {} bn", self.currency, trim_number(a)),
            (_, None, Some(u)) => format!("US$ {} bn", trim_number(u)),
            _ => "size not stated".into(),
        }
    }
}

/// The euro area's members in `year` (COW codes): the eleven of 1999, Greece from
/// 2001, Slovenia 2007, Cyprus and Malta 2008, Slovakia 2009, Estonia 2011, Latvia
/// 2014, Lithuania 2015, Croatia 2023. A line of the ECB (`EA`) is a line of each.
pub fn euro_area(year: i32) -> Vec<u16> {
    const JOINED: [(u16, i32); 20] = [
        (305, 1999),
        (211, 1999),
        (375, 1999),
        (220, 1999),
        (255, 1999),
        (205, 1999),
        (325, 1999),
        (212, 1999),
        (210, 1999),
        (235, 1999),
        (230, 1999),
        (350, 2001),
        (349, 2007),
        (352, 2008),
        (338, 2008),
        (317, 2009),
        (366, 2011),
        (367, 2014),
        (368, 2015),
        (344, 2023),
    ];
    JOINED
        .iter()
        .filter(|(_, y)| *y <= year)
        .map(|(c, _)| *c)
        .collect()
}

impl LiquidityLine {
    /// The states on one side in `year`: the economy's state, or the euro area's members.
    fn states(code: &str, state: Option<u16>, year: i32) -> Vec<u16> {
        match (code, state) {
            ("EA", _) => euro_area(year),
            (_, Some(s)) => vec![s],
            _ => Vec::new(),
        }
    }
}

/// Pairs of states with a bilateral line in force, per (lower code, higher code, year)
/// within the dataset's years (value 1).
pub fn line_table(lines: &[LiquidityLine]) -> entente_core::ties::DyadYearMap<u8> {
    let mut out = entente_core::ties::DyadYearMap::default();
    for l in lines.iter().filter(|l| l.bilateral()) {
        let last = l
            .end
            .map_or(SWAP_LINE_YEARS.1, |e| e.year.min(SWAP_LINE_YEARS.1));
        for year in l.start.year.max(SWAP_LINE_YEARS.0)..=last {
            for x in LiquidityLine::states(&l.source_code, l.source, year) {
                for y in LiquidityLine::states(&l.recipient_code, l.recipient, year) {
                    if x != y {
                        out.insert((x.min(y), x.max(y), year), 1);
                    }
                }
            }
        }
    }
    out
}

fn trim_number(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `dd/mm/yyyy`; `31/12/9999` (no expiry) is None.
fn date(text: &str) -> std::result::Result<Option<Date>, String> {
    let bad = || format!("expected a date dd/mm/yyyy, found '{text}'");
    let mut it = text.trim().split('/');
    let (d, m, y) = (it.next(), it.next(), it.next());
    let (Some(d), Some(m), Some(y), None) = (d, m, y, it.next()) else {
        return Err(bad());
    };
    let (d, m, y) = (
        d.parse::<u8>().map_err(|_| bad())?,
        m.parse::<u8>().map_err(|_| bad())?,
        y.parse::<i32>().map_err(|_| bad())?,
    );
    if y == 9999 {
        return Ok(None);
    }
    Date::new(y, m, d).map(Some).ok_or_else(bad)
}

/// The COW code of an ISO3 code on `date` (West Germany before unification; None for
/// the euro area and economies that are not COW states, e.g. Hong Kong).
fn cow_code(reg: &Registry, iso3: &str, date: Date) -> Option<u16> {
    let c = reg.by_code(iso3)?.ccode;
    let unification = Date::new(1990, 10, 3).expect("a date");
    Some(if c == 255 && date < unification {
        260
    } else {
        c
    })
}

/// Every line of the file.
pub fn liquidity_lines(data: &DataDir, reg: &Registry) -> Result<Vec<LiquidityLine>> {
    let t = Table::open(&data.file(SWAP_LINES))?;
    let c = |n: &str| t.col(n);
    let (cid, ctype, ccol, csrc, crec) = (
        c("deal_ID")?,
        c("deal_type")?,
        c("collateral")?,
        c("ISO_source")?,
        c("ISO_recipient")?,
    );
    let (cstart, cend, cact, ccur, camt, cusd, cunl, cini) = (
        c("start_date")?,
        c("end_date")?,
        c("deal_action")?,
        c("currency_of_deal")?,
        c("deal_currency_amount")?,
        c("USD_amount")?,
        c("unlimited")?,
        c("initiative")?,
    );
    let mut out = Vec::new();
    t.for_each(|row| {
        let day = |col: usize| date(row.get(col)?).map_err(|m| row.error(col, m));
        let start = day(cstart)?.ok_or_else(|| row.error(cstart, "a start date of 9999"))?;
        let end = day(cend)?;
        if end.is_some_and(|e| e < start) {
            return Err(row.error(cend, "the end date is before the start date"));
        }
        let unlimited = match row.get(cunl)?.trim() {
            "1" => true,
            "0" | "" | "NA" => false,
            other => return Err(row.error(cunl, format!("expected 0 or 1, found '{other}'"))),
        };
        let (source_code, recipient_code) = (row.get(csrc)?.trim(), row.get(crec)?.trim());
        out.push(LiquidityLine {
            line: row.line,
            deal_id: row.parse(cid)?,
            deal_type: row.get(ctype)?.trim().to_string(),
            collateral: row.get(ccol)?.trim().to_string(),
            source_code: source_code.to_string(),
            source: cow_code(reg, source_code, start),
            recipient_code: recipient_code.to_string(),
            recipient: cow_code(reg, recipient_code, start),
            start,
            end,
            action: row.opt(cact)?.map(str::to_string),
            currency: row.get(ccur)?.trim().to_string(),
            amount: row.parse_opt(camt)?,
            usd_amount: row.parse_opt(cusd)?,
            unlimited,
            initiative: row.opt(cini)?.map(str::to_string),
        });
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_sizes() {
        assert_eq!(date("13/10/2014").unwrap(), Date::new(2014, 10, 13));
        assert_eq!(date("31/12/9999").unwrap(), None);
        assert!(date("2014-10-13").is_err());
        assert!(date("31/02/2014").is_err());
        assert_eq!(trim_number(150.0), "150");
        assert_eq!(trim_number(1.25), "1.25");
    }
}

//! UCDP Dyadic Dataset v25.1 (`ucdp/Dyadic_v25_1.csv.gz`): one row per pair of primary
//! warring parties per year of an armed conflict (at least 25 battle-related deaths in
//! the year), 1946–2024, with the states that supported either side with troops
//! (secondary parties). Countries are Gleditsch–Ward codes (`gwno_*`, comma-separated
//! lists with uneven spacing), turned into COW codes here ([`gw_to_cow`]); `side_*_id`
//! are UCDP actor ids, not country codes. One field holds a line break (conflict 11349,
//! "East Turkestan\n"): read with the CSV reader, never by lines.

use entente_core::Registry;
use serde::{Deserialize, Serialize};

use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const UCDP_DYADIC: &str = "ucdp/Dyadic_v25_1.csv.gz";
/// Years the UCDP data cover.
pub const UCDP_YEARS: (i32, i32) = crate::catalogue::UCDP.years;

/// UCDP's types of conflict.
pub const CONFLICT_TYPES: [&str; 4] = [
    "extrasystemic",
    "interstate",
    "intrastate",
    "internationalized intrastate",
];

/// One conflict dyad in one year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConflictDyadYear {
    /// Line of the record in the file.
    pub line: u64,
    pub dyad_id: u32,
    pub conflict_id: u32,
    pub year: i32,
    pub location: String,
    pub side_a: String,
    pub side_b: String,
    /// 1 extrasystemic, 2 interstate, 3 intrastate, 4 internationalized intrastate.
    pub conflict_type: u8,
    /// 1: 25–999 battle-related deaths in the year; 2: 1,000 or more.
    pub intensity: u8,
    /// COW codes of the states fighting on side A as primary parties (the government
    /// of the conflict's state, or both governments of an interstate war).
    pub a_primary: Vec<u16>,
    /// States supporting side A with troops.
    pub a_secondary: Vec<u16>,
    /// Side B's state (interstate conflicts only: otherwise side B is a non-state group).
    pub b_primary: Vec<u16>,
    pub b_secondary: Vec<u16>,
}

/// How a state takes part in a conflict dyad.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Role {
    /// Supports one side with troops.
    Secondary,
    /// A primary warring party.
    Primary,
}

/// How two states stood in one conflict dyad; ordered from the weakest (same side) to
/// the strongest involvement (opposed as warring parties).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Relation {
    SameSide,
    /// Opposite sides, with the roles of the first and the second state.
    Opposed(Role, Role),
}

impl ConflictDyadYear {
    fn side_of(&self, s: u16) -> Option<(char, Role)> {
        let is = |v: &[u16]| v.contains(&s);
        if is(&self.a_primary) {
            Some(('a', Role::Primary))
        } else if is(&self.a_secondary) {
            Some(('a', Role::Secondary))
        } else if is(&self.b_primary) {
            Some(('b', Role::Primary))
        } else if is(&self.b_secondary) {
            Some(('b', Role::Secondary))
        } else {
            None
        }
    }

    /// The roles of `x` and `y` when they fought on opposite sides of this dyad.
    pub fn opposing(&self, x: u16, y: u16) -> Option<(Role, Role)> {
        match (self.side_of(x)?, self.side_of(y)?) {
            ((sx, rx), (sy, ry)) if sx != sy => Some((rx, ry)),
            _ => None,
        }
    }

    /// Whether `x` and `y` fought on the same side of this dyad.
    pub fn same_side(&self, x: u16, y: u16) -> bool {
        x != y
            && matches!((self.side_of(x), self.side_of(y)), (Some((sx, _)), Some((sy, _))) if sx == sy)
    }

    /// How `x` and `y` stood in this dyad (None: not both in it).
    pub fn relation(&self, x: u16, y: u16) -> Option<Relation> {
        match self.opposing(x, y) {
            Some((rx, ry)) => Some(Relation::Opposed(rx, ry)),
            None => self.same_side(x, y).then_some(Relation::SameSide),
        }
    }

    /// "interstate", "intrastate" … (UCDP's type of conflict).
    pub fn type_name(&self) -> &'static str {
        CONFLICT_TYPES
            .get(usize::from(self.conflict_type.saturating_sub(1)))
            .copied()
            .unwrap_or("unknown")
    }
}

/// The armed-conflict code of two states in one dyad-year record: 1 when one side's
/// troops supported the other's opponent, 2 when both were warring parties, 3 when
/// both were and the year had 1,000 or more battle deaths (None: not opposed).
pub fn conflict_code(d: &ConflictDyadYear, x: u16, y: u16) -> Option<u8> {
    match d.opposing(x, y)? {
        (Role::Primary, Role::Primary) if d.intensity >= 2 => Some(3),
        (Role::Primary, Role::Primary) => Some(2),
        _ => Some(1),
    }
}

/// The strongest armed-conflict code of every pair of states on opposite sides, per
/// (lower code, higher code, year).
pub fn conflict_table(dyads: &[ConflictDyadYear]) -> entente_core::ties::DyadYearMap<u8> {
    let mut out = entente_core::ties::DyadYearMap::default();
    for d in dyads {
        let side = |p: &[u16], s: &[u16]| -> Vec<u16> { p.iter().chain(s).copied().collect() };
        let (a, b) = (
            side(&d.a_primary, &d.a_secondary),
            side(&d.b_primary, &d.b_secondary),
        );
        for &x in &a {
            for &y in &b {
                if x == y {
                    continue;
                }
                if let Some(code) = conflict_code(d, x, y) {
                    let e = out.entry((x.min(y), x.max(y), d.year)).or_insert(0);
                    *e = (*e).max(code);
                }
            }
        }
    }
    out
}

/// The COW code of a Gleditsch–Ward code in `year` (Gleditsch & Ward 1999; the two
/// lists differ for a few states): GW 260 is Germany throughout, COW 255 from 1990 (260
/// is West Germany before); GW 340 Serbia / 345 Yugoslavia are both COW 345; GW 678
/// Yemen is COW 679 from 1990 (678 is North Yemen before). All others are the same.
pub fn gw_to_cow(gw: u16, year: i32) -> u16 {
    match gw {
        260 if year >= 1990 => 255,
        340 => 345,
        678 if year >= 1990 => 679,
        _ => gw,
    }
}

/// A comma-separated list of GW codes ("651, 666", "200,  2") as COW codes.
fn codes(text: &str, year: i32) -> std::result::Result<Vec<u16>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<u16>().map(|gw| gw_to_cow(gw, year)).map_err(|_| {
                format!("expected Gleditsch–Ward codes separated by commas, found '{text}'")
            })
        })
        .collect()
}

/// Every dyad-year of the UCDP Dyadic Dataset.
pub fn ucdp_dyadic(data: &DataDir, _reg: &Registry) -> Result<Vec<ConflictDyadYear>> {
    let t = Table::open(&data.file(UCDP_DYADIC))?;
    let c = |n: &str| t.col(n);
    let (cd, cc, cl, csa, csb, cy) = (
        c("dyad_id")?,
        c("conflict_id")?,
        c("location")?,
        c("side_a")?,
        c("side_b")?,
        c("year")?,
    );
    let (ci, ct) = (c("intensity_level")?, c("type_of_conflict")?);
    let (ga, ga2, gb, gb2) = (
        c("gwno_a")?,
        c("gwno_a_2nd")?,
        c("gwno_b")?,
        c("gwno_b_2nd")?,
    );
    let mut out = Vec::new();
    t.for_each(|row| {
        let year: i32 = row.parse(cy)?;
        let list = |col: usize| codes(row.get(col)?, year).map_err(|m| row.error(col, m));
        let intensity: u8 = row.parse(ci)?;
        if !(1..=2).contains(&intensity) {
            return Err(row.error(ci, format!("expected 1 or 2, found {intensity}")));
        }
        let conflict_type: u8 = row.parse(ct)?;
        if !(1..=4).contains(&conflict_type) {
            return Err(row.error(ct, format!("expected 1–4, found {conflict_type}")));
        }
        out.push(ConflictDyadYear {
            line: row.line,
            dyad_id: row.parse(cd)?,
            conflict_id: row.parse(cc)?,
            year,
            location: row.get(cl)?.trim().to_string(),
            side_a: row.get(csa)?.trim().to_string(),
            side_b: row.get(csb)?.trim().to_string(),
            conflict_type,
            intensity,
            a_primary: list(ga)?,
            a_secondary: list(ga2)?,
            b_primary: list(gb)?,
            b_secondary: list(gb2)?,
        });
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gleditsch_ward_codes_become_cow_codes() {
        assert_eq!(gw_to_cow(260, 1985), 260);
        assert_eq!(gw_to_cow(260, 1995), 255);
        assert_eq!(gw_to_cow(340, 2010), 345);
        assert_eq!(gw_to_cow(678, 1989), 678);
        assert_eq!(gw_to_cow(678, 2015), 679);
        assert_eq!(gw_to_cow(365, 2022), 365);
        assert_eq!(codes("651, 666", 2000).unwrap(), vec![651, 666]);
        assert_eq!(codes("200,  2", 2003).unwrap(), vec![200, 2]);
        assert_eq!(codes("", 2003).unwrap(), Vec::<u16>::new());
        assert!(codes("200, x", 2003).is_err());
    }

    #[test]
    fn sides_and_roles() {
        let d = ConflictDyadYear {
            line: 2,
            dyad_id: 1,
            conflict_id: 1,
            year: 2015,
            location: "Ukraine".into(),
            side_a: "Government of Ukraine".into(),
            side_b: "DPR".into(),
            conflict_type: 4,
            intensity: 1,
            a_primary: vec![369],
            a_secondary: vec![],
            b_primary: vec![],
            b_secondary: vec![365],
        };
        assert_eq!(d.opposing(369, 365), Some((Role::Primary, Role::Secondary)));
        assert_eq!(d.opposing(365, 369), Some((Role::Secondary, Role::Primary)));
        assert_eq!(d.opposing(369, 2), None);
        assert!(!d.same_side(369, 365));
        assert_eq!(
            d.relation(369, 365),
            Some(Relation::Opposed(Role::Primary, Role::Secondary))
        );
        assert!(Relation::Opposed(Role::Secondary, Role::Secondary) > Relation::SameSide);
        assert_eq!(d.type_name(), "internationalized intrastate");
    }
}

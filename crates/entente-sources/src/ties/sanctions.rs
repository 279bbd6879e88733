//! Global Sanctions Data Base, release 3 (`sanctions/GSDB_V3.csv.gz`): one row per
//! sanction case with its target, senders (states and groups such as "EU", "G7"),
//! begin and end years and six type flags. Names are split on commas, rejoined where
//! a name carries one ("Korea, North", "Egypt, Arab Rep.", "Gambia, The"), and
//! resolved through the registry. Groups are expanded to their member states by year
//! (member on 1 July); organisations without a membership list here (UN, League of
//! Arab States, African Union, ECOWAS, OIC, UNASUR) are kept as named senders and not
//! attributed to dyads.

use entente_core::Registry;

use super::Names;
use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const GSDB: &str = "sanctions/GSDB_V3.csv.gz";
/// Years the GSDB covers (first begin, last end).
pub const GSDB_YEARS: (i32, i32) = crate::catalogue::GSDB.years;

/// The six GSDB sanction types, in column order.
pub const SANCTION_TYPES: [&str; 6] = ["trade", "arms", "military", "financial", "travel", "other"];

/// Member states (COW codes) of a sender group with the years of membership: a state
/// is a member in year y when `joined <= y <= left` (member on 1 July of y).
struct Group {
    names: &'static [&'static str],
    members: &'static [(u16, i32, i32)],
}

/// EEC/EU member states by year (accessions 1958, 1973, 1981, 1986, 1995, 2004, 2007,
/// 2013; the United Kingdom left on 2020-01-31). West Germany (260) to 1990, united
/// Germany (255) from 1991.
const EU_MEMBERS: &[(u16, i32, i32)] = &[
    (211, 1958, 9999), // Belgium
    (220, 1958, 9999), // France
    (260, 1958, 1990), // West Germany
    (255, 1991, 9999), // Germany
    (325, 1958, 9999), // Italy
    (212, 1958, 9999), // Luxembourg
    (210, 1958, 9999), // Netherlands
    (390, 1973, 9999), // Denmark
    (205, 1973, 9999), // Ireland
    (200, 1973, 2019), // United Kingdom
    (350, 1981, 9999), // Greece
    (235, 1986, 9999), // Portugal
    (230, 1986, 9999), // Spain
    (305, 1995, 9999), // Austria
    (375, 1995, 9999), // Finland
    (380, 1995, 9999), // Sweden
    (352, 2004, 9999), // Cyprus
    (316, 2004, 9999), // Czech Republic
    (366, 2004, 9999), // Estonia
    (310, 2004, 9999), // Hungary
    (367, 2004, 9999), // Latvia
    (368, 2004, 9999), // Lithuania
    (338, 2004, 9999), // Malta
    (290, 2004, 9999), // Poland
    (317, 2004, 9999), // Slovakia
    (349, 2004, 9999), // Slovenia
    (355, 2007, 9999), // Bulgaria
    (360, 2007, 9999), // Romania
    (344, 2013, 9999), // Croatia
];

/// G7 since 1976 (Canada joined in 1976); the G8 added Russia 1997–2013 (suspended 2014).
const G7_MEMBERS: &[(u16, i32, i32)] = &[
    (2, 1975, 9999),
    (20, 1976, 9999),
    (220, 1975, 9999),
    (260, 1975, 1990),
    (255, 1991, 9999),
    (325, 1975, 9999),
    (740, 1975, 9999),
    (200, 1975, 9999),
];
const G8_MEMBERS: &[(u16, i32, i32)] = &[
    (2, 1997, 2013),
    (20, 1997, 2013),
    (220, 1997, 2013),
    (255, 1997, 2013),
    (325, 1997, 2013),
    (740, 1997, 2013),
    (200, 1997, 2013),
    (365, 1997, 2013),
];
/// Eurasian Economic Union (2015; Armenia 2015-01-02, Kyrgyzstan 2015-08-12).
const EEU_MEMBERS: &[(u16, i32, i32)] = &[
    (365, 2015, 9999),
    (370, 2015, 9999),
    (705, 2015, 9999),
    (371, 2015, 9999),
    (703, 2016, 9999),
];

const GROUPS: &[Group] = &[
    Group {
        names: &["EU", "EEC"],
        members: EU_MEMBERS,
    },
    Group {
        names: &["G7"],
        members: G7_MEMBERS,
    },
    Group {
        names: &["G8"],
        members: G8_MEMBERS,
    },
    Group {
        names: &["EEU"],
        members: EEU_MEMBERS,
    },
];

/// One party named in a case: a state, a group expanded by year, or a name kept as is.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Party {
    State(u16),
    /// A group with a membership list (EU/EEC, G7, G8, EEU): index into the groups.
    Group(String, usize),
    /// An organisation or name without a state or membership list here.
    Unresolved(String),
}

/// One GSDB sanction case.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SanctionCase {
    pub line: u64,
    pub case_id: u32,
    pub targets: Vec<Party>,
    pub senders: Vec<Party>,
    /// The names as written in the file.
    pub target_text: String,
    pub sender_text: String,
    pub begin: i32,
    pub end: i32,
    /// trade, arms, military, financial, travel, other.
    pub types: [bool; 6],
    pub trade_detail: String,
    pub objective: String,
    pub outcome: String,
}

impl SanctionCase {
    /// The names of the types imposed, e.g. "trade (exp_part, imp_part), financial".
    pub fn type_names(&self) -> String {
        SANCTION_TYPES
            .iter()
            .zip(self.types)
            .filter(|(_, on)| *on)
            .map(|(n, _)| {
                if *n == "trade" && !self.trade_detail.is_empty() {
                    format!("trade ({})", self.trade_detail)
                } else {
                    n.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn active(&self, year: i32) -> bool {
        (self.begin..=self.end).contains(&year)
    }

    /// The sending states in `year`: states named plus the members of named groups.
    pub fn senders_in(&self, year: i32) -> Vec<u16> {
        expand(&self.senders, year)
    }

    /// The target states in `year`.
    pub fn targets_in(&self, year: i32) -> Vec<u16> {
        expand(&self.targets, year)
    }

    /// Whether `sender` sanctions `target` in `year` under this case.
    pub fn between(&self, sender: u16, target: u16, year: i32) -> bool {
        self.active(year)
            && self.senders_in(year).contains(&sender)
            && self.targets_in(year).contains(&target)
    }
}

fn expand(parties: &[Party], year: i32) -> Vec<u16> {
    let mut out = Vec::new();
    for p in parties {
        match p {
            Party::State(c) => out.push(*c),
            Party::Group(_, g) => out.extend(
                GROUPS[*g]
                    .members
                    .iter()
                    .filter(|(_, from, to)| (*from..=*to).contains(&year))
                    .map(|m| m.0),
            ),
            Party::Unresolved(_) => {}
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Splits a GSDB party list on commas, rejoining names that carry one: a piece that
/// does not resolve alone is joined to the one before it when the joined name resolves
/// ("Korea, North", "Egypt, Arab Rep.", "Gambia, The").
pub fn parse_parties(names_of: &mut Names, text: &str) -> Vec<Party> {
    let pieces: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut names: Vec<String> = Vec::new();
    for piece in pieces {
        let alone = resolve_piece(names_of, piece).is_some();
        if !alone && let Some(last) = names.last_mut() {
            let joined = format!("{last}, {piece}");
            if resolve_piece(names_of, &joined).is_some() {
                *last = joined;
                continue;
            }
        }
        names.push(piece.to_string());
    }
    names
        .into_iter()
        .map(|n| resolve_piece(names_of, &n).unwrap_or(Party::Unresolved(n)))
        .collect()
}

fn resolve_piece(names: &mut Names, name: &str) -> Option<Party> {
    if let Some(g) = GROUPS.iter().position(|g| g.names.contains(&name)) {
        return Some(Party::Group(name.to_string(), g));
    }
    names.resolve(name).map(Party::State)
}

/// All GSDB cases.
pub fn gsdb(data: &DataDir, reg: &Registry) -> Result<Vec<SanctionCase>> {
    let t = Table::open(&data.file(GSDB))?;
    let mut names = Names::new(reg);
    let (ci, ct, cs, cb, ce) = (
        t.col("case_id")?,
        t.col("sanctioned_state")?,
        t.col("sanctioning_state")?,
        t.col("begin")?,
        t.col("end")?,
    );
    let types: Vec<usize> = SANCTION_TYPES
        .iter()
        .map(|n| t.col(n))
        .collect::<Result<_>>()?;
    let (cd, co, cu) = (
        t.col("descr_trade")?,
        t.col("objective")?,
        t.col("success")?,
    );
    let mut out = Vec::new();
    t.for_each(|row| {
        let mut flags = [false; 6];
        for (k, &c) in types.iter().enumerate() {
            flags[k] = match row.get(c)?.trim() {
                "1" => true,
                "0" | "" => false,
                other => return Err(row.error(c, format!("expected 0 or 1, found '{other}'"))),
            };
        }
        let (begin, end): (i32, i32) = (row.parse(cb)?, row.parse(ce)?);
        if end < begin {
            return Err(row.error(ce, format!("end {end} is before begin {begin}")));
        }
        let (target_text, sender_text) = (row.get(ct)?.trim(), row.get(cs)?.trim());
        out.push(SanctionCase {
            line: row.line,
            case_id: row.parse(ci)?,
            targets: parse_parties(&mut names, target_text),
            senders: parse_parties(&mut names, sender_text),
            target_text: target_text.to_string(),
            sender_text: sender_text.to_string(),
            begin,
            end,
            types: flags,
            trade_detail: row.get(cd)?.trim().to_string(),
            objective: row.get(co)?.trim().to_string(),
            outcome: row.get(cu)?.trim().to_string(),
        });
        Ok(())
    })?;
    Ok(out)
}

/// Names no case could resolve to a state or a group, with how often they occur.
pub fn unresolved(cases: &[SanctionCase]) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for c in cases {
        for p in c.targets.iter().chain(&c.senders) {
            if let Party::Unresolved(n) = p {
                *counts.entry(n.clone()).or_insert(0) += 1;
            }
        }
    }
    counts.into_iter().collect()
}

//! The evidence of ties between two states, record by record (`entente ties`): alliance
//! obligations, COW alliances, shared IGOs, arms volumes and deals, trade, Chinese
//! finance, sanctions, disputes and exercises, each row naming its source. One function
//! per dataset; years outside a dataset's coverage are left out and said so.

use std::ops::RangeInclusive;

use entente_core::Country;
use entente_sources::ties::cow::{self, COW_ALLIANCE_TYPES};
use entente_sources::ties::jme::{self, JME_YEARS};
use entente_sources::ties::sanctions::GSDB_YEARS;
use entente_sources::ties::sipri_deliveries::{
    SIPRI_DELIVERIES_VINTAGE, SIPRI_DELIVERY_YEARS, sipri_deliveries,
};
use entente_sources::ties::sourced_exercises::{
    CHINA_RUSSIA_EXERCISE_YEARS, SourcedExercise, china_russia_exercises,
};
use entente_sources::ties::swap_lines::{SWAP_LINE_YEARS, liquidity_lines as read_lines};
use entente_sources::ties::ucdp::{ConflictDyadYear, Relation, Role, UCDP_YEARS, ucdp_dyadic};
use entente_sources::ties::{
    self, ATOP_YEARS, MID_YEARS, MME_YEARS, OBLIGATIONS, SIPRI_DYAD_YEARS,
};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::session::Session;

/// Most years `to` may lie after `from` in one request (as before the analysis layer).
pub const MAX_YEARS: i32 = 100;

/// One record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvidenceRow {
    /// alliance, igo, arms volume, arms delivery, arms deal, trade, finance, sanction,
    /// dispute, armed conflict, liquidity line, exercise.
    pub evidence: &'static str,
    /// "CHN→RUS", "between" or "joint".
    pub direction: String,
    pub year: Option<i32>,
    pub item: String,
    pub detail: String,
    /// TIV (millions) for arms, US$ millions for trade, finance and liquidity lines (when
    /// the line's size was stated in US$), a count for IGOs.
    pub value: Option<f64>,
    pub source: String,
}

/// The evidence and the coverage notes.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TieEvidence {
    pub rows: Vec<EvidenceRow>,
    /// Datasets whose years do not cover the whole request.
    pub coverage: Vec<String>,
}

/// What every dataset's reader needs.
struct Pair<'a> {
    session: &'a Session,
    a: &'a Country,
    b: &'a Country,
    from: i32,
    to: i32,
}

impl Pair<'_> {
    /// "CHN→RUS" when `s` is a, else "RUS→CHN".
    fn direction(&self, s: u16) -> String {
        let (x, y) = if s == self.a.ccode {
            (self.a, self.b)
        } else {
            (self.b, self.a)
        };
        format!("{}→{}", x.code3(), y.code3())
    }

    /// The years asked for within a dataset's coverage.
    fn covered(&self, (lo, hi): (i32, i32)) -> RangeInclusive<i32> {
        self.from.max(lo)..=self.to.min(hi)
    }

    fn asked(&self) -> RangeInclusive<i32> {
        self.from..=self.to
    }
}

/// Whether a record from `from` to `to` (COW codes, None: no state) links `a` and `b`,
/// in either direction.
pub(crate) fn between(from: Option<u16>, to: Option<u16>, a: u16, b: u16) -> bool {
    matches!((from, to), (Some(x), Some(y)) if (x, y) == (a, b) || (x, y) == (b, a))
}

fn row(
    evidence: &'static str,
    direction: String,
    year: Option<i32>,
    item: impl Into<String>,
    detail: impl Into<String>,
    value: Option<f64>,
    source: impl Into<String>,
) -> EvidenceRow {
    EvidenceRow {
        evidence,
        direction,
        year,
        item: item.into(),
        detail: detail.into(),
        value,
        source: source.into(),
    }
}

/// The evidence between `a` and `b` in `from`–`to` (at most [`MAX_YEARS`] years).
pub fn tie_evidence(
    session: &Session,
    a: &Country,
    b: &Country,
    from: i32,
    to: i32,
) -> Result<TieEvidence> {
    if from > to {
        return Err(Error::invalid(format!("--from {from} is after --to {to}")));
    }
    if to - from > MAX_YEARS {
        return Err(Error::invalid(format!(
            "ask for at most {MAX_YEARS} years at a time"
        )));
    }
    let p = Pair {
        session,
        a,
        b,
        from,
        to,
    };
    let mut rows = Vec::new();
    rows.extend(alliances(&p)?);
    rows.extend(cow_alliances_and_igos(&p)?);
    rows.extend(arms(&p)?);
    rows.extend(trade(&p)?);
    rows.extend(finance(&p)?);
    rows.extend(sanction_cases(&p)?);
    rows.extend(disputes(&p)?);
    rows.extend(armed_conflicts(&p)?);
    rows.extend(liquidity_lines(&p)?);
    rows.extend(exercises(&p)?);
    let mut coverage = [
        ("ATOP alliances", ATOP_YEARS),
        ("COW alliances", cow::COW_ALLIANCE_YEARS),
        ("COW IGO memberships", cow::IGO_YEARS),
        ("JME exercises", JME_YEARS),
        ("GSDB sanctions", GSDB_YEARS),
        ("SIPRI dyad-year TIV", SIPRI_DYAD_YEARS),
        ("SIPRI deliveries by year", SIPRI_DELIVERY_YEARS),
        ("MME exercises", MME_YEARS),
        ("COW MID disputes", MID_YEARS),
        ("UCDP armed conflicts", UCDP_YEARS),
        ("liquidity lines", SWAP_LINE_YEARS),
    ]
    .into_iter()
    .filter(|(_, (lo, hi))| from < *lo || to > *hi)
    .map(|(name, (lo, hi))| {
        format!("Coverage: {name} run {lo}–{hi}; years outside it are not shown (not zero).")
    })
    .collect::<Vec<_>>();
    if SourcedExercise::covers(a.ccode, b.ccode) {
        coverage.push(format!(
            "Exercises of China and Russia {}–{} also come from the sourced list (a source address and a quote per row).",
            CHINA_RUSSIA_EXERCISE_YEARS.0, CHINA_RUSSIA_EXERCISE_YEARS.1
        ));
    }
    Ok(TieEvidence { rows, coverage })
}

/// ATOP obligations in force, each direction, every year covered.
fn alliances(p: &Pair) -> Result<Vec<EvidenceRow>> {
    let t = p.session.ties()?;
    let mut out = Vec::new();
    for (x, y) in [(p.a.ccode, p.b.ccode), (p.b.ccode, p.a.ccode)] {
        for year in p.covered(ATOP_YEARS) {
            let obligations = match t.atop_record(x, y, year) {
                None => "no alliance obligation".to_string(),
                Some(flags) if !flags.iter().any(|f| *f) => {
                    "alliance in force, none of the five obligations".to_string()
                }
                Some(flags) => OBLIGATIONS
                    .iter()
                    .zip(flags)
                    .filter(|(_, on)| *on)
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            out.push(row(
                "alliance",
                p.direction(x),
                Some(year),
                obligations,
                "",
                None,
                "ATOP 5.1",
            ));
        }
    }
    Ok(out)
}

/// COW alliance types (undirected) and shared full IGO memberships.
fn cow_alliances_and_igos(p: &Pair) -> Result<Vec<EvidenceRow>> {
    let t = p.session.ties()?;
    let mut out = Vec::new();
    for year in p.covered(cow::COW_ALLIANCE_YEARS) {
        let flags = t
            .dyad_year(p.a.ccode, p.b.ccode, year)
            .cow_alliance
            .unwrap_or_default();
        let types: Vec<&str> = COW_ALLIANCE_TYPES
            .iter()
            .zip(flags)
            .filter(|(_, on)| *on)
            .map(|(n, _)| *n)
            .collect();
        let item = if types.is_empty() {
            "no COW alliance".to_string()
        } else {
            types.join(", ")
        };
        out.push(row(
            "alliance",
            "between".into(),
            Some(year),
            item,
            "",
            None,
            "COW alliances v4.1",
        ));
    }
    for year in p.covered(cow::IGO_YEARS) {
        if let Some(n) = t.dyad_year(p.a.ccode, p.b.ccode, year).shared_igos {
            out.push(row(
                "igo",
                "between".into(),
                Some(year),
                "intergovernmental organizations, both full members",
                "",
                Some(f64::from(n)),
                "COW IGO v3",
            ));
        }
    }
    Ok(out)
}

/// Yearly arms volumes each way, then the register's deals ordered or delivered in
/// the years asked for.
fn arms(p: &Pair) -> Result<Vec<EvidenceRow>> {
    let t = p.session.ties()?;
    let mut out = Vec::new();
    for (s, r) in [(p.a.ccode, p.b.ccode), (p.b.ccode, p.a.ccode)] {
        for year in p.covered(SIPRI_DYAD_YEARS) {
            let v = t.dyad_year(s, r, year).arms_ab.unwrap_or(0.0);
            out.push(row(
                "arms volume",
                p.direction(s),
                Some(year),
                "major conventional arms delivered",
                if v == 0.0 { "none recorded" } else { "" },
                Some(v),
                "SIPRI TIV (dyad-year)",
            ));
        }
    }
    out.extend(arms_deliveries(p)?);
    let deals = p.session.arms_deals()?;
    let (a, b) = (p.a.ccode, p.b.ccode);
    let mut matched: Vec<&ties::Deal> = deals
        .iter()
        .filter(|d| between(d.supplier_cc, d.recipient_cc, a, b))
        .filter(|d| {
            d.order_year.is_some_and(|y| p.asked().contains(&y))
                || d.delivery_years.iter().any(|y| p.asked().contains(y))
        })
        .collect();
    matched.sort_by_key(|d| (d.order_year, d.line));
    for d in matched {
        let delivered = match (
            &d.number_delivered,
            d.delivery_years.first(),
            d.delivery_years.last(),
        ) {
            (Some(n), Some(f), Some(l)) if f == l => format!("; {n} delivered in {f}"),
            (Some(n), Some(f), Some(l)) => format!("; {n} delivered {f}–{l}"),
            _ => "; no deliveries identified".to_string(),
        };
        let detail = format!(
            "{}; ordered {}{}{}{}",
            d.description,
            d.number_ordered.as_deref().unwrap_or("?"),
            if d.order_year_uncertain {
                " (order year uncertain)"
            } else {
                ""
            },
            delivered,
            if d.status.is_empty() {
                String::new()
            } else {
                format!("; {}", d.status)
            }
        );
        out.push(row(
            "arms deal",
            p.direction(d.supplier_cc.unwrap_or(0)),
            d.order_year,
            d.designation.clone(),
            detail,
            d.tiv_delivered,
            format!("SIPRI trade register, line {}", d.line),
        ));
    }
    Ok(out)
}

/// Goods trade each way (the importer's report first).
fn trade(p: &Pair) -> Result<Vec<EvidenceRow>> {
    let reports = p.session.ties()?.trade();
    let mut out = Vec::new();
    for year in p.asked() {
        let Some(t) = reports.dyad_year(p.a.ccode, p.b.ccode, year) else {
            continue;
        };
        for (src, flow) in [(p.a.ccode, t.a_to_b), (p.b.ccode, t.b_to_a)] {
            let Some((v, importer)) = flow else { continue };
            out.push(row(
                "trade",
                p.direction(src),
                Some(t.year),
                "goods, US$ millions",
                if importer {
                    "importer's report (CIF)"
                } else {
                    "exporter's report (FOB); the importer reported none"
                },
                Some(v),
                "IMF DOTS",
            ));
        }
    }
    Ok(out)
}

/// Chinese official finance (AidData), when one of the two is China.
fn finance(p: &Pair) -> Result<Vec<EvidenceRow>> {
    let mut out = Vec::new();
    for (lender, recipient) in [(p.a.ccode, p.b.ccode), (p.b.ccode, p.a.ccode)] {
        if lender != ties::AIDDATA_LENDER {
            continue;
        }
        for f in ties::chinese_finance(p.session.data_dir()?, recipient)?
            .into_iter()
            .filter(|f| p.asked().contains(&f.year))
        {
            out.push(row(
                "finance",
                p.direction(lender),
                Some(f.year),
                "official finance committed, US$ millions (2021)",
                format!(
                    "OOF-like {:.1}; ODA-like {:.1}; vague {:.1}",
                    f.oof, f.oda, f.vague
                ),
                Some(f.total()),
                "AidData GCDF 3.0",
            ));
        }
    }
    Ok(out)
}

/// Sanction cases each way (GSDB; sender groups expanded to their members by year).
fn sanction_cases(p: &Pair) -> Result<Vec<EvidenceRow>> {
    let cases = &p.session.ties()?.sanctions;
    let mut out = Vec::new();
    for (sender, target) in [(p.a.ccode, p.b.ccode), (p.b.ccode, p.a.ccode)] {
        for c in cases {
            let years: Vec<i32> = p
                .covered(GSDB_YEARS)
                .filter(|&y| c.between(sender, target, y))
                .collect();
            let (Some(first), Some(last)) = (years.first(), years.last()) else {
                continue;
            };
            let detail = format!(
                "case {}: {} on {}, in force {}–{}{}; objective: {}; outcome: {}",
                c.case_id,
                c.sender_text,
                c.target_text,
                c.begin,
                c.end,
                if first == last {
                    String::new()
                } else {
                    format!(" (shown {first}–{last})")
                },
                c.objective,
                c.outcome
            );
            out.push(row(
                "sanction",
                p.direction(sender),
                Some(*first),
                c.type_names(),
                detail,
                None,
                format!("GSDB v3, line {}", c.line),
            ));
        }
    }
    Ok(out)
}

/// Militarized dispute-years between the two.
fn disputes(p: &Pair) -> Result<Vec<EvidenceRow>> {
    Ok(ties::mids(p.session.data_dir()?, p.a.ccode, p.b.ccode)?
        .into_iter()
        .filter(|d| p.covered(MID_YEARS).contains(&d.year))
        .map(|d| {
            row(
                "dispute",
                "between".into(),
                Some(d.year),
                format!("MID {}", d.dispute),
                format!(
                    "highest hostility: {} ({}){}",
                    ties::HOSTILITY[usize::from(d.hostility - 1)],
                    d.hostility,
                    if d.onset { "; began this year" } else { "" }
                ),
                None,
                "COW MID 5.0",
            )
        })
        .collect())
}

/// Deliveries per deal and year from SIPRI's January 2025 vintage (2000–2023), each way:
/// the years after the dyad-year table ends, and a second, newer measurement of the years
/// both cover (SIPRI revises past years; the rows name their vintage, never summed with
/// the dyad-year table's).
fn arms_deliveries(p: &Pair) -> Result<Vec<EvidenceRow>> {
    let (a, b) = (p.a.ccode, p.b.ccode);
    let years = p.covered(SIPRI_DELIVERY_YEARS);
    let mut rows: Vec<_> = sipri_deliveries(p.session.data_dir()?, p.session.registry()?)?
        .into_iter()
        .filter(|d| between(d.supplier_cc, d.recipient_cc, a, b) && years.contains(&d.year))
        .collect();
    rows.sort_by_key(|d| (d.year, d.line));
    Ok(rows
        .into_iter()
        .map(|d| {
            let numbers = d
                .numbers
                .map_or(String::new(), |n| format!("{n} delivered; "));
            let order = d
                .order_year
                .map_or(String::new(), |y| format!("ordered {y}; "));
            row(
                "arms delivery",
                p.direction(d.supplier_cc.unwrap_or(a)),
                Some(d.year),
                d.designation.clone(),
                format!(
                    "{}; {numbers}{order}{}{}",
                    d.description,
                    d.status,
                    if d.local_production {
                        "; produced locally"
                    } else {
                        ""
                    }
                ),
                Some(d.tiv),
                format!(
                    "{SIPRI_DELIVERIES_VINTAGE}, deal {}, line {}",
                    d.deal_id, d.line
                ),
            )
        })
        .collect())
}

/// Armed conflicts in which the two fought on opposite sides or on the same side (UCDP
/// dyad-years; one row per conflict and year, with the two states' strongest roles).
fn armed_conflicts(p: &Pair) -> Result<Vec<EvidenceRow>> {
    let (x, y) = (p.a.ccode, p.b.ccode);
    let role = |r: Role| match r {
        Role::Primary => "warring party",
        Role::Secondary => "troops in support",
    };
    let dyads = ucdp_dyadic(p.session.data_dir()?, p.session.registry()?)?;
    // The strongest relation (then the highest intensity) per conflict and year.
    let mut best: std::collections::BTreeMap<(i32, u32), (Relation, &ConflictDyadYear)> =
        Default::default();
    let years = p.covered(UCDP_YEARS);
    for d in dyads.iter().filter(|d| years.contains(&d.year)) {
        if let Some(rel) = d.relation(x, y) {
            let e = best.entry((d.year, d.conflict_id)).or_insert((rel, d));
            if (rel, d.intensity) > (e.0, e.1.intensity) {
                *e = (rel, d);
            }
        }
    }
    Ok(best
        .into_values()
        .map(|(rel, d)| {
            let deaths = if d.intensity == 2 {
                "1,000 or more battle-related deaths in the year"
            } else {
                "25–999 battle-related deaths in the year"
            };
            let detail = match rel {
                Relation::Opposed(ra, rb) => format!(
                    "opposite sides: {} {}, {} {}; {} vs {}; {deaths}",
                    p.a.code3(),
                    role(ra),
                    p.b.code3(),
                    role(rb),
                    d.side_a,
                    d.side_b
                ),
                Relation::SameSide => format!("same side; {} vs {}; {deaths}", d.side_a, d.side_b),
            };
            row(
                "armed conflict",
                "between".into(),
                Some(d.year),
                format!("{} ({})", d.location, d.type_name()),
                detail,
                None,
                format!("UCDP Dyadic v25.1, dyad {}, line {}", d.dyad_id, d.line),
            )
        })
        .collect())
}

/// Central-bank liquidity lines between the two in force in the years asked for, one
/// row per agreement and direction (bilateral lines and shares of pooled funds).
fn liquidity_lines(p: &Pair) -> Result<Vec<EvidenceRow>> {
    let (x, y) = (p.a.ccode, p.b.ccode);
    let asked = p.covered(SWAP_LINE_YEARS);
    let lines = read_lines(p.session.data_dir()?, p.session.registry()?)?;
    Ok(lines
        .into_iter()
        .filter(|l| {
            between(l.source, l.recipient, x, y) && asked.clone().any(|year| l.in_force(year))
        })
        .map(|l| {
            let kind = match (l.bilateral(), &l.initiative) {
                (true, _) => format!("{} line ({})", l.collateral, l.deal_type),
                (false, Some(i)) => format!("{} line, pooled fund {i}", l.collateral),
                (false, None) => format!("{} line, pooled fund", l.collateral),
            };
            let until = l.end.map_or("no expiry".to_string(), |e| e.to_string());
            let action = l
                .action
                .as_deref()
                .map_or(String::new(), |a| format!("; {a}"));
            row(
                "liquidity line",
                p.direction(l.source.unwrap_or(x)),
                Some(l.start.year),
                kind,
                format!("{}, {} to {until}{action}", l.size(), l.start),
                l.usd_amount.map(|v| v * 1000.0),
                format!(
                    "Bahaj–Fuchs–Reis liquidity lines 0126, deal {}, line {}",
                    l.deal_id, l.line
                ),
            )
        })
        .collect())
}

/// Joint exercises: MME, then JME.
fn exercises(p: &Pair) -> Result<Vec<EvidenceRow>> {
    let (data, reg) = (p.session.data_dir()?, p.session.registry()?);
    let mme = ties::mme(data, reg)?;
    let jme = jme::jme(data, reg)?.exercises;
    let mut out = Vec::new();
    for (list, years, source) in [(&mme, MME_YEARS, "MME v7"), (&jme, JME_YEARS, "JME v3")] {
        for e in list.iter().filter(|e| {
            p.covered(years).contains(&e.year)
                && e.participant_cc.contains(&Some(p.a.ccode))
                && e.participant_cc.contains(&Some(p.b.ccode))
        }) {
            out.push(row(
                "exercise",
                "joint".into(),
                Some(e.year),
                e.name.clone(),
                format!(
                    "{}; {} participants: {}",
                    e.location,
                    e.participants.len(),
                    e.participants.join(", ")
                ),
                None,
                format!("{source} {}", e.id),
            ));
        }
    }
    if SourcedExercise::covers(p.a.ccode, p.b.ccode) {
        let years = p.covered(CHINA_RUSSIA_EXERCISE_YEARS);
        for e in china_russia_exercises(p.session.data_dir()?)?
            .into_iter()
            .filter(|e| years.contains(&e.year))
        {
            let dates = match (e.start, e.end) {
                (Some(s), Some(t)) if s == t => format!("{s}"),
                (Some(s), Some(t)) => format!("{s} to {t}"),
                (Some(s), None) => format!("from {s}"),
                _ => "dates not given by the source".into(),
            };
            let with = if e.others.is_empty() {
                String::new()
            } else {
                format!(" with {}", e.others.join(", "))
            };
            let first_source = e.source.split(" ; ").next().unwrap_or_default();
            out.push(row(
                "exercise",
                "joint".into(),
                Some(e.year),
                e.name,
                format!(
                    "{} ({}{with}); {}; {dates}",
                    e.kind.replace('_', " "),
                    e.format,
                    e.location
                ),
                None,
                format!(
                    "China–Russia exercise list, line {}: {first_source}",
                    e.line
                ),
            ));
        }
    }
    Ok(out)
}

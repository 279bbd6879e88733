//! Every tie dataset held per dyad-year, for the dimension tables and the composite
//! index (`entente profile`). Coverage rules (docs/index.md): inside a dataset's years
//! a dyad without a record has none of it (0 alliances, 0 TIV, no dispute); outside
//! them the value is missing. Trade needs both states' world totals that year; Chinese
//! finance is defined only for China with a recipient AidData covers; events only for
//! two states the ICEWS table covers (no events: volume 0, tone missing). Alliance
//! obligations and sanction cases in force in their dataset's last year are carried
//! for up to [`CARRY_YEARS`] after it (treaties and sanctions do not lapse when a
//! dataset ends); hostility remembers past disputes and conflicts, fading
//! ([`HOSTILITY_HALF_LIFE`]).

use std::collections::HashSet;

use entente_core::Registry;
use entente_core::index::{self, N};
use entente_core::ties::{DyadYearMap, DyadYearTable, FastMap, TieTables};

use super::events::{ICEWS_DYAD_YEARS, QuadCounts, icews_dyad_years};
use super::sanctions::{GSDB_YEARS, SanctionCase, gsdb};
use super::swap_lines::{SWAP_LINE_YEARS, SWAP_LINES, line_table, liquidity_lines};
use super::ucdp::{UCDP_DYADIC, UCDP_YEARS, conflict_table, ucdp_dyadic};
use super::{
    AIDDATA_LENDER, AIDDATA_YEARS, ATOP_YEARS, MID_YEARS, MME_YEARS, SIPRI_DYAD_YEARS, TRADE_YEARS,
    TradeReports, atop_all, chinese_finance_all, cow, jme, mid_tables, mme, sipri_dyad_year,
};
use crate::data_dir::DataDir;
use crate::error::Result;

/// Years after ATOP's and GSDB's last year for which the obligations and sanction cases
/// in force then are carried.
pub const CARRY_YEARS: i32 = 6;

/// Years of past disputes and conflicts that hostility remembers.
pub const HOSTILITY_MEMORY: i32 = 10;

/// Half-life of a past dispute's or conflict's weight in hostility, years.
pub const HOSTILITY_HALF_LIFE: f64 = 3.0;

/// Years over which recurring disputes mark a rivalry (Diehl & Goertz 2000: six
/// disputes within 20 years make an enduring rivalry).
pub const RIVALRY_WINDOW: i32 = 20;

/// Summed severity over [`RIVALRY_WINDOW`] at which recurrence counts fully (about six
/// reciprocated displays or five uses of force).
pub const RIVALRY_SEVERITY: f64 = 3.0;

/// The hostility floor of a fully recurrent rivalry: in a quiet year, states with a
/// record of recurring disputes still stand half against each other.
pub const RIVALRY_FLOOR: f64 = 0.5;

/// Years of arms deliveries in the share of a recipient's imports (SIPRI's own
/// convention for comparing suppliers: deliveries are lumpy).
pub const ARMS_WINDOW: i32 = 5;

/// Hostility of a UCDP conflict code (see `TieTables::conflicts`).
fn conflict_severity(code: u8) -> f64 {
    match code {
        0 => 0.0,
        1 => 0.6,
        2 => 0.8,
        _ => 1.0,
    }
}

/// The strength of an ATOP record (defense, offense, neutrality, non-aggression,
/// consultation): defense or offense 1, neutrality 0.6, the others 0.4, none 0.
fn alliance_strength(r: [bool; 5]) -> f64 {
    const LEVEL: [f64; 5] = [1.0, 1.0, 0.6, 0.4, 0.4];
    (0..5)
        .filter(|&k| r[k])
        .map(|k| LEVEL[k])
        .fold(0.0, f64::max)
}

/// The tie datasets, loaded once.
pub struct DyadSources {
    atop: DyadYearTable<[bool; 5]>,
    cow_alliances: DyadYearTable<[bool; 4]>,
    igo: DyadYearTable<u16>,
    arms: DyadYearTable<f64>,
    mme: DyadYearTable<u32>,
    jme: DyadYearTable<u32>,
    mids: DyadYearTable<u8>,
    dispute_severity: DyadYearTable<u8>,
    trade: TradeReports,
    pub sanctions: Vec<SanctionCase>,
    /// (sender, target, year) → cases in force.
    sanction_index: DyadYearMap<Vec<usize>>,
    finance: FastMap<(u16, i32), [f64; 3]>,
    finance_recipients: HashSet<u16>,
    events: DyadYearTable<[u32; 4]>,
    events_covered: HashSet<u16>,
    conflicts: DyadYearTable<u8>,
    liquidity: DyadYearTable<u8>,
    /// All major arms a recipient imported in a year (SIPRI dyad-year TIV).
    arms_imports: FastMap<(u16, i32), f64>,
    cov: Coverage,
}

/// What the datasets hold for one dyad-year, oriented from `a` to `b`. `None`: outside
/// the dataset's coverage (never zero).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DyadYearTies {
    pub year: i32,
    pub shared_igos: Option<u16>,
    pub atop_ab: Option<[bool; 5]>,
    pub atop_ba: Option<[bool; 5]>,
    /// COW alliance types in force (undirected).
    pub cow_alliance: Option<[bool; 4]>,
    pub arms_ab: Option<f64>,
    pub arms_ba: Option<f64>,
    pub mme_exercises: Option<u32>,
    pub jme_exercises: Option<u32>,
    pub dispute_hostility: Option<u8>,
    pub trade_ab: Option<f64>,
    pub trade_ba: Option<f64>,
    /// Dyad trade over each side's total trade.
    pub dependence_a: Option<f64>,
    pub dependence_b: Option<f64>,
    /// Cases (indices into `DyadSources::sanctions`) of a on b and of b on a.
    pub sanctions_ab: Option<Vec<usize>>,
    pub sanctions_ba: Option<Vec<usize>>,
    pub chinese_finance: Option<f64>,
    pub events_ab: Option<QuadCounts>,
    pub events_ba: Option<QuadCounts>,
    /// The strongest alliance obligation in force either way, 0–1 (carried after ATOP).
    pub alliance_level: Option<f64>,
    /// Sanction cases in force either way (carried after GSDB).
    pub sanctions_in_force: Option<usize>,
    /// UCDP armed-conflict code this year (0: none).
    pub armed_conflict: Option<u8>,
    /// Hostility 0–1 with the memory of past years.
    pub hostility: Option<f64>,
    pub liquidity_line: Option<bool>,
    /// The larger share of one side's arms imports supplied by the other, 0–1.
    pub arms_share: Option<f64>,
}

/// Whether `year` lies in a dataset's years (None: its file is missing from the data
/// folder, so no year is covered).
fn within(span: Option<(i32, i32)>, year: i32) -> bool {
    span.is_some_and(|(lo, hi)| (lo..=hi).contains(&year))
}

/// The years each dataset covers here: its catalogue years, or None when its file is
/// missing from the data folder (its indicators are then missing, never 0).
#[derive(Clone, Copy, Debug)]
struct Coverage {
    atop: Option<(i32, i32)>,
    cow_alliances: Option<(i32, i32)>,
    arms: Option<(i32, i32)>,
    mme: Option<(i32, i32)>,
    jme: Option<(i32, i32)>,
    mids: Option<(i32, i32)>,
    trade: Option<(i32, i32)>,
    gsdb: Option<(i32, i32)>,
    aiddata: Option<(i32, i32)>,
    icews: Option<(i32, i32)>,
    ucdp: Option<(i32, i32)>,
    swap_lines: Option<(i32, i32)>,
}

impl Coverage {
    fn new(absent: &[&str]) -> Coverage {
        let span = |file: &str, years: (i32, i32)| (!absent.contains(&file)).then_some(years);
        Coverage {
            atop: span(super::ATOP, ATOP_YEARS),
            cow_alliances: span(cow::COW_ALLIANCES, cow::COW_ALLIANCE_YEARS),
            arms: span(super::SIPRI_DYAD_YEAR, SIPRI_DYAD_YEARS),
            mme: span(super::MME, MME_YEARS),
            jme: span(jme::JME, jme::JME_YEARS),
            mids: span(super::MIDS, MID_YEARS),
            trade: span(super::TRADE, TRADE_YEARS),
            gsdb: span(super::sanctions::GSDB, GSDB_YEARS),
            aiddata: span(super::AIDDATA, AIDDATA_YEARS),
            icews: span(super::events::ICEWS_DYAD_YEAR, ICEWS_DYAD_YEARS),
            ucdp: span(UCDP_DYADIC, UCDP_YEARS),
            swap_lines: span(SWAP_LINES, SWAP_LINE_YEARS),
        }
    }
}

/// The tie files (tables and record lists) missing from the data folder.
pub fn absent_files(data: &DataDir) -> Vec<&'static str> {
    table_files()
        .into_iter()
        .chain(record_files())
        .filter(|f| !data.file(f).exists())
        .collect()
}

fn undirected(a: u16, b: u16, y: i32) -> (u16, u16, i32) {
    (a.min(b), a.max(b), y)
}

fn count_exercises(list: &[super::Exercise]) -> DyadYearMap<u32> {
    let mut out = DyadYearMap::default();
    for e in list {
        let mut states: Vec<u16> = e.participant_cc.iter().flatten().copied().collect();
        states.sort_unstable();
        states.dedup();
        for (i, &x) in states.iter().enumerate() {
            for &y in &states[i + 1..] {
                *out.entry((x, y, e.year)).or_insert(0) += 1;
            }
        }
    }
    out
}

/// Files the plain tie tables are read from (relative to the data folder).
pub fn table_files() -> Vec<&'static str> {
    vec![
        super::ATOP,
        cow::COW_ALLIANCES,
        cow::IGO,
        super::SIPRI_DYAD_YEAR,
        super::MME,
        jme::JME,
        super::MIDS,
        super::TRADE,
        super::AIDDATA,
        super::events::ICEWS_DYAD_YEAR,
        UCDP_DYADIC,
        SWAP_LINES,
    ]
}

/// The files of the record lists cached beside the tables (GSDB sanction cases, the
/// SIPRI trade register's deals), relative to the data folder.
pub fn record_files() -> Vec<&'static str> {
    vec![super::sanctions::GSDB, super::SIPRI_REGISTER]
}

/// Parses the plain dyad-year tables of the tie datasets (the slow part of loading:
/// IMF DOTS alone is 2.6 million lines).
/// A file missing from the data folder gives an empty table (its indicators are then
/// missing: see [`absent_files`]).
pub fn read_tables(data: &DataDir, reg: &Registry) -> Result<TieTables> {
    let absent = absent_files(data);
    let has = |f: &str| !absent.contains(&f);
    // Each dataset is read on its own task (the IMF trade file, the largest, first).
    let (mut trade, mut events, mut mids, mut atop, mut cow_alliances, mut igo) =
        (None, None, None, None, None, None);
    let (mut arms, mut mme_counts, mut jme_counts, mut finance, mut conflicts, mut liquidity) =
        (None, None, None, None, None, None);
    rayon::scope(|s| {
        if has(super::TRADE) {
            s.spawn(|_| trade = Some(TradeReports::read_cells(data, reg, |_| true)));
        }
        if has(cow::IGO) {
            s.spawn(|_| igo = Some(cow::igo(data)));
        }
        if has(super::events::ICEWS_DYAD_YEAR) {
            s.spawn(|_| events = Some(icews_dyad_years(data, reg)));
        }
        if has(super::MIDS) {
            s.spawn(|_| mids = Some(mid_tables(data)));
        }
        if has(super::ATOP) {
            s.spawn(|_| atop = Some(atop_all(data)));
        }
        if has(cow::COW_ALLIANCES) {
            s.spawn(|_| cow_alliances = Some(cow::cow_alliances(data)));
        }
        if has(super::SIPRI_DYAD_YEAR) {
            s.spawn(|_| arms = Some(sipri_dyad_year(data)));
        }
        if has(super::MME) {
            s.spawn(|_| mme_counts = Some(mme(data, reg).map(|e| count_exercises(&e))));
        }
        if has(jme::JME) {
            s.spawn(|_| {
                jme_counts = Some(jme::jme(data, reg).map(|j| count_exercises(&j.exercises)));
            });
        }
        if has(super::AIDDATA) {
            s.spawn(|_| finance = Some(chinese_finance_all(data)));
        }
        if has(UCDP_DYADIC) {
            s.spawn(|_| conflicts = Some(ucdp_dyadic(data, reg).map(|c| conflict_table(&c))));
        }
        if has(SWAP_LINES) {
            s.spawn(|_| liquidity = Some(liquidity_lines(data, reg).map(|l| line_table(&l))));
        }
    });
    // Errors are reported in the order the datasets were read before (events first).
    let mut t = TieTables::default();
    if let Some(events) = events.transpose()? {
        t.events = (events.counts.into_iter())
            .map(|(k, c)| (k, c.to_array()))
            .collect();
        t.events_covered = events.covered;
    }
    if let Some((mid_level, mid_severity)) = mids.transpose()? {
        t.mids = mid_level.into_iter().collect();
        t.dispute_severity = mid_severity.into_iter().collect();
    }
    t.atop = atop.transpose()?.unwrap_or_default();
    t.cow_alliances = cow_alliances.transpose()?.unwrap_or_default();
    t.igo = igo.transpose()?.unwrap_or_default();
    t.arms = collected(arms)?;
    t.mme = collected(mme_counts)?;
    t.jme = collected(jme_counts)?;
    if let Some(trade) = trade.transpose()? {
        t.trade = trade;
    }
    if let Some(finance) = finance.transpose()? {
        t.finance = finance
            .into_iter()
            .map(|(k, f)| (k, [f.oof, f.oda, f.vague]))
            .collect();
    }
    t.conflicts = collected(conflicts)?;
    t.liquidity = collected(liquidity)?;
    Ok(t)
}

/// A dataset's table when it was read (empty when its file is absent), or its error.
fn collected<T, C: Default + FromIterator<T>>(
    read: Option<Result<impl IntoIterator<Item = T>>>,
) -> Result<C> {
    Ok(read
        .transpose()?
        .map(|rows| rows.into_iter().collect())
        .unwrap_or_default())
}

impl DyadSources {
    /// Reads every tie dataset (a few seconds; most of it the IMF trade file).
    pub fn load(data: &DataDir, reg: &Registry) -> Result<DyadSources> {
        DyadSources::from_tables(data, reg, read_tables(data, reg)?)
    }

    /// The datasets from their plain dyad-year tables (read by [`read_tables`], or from a
    /// cache of them); sanction cases are read here.
    pub fn from_tables(data: &DataDir, reg: &Registry, t: TieTables) -> Result<DyadSources> {
        let absent = absent_files(data);
        let cases = if absent.contains(&super::sanctions::GSDB) {
            Vec::new()
        } else {
            gsdb(data, reg)?
        };
        Ok(DyadSources::assemble(t, cases, &absent))
    }

    /// The datasets from their parts, already read (no I/O); `absent`: the files missing
    /// from the data folder ([`absent_files`]), whose indicators are missing.
    pub fn assemble(t: TieTables, sanctions: Vec<SanctionCase>, absent: &[&str]) -> DyadSources {
        let mut sanction_index: DyadYearMap<Vec<usize>> = DyadYearMap::default();
        for (k, c) in sanctions.iter().enumerate() {
            for y in c.begin..=c.end {
                for s in c.senders_in(y) {
                    for t in c.targets_in(y) {
                        if s != t {
                            sanction_index.entry((s, t, y)).or_default().push(k);
                        }
                    }
                }
            }
        }
        let finance_recipients = t.finance.keys().map(|k| k.0).collect();
        let mut arms_imports: FastMap<(u16, i32), f64> = FastMap::default();
        for ((_, to), year, tiv) in t.arms.iter() {
            *arms_imports.entry((to, year)).or_insert(0.0) += *tiv;
        }
        let events_covered = t.events_covered.iter().copied().collect();
        DyadSources {
            atop: t.atop,
            cow_alliances: t.cow_alliances,
            igo: t.igo,
            arms: t.arms,
            mme: t.mme,
            jme: t.jme,
            mids: t.mids,
            dispute_severity: t.dispute_severity,
            trade: TradeReports::from_cells(t.trade),
            sanctions,
            sanction_index,
            finance: t.finance,
            finance_recipients,
            events: t.events,
            events_covered,
            conflicts: t.conflicts,
            liquidity: t.liquidity,
            arms_imports,
            cov: Coverage::new(absent),
        }
    }

    /// This year's hostility of a dyad (lower, higher code) from the sources in force,
    /// 0–1 (None: neither MID nor UCDP covers the year).
    fn severity(&self, u: (u16, u16), year: i32) -> Option<f64> {
        let mid = within(self.cov.mids, year)
            .then(|| f64::from(self.dispute_severity.get(u, year).copied().unwrap_or(0)) / 10.0);
        let ucdp = within(self.cov.ucdp, year)
            .then(|| conflict_severity(self.conflicts.get(u, year).copied().unwrap_or(0)));
        match (mid, ucdp) {
            (Some(m), Some(c)) => Some(m.max(c)),
            (m, c) => m.or(c),
        }
    }

    /// Hostility with memory: the strongest of this and the past [`HOSTILITY_MEMORY`]
    /// years' severities, each halved every [`HOSTILITY_HALF_LIFE`] years, and at
    /// least the rivalry floor: [`RIVALRY_FLOOR`] × min(1, summed severity over the
    /// last [`RIVALRY_WINDOW`] years / [`RIVALRY_SEVERITY`]). None when no source covers
    /// this year.
    fn hostility(&self, u: (u16, u16), year: i32) -> Option<f64> {
        let now = self.severity(u, year)?;
        if !self.dispute_severity.has_pair(u) && !self.conflicts.has_pair(u) {
            // Never in a dispute or a conflict: every year's severity is 0 or unknown.
            return Some(now);
        }
        // One pass over the rivalry window: each year's severity read once, fading
        // into the memory for the last HOSTILITY_MEMORY years and summed over all.
        let (mut fading, mut recurring) = (now, now);
        for age in 1..RIVALRY_WINDOW {
            let Some(s) = self.severity(u, year - age) else {
                continue;
            };
            recurring += s;
            if age <= HOSTILITY_MEMORY && s > 0.0 {
                fading = fading.max(s * 0.5f64.powf(f64::from(age) / HOSTILITY_HALF_LIFE));
            }
        }
        Some(fading.max(RIVALRY_FLOOR * (recurring / RIVALRY_SEVERITY).min(1.0)))
    }

    /// The share of `y`'s arms imports over the window ending in `year` that came from
    /// `x` (0 when `y` imported nothing; None outside the table's years).
    fn arms_share_of(&self, x: u16, y: u16, year: i32) -> Option<f64> {
        if !within(self.cov.arms, year) {
            return None;
        }
        if !self.arms.has_pair((x, y)) {
            // Nothing ever delivered from x to y: a share of 0 whatever y imported.
            return Some(0.0);
        }
        let first = self.cov.arms.map_or(year, |c| c.0);
        let years = (year - ARMS_WINDOW + 1).max(first)..=year;
        let (mut from, mut all) = (0.0, 0.0);
        for s in years {
            from += self.arms.get((x, y), s).copied().unwrap_or(0.0);
            all += self.arms_imports.get(&(y, s)).copied().unwrap_or(0.0);
        }
        Some(if all > 0.0 {
            (from / all).min(1.0)
        } else {
            0.0
        })
    }

    /// The year whose records stand for `year` in a dataset that ends in `last`: the
    /// year itself inside the data, the last year for up to [`CARRY_YEARS`] after it.
    fn carried(span: Option<(i32, i32)>, year: i32) -> Option<i32> {
        let (_, last) = span?;
        if within(span, year) {
            Some(year)
        } else {
            (year > last && year <= last + CARRY_YEARS).then_some(last)
        }
    }

    /// The ATOP record of `a` toward `b` in `year` (None: no alliance in force).
    pub fn atop_record(&self, a: u16, b: u16, year: i32) -> Option<[bool; 5]> {
        self.atop.get((a, b), year).copied()
    }

    /// The IMF DOTS reports.
    pub fn trade(&self) -> &TradeReports {
        &self.trade
    }

    /// Sanction cases (indices into `sanctions`) in force between `sender` and `target`
    /// in any of `years`.
    pub fn sanction_cases(
        &self,
        sender: u16,
        target: u16,
        years: std::ops::RangeInclusive<i32>,
    ) -> Vec<usize> {
        let mut out: Vec<usize> = years
            .filter_map(|y| self.sanction_index.get(&(sender, target, y)))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// ICEWS counts of `x` toward `y` in `year` (None outside the table's years or
    /// countries; no row = no events).
    fn event_counts(&self, x: u16, y: u16, year: i32) -> Option<QuadCounts> {
        (within(self.cov.icews, year)
            && self.events_covered.contains(&x)
            && self.events_covered.contains(&y))
        .then(|| {
            self.events
                .get((x, y), year)
                .map_or_else(QuadCounts::default, |c| QuadCounts::from_array(*c))
        })
    }

    /// The ties of `a` and `b` in `year`.
    pub fn dyad_year(&self, a: u16, b: u16, year: i32) -> DyadYearTies {
        let u = undirected(a, b, year);
        let atop = |x: u16, y: u16| {
            within(self.cov.atop, year)
                .then(|| self.atop.get((x, y), year).copied().unwrap_or([false; 5]))
        };
        let arms = |x: u16, y: u16| {
            within(self.cov.arms, year).then(|| self.arms.get((x, y), year).copied().unwrap_or(0.0))
        };
        let cow_alliance = within(self.cov.cow_alliances, year).then(|| {
            let ab = self
                .cow_alliances
                .get((a, b), year)
                .copied()
                .unwrap_or_default();
            let ba = self
                .cow_alliances
                .get((b, a), year)
                .copied()
                .unwrap_or_default();
            std::array::from_fn(|k| ab[k] || ba[k])
        });
        // Trade: both sides must report their world totals.
        let (mut trade_ab, mut trade_ba, mut dependence_a, mut dependence_b) =
            (None, None, None, None);
        if within(self.cov.trade, year)
            && let (Some(ta), Some(tb)) = (
                self.trade.world_total(a, year),
                self.trade.world_total(b, year),
            )
        {
            let ab = self.trade.flow(a, b, year).map_or(0.0, |f| f.0);
            let ba = self.trade.flow(b, a, year).map_or(0.0, |f| f.0);
            trade_ab = Some(ab);
            trade_ba = Some(ba);
            dependence_a = (ta > 0.0).then(|| (ab + ba) / ta);
            dependence_b = (tb > 0.0).then(|| (ab + ba) / tb);
        }
        let sanctions = |x: u16, y: u16| {
            within(self.cov.gsdb, year).then(|| {
                self.sanction_index
                    .get(&(x, y, year))
                    .cloned()
                    .unwrap_or_default()
            })
        };
        let recipient = match (a, b) {
            (AIDDATA_LENDER, r) | (r, AIDDATA_LENDER) => Some(r),
            _ => None,
        };
        let chinese_finance = recipient
            .filter(|r| within(self.cov.aiddata, year) && self.finance_recipients.contains(r))
            .map(|r| self.finance.get(&(r, year)).map_or(0.0, |f| f.iter().sum()));
        let events = |x: u16, y: u16| self.event_counts(x, y, year);
        let alliance_level = Self::carried(self.cov.atop, year).map(|y| {
            let r = |x: u16, z: u16| self.atop.get((x, z), y).copied().unwrap_or([false; 5]);
            alliance_strength(r(a, b)).max(alliance_strength(r(b, a)))
        });
        let sanctions_in_force = Self::carried(self.cov.gsdb, year).map(|y| {
            let n = |x: u16, z: u16| self.sanction_index.get(&(x, z, y)).map_or(0, Vec::len);
            n(a, b) + n(b, a)
        });
        let pair = (u.0, u.1);
        DyadYearTies {
            alliance_level,
            sanctions_in_force,
            armed_conflict: within(self.cov.ucdp, year)
                .then(|| self.conflicts.get(pair, year).copied().unwrap_or(0)),
            hostility: self.hostility(pair, year),
            liquidity_line: within(self.cov.swap_lines, year)
                .then(|| self.liquidity.get(pair, year).is_some()),
            arms_share: self
                .arms_share_of(a, b, year)
                .zip(self.arms_share_of(b, a, year))
                .map(|(x, y)| x.max(y)),
            year,
            shared_igos: self.igo.get((u.0, u.1), u.2).copied(),
            atop_ab: atop(a, b),
            atop_ba: atop(b, a),
            cow_alliance,
            arms_ab: arms(a, b),
            arms_ba: arms(b, a),
            mme_exercises: within(self.cov.mme, year)
                .then(|| self.mme.get((u.0, u.1), u.2).copied().unwrap_or(0)),
            jme_exercises: within(self.cov.jme, year)
                .then(|| self.jme.get((u.0, u.1), u.2).copied().unwrap_or(0)),
            dispute_hostility: within(self.cov.mids, year)
                .then(|| self.mids.get((u.0, u.1), u.2).copied().unwrap_or(0)),
            trade_ab,
            trade_ba,
            dependence_a,
            dependence_b,
            sanctions_ab: sanctions(a, b),
            sanctions_ba: sanctions(b, a),
            chinese_finance,
            events_ab: events(a, b),
            events_ba: events(b, a),
        }
    }
}

impl DyadYearTies {
    /// The index indicators from these ties (UN agreement and ideal distance come from
    /// the votes and are left missing here). NaN = missing.
    pub fn indicator_values(&self) -> [f64; N] {
        let mut v = [f64::NAN; N];
        let mut set = |k: usize, x: Option<f64>| {
            if let Some(x) = x {
                v[k] = x;
            }
        };
        set(
            const { index::at("shared_igos") },
            self.shared_igos.map(f64::from),
        );
        set(
            const { index::at("alliance_obligations") },
            self.atop_ab
                .zip(self.atop_ba)
                .map(|(x, y)| (0..5).filter(|&k| x[k] || y[k]).count() as f64),
        );
        set(
            const { index::at("cow_alliance_types") },
            self.cow_alliance
                .map(|o| o.iter().filter(|&&on| on).count() as f64),
        );
        set(
            const { index::at("arms_tiv") },
            self.arms_ab.zip(self.arms_ba).map(|(x, y)| x + y),
        );
        set(
            const { index::at("joint_exercises") },
            self.mme_exercises.map(f64::from),
        );
        set(
            const { index::at("jme_exercises") },
            self.jme_exercises.map(f64::from),
        );
        set(
            const { index::at("dispute_hostility") },
            self.dispute_hostility.map(f64::from),
        );
        set(
            const { index::at("trade_volume") },
            self.trade_ab.zip(self.trade_ba).map(|(x, y)| x + y),
        );
        set(
            const { index::at("trade_dependence") },
            self.dependence_a
                .zip(self.dependence_b)
                .map(|(x, y)| (x + y) / 2.0),
        );
        set(
            const { index::at("sanctions") },
            self.sanctions_in_force.map(|n| n as f64),
        );
        set(const { index::at("alliance_level") }, self.alliance_level);
        set(const { index::at("arms_share") }, self.arms_share);
        set(
            const { index::at("armed_conflict") },
            self.armed_conflict.map(f64::from),
        );
        set(const { index::at("hostility") }, self.hostility);
        set(
            const { index::at("liquidity_line") },
            self.liquidity_line.map(|l| if l { 1.0 } else { 0.0 }),
        );
        set(const { index::at("chinese_finance") }, self.chinese_finance);
        if let Some(q) = self.events_ab.zip(self.events_ba).map(|(x, y)| x.add(&y)) {
            set(
                const { index::at("net_cooperation") },
                index::net_cooperation(q.verbal_coop + q.material_coop, q.total()),
            );
            set(
                const { index::at("event_volume") },
                Some(f64::from(q.total())),
            );
        }
        v
    }
}

impl index::profile::Ties for DyadSources {
    fn values(&self, a: u16, b: u16, year: i32) -> [f64; N] {
        self.dyad_year(a, b, year).indicator_values()
    }

    fn events(&self, a: u16, b: u16, year: i32) -> Option<(u32, u32)> {
        let q = self
            .event_counts(a, b, year)?
            .add(&self.event_counts(b, a, year)?);
        Some((q.verbal_coop + q.material_coop, q.total()))
    }
}

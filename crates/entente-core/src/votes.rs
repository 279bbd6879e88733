//! The UN roll-call vote model: roll calls, votes, bodies, issue codes, and the
//! year convention.
//!
//! Year convention: a roll call's year is its session's opening year
//! (`session + 1945`), as Voeten and Bailey–Strezhnev–Voeten index their data.
//! Emergency special sessions count in the regular session in progress: ES-11/1 of
//! 2022-03-02 belongs to session 76, year 2021. [`YearMode::Calendar`] uses the
//! calendar year of the vote date instead.

use std::fmt;

use serde::Serialize;

use crate::date::Date;

/// A state's vote on one roll call. Non-membership is not a vote: a state that was
/// not a member has no row at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Vote {
    Yes = 1,
    Abstain = 2,
    No = 3,
    /// A member present on the list but not voting (Voeten 8, UN-DL `X` or blank).
    Absent = 8,
}

impl Vote {
    /// Voeten's numeric coding: 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member.
    /// `Ok(None)` for 9; `Err` for any other code.
    pub fn from_voeten(code: u8) -> Result<Option<Vote>, u8> {
        match code {
            1 => Ok(Some(Vote::Yes)),
            2 => Ok(Some(Vote::Abstain)),
            3 => Ok(Some(Vote::No)),
            8 => Ok(Some(Vote::Absent)),
            9 => Ok(None),
            other => Err(other),
        }
    }

    /// The numeric code as stored (1, 2, 3, 8).
    pub fn code(self) -> u8 {
        self as u8
    }

    /// Position on the ordered yes–abstain–no scale (0, 1, 2); `None` for absent.
    pub fn position(self) -> Option<usize> {
        match self {
            Vote::Yes => Some(0),
            Vote::Abstain => Some(1),
            Vote::No => Some(2),
            Vote::Absent => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Vote::Yes => "yes",
            Vote::Abstain => "abstain",
            Vote::No => "no",
            Vote::Absent => "absent",
        }
    }
}

/// The UN organ that voted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Body {
    #[serde(rename = "ga")]
    GeneralAssembly,
    #[serde(rename = "sc")]
    SecurityCouncil,
}

impl Body {
    pub fn code(self) -> &'static str {
        match self {
            Body::GeneralAssembly => "ga",
            Body::SecurityCouncil => "sc",
        }
    }

    pub fn from_code(s: &str) -> Option<Body> {
        match s {
            "ga" => Some(Body::GeneralAssembly),
            "sc" => Some(Body::SecurityCouncil),
            _ => None,
        }
    }
}

/// Voeten's issue codes (coded for roll calls to 2019).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Issue {
    /// Palestinian conflict.
    Me,
    /// Nuclear weapons and material.
    Nu,
    /// Arms control and disarmament.
    Di,
    /// Human rights.
    Hr,
    /// Colonialism.
    Co,
    /// Economic development.
    Ec,
}

impl Issue {
    pub const ALL: [Issue; 6] = [
        Issue::Me,
        Issue::Nu,
        Issue::Di,
        Issue::Hr,
        Issue::Co,
        Issue::Ec,
    ];

    /// Bit of this issue in [`RollCall::issues`].
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }

    pub fn code(self) -> &'static str {
        ["me", "nu", "di", "hr", "co", "ec"][self as usize]
    }

    pub fn from_code(s: &str) -> Option<Issue> {
        Issue::ALL.into_iter().find(|i| i.code() == s)
    }

    pub fn description(self) -> &'static str {
        [
            "Palestinian conflict",
            "nuclear weapons and nuclear material",
            "arms control and disarmament",
            "human rights",
            "colonialism",
            "economic development",
        ][self as usize]
    }
}

/// Where a roll call or vote came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum SourceId {
    /// Voeten, UNGA voting data, sessions 1–72 (Harvard Dataverse).
    Voeten = 1,
    /// R package unvotes 0.3.0 (Voeten 2020 release, to 2019).
    Unvotes = 2,
    /// UN Digital Library long scrape (lefthand67), GA + SC to 2025-10-31.
    UndlLong = 3,
    /// UN Digital Library wide scrape (UN DATA.csv), GA + SC to 2021.
    UndlWide = 4,
    /// UN Digital Library scrape of calendar 2025 (3DL, wide by ISO3), GA + SC to
    /// 2025-12-29: the autumn votes of the 80th session.
    Undl2025 = 5,
}

impl SourceId {
    pub const ALL: [SourceId; 5] = [
        SourceId::Voeten,
        SourceId::Unvotes,
        SourceId::UndlLong,
        SourceId::UndlWide,
        SourceId::Undl2025,
    ];

    /// A scrape of the UN Digital Library (its keys are UN-DL record ids).
    pub fn is_undl(self) -> bool {
        matches!(
            self,
            SourceId::UndlLong | SourceId::UndlWide | SourceId::Undl2025
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            SourceId::Voeten => "voeten",
            SourceId::Unvotes => "unvotes",
            SourceId::UndlLong => "undl_long",
            SourceId::UndlWide => "undl_wide",
            SourceId::Undl2025 => "undl_2025",
        }
    }

    /// The citation printed under every table that uses this source.
    pub fn citation(self) -> &'static str {
        match self {
            SourceId::Voeten => {
                "Voeten, Strezhnev & Bailey, United Nations General Assembly Voting Data, sessions 1-72, \
                 Harvard Dataverse hdl:1902.1/12379"
            }
            SourceId::Unvotes => "Robinson, R package unvotes 0.3.0 (Voeten data, 2020 release)",
            SourceId::UndlLong => {
                "UN Digital Library voting records, scrape by lefthand67/un_votes (to 2025-10-31)"
            }
            SourceId::UndlWide => {
                "UN Digital Library voting records, scrape UN DATA.csv (to 2021-12-24)"
            }
            SourceId::Undl2025 => {
                "UN Digital Library voting records of calendar 2025, 3DL scrape via HZloto/unga-2025 (to 2025-12-29)"
            }
        }
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a roll call's year is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum YearMode {
    /// The session's opening year, `session + 1945` (Voeten's convention).
    #[default]
    Session,
    /// The calendar year of the vote date.
    Calendar,
}

/// One recorded vote of a UN body.
#[derive(Clone, Debug, PartialEq)]
pub struct RollCall {
    /// entente's roll-call id: Voeten's `rcid` where Voeten or unvotes has the roll
    /// call, otherwise 1,000,000 + the UN Digital Library record id.
    pub id: u32,
    pub body: Body,
    /// Session number (GA: regular session in progress; SC: calendar year − 1945).
    pub session: u16,
    pub date: Date,
    /// Normalised UN symbol, e.g. `A/RES/76/27`, `A/RES/ES-11/1`, `A/RES/1514(XV)`.
    pub symbol: Option<String>,
    pub title: String,
    /// Bit set of [`Issue`]s; 0 when uncoded.
    pub issues: u8,
    /// Whether the issue codes were coded at all (Voeten/unvotes) or are unknown.
    pub issues_coded: bool,
    /// US State Department "important vote" (coded from session 38 on).
    pub important: Option<bool>,
    pub amendment: Option<bool>,
    pub paragraph: Option<bool>,
    /// The source whose votes the merged table uses for this roll call.
    pub source: SourceId,
    /// That source's own key (Voeten rcid or UN-DL record id).
    pub source_key: u64,
    /// UN Digital Library record id, where a UN-DL source has the roll call.
    pub undl_id: Option<u64>,
}

/// The regular General Assembly session in progress on a date, for votes whose
/// symbol names none (emergency special sessions): sessions open in September,
/// so a vote from 1 September of year Y belongs to session Y − 1945, earlier
/// votes to session Y − 1946. Session 1 ran through 1946.
pub fn session_in_progress(date: Date) -> u16 {
    let y = date.year;
    let s = if y <= 1946 {
        1
    } else if date.month >= 9 {
        y - 1945
    } else {
        y - 1946
    };
    s.clamp(1, i32::from(u16::MAX)) as u16
}

impl YearMode {
    /// The year a date falls in under this convention (the session year of the
    /// regular session in progress, or the calendar year).
    pub fn year_of(self, date: Date) -> i32 {
        match self {
            YearMode::Session => i32::from(session_in_progress(date)) + 1945,
            YearMode::Calendar => date.year,
        }
    }
}

impl RollCall {
    /// Year under the chosen convention.
    pub fn year(&self, mode: YearMode) -> i32 {
        match mode {
            YearMode::Session => i32::from(self.session) + 1945,
            YearMode::Calendar => self.date.year,
        }
    }

    pub fn has_issue(&self, issue: Issue) -> bool {
        self.issues & issue.bit() != 0
    }
}

/// One state's vote on one roll call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteRecord {
    pub rollcall: u32,
    pub ccode: u16,
    pub vote: Vote,
    pub source: SourceId,
}

/// The merged roll-call × state table. Votes are sorted by roll call, then state.
#[derive(Clone, Debug, Default)]
pub struct VoteTable {
    pub rollcalls: Vec<RollCall>,
    pub votes: Vec<VoteRecord>,
}

/// Which roll calls a computation uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollCallFilter {
    pub body: Body,
    /// First and last year (under `year_mode`), inclusive.
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// First and last vote date, inclusive (finer than the years: `--from 2022-02-24`).
    pub from_date: Option<Date>,
    pub to_date: Option<Date>,
    pub year_mode: YearMode,
    pub issue: Option<Issue>,
    pub important_only: bool,
}

impl Default for RollCallFilter {
    fn default() -> Self {
        RollCallFilter {
            body: Body::GeneralAssembly,
            from: None,
            to: None,
            from_date: None,
            to_date: None,
            year_mode: YearMode::Session,
            issue: None,
            important_only: false,
        }
    }
}

impl RollCallFilter {
    /// The same body, issue and flags over every year and date: what estimates that
    /// must be comparable across years (ideal points, bloc labels) are computed on.
    pub fn whole_history(&self) -> RollCallFilter {
        RollCallFilter {
            from: None,
            to: None,
            from_date: None,
            to_date: None,
            ..self.clone()
        }
    }

    /// Whether `year` (under `year_mode`) lies within the filter's bounds: its years, and
    /// the years its dates fall in. For results computed per year (blocs, ideal points),
    /// where a date cannot cut inside a year.
    pub fn contains_year(&self, year: i32) -> bool {
        let mode = self.year_mode;
        self.from.is_none_or(|f| year >= f)
            && self.to.is_none_or(|t| year <= t)
            && self.from_date.is_none_or(|d| year >= mode.year_of(d))
            && self.to_date.is_none_or(|d| year <= mode.year_of(d))
    }

    /// Whether the filter selects whole years of the General Assembly and nothing else
    /// (no issue, flag or date): its roll calls are the session-year blocks between its
    /// years.
    pub fn is_whole_ga_years(&self) -> bool {
        RollCallFilter {
            from: None,
            to: None,
            ..self.clone()
        } == RollCallFilter::default()
    }

    pub fn accepts(&self, rc: &RollCall) -> bool {
        let y = rc.year(self.year_mode);
        rc.body == self.body
            && self.from.is_none_or(|f| y >= f)
            && self.to.is_none_or(|t| y <= t)
            && self.from_date.is_none_or(|d| rc.date >= d)
            && self.to_date.is_none_or(|d| rc.date <= d)
            && self.issue.is_none_or(|i| rc.has_issue(i))
            && (!self.important_only || rc.important == Some(true))
    }
}

impl VoteTable {
    /// Sorts votes by (roll call, state) and roll calls by (body, date, id).
    pub fn sort(&mut self) {
        // A table read back from the store is in order already: checked, not sorted.
        if !self.rollcalls.is_sorted_by_key(|r| (r.body, r.date, r.id)) {
            self.rollcalls.sort_by_key(|r| (r.body, r.date, r.id));
        }
        if !self.votes.is_sorted_by_key(|v| (v.rollcall, v.ccode)) {
            self.votes.sort_by_key(|v| (v.rollcall, v.ccode));
        }
    }

    /// The votes of one roll call (requires [`VoteTable::sort`]).
    pub fn votes_of(&self, rollcall: u32) -> &[VoteRecord] {
        let start = self.votes.partition_point(|v| v.rollcall < rollcall);
        let end = self.votes.partition_point(|v| v.rollcall <= rollcall);
        &self.votes[start..end]
    }

    /// How `ccode` voted on `rollcall` (None: no record).
    pub fn vote_of(&self, rollcall: u32, ccode: u16) -> Option<Vote> {
        let votes = self.votes_of(rollcall);
        let i = votes.binary_search_by_key(&ccode, |v| v.ccode).ok()?;
        Some(votes[i].vote)
    }
}

/// One cell on which two sources disagree: the merged table keeps `primary_vote`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceConflict {
    pub rollcall: u32,
    pub ccode: u16,
    pub primary: SourceId,
    pub primary_vote: Vote,
    pub secondary: SourceId,
    pub secondary_vote: Vote,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_bound_the_years_they_fall_in() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(YearMode::Session.year_of(d("2022-03-02")), 2021);
        assert_eq!(YearMode::Calendar.year_of(d("2022-03-02")), 2022);
        assert_eq!(YearMode::Session.year_of(d("2022-09-20")), 2022);
        let f = RollCallFilter {
            from_date: Some(d("2022-02-24")),
            to_date: Some(d("2022-10-01")),
            ..RollCallFilter::default()
        };
        assert!(!f.contains_year(2020) && f.contains_year(2021) && f.contains_year(2022));
        assert!(!f.contains_year(2023));
        // A date is more than years: the session-year blocks are not its roll calls.
        assert!(!f.is_whole_ga_years());
        let years = RollCallFilter {
            from: Some(2000),
            to: Some(2010),
            ..RollCallFilter::default()
        };
        assert!(
            years.is_whole_ga_years() && years.contains_year(2005) && !years.contains_year(2011)
        );
        assert_eq!(f.whole_history(), RollCallFilter::default());
    }
}

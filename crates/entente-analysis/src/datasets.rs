//! Which datasets each command and output reads, from the catalogue
//! (entente-sources `catalogue`, the one home of dataset metadata).

use std::collections::BTreeSet;

use entente_core::votes::RollCallFilter;
use entente_core::{SourceId, VoteTable};
use entente_sources::catalogue::{self, Dataset};

/// The datasets behind the UN vote tables (and so every vote-based answer).
pub const VOTES: &[&Dataset] = &[
    &catalogue::VOETEN_VOTES,
    &catalogue::UNVOTES,
    &catalogue::UNDL_VOTES,
    &catalogue::COW_STATES,
    &catalogue::COUNTRYCODE,
];

/// The tie datasets of the alignment and intensity scores and `entente ties`.
pub const TIES: &[&Dataset] = &[
    &catalogue::ATOP,
    &catalogue::COW_ALLIANCES,
    &catalogue::COW_IGO,
    &catalogue::COW_MID,
    &catalogue::PEACESCIENCER,
    &catalogue::SIPRI,
    &catalogue::MME,
    &catalogue::JME,
    &catalogue::IMF_DOTS,
    &catalogue::GSDB,
    &catalogue::AIDDATA,
    &catalogue::ICEWS,
    &catalogue::UCDP,
    &catalogue::SWAP_LINES,
];

/// Datasets `entente ties` lists as records that no score reads yet.
pub const EVIDENCE_ONLY: &[&Dataset] = &[&catalogue::CHINA_RUSSIA_EXERCISES];

/// Commands that read the vote tables.
const VOTE_COMMANDS: &[&str] = &[
    "brief",
    "align",
    "votes",
    "matrix",
    "since",
    "triangle",
    "blocs",
    "breaks",
    "brokers",
    "drift",
    "ideal",
    "profile",
    "serve",
    "sources",
    "validate",
    "export",
    "countries",
];

/// Commands that normalise event counts by GDELT's published totals.
const EVENT_COMMANDS: &[&str] = &["events"];

/// Commands that read the tie datasets (the scores with `--measure alignment` or
/// `intensity` read them too).
const TIE_COMMANDS: &[&str] = &[
    "ties", "profile", "brief", "serve", "export", "brokers", "validate",
];

/// Every command that reads some dataset (for `entente sources --for`).
pub fn commands() -> Vec<&'static str> {
    let mut v: Vec<&str> = VOTE_COMMANDS
        .iter()
        .chain(TIE_COMMANDS)
        .chain(EVENT_COMMANDS)
        .chain(["forecast"].iter())
        .copied()
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The datasets `command` reads (every dataset when None), in catalogue order.
pub fn used_by(command: Option<&str>) -> Vec<&'static Dataset> {
    let Some(c) = command else {
        return catalogue::DATASETS.iter().collect();
    };
    let mut keys: Vec<&str> = Vec::new();
    // Country codes serve every command.
    keys.extend([catalogue::COW_STATES.key, catalogue::COUNTRYCODE.key]);
    if VOTE_COMMANDS.contains(&c) {
        keys.extend(VOTES.iter().map(|d| d.key));
    }
    if ["ideal", "validate", "serve", "brief", "profile"].contains(&c) {
        keys.push(catalogue::IDEAL_POINTS.key);
    }
    if TIE_COMMANDS.contains(&c) {
        // `entente ties` lists records; the ICEWS counts serve only the index.
        keys.extend(
            TIES.iter()
                .filter(|d| c != "ties" || d.key != catalogue::ICEWS.key)
                .map(|d| d.key),
        );
    }
    if c == "ties" {
        keys.extend(EVIDENCE_ONLY.iter().map(|d| d.key));
    }
    if c == "brief" {
        // The military section lists the sourced China–Russia exercises for that pair.
        keys.push(catalogue::CHINA_RUSSIA_EXERCISES.key);
    }
    if EVENT_COMMANDS.contains(&c) {
        keys.push(catalogue::GDELT_TOTALS.key);
    }
    if ["forecast", "profile"].contains(&c) {
        keys.extend([catalogue::COW_NMC.key, catalogue::PEACESCIENCER.key]);
    }
    catalogue::DATASETS
        .iter()
        .filter(|d| keys.contains(&d.key))
        .collect()
}

/// The vote sources of the roll calls `filter` accepts.
pub fn vote_sources(table: &VoteTable, filter: &RollCallFilter) -> BTreeSet<SourceId> {
    table
        .rollcalls
        .iter()
        .filter(|r| filter.accepts(r))
        .map(|r| r.source)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dataset_is_read_by_some_command() {
        for d in catalogue::DATASETS {
            assert!(
                commands()
                    .iter()
                    .any(|c| used_by(Some(c)).iter().any(|u| u.key == d.key)),
                "{} is read by no command",
                d.key
            );
        }
        assert_eq!(used_by(None).len(), catalogue::DATASETS.len());
        let profile: Vec<&str> = used_by(Some("profile")).iter().map(|d| d.key).collect();
        assert!(
            profile.contains(&catalogue::ATOP.key)
                && profile.contains(&catalogue::VOETEN_VOTES.key)
        );
        assert!(
            !used_by(Some("forecast"))
                .iter()
                .any(|d| d.key == catalogue::ATOP.key)
        );
        assert!(
            !used_by(Some("ties"))
                .iter()
                .any(|d| d.key == catalogue::ICEWS.key)
        );
    }
}

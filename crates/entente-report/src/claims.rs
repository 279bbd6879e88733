//! The brief's "Claims checked" section (`entente brief A B --claims FILE`): the verdict
//! of each claim, as `entente check` gives it, at the top of the brief.

use crate::model::{Content, Section, Sentence, Table};

/// One claim with its verdict.
#[derive(Clone, Debug)]
pub struct ClaimRow {
    pub id: String,
    pub text: String,
    /// "supported", "partly supported", "not supported", "cannot be checked".
    pub verdict: String,
    pub finding: String,
}

/// The section's input.
#[derive(Clone, Debug)]
pub struct ClaimsInput {
    /// The claims file's title and where its claims come from.
    pub title: Option<String>,
    pub source: Option<String>,
    /// The tally of the verdicts ("10 claims: 6 supported, …"), as `entente check` prints it.
    pub summary: String,
    pub rows: Vec<ClaimRow>,
}

/// The "Claims checked" section.
pub fn section(x: &ClaimsInput) -> Section {
    let mut sentences = vec![Sentence::plain(format!(
        "{}Checked against the data, {} (entente check; docs/check.md).",
        x.title
            .as_deref()
            .map_or(String::new(), |t| format!("{t}. ")),
        x.summary
    ))];
    if let Some(s) = &x.source {
        sentences.push(Sentence::plain(format!("Claims from: {s}.")));
    }
    Section {
        id: "claims".into(),
        title: "Claims checked".into(),
        blocks: vec![
            Content::Paragraph { sentences },
            Content::Table(Table {
                id: "table-claims".into(),
                caption: "Each claim, its verdict and what the data say (entente check --evidence lists the records behind each)".into(),
                columns: ["claim", "text", "verdict", "finding"].map(String::from).to_vec(),
                rows: x
                    .rows
                    .iter()
                    .map(|r| vec![r.id.clone(), r.text.clone(), r.verdict.clone(), r.finding.clone()])
                    .collect(),
            }),
        ],
    }
}

//! The brief's "What changed" section (`entente brief A B --at DATE`): every measure
//! before vs after each date, with the difference, its interval and the verdict, as
//! `entente shift` computes them.

use entente_core::Date;
use entente_core::shift::{Change, Verdict};

use crate::model::{Content, Section, Sentence, Table, num};

/// One measure at one date.
#[derive(Clone, Debug)]
pub struct ShiftLine {
    pub measure: String,
    /// Dated by roll call (false) or by year (true).
    pub yearly: bool,
    pub change: Change,
}

/// Every measure at one date.
#[derive(Clone, Debug)]
pub struct ShiftDate {
    pub at: Date,
    pub lines: Vec<ShiftLine>,
    /// Measures without data on a side.
    pub left_out: Vec<String>,
}

/// The section's input.
#[derive(Clone, Debug)]
pub struct ShiftInput {
    /// Years on each side, at most.
    pub window_years: u32,
    pub dates: Vec<ShiftDate>,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "24 Feb 2022".
fn day(d: Date) -> String {
    format!("{} {} {}", d.day, MONTHS[usize::from(d.month - 1)], d.year)
}

/// The span of a side: years for yearly measures, days for roll calls.
fn span(line: &ShiftLine, first: Date, last: Date) -> String {
    match (line.yearly, first.year == last.year) {
        (true, true) => first.year.to_string(),
        (true, false) => format!("{}–{}", first.year, last.year),
        (false, _) => format!("{} – {}", day(first), day(last)),
    }
}

fn signed(v: f64) -> String {
    let s = num(Some(v), 3);
    if v > 0.0 && !s.chars().all(|c| c == '0' || c == '.') {
        format!("+{s}")
    } else {
        s
    }
}

fn table(x: &ShiftInput) -> Table {
    let rows = x
        .dates
        .iter()
        .flat_map(|d| {
            d.lines.iter().map(move |l| {
                let c = &l.change;
                vec![
                    day(d.at),
                    l.measure.clone(),
                    span(l, c.before.first, c.before.last),
                    num(Some(c.before.value), 3),
                    span(l, c.after.first, c.after.last),
                    num(Some(c.after.value), 3),
                    signed(c.difference),
                    num(c.interval.map(|i| i.0), 3),
                    num(c.interval.map(|i| i.1), 3),
                    num(c.placebo.map(|p| p.share_smaller), 2),
                    c.verdict.phrase().to_string(),
                ]
            })
        })
        .collect();
    Table {
        id: "table-shift".into(),
        caption: format!(
            "Before vs after each date, up to {} years a side (entente shift; votes by date, scores and indicators by year; 95% interval of the difference from sampling error; placebo: share of other dates with a smaller change)",
            x.window_years
        ),
        columns: [
            "date",
            "measure",
            "before (span)",
            "before",
            "after (span)",
            "after",
            "difference",
            "95% low",
            "95% high",
            "placebo smaller",
            "verdict",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

/// The "What changed" section.
pub fn section(x: &ShiftInput) -> Section {
    let mut sentences = Vec::new();
    for d in &x.dates {
        let beyond: Vec<String> = d
            .lines
            .iter()
            .filter(|l| l.change.verdict == Verdict::BeyondNoise)
            .map(|l| {
                let c = &l.change;
                let iv = c.interval.map_or(String::new(), |(lo, hi)| {
                    format!(", 95% {} to {}", num(Some(lo), 3), num(Some(hi), 3))
                });
                format!(
                    "{} {} → {} ({}{iv})",
                    l.measure,
                    num(Some(c.before.value), 3),
                    num(Some(c.after.value), 3),
                    signed(c.difference)
                )
            })
            .collect();
        let text = if beyond.is_empty() {
            format!(
                "Across {}, none of the {} measures with data on both sides changed beyond noise.",
                day(d.at),
                d.lines.len()
            )
        } else {
            format!(
                "Across {}, {} of {} measures changed beyond noise: {}.",
                day(d.at),
                beyond.len(),
                d.lines.len(),
                beyond.join("; ")
            )
        };
        sentences.push(Sentence::new(text, "table-shift"));
        if !d.left_out.is_empty() {
            sentences.push(Sentence::plain(format!(
                "Left out at {} for want of data on one side (a dataset that ends before the date, or no record): {}.",
                day(d.at),
                d.left_out.join(", ")
            )));
        }
    }
    sentences.push(Sentence::plain(
        "Beyond noise: the interval of the difference excludes zero and the change is larger than nine in ten of the pair's changes at the same day in other years; otherwise the change is within sampling noise or within the pair's usual variation (docs/shift.md).",
    ));
    Section {
        id: "what-changed".into(),
        title: "What changed".into(),
        blocks: vec![Content::Paragraph { sentences }, Content::Table(table(x))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_core::shift::{Level, Placebo};

    fn level(first: &str, last: &str, value: f64) -> Level {
        Level {
            n: 200,
            first: Date::parse(first).unwrap(),
            last: Date::parse(last).unwrap(),
            value,
        }
    }

    #[test]
    fn sentences_cite_the_table() {
        let change = Change {
            before: level("2019-11-07", "2021-12-24", 0.785),
            after: level("2022-03-02", "2024-12-24", 0.68),
            difference: -0.105,
            interval: Some((-0.175, -0.027)),
            placebo: Some(Placebo {
                dates: 45,
                share_smaller: 0.95,
            }),
            verdict: Verdict::BeyondNoise,
        };
        let x = ShiftInput {
            window_years: 3,
            dates: vec![ShiftDate {
                at: Date::parse("2022-02-24").unwrap(),
                lines: vec![ShiftLine {
                    measure: "un_agree".into(),
                    yearly: false,
                    change,
                }],
                left_out: vec!["trade_volume".into()],
            }],
        };
        let s = section(&x);
        let brief = crate::model::Brief {
            title: String::new(),
            subtitle: String::new(),
            sections: vec![s],
        };
        assert!(
            brief.unmatched_numbers().is_empty(),
            "{:?}",
            brief.unmatched_numbers()
        );
        let Content::Paragraph { sentences } = &brief.sections[0].blocks[0] else {
            panic!()
        };
        assert!(sentences[0].text.contains("Across 24 Feb 2022, 1 of 1 measures changed beyond noise: un_agree 0.785 → 0.680 (-0.105, 95% -0.175 to -0.027)"), "{}", sentences[0].text);
        assert!(sentences[1].text.contains("trade_volume"));
        let Content::Table(t) = &brief.sections[0].blocks[1] else {
            panic!()
        };
        assert_eq!(t.rows[0][2], "7 Nov 2019 – 24 Dec 2021");
    }
}

//! The brief as data: sections of sentences, charts and tables. Every sentence that
//! states a number names the table that holds it; numbers are formatted once
//! ([`num`]) so the text and the table agree character for character.

use serde::{Deserialize, Serialize};

/// A whole brief.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    pub title: String,
    pub subtitle: String,
    pub sections: Vec<Section>,
}

/// One section (its `id` is the HTML anchor).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub blocks: Vec<Content>,
}

/// The parts of a section, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Content {
    Paragraph { sentences: Vec<Sentence> },
    Chart(Chart),
    Table(Table),
    List { items: Vec<String> },
}

/// A generated sentence and the table its numbers come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub text: String,
    pub table: Option<String>,
}

impl Sentence {
    pub fn new(text: impl Into<String>, table: &str) -> Sentence {
        Sentence {
            text: text.into(),
            table: Some(table.to_string()),
        }
    }

    /// A sentence without numbers from a table (method notes, caveats).
    pub fn plain(text: impl Into<String>) -> Sentence {
        Sentence {
            text: text.into(),
            table: None,
        }
    }
}

/// A table with formatted cells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub id: String,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A line chart over years.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub y_label: String,
    pub series: Vec<ChartSeries>,
    /// Vertical markers (turning points): (year, label).
    pub markers: Vec<(f64, String)>,
    /// Fixed y range, else fitted to the data.
    pub y_range: Option<(f64, f64)>,
    /// How the series are drawn.
    pub style: Style,
}

/// How a chart draws its series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Style {
    /// Lines over years, with interval bands.
    Lines,
    /// Bars (histograms): x is the bin centre.
    Bars,
    /// Points (a scatter): x on 0 … 1, named by `x_label`; `labels[s][i]` is the
    /// tooltip of point i of series s.
    Points {
        x_label: String,
        labels: Vec<Vec<String>>,
    },
    /// Horizontal rows, one per label, values on the x axis named by `x_label` (point i
    /// of a series is row i: (i, value)), with a vertical line at `base`. Two series:
    /// a tornado, bars from `base` to each series' value (a factor at its low and its
    /// high end). One series with a band: a dot and its interval per row (strategies
    /// compared).
    Rows {
        x_label: String,
        labels: Vec<String>,
        base: Option<f64>,
    },
}

/// One line with an optional interval band.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartSeries {
    pub name: String,
    pub points: Vec<(f64, f64)>,
    pub band: Vec<(f64, f64, f64)>,
}

/// The one number format of the brief: `decimals` places, `–` for missing.
/// `v` with thousands separators ("38,218", "1,234.5"); "–" when missing.
pub fn grouped(v: Option<f64>, decimals: usize) -> String {
    let s = num(v, decimals);
    if s == "–" {
        return s;
    }
    let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// An amount in US$ millions by its magnitude: "US$ 112.0 bn", "US$ 632 m",
/// "US$ 0.4 m"; "–" when missing.
pub fn usd_millions(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() && x.abs() >= 1000.0 => {
            format!("US$ {} bn", grouped(Some(x / 1000.0), 1))
        }
        Some(x) if x.is_finite() && x.abs() >= 10.0 => format!("US$ {} m", grouped(Some(x), 0)),
        Some(x) if x.is_finite() => format!("US$ {} m", num(Some(x), 1)),
        _ => "–".into(),
    }
}

pub fn num(v: Option<f64>, decimals: usize) -> String {
    match v {
        Some(v) if v.is_finite() => {
            // Avoid "-0.000".
            let s = format!("{v:.decimals$}");
            if s.trim_start_matches('-')
                .chars()
                .all(|c| c == '0' || c == '.')
            {
                s.trim_start_matches('-').to_string()
            } else {
                s
            }
        }
        _ => "–".to_string(),
    }
}

impl Brief {
    /// All tables by id.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().filter_map(|b| match b {
                Content::Table(t) => Some(t),
                _ => None,
            })
        })
    }

    /// Numbers in sentences that do not appear in the sentence's table: every decimal
    /// number (e.g. 0.771, −0.444, 63.1) and every four-digit year must be a cell of that
    /// table, or a part of one split at spaces, dashes, brackets and commas (a leading
    /// `+` is ignored). Sentences without a table may not hold decimals. Empty when the
    /// text matches the tables.
    pub fn unmatched_numbers(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for s in self.sections.iter().flat_map(|s| &s.blocks) {
            let Content::Paragraph { sentences } = s else {
                continue;
            };
            for sentence in sentences {
                let tokens = numbers(&sentence.text);
                let Some(id) = &sentence.table else {
                    if tokens.iter().any(|t| t.contains('.')) {
                        problems.push(format!("no table for: {}", sentence.text));
                    }
                    continue;
                };
                let Some(table) = self.tables().find(|t| &t.id == id) else {
                    problems.push(format!("missing table '{id}' for: {}", sentence.text));
                    continue;
                };
                for tok in tokens {
                    let found = table.rows.iter().any(|row| {
                        row.iter().any(|cell| {
                            cell == &tok
                                || cell.trim_start_matches('+') == tok.trim_start_matches('+')
                                || cell
                                    .split(['–', ' ', '[', ']', ','])
                                    .any(|part| part == tok)
                        })
                    });
                    if !found {
                        problems.push(format!("'{tok}' not in table '{id}': {}", sentence.text));
                    }
                }
            }
        }
        problems
    }
}

/// Numbers in a text: decimals (with sign) and four-digit years; other integers (counts)
/// are left out.
pub fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let signed = (c == '−' || c == '-' || c == '+')
            && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())
            && (i == 0 || !chars[i - 1].is_alphanumeric());
        if c.is_ascii_digit() || signed {
            let start = i;
            i += 1;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (chars[i] == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())))
            {
                i += 1;
            }
            if start > 0 && (chars[start - 1].is_alphabetic() || chars[start - 1] == '_') {
                continue; // part of a name like "s_sq" or "ES-11"
            }
            let tok: String = chars[start..i].iter().collect::<String>().replace('−', "-");
            let digits = tok.trim_start_matches(['-', '+']);
            if tok.contains('.') || (digits.len() == 4 && !tok.starts_with(['-', '+'])) {
                out.push(tok);
            }
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_format_and_extraction() {
        assert_eq!(num(Some(-0.0004), 3), "0.000");
        assert_eq!(num(Some(0.7714), 3), "0.771");
        assert_eq!(num(None, 3), "–");
        assert_eq!(
            numbers(
                "rose from 0.620 in 2012 to 0.800 (−0.444; +0.181) in 2017, 83 votes, s_sq 1.000"
            ),
            vec![
                "0.620", "2012", "0.800", "-0.444", "+0.181", "2017", "1.000"
            ]
        );
    }

    #[test]
    fn unmatched_numbers_are_reported() {
        let table = Table {
            id: "t".into(),
            caption: String::new(),
            columns: vec!["year".into(), "agree".into()],
            rows: vec![
                vec!["2012".into(), "0.620".into()],
                vec!["2017".into(), "0.800".into()],
            ],
        };
        let brief = |text: &str| Brief {
            title: String::new(),
            subtitle: String::new(),
            sections: vec![Section {
                id: "s".into(),
                title: String::new(),
                blocks: vec![
                    Content::Paragraph {
                        sentences: vec![Sentence::new(text, "t")],
                    },
                    Content::Table(table.clone()),
                ],
            }],
        };
        assert!(
            brief("Agreement rose from 0.620 in 2012 to 0.800 in 2017.")
                .unmatched_numbers()
                .is_empty()
        );
        let bad = brief("Agreement rose from 0.620 in 2012 to 0.810 in 2017.").unmatched_numbers();
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(bad[0].contains("0.810"));
    }
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(grouped(Some(38218.0), 0), "38,218");
        assert_eq!(grouped(Some(-1234567.25), 2), "-1,234,567.25");
        assert_eq!(grouped(Some(632.0), 0), "632");
        assert_eq!(grouped(None, 0), "–");
        assert_eq!(usd_millions(Some(112000.318)), "US$ 112.0 bn");
        assert_eq!(usd_millions(Some(1_234_567.0)), "US$ 1,234.6 bn");
        assert_eq!(usd_millions(Some(632.0)), "US$ 632 m");
        assert_eq!(usd_millions(Some(0.4)), "US$ 0.4 m");
    }
}

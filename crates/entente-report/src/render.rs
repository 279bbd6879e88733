//! The brief as one self-contained HTML file (inline CSS and SVG, no scripts, no
//! network) or as Markdown.

use std::fmt::Write;

use crate::model::{Brief, Content, Sentence, Table};
use crate::svg;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:860px;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}\
h1{font-size:1.7rem;margin-bottom:.2rem}.subtitle{color:#555;margin-top:0}\
h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}\
nav ol{columns:2;font-size:.95rem}a{color:#0b5cad}a.ref{font-size:.8rem;margin-left:.2rem;text-decoration:none}\
table{border-collapse:collapse;font-size:.85rem;margin:.6rem 0;font-variant-numeric:tabular-nums}\
th,td{border-bottom:1px solid #e4e4e4;padding:.15rem .55rem;text-align:right}th{background:#f6f6f6}\
td:first-child,th:first-child,td.t{text-align:left}caption{text-align:left;font-weight:600;padding:.3rem 0}\
details{margin:.4rem 0}summary{cursor:pointer;color:#0b5cad}\
svg.chart{width:100%;height:auto;margin:.6rem 0}svg .title{font-size:13px;font-weight:600}\
svg .tick,svg .legend,svg .axis{font-size:11px;fill:#444}svg .grid{stroke:#eee}\
svg .marker{stroke:#999;stroke-dasharray:4 3}svg .marker-label{font-size:10px;fill:#666}\
li{margin:.2rem 0}\
@media print{body{max-width:none;margin:0;font-size:10.5pt}nav,a.ref{display:none}a{color:inherit;text-decoration:none}\
section{break-before:page}section:first-of-type{break-before:auto}h2{break-after:avoid}\
svg.chart,table,caption,p{break-inside:avoid}summary{color:#1a1a1a}@page{margin:16mm 14mm}}";

fn sentence_html(s: &Sentence) -> String {
    match &s.table {
        Some(id) => format!(
            "{} <a class=\"ref\" href=\"#{}\" title=\"the table behind this sentence\">[table]</a>",
            esc(&s.text),
            esc(id)
        ),
        None => esc(&s.text),
    }
}

fn table_html(t: &Table, out: &mut String) {
    // Long tables fold away; the anchor stays on the <details> so links open it.
    let long = t.rows.len() > 12;
    if long {
        let _ = write!(
            out,
            "<details id=\"{}\"><summary>{} ({} rows)</summary>",
            esc(&t.id),
            esc(&t.caption),
            t.rows.len()
        );
        out.push_str("<table>");
    } else {
        let _ = write!(
            out,
            "<table id=\"{}\"><caption>{}</caption>",
            esc(&t.id),
            esc(&t.caption)
        );
    }
    out.push_str("<thead><tr>");
    for c in &t.columns {
        let _ = write!(out, "<th>{}</th>", esc(c));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        out.push_str("<tr>");
        for cell in row {
            // Numbers right-aligned (the default), text left.
            let numeric = cell == "–" || cell.trim_start_matches('+').parse::<f64>().is_ok();
            if numeric {
                let _ = write!(out, "<td>{}</td>", esc(cell));
            } else {
                let _ = write!(out, "<td class=\"t\">{}</td>", esc(cell));
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if long {
        out.push_str("</details>");
    }
}

/// The brief as a self-contained HTML document.
pub fn html(brief: &Brief) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body>",
        esc(&brief.title)
    );
    let _ = write!(
        out,
        "<h1>{}</h1><p class=\"subtitle\">{}</p><nav><ol>",
        esc(&brief.title),
        esc(&brief.subtitle)
    );
    for s in &brief.sections {
        let _ = write!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            esc(&s.id),
            esc(&s.title)
        );
    }
    out.push_str("</ol></nav>");
    for s in &brief.sections {
        let _ = write!(
            out,
            "<section id=\"{}\"><h2>{}</h2>",
            esc(&s.id),
            esc(&s.title)
        );
        for b in &s.blocks {
            match b {
                Content::Paragraph { sentences } => {
                    let text: Vec<String> = sentences.iter().map(sentence_html).collect();
                    let _ = write!(out, "<p>{}</p>", text.join(" "));
                }
                Content::Chart(c) => out.push_str(&svg::render(c)),
                Content::Table(t) => table_html(t, &mut out),
                Content::List { items } => {
                    out.push_str("<ul>");
                    for i in items {
                        let _ = write!(out, "<li>{}</li>", esc(i));
                    }
                    out.push_str("</ul>");
                }
            }
        }
        out.push_str("</section>");
    }
    out.push_str("</body></html>\n");
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The brief as Markdown (charts are listed by title; the HTML has them drawn).
pub fn markdown(brief: &Brief) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n\n_{}_\n", brief.title, brief.subtitle);
    for s in &brief.sections {
        let _ = writeln!(out, "## {}\n", s.title);
        for b in &s.blocks {
            match b {
                Content::Paragraph { sentences } => {
                    let text: Vec<String> = sentences
                        .iter()
                        .map(|x| match &x.table {
                            Some(id) => format!("{} ([table](#{id}))", x.text),
                            None => x.text.clone(),
                        })
                        .collect();
                    let _ = writeln!(out, "{}\n", text.join(" "));
                }
                Content::Chart(c) => {
                    let _ = writeln!(out, "_Chart: {} (drawn in the HTML brief)._\n", c.title);
                }
                Content::Table(t) => {
                    let _ = writeln!(out, "<a id=\"{}\"></a>\n\n**{}**\n", t.id, t.caption);
                    let _ = writeln!(
                        out,
                        "| {} |",
                        t.columns
                            .iter()
                            .map(|c| md_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                    let _ = writeln!(out, "|{}", "---|".repeat(t.columns.len()));
                    for row in &t.rows {
                        let _ = writeln!(
                            out,
                            "| {} |",
                            row.iter()
                                .map(|c| md_cell(c))
                                .collect::<Vec<_>>()
                                .join(" | ")
                        );
                    }
                    out.push('\n');
                }
                Content::List { items } => {
                    for i in items {
                        let _ = writeln!(out, "- {i}");
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}

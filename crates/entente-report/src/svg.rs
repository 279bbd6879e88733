//! Line and bar charts as inline SVG: axes with round ticks, lines, 95% bands and
//! labelled markers. Written directly (no font files, no layout engine) so the same
//! data always gives the same bytes; coordinates are rounded to 0.1 px.

use std::fmt::Write;

use crate::model::{Chart, Style};

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 52.0;
/// Titles longer than this (at the title's font size) are fitted to the width.
const TITLE_CHARS: usize = 95;
/// Colour-blind-safe palette (Okabe–Ito).
const COLOURS: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
];

/// "Nice" tick step for a span and a wanted number of ticks (1, 2 or 5 × 10^k).
fn step(span: f64, ticks: f64) -> f64 {
    let raw = (span / ticks).max(1e-12);
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Every value of the chart's series and their bands (the y axis; the x axis of rows).
fn values(chart: &Chart) -> impl Iterator<Item = f64> + '_ {
    chart.series.iter().flat_map(|s| {
        s.points
            .iter()
            .map(|p| p.1)
            .chain(s.band.iter().flat_map(|b| [b.1, b.2]))
    })
}

/// The chart's title at `x`; a long title is fitted to the width (never cut off).
fn title(out: &mut String, text: &str, x: f64) {
    let fit = if text.chars().count() > TITLE_CHARS {
        format!(
            r#" textLength="{}" lengthAdjust="spacingAndGlyphs""#,
            WIDTH - x - 8.0
        )
    } else {
        String::new()
    };
    let _ = write!(
        out,
        r#"<text x="{x}" y="16" class="title"{fit}>{}</text>"#,
        esc(text)
    );
}

/// Renders a chart as an `<svg>` element.
pub fn render(chart: &Chart) -> String {
    if let Style::Rows {
        x_label,
        labels,
        base,
    } = &chart.style
    {
        return render_rows(chart, x_label, labels, *base);
    }
    let xs: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .chain(chart.markers.iter().map(|m| m.0))
        .collect();
    let ys: Vec<f64> = values(chart).filter(|v| v.is_finite()).collect();
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{}" class="chart">"#,
        esc(&chart.title)
    );
    title(&mut out, &chart.title, LEFT);
    if xs.is_empty() || ys.is_empty() {
        out.push_str(r#"<text x="380" y="140" text-anchor="middle">no data</text></svg>"#);
        return out;
    }
    let (mut x0, mut x1) = (
        xs.iter().copied().fold(f64::INFINITY, f64::min),
        xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    if chart.style == Style::Bars {
        let half = if chart.series[0].points.len() > 1 {
            (chart.series[0].points[1].0 - chart.series[0].points[0].0) / 2.0
        } else {
            0.5
        };
        x0 -= half;
        x1 += half;
    }
    if let Style::Points { .. } = chart.style {
        (x0, x1) = (0.0, 1.0);
    }
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    let (mut y0, mut y1) = chart.y_range.unwrap_or((
        ys.iter().copied().fold(f64::INFINITY, f64::min),
        ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    ));
    if chart.style == Style::Bars {
        y0 = 0.0;
    }
    if y1 <= y0 {
        y1 = y0 + 1.0;
    }
    let ystep = step(y1 - y0, 5.0);
    if chart.y_range.is_none() {
        y0 = (y0 / ystep).floor() * ystep;
        y1 = (y1 / ystep).ceil() * ystep;
    }
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let px = |x: f64| ((LEFT + (x - x0) / (x1 - x0) * plot_w) * 10.0).round() / 10.0;
    let py = |y: f64| ((TOP + (1.0 - (y - y0) / (y1 - y0)) * plot_h) * 10.0).round() / 10.0;
    // Grid and y ticks.
    let mut t = (y0 / ystep).ceil() * ystep;
    let decimals = if ystep >= 1.0 {
        0
    } else {
        (-ystep.log10()).ceil() as usize
    };
    while t <= y1 + ystep * 1e-9 {
        let _ = write!(
            out,
            r#"<line x1="{LEFT}" y1="{y}" x2="{x2}" y2="{y}" class="grid"/><text x="{lx}" y="{ty}" text-anchor="end" class="tick">{t:.decimals$}</text>"#,
            y = py(t),
            x2 = WIDTH - RIGHT,
            lx = LEFT - 6.0,
            ty = py(t) + 4.0,
        );
        t += ystep;
    }
    // x ticks (years or bins).
    let xstep = step(x1 - x0, 8.0).max(if chart.style == Style::Lines {
        1.0
    } else {
        0.0
    });
    let mut t = (x0 / xstep).ceil() * xstep;
    let xdec = if xstep >= 1.0 {
        0
    } else {
        (-xstep.log10()).ceil() as usize
    };
    while t <= x1 + 1e-9 {
        let _ = write!(
            out,
            r#"<text x="{x}" y="{y}" text-anchor="middle" class="tick">{t:.xdec$}</text>"#,
            x = px(t),
            y = HEIGHT - BOTTOM + 16.0,
        );
        t += xstep;
    }
    let _ = write!(
        out,
        r#"<text x="14" y="{y}" transform="rotate(-90 14 {y})" text-anchor="middle" class="axis">{}</text>"#,
        esc(&chart.y_label),
        y = TOP + plot_h / 2.0
    );
    if let Style::Points { x_label, .. } = &chart.style {
        let _ = write!(
            out,
            r#"<text x="{x}" y="{y}" text-anchor="middle" class="axis">{}</text>"#,
            esc(x_label),
            x = LEFT + plot_w / 2.0,
            y = HEIGHT - BOTTOM + 30.0
        );
    }
    // Bands, then lines or bars.
    for (k, s) in chart.series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        if !s.band.is_empty() {
            let mut pts: Vec<String> = s
                .band
                .iter()
                .map(|b| format!("{},{}", px(b.0), py(b.2)))
                .collect();
            pts.extend(
                s.band
                    .iter()
                    .rev()
                    .map(|b| format!("{},{}", px(b.0), py(b.1))),
            );
            let _ = write!(
                out,
                r#"<polygon points="{}" fill="{colour}" fill-opacity="0.15" stroke="none"/>"#,
                pts.join(" ")
            );
        }
        if let Style::Points { labels, .. } = &chart.style {
            let r = if k == 0 { 2.5 } else { 5.0 };
            for (i, &(x, y)) in s.points.iter().enumerate() {
                let label = labels
                    .get(k)
                    .and_then(|l| l.get(i))
                    .map_or("", String::as_str);
                let _ = write!(
                    out,
                    r#"<circle cx="{}" cy="{}" r="{r}" fill="{colour}" fill-opacity="0.7"><title>{}: {x:.3}, {y:.3}</title></circle>"#,
                    px(x),
                    py(y),
                    esc(label),
                );
            }
        } else if chart.style == Style::Bars {
            let half = if s.points.len() > 1 {
                (s.points[1].0 - s.points[0].0) / 2.0
            } else {
                0.5
            };
            for &(x, y) in &s.points {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{colour}"><title>{x:.1}: {y}</title></rect>"#,
                    px(x - half) + 0.5,
                    py(y),
                    ((px(x + half) - px(x - half) - 1.0) * 10.0).round() / 10.0,
                    ((py(y0) - py(y)) * 10.0).round() / 10.0,
                );
            }
        } else {
            let path: Vec<String> = s
                .points
                .iter()
                .map(|&(x, y)| format!("{},{}", px(x), py(y)))
                .collect();
            let _ = write!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
                path.join(" ")
            );
            for &(x, y) in &s.points {
                let _ = write!(
                    out,
                    r#"<circle cx="{}" cy="{}" r="2.5" fill="{colour}"><title>{} {x}: {y:.3}</title></circle>"#,
                    px(x),
                    py(y),
                    esc(&s.name),
                );
            }
        }
        // Legend.
        let lx = LEFT + 8.0 + 150.0 * k as f64;
        let ly = HEIGHT - 14.0;
        let _ = write!(
            out,
            r#"<rect x="{lx}" y="{}" width="12" height="4" fill="{colour}"/><text x="{}" y="{ly}" class="legend">{}</text>"#,
            ly - 5.0,
            lx + 16.0,
            esc(&s.name)
        );
    }
    for (x, label) in &chart.markers {
        let _ = write!(
            out,
            r#"<line x1="{x}" y1="{TOP}" x2="{x}" y2="{y2}" class="marker"/><text x="{tx}" y="{ty}" class="marker-label">{}</text>"#,
            esc(label),
            x = px(*x),
            y2 = HEIGHT - BOTTOM,
            tx = px(*x) + 3.0,
            ty = TOP + 10.0
        );
    }
    out.push_str("</svg>");
    out
}

/// A chart as a standalone SVG file: the chart with the brief's chart styles inside.
pub fn standalone(chart: &Chart) -> String {
    let svg = render(chart);
    let style = "<style>text{font-family:system-ui,sans-serif}.title{font-size:13px;font-weight:600}.tick,.legend,.axis{font-size:11px;fill:#444}.grid{stroke:#eee}.marker{stroke:#999;stroke-dasharray:4 3}.marker-label{font-size:10px;fill:#666}</style>";
    match svg.find('>') {
        Some(k) => format!("{}{style}{}\n", &svg[..=k], &svg[k + 1..]),
        None => svg,
    }
}

/// Width of the row labels of a [`Style::Rows`] chart.
const ROW_LABELS: f64 = 300.0;
/// Height of one row.
const ROW_HEIGHT: f64 = 20.0;

/// A [`Style::Rows`] chart: a tornado (two series) or dots with intervals (one series
/// with a band), one row per label; the height grows with the rows.
fn render_rows(chart: &Chart, x_label: &str, labels: &[String], base: Option<f64>) -> String {
    let n = labels.len();
    let height = TOP + 8.0 + n as f64 * ROW_HEIGHT + 58.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{}" class="chart">"#,
        esc(&chart.title)
    );
    title(&mut out, &chart.title, 8.0);
    let values: Vec<f64> = values(chart)
        .chain(base)
        .filter(|v| v.is_finite())
        .collect();
    if n == 0 || values.is_empty() {
        let _ = write!(
            out,
            r#"<text x="380" y="{}" text-anchor="middle">no data</text></svg>"#,
            height / 2.0
        );
        return out;
    }
    let (mut x0, mut x1) = (
        values.iter().copied().fold(f64::INFINITY, f64::min),
        values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    if let Some((lo, hi)) = chart.y_range {
        (x0, x1) = (lo, hi);
    }
    if x1 - x0 < 1e-9 {
        (x0, x1) = (x0 - 1.0, x1 + 1.0);
    }
    let xstep = step(x1 - x0, 6.0);
    if chart.y_range.is_none() {
        x0 = (x0 / xstep).floor() * xstep;
        x1 = (x1 / xstep).ceil() * xstep;
    }
    let plot_w = WIDTH - ROW_LABELS - RIGHT;
    let top = TOP + 8.0;
    let bottom = top + n as f64 * ROW_HEIGHT;
    let px = |x: f64| ((ROW_LABELS + (x - x0) / (x1 - x0) * plot_w) * 10.0).round() / 10.0;
    let row_y = |i: usize| ((top + (i as f64 + 0.5) * ROW_HEIGHT) * 10.0).round() / 10.0;
    let xdec = if xstep >= 1.0 {
        0
    } else {
        (-xstep.log10()).ceil() as usize
    };
    let mut t = (x0 / xstep).ceil() * xstep;
    while t <= x1 + xstep * 1e-9 {
        let _ = write!(
            out,
            r#"<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="grid"/><text x="{x}" y="{ty}" text-anchor="middle" class="tick">{t:.xdec$}</text>"#,
            x = px(t),
            ty = bottom + 16.0,
        );
        t += xstep;
    }
    let _ = write!(
        out,
        r#"<text x="{x}" y="{y}" text-anchor="middle" class="axis">{}</text>"#,
        esc(x_label),
        x = ROW_LABELS + plot_w / 2.0,
        y = bottom + 32.0
    );
    for (i, label) in labels.iter().enumerate() {
        let short: String = if label.chars().count() > 46 {
            label.chars().take(45).chain(['…']).collect()
        } else {
            label.clone()
        };
        let _ = write!(
            out,
            r#"<text x="{x}" y="{y}" text-anchor="end" class="tick"><title>{}</title>{}</text>"#,
            esc(label),
            esc(&short),
            x = ROW_LABELS - 8.0,
            y = row_y(i) + 4.0
        );
    }
    let tornado = chart.series.len() == 2;
    for (k, s) in chart.series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        for (i, &(_, v)) in s.points.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let y = row_y(i);
            if tornado {
                let from = base.unwrap_or(x0);
                let (a, b) = (px(from.min(v)), px(from.max(v)));
                let _ = write!(
                    out,
                    r#"<rect x="{a}" y="{}" width="{}" height="{}" fill="{colour}" fill-opacity="0.85"><title>{}: {} → {v:.2}</title></rect>"#,
                    y - ROW_HEIGHT * 0.35,
                    ((b - a).max(1.0) * 10.0).round() / 10.0,
                    ROW_HEIGHT * 0.7,
                    esc(&labels[i]),
                    esc(&s.name),
                );
            } else {
                if let Some(&(_, lo, hi)) = s.band.get(i) {
                    let _ = write!(
                        out,
                        r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{colour}" stroke-width="3"/>"#,
                        px(lo),
                        px(hi)
                    );
                }
                let _ = write!(
                    out,
                    r#"<circle cx="{}" cy="{y}" r="5" fill="{colour}"><title>{}: {v:.2}</title></circle>"#,
                    px(v),
                    esc(&labels[i])
                );
            }
        }
        let lx = ROW_LABELS + 150.0 * k as f64;
        let ly = height - 10.0;
        let _ = write!(
            out,
            r#"<rect x="{lx}" y="{}" width="12" height="6" fill="{colour}"/><text x="{}" y="{ly}" class="legend">{}</text>"#,
            ly - 6.0,
            lx + 16.0,
            esc(&s.name)
        );
    }
    if let Some(b) = base {
        let _ = write!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{bottom}" class="marker"/><text x="{}" y="{}" class="marker-label">base {b:.1}</text>"#,
            top - 4.0,
            px(b) + 3.0,
            top - 6.0,
            x = px(b),
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChartSeries;

    #[test]
    fn deterministic_svg_with_band_and_marker() {
        let chart = Chart {
            id: "c".into(),
            title: "Agreement <UN>".into(),
            y_label: "share".into(),
            series: vec![ChartSeries {
                name: "agree".into(),
                points: vec![(1991.0, 0.5), (1992.0, 0.7), (1993.0, 0.6)],
                band: vec![(1991.0, 0.4, 0.6), (1992.0, 0.6, 0.8), (1993.0, 0.5, 0.7)],
            }],
            markers: vec![(1992.0, "1992".into())],
            y_range: Some((0.0, 1.0)),
            style: Style::Lines,
        };
        let a = render(&chart);
        assert_eq!(a, render(&chart));
        assert!(a.starts_with("<svg") && a.ends_with("</svg>"));
        assert!(a.contains("Agreement &lt;UN&gt;"));
        assert!(
            a.contains("<polygon") && a.contains("<polyline") && a.contains("class=\"marker\"")
        );
        assert_eq!(a.matches("<circle").count(), 3);
        assert!(!a.contains("NaN"));
    }

    #[test]
    fn tornado_rows_grow_with_the_labels() {
        let chart = Chart {
            id: "t".into(),
            title: "Sensitivity".into(),
            y_label: String::new(),
            series: vec![
                ChartSeries {
                    name: "low end".into(),
                    points: vec![(0.0, 40.0), (1.0, 48.0)],
                    band: vec![],
                },
                ChartSeries {
                    name: "high end".into(),
                    points: vec![(0.0, 60.0), (1.0, 51.0)],
                    band: vec![],
                },
            ],
            markers: vec![],
            y_range: None,
            style: Style::Rows {
                x_label: "forecast".into(),
                labels: vec!["A: position".into(), "option: Q (--q)".into()],
                base: Some(50.0),
            },
        };
        let a = render(&chart);
        assert_eq!(
            a.matches("<rect").count(),
            4 + 2,
            "4 bars and 2 legend keys"
        );
        assert!(a.contains("A: position") && a.contains("base 50.0") && !a.contains("NaN"));
        assert_eq!(a, render(&chart));
    }

    #[test]
    fn empty_chart_says_so() {
        let chart = Chart {
            id: "c".into(),
            title: "t".into(),
            y_label: String::new(),
            series: vec![],
            markers: vec![],
            y_range: None,
            style: Style::Lines,
        };
        assert!(render(&chart).contains("no data"));
    }
}

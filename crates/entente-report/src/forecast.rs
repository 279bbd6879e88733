//! The forecast's comparison of strategies and its sensitivity as charts and tables,
//! the same for the brief, `entente forecast --chart` and the dashboard's data.

use entente_core::bargain::compare::Comparison;
use entente_core::bargain::sensitivity::Sensitivity;

use crate::model::{Chart, ChartSeries, Style, Table, num};

/// Bars a tornado chart shows (the table lists every factor).
pub const TORNADO_BARS: usize = 15;

/// The tornado: the `max_bars` factors that move the forecast most, each at its low
/// and its high end, around the base forecast.
pub fn tornado_chart<S: AsRef<str>>(s: &Sensitivity, actor_names: &[S], max_bars: usize) -> Chart {
    let shown: Vec<_> = s.swings.iter().take(max_bars).collect();
    let points = |f: &dyn Fn(&entente_core::bargain::sensitivity::Swing) -> f64| {
        shown
            .iter()
            .enumerate()
            .map(|(i, w)| (i as f64, f(w)))
            .collect::<Vec<_>>()
    };
    Chart {
        id: "chart-sensitivity".into(),
        title: format!(
            "What moves the forecast: the {} largest of {} factors, each over its range{}",
            shown.len(),
            s.swings.len(),
            if s.runs > 0 {
                format!(" ({} Monte Carlo runs per end)", s.runs)
            } else {
                String::new()
            }
        ),
        y_label: String::new(),
        series: vec![
            ChartSeries {
                name: "at the low end".into(),
                points: points(&|w| w.forecast_low),
                band: vec![],
            },
            ChartSeries {
                name: "at the high end".into(),
                points: points(&|w| w.forecast_high),
                band: vec![],
            },
        ],
        markers: vec![],
        y_range: None,
        style: Style::Rows {
            x_label: "forecast (weighted mean) on the issue scale".into(),
            labels: shown
                .iter()
                .map(|w| {
                    format!(
                        "{} ({} – {})",
                        w.factor.label(actor_names),
                        w.low_label,
                        w.high_label
                    )
                })
                .collect(),
            base: Some(s.base),
        },
    }
}

/// The sensitivity table: every factor, ranked.
pub fn sensitivity_table<S: AsRef<str>>(s: &Sensitivity, actor_names: &[S]) -> Table {
    let two = |v: f64| num(Some(v), 2);
    Table {
        id: "table-sensitivity".into(),
        caption: format!(
            "Sensitivity: each factor at both ends of its range, the others at the base (base forecast {})",
            two(s.base)
        ),
        columns: [
            "rank",
            "factor",
            "range",
            "forecast at low end",
            "forecast at high end",
            "swing",
        ]
        .map(String::from)
        .to_vec(),
        rows: s
            .swings
            .iter()
            .enumerate()
            .map(|(k, w)| {
                vec![
                    (k + 1).to_string(),
                    w.factor.label(actor_names),
                    format!("{} – {} ({})", w.low_label, w.high_label, w.range_kind()),
                    two(w.forecast_low),
                    two(w.forecast_high),
                    two(w.swing()),
                ]
            })
            .collect(),
    }
}

/// Strategies compared: each forecast with its 90% range over the Monte Carlo runs (the
/// stated run alone without them), on the issue scale.
pub fn comparison_chart(c: &Comparison, scale: (f64, f64)) -> Chart {
    let all: Vec<_> = std::iter::once(&c.base).chain(&c.variants).collect();
    Chart {
        id: "chart-compare".into(),
        title: if c.runs > 0 {
            format!(
                "Strategies compared: median forecast and 90% of {} runs (same draws)",
                c.runs
            )
        } else {
            "Strategies compared: forecasts on the stated values".into()
        },
        y_label: String::new(),
        series: vec![ChartSeries {
            name: if c.runs > 0 {
                "median, 90% range"
            } else {
                "forecast"
            }
            .into(),
            points: all
                .iter()
                .enumerate()
                .map(|(i, f)| (i as f64, f.forecast()))
                .collect(),
            band: all
                .iter()
                .enumerate()
                .filter_map(|(i, f)| f.mc.as_ref().map(|m| (i as f64, m.q05, m.q95)))
                .collect(),
        }],
        markers: vec![],
        y_range: Some(scale),
        style: Style::Rows {
            x_label: "forecast (weighted mean) on the issue scale".into(),
            labels: all.iter().map(|f| f.name.clone()).collect(),
            base: Some(c.base.forecast()),
        },
    }
}

/// The comparison table: each strategy, its difference to the base and where its runs end.
pub fn comparison_table(c: &Comparison) -> Table {
    let two = |v: f64| num(Some(v), 2);
    let pct = |v: f64| format!("{}%", num(Some(100.0 * v), 0));
    let all: Vec<_> = std::iter::once(&c.base).chain(&c.variants).collect();
    Table {
        id: "table-compare".into(),
        caption: "Strategies compared on the same Monte Carlo draws".into(),
        columns: [
            "strategy",
            "forecast (stated)",
            "median",
            "5%",
            "95%",
            "difference to base",
            "difference 5%",
            "difference 95%",
            "runs below base",
            "runs above base",
            "runs nearer the low end",
        ]
        .map(String::from)
        .to_vec(),
        rows: all
            .iter()
            .map(|f| {
                let m = f.mc.as_ref();
                let d = f.difference.as_ref();
                let is_base = std::ptr::eq(*f, &c.base);
                vec![
                    f.name.clone(),
                    two(f.stated_mean),
                    m.map_or("–".into(), |m| two(m.q50)),
                    m.map_or("–".into(), |m| two(m.q05)),
                    m.map_or("–".into(), |m| two(m.q95)),
                    if is_base {
                        "–".into()
                    } else {
                        two(f.effect())
                    },
                    d.map_or("–".into(), |d| two(d.q05)),
                    d.map_or("–".into(), |d| two(d.q95)),
                    if is_base { "–".into() } else { pct(f.lower) },
                    if is_base { "–".into() } else { pct(f.higher) },
                    pct(f.nearer_low),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_core::bargain::compare::{Change, Input, Variant, compare};
    use entente_core::bargain::montecarlo::{Spread, UncertainActor};
    use entente_core::bargain::sensitivity::{Ranges, sensitivity};
    use entente_core::bargain::{Options, ec_emissions};

    fn inputs() -> Vec<UncertainActor> {
        ec_emissions()
            .into_iter()
            .map(|a| UncertainActor::new(a, Spread::Uniform(1.0), Spread::Fixed))
            .collect()
    }

    #[test]
    fn tables_and_charts_carry_the_same_numbers() {
        let names: Vec<String> = ec_emissions().into_iter().map(|a| a.name).collect();
        let s = sensitivity(
            &inputs(),
            (0.0, 12.0),
            &Options::default(),
            50,
            1,
            &Ranges::default(),
            &|| {},
        );
        let t = sensitivity_table(&s, &names);
        let c = tornado_chart(&s, &names, 5);
        assert_eq!(t.rows.len(), s.swings.len());
        assert_eq!(c.series[0].points.len(), 5);
        assert_eq!(t.rows[0][3], num(Some(c.series[0].points[0].1), 2));
        let cmp = compare(
            &inputs(),
            &[Variant {
                name: "UK dominant".into(),
                changes: vec![Change {
                    actor: 6,
                    input: Input::Capability,
                    value: 50.0,
                }],
            }],
            (0.0, 12.0),
            &Options::default(),
            50,
            1,
        );
        let t = comparison_table(&cmp);
        let ch = comparison_chart(&cmp, (0.0, 12.0));
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1][2], num(Some(ch.series[0].points[1].1), 2));
        assert_eq!(t.rows[0][5], "–");
    }
}

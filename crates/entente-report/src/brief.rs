//! Builds the brief from computed results: every sentence generated from the numbers,
//! each pointing at the table that holds them.

use entente_core::breaks::SeriesBreaks;
use entente_core::since::Standing;
use entente_core::triangle::{Configuration, TrioYear};

use crate::model::{
    Brief, Chart, ChartSeries, Content, Section, Sentence, Style, Table, grouped, num, usd_millions,
};

/// A state as named in the brief.
#[derive(Clone, Debug)]
pub struct State {
    pub code: String,
    pub name: String,
}

/// One year of the pair's UN alignment.
#[derive(Clone, Debug)]
pub struct AlignmentYear {
    pub year: i32,
    pub n_votes: u32,
    pub agree: Option<f64>,
    pub agree_ci: Option<(f64, f64)>,
    pub kappa: Option<f64>,
    pub kappa_ci: Option<(f64, f64)>,
}

/// One year of both states' ideal points: (θ, 5%, 95%) each, and their distance.
#[derive(Clone, Debug)]
pub struct IdealYear {
    pub year: i32,
    pub a: (f64, f64, f64),
    pub b: (f64, f64, f64),
    pub distance: f64,
}

/// The two states' blocs in the last year.
#[derive(Clone, Debug)]
pub struct BlocYear {
    pub year: i32,
    /// (label, bloc size, state's stability) for a and b.
    pub a: (u32, usize, Option<f64>),
    pub b: (u32, usize, Option<f64>),
}

/// The triangle with a third state.
#[derive(Clone, Debug)]
pub struct TriangleInput {
    pub third: State,
    /// On agreement, the brief's headline measure (years where each pair cast at least
    /// 20 joint votes).
    pub years: Vec<TrioYear>,
    /// The configuration of the same years on κ: the class depends on the measure.
    pub on_kappa: Vec<(i32, Configuration)>,
}

/// A forecast: the run on the stated inputs and the Monte Carlo summary.
#[derive(Clone, Debug)]
pub struct ForecastInput {
    pub title: String,
    pub issue: String,
    pub scale: (f64, f64),
    pub rounds: usize,
    pub converged: bool,
    pub mean: f64,
    pub median: f64,
    pub mc: Option<MonteCarloSummary>,
    /// Actors: name, stated position, final position.
    pub actors: Vec<(String, f64, f64)>,
    /// Without convergence: how far the forecast still moved over the last rounds.
    pub tail_spread: Option<f64>,
    /// The scenario's own statement of what is assumed.
    pub assumptions: Option<String>,
    /// Strategies compared with the base case.
    pub comparison: Option<entente_core::bargain::compare::Comparison>,
    /// The forecast's sensitivity to every input and option.
    pub sensitivity: Option<entente_core::bargain::sensitivity::Sensitivity>,
}

/// The Monte Carlo part of a forecast.
#[derive(Clone, Debug)]
pub struct MonteCarloSummary {
    pub runs: usize,
    /// Quantiles 5/50/95% of the weighted-mean forecast.
    pub mean: [f64; 3],
    /// Quantiles 5/50/95% of the median-voter forecast.
    pub median: [f64; 3],
    /// Runs per equal bin of the scale (weighted-mean forecast).
    pub histogram: Vec<usize>,
}

/// Alliance obligations in force in a year (ATOP), as names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AllianceYear {
    pub year: i32,
    /// Obligations of a toward b, and of b toward a.
    pub a_to_b: Vec<String>,
    pub b_to_a: Vec<String>,
}

/// Major conventional arms delivered in a year (SIPRI TIV, millions).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ArmsYear {
    pub year: i32,
    pub a_to_b: f64,
    pub b_to_a: f64,
}

impl ArmsYear {
    /// TIV delivered by a (`from_a`) or by b.
    fn delivered(&self, from_a: bool) -> f64 {
        if from_a { self.a_to_b } else { self.b_to_a }
    }
}

/// One arms deal of the SIPRI trade register.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deal {
    /// "CHN→RUS".
    pub direction: String,
    pub order_year: Option<i32>,
    pub designation: String,
    pub description: String,
    /// TIV delivered (millions).
    pub tiv_delivered: f64,
}

/// A joint exercise.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exercise {
    pub year: i32,
    pub name: String,
    /// Where the row comes from ("MME v7 mme3230", "China–Russia exercise list, line 5").
    pub source: String,
}

/// A militarized dispute-year between the two.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dispute {
    pub year: i32,
    /// COW MID number.
    pub dispute: u32,
    /// Highest hostility level 1–5 and its name.
    pub hostility: u8,
    pub level: String,
}

/// Military ties of the pair (years within each dataset's coverage only).
#[derive(Clone, Debug, Default)]
pub struct MilitaryInput {
    pub alliances: Vec<AllianceYear>,
    pub arms: Vec<ArmsYear>,
    /// The largest deals by delivered value.
    pub deals: Vec<Deal>,
    pub exercises: Vec<Exercise>,
    pub disputes: Vec<Dispute>,
    /// The years searched for disputes (within the MID data's coverage).
    pub dispute_years: Option<(i32, i32)>,
    /// The years of the exercise data, for the table's caption.
    pub exercise_years: (i32, i32),
    /// The exercise datasets used and their years, e.g. "MME v7, 1980–2010".
    pub exercise_source: String,
    /// Coverage notes.
    pub coverage: Vec<String>,
}

/// One year of goods trade (US$ millions) and dependence (%).
#[derive(Clone, Debug, Default)]
pub struct TradeRow {
    pub year: i32,
    pub a_to_b: Option<f64>,
    pub b_to_a: Option<f64>,
    /// b's share of a's reported trade, and a's share of b's (%).
    pub share_of_a: Option<f64>,
    pub share_of_b: Option<f64>,
}

/// Chinese official finance committed in a year, US$ millions (2021).
#[derive(Clone, Debug, Default)]
pub struct FinanceRow {
    pub year: i32,
    pub oof: f64,
    pub oda: f64,
    pub total: f64,
}

/// One sanction case between the two (GSDB).
#[derive(Clone, Debug, Default)]
pub struct SanctionRow {
    /// e.g. "USA→RUS".
    pub direction: String,
    pub case_id: u32,
    pub begin: i32,
    pub end: i32,
    pub types: String,
    pub senders: String,
}

/// Goods trade per year, sanctions, and Chinese official finance when one side is China.
#[derive(Clone, Debug, Default)]
pub struct EconomicInput {
    pub trade: Vec<TradeRow>,
    pub sanctions: Vec<SanctionRow>,
    /// Years the sanctions data cover.
    pub sanction_years: (i32, i32),
    /// (direction such as "CHN→RUS", recipient's name, rows).
    pub finance: Option<(String, String, Vec<FinanceRow>)>,
    pub coverage: Vec<String>,
}

/// One period of news events between the two (the event store).
#[derive(Clone, Debug, Default)]
pub struct EventPeriod {
    pub period: String,
    pub events: u64,
    /// verbal cooperation, material cooperation, verbal conflict, material conflict.
    pub quad: [u64; 4],
    pub goldstein_mean: Option<f64>,
    pub net_cooperation: Option<f64>,
}

/// Event data from the files the user ingested (`entente ingest events`).
#[derive(Clone, Debug, Default)]
pub struct EventsInput {
    pub periods: Vec<EventPeriod>,
    /// Files and rows in the store.
    pub files: usize,
    pub rows: u64,
    /// Days with ingested rows, and days in the years those files touch (within the
    /// brief's years).
    pub days_covered: u64,
    pub days_in_years: u64,
    /// Below this share of covered days the section is left out (0 … 1).
    pub min_coverage: f64,
}

/// One year of a pair's alignment and intensity.
#[derive(Clone, Debug, Default)]
pub struct ScoreYear {
    pub year: i32,
    /// −1 … 1 and its 95% interval.
    pub alignment: Option<f64>,
    pub alignment_interval: Option<(f64, f64)>,
    /// 0 … 1 and its 95% interval.
    pub intensity: Option<f64>,
    pub intensity_interval: Option<(f64, f64)>,
    /// The alignment's dimensions before the hostility gate: diplomatic, military,
    /// economic, events.
    pub dimensions: [Option<f64>; 4],
    /// Hostility 0 … 1 (the gate).
    pub hostility: Option<f64>,
    /// Share of each score's weight present.
    pub coverage: [f64; 2],
}

/// One component's part in a year's score.
#[derive(Clone, Debug, Default)]
pub struct Contribution {
    /// alignment or intensity.
    pub score: String,
    pub dimension: String,
    pub component: String,
    pub value: Option<f64>,
    pub component_score: Option<f64>,
    pub contribution: Option<f64>,
}

/// One partner of the first state in the scatter of alignment × intensity.
#[derive(Clone, Debug, Default)]
pub struct ScatterPoint {
    pub code: String,
    pub alignment: f64,
    pub intensity: f64,
}

/// The pair's scores over the years shown, the contributions in the latest year, and
/// the first state's partners in one year.
#[derive(Clone, Debug, Default)]
pub struct IndexInput {
    pub years: Vec<ScoreYear>,
    pub contributions_year: i32,
    pub contributions: Vec<Contribution>,
    /// Years in which the components of the alignment change.
    pub composition_changes: Vec<i32>,
    /// Sentences on the sources that end within the years shown.
    pub source_ends: Vec<String>,
    /// The year of the scatter and every partner of the first state with both scores.
    pub scatter_year: i32,
    pub scatter: Vec<ScatterPoint>,
}

/// One state between the two.
#[derive(Clone, Debug, Default)]
pub struct BrokerRow {
    pub code: String,
    pub with_a: f64,
    pub with_b: f64,
    pub weaker: f64,
    /// with_a − with_b.
    pub balance: f64,
}

/// Who stands between the two in one year (`--brokers`): the states closest to both.
#[derive(Clone, Debug, Default)]
pub struct BrokersInput {
    pub year: i32,
    /// The measure's name (agree, …).
    pub measure: String,
    /// The two sides' own score that year.
    pub between: Option<f64>,
    /// The closest to both, closest first.
    pub rows: Vec<BrokerRow>,
}

/// Turning points over the recent years only.
#[derive(Clone, Debug, Default)]
pub struct RecentBreaks {
    /// First year of the recent window (it ends at the brief's last year).
    pub from: i32,
    pub agree: Option<SeriesBreaks>,
    pub kappa: Option<SeriesBreaks>,
}

/// Everything the brief is built from.
#[derive(Clone, Debug)]
pub struct BriefInput {
    pub a: State,
    pub b: State,
    /// Years shown in charts and trend sentences.
    pub from: i32,
    pub to: i32,
    /// The whole series (standings look back over all of it).
    pub alignment: Vec<AlignmentYear>,
    pub agree_breaks: Option<SeriesBreaks>,
    pub kappa_breaks: Option<SeriesBreaks>,
    /// The turning points of the recent years alone, so that a recent break is not
    /// hidden by a larger one decades earlier (None: the series is no longer).
    pub recent_breaks: Option<RecentBreaks>,
    pub agree_standing: Option<Standing>,
    pub kappa_standing: Option<Standing>,
    pub ideal: Vec<IdealYear>,
    pub ideal_standing: Option<Standing>,
    pub blocs: Option<BlocYear>,
    pub triangle: Option<TriangleInput>,
    pub forecast: Option<ForecastInput>,
    pub military: Option<MilitaryInput>,
    pub economic: Option<EconomicInput>,
    pub index: Option<IndexInput>,
    pub events: Option<EventsInput>,
    pub brokers: Option<BrokersInput>,
    /// "What changed" at the dates the user passed (`--at`).
    pub shift: Option<crate::shift::ShiftInput>,
    /// Claims checked (`--claims`), shown first.
    pub claims: Option<crate::claims::ClaimsInput>,
    /// Datasets cited, with versions.
    pub sources: Vec<String>,
    /// Method notes.
    pub methods: Vec<String>,
}

fn ci(v: Option<(f64, f64)>) -> (String, String) {
    (num(v.map(|x| x.0), 3), num(v.map(|x| x.1), 3))
}

fn alignment_table(input: &BriefInput) -> Table {
    Table {
        id: "table-alignment".into(),
        caption: format!(
            "UN General Assembly alignment of {} and {}, by session year (agree: share of joint votes cast alike; κ: Cohen's kappa, quadratic weights; 95% bootstrap intervals)",
            input.a.name, input.b.name
        ),
        columns: [
            "year",
            "joint votes",
            "agree",
            "agree 95% low",
            "agree 95% high",
            "kappa",
            "kappa 95% low",
            "kappa 95% high",
        ]
        .map(String::from)
        .to_vec(),
        rows: input
            .alignment
            .iter()
            .map(|y| {
                let (alo, ahi) = ci(y.agree_ci);
                let (klo, khi) = ci(y.kappa_ci);
                vec![
                    y.year.to_string(),
                    y.n_votes.to_string(),
                    num(y.agree, 3),
                    alo,
                    ahi,
                    num(y.kappa, 3),
                    klo,
                    khi,
                ]
            })
            .collect(),
    }
}

fn ideal_table(input: &BriefInput) -> Table {
    let (a, b) = (&input.a.code, &input.b.code);
    Table {
        id: "table-ideal".into(),
        caption:
            "Ideal points (main dimension of UN voting) with 90% intervals, and their distance"
                .to_string(),
        columns: vec![
            "year".into(),
            a.clone(),
            format!("{a} 5%"),
            format!("{a} 95%"),
            b.clone(),
            format!("{b} 5%"),
            format!("{b} 95%"),
            "distance".into(),
        ],
        rows: input
            .ideal
            .iter()
            .map(|y| {
                vec![
                    y.year.to_string(),
                    num(Some(y.a.0), 2),
                    num(Some(y.a.1), 2),
                    num(Some(y.a.2), 2),
                    num(Some(y.b.0), 2),
                    num(Some(y.b.1), 2),
                    num(Some(y.b.2), 2),
                    num(Some(y.distance), 2),
                ]
            })
            .collect(),
    }
}

fn breaks_table(input: &BriefInput) -> Table {
    let whole = format!("{}–{}", input.from, input.to);
    let mut sets = vec![
        (whole.clone(), "agree", &input.agree_breaks),
        (whole, "kappa", &input.kappa_breaks),
    ];
    if let Some(r) = &input.recent_breaks {
        let recent = format!("{}–{}", r.from, input.to);
        sets.push((recent.clone(), "agree", &r.agree));
        sets.push((recent, "kappa", &r.kappa));
    }
    let mut rows = Vec::new();
    for (series, name, sb) in sets {
        let Some(sb) = sb else { continue };
        for b in &sb.breaks {
            rows.push(vec![
                b.year.to_string(),
                name.to_string(),
                series.clone(),
                num(Some(b.before), 3),
                num(Some(b.after), 3),
                format!("{:+.3}", b.shift()),
                num(b.shift_interval.map(|i| i.0), 3),
                num(b.shift_interval.map(|i| i.1), 3),
                num(b.confidence, 2),
            ]);
        }
    }
    Table {
        id: "table-breaks".into(),
        caption: "Turning points (PELT change points in the mean, over the whole series and over the recent years alone; shift with 95% bootstrap interval; confidence = share of bootstrap replicates confirming the break within a year)".into(),
        columns: ["year", "measure", "series", "before", "after", "shift", "shift 95% low", "shift 95% high", "confidence"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}

/// "rose"/"fell"/"was unchanged" from two formatted values.
fn direction(a: &str, b: &str, x: f64, y: f64) -> &'static str {
    if a == b {
        "was unchanged"
    } else if y > x {
        "rose"
    } else {
        "fell"
    }
}

fn headline(input: &BriefInput) -> Section {
    let (a, b) = (&input.a.name, &input.b.name);
    let mut sentences = Vec::new();
    if let Some(last) = input.alignment.iter().rev().find(|y| y.year <= input.to) {
        let (lo, hi) = ci(last.agree_ci);
        sentences.push(Sentence::new(
            format!(
                "In {}, {a} and {b} cast the same vote on {} of the General Assembly roll calls they both voted on ({} votes; 95% interval {lo}–{hi}); chance-corrected agreement (κ) was {}.",
                last.year,
                num(last.agree, 3),
                last.n_votes,
                num(last.kappa, 3)
            ),
            "table-alignment",
        ));
    }
    for (label, st) in [
        ("Agreement", &input.agree_standing),
        ("κ", &input.kappa_standing),
    ] {
        if let Some(st) = st {
            let digits = 3;
            sentences.push(Sentence::new(
                format!(
                    "{label} in {} ({}) is {}; {}.",
                    st.year,
                    num(Some(st.value), digits),
                    st.highest_sentence(),
                    st.lowest_sentence()
                ),
                "table-alignment",
            ));
        }
    }
    if let Some(st) = &input.ideal_standing {
        sentences.push(Sentence::new(
            format!(
                "Their ideal-point distance in {} ({}) is {}.",
                st.year,
                num(Some(st.value), 2),
                st.lowest_sentence()
            ),
            "table-ideal",
        ));
    }
    Section {
        id: "headline".into(),
        title: "Headline".into(),
        blocks: vec![Content::Paragraph { sentences }],
    }
}

/// Turning points in agreement within the years shown, as chart markers.
fn break_markers(input: &BriefInput) -> Vec<(f64, String)> {
    let mut years: Vec<i32> = input
        .agree_breaks
        .iter()
        .chain(input.recent_breaks.iter().flat_map(|r| r.agree.iter()))
        .flat_map(|sb| sb.breaks.iter())
        .filter(|b| b.year >= input.from && b.year <= input.to)
        .map(|b| b.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .map(|y| (f64::from(y), y.to_string()))
        .collect()
}

fn diplomatic(input: &BriefInput) -> Section {
    let shown: Vec<&AlignmentYear> = input
        .alignment
        .iter()
        .filter(|y| y.year >= input.from && y.year <= input.to)
        .collect();
    let mut sentences = Vec::new();
    if let (Some(first), Some(last)) = (shown.first(), shown.last()) {
        let start = shown
            .iter()
            .find(|y| y.year >= last.year - 5)
            .copied()
            .unwrap_or(first);
        for (label, get) in [
            (
                "Agreement in the General Assembly",
                (|y: &AlignmentYear| y.agree) as fn(&AlignmentYear) -> Option<f64>,
            ),
            ("Chance-corrected agreement (κ)", |y: &AlignmentYear| {
                y.kappa
            }),
        ] {
            if let (Some(x), Some(z)) = (get(start), get(last)) {
                let (sx, sz) = (num(Some(x), 3), num(Some(z), 3));
                sentences.push(Sentence::new(
                    format!(
                        "{label} {} from {sx} in {} to {sz} in {}.",
                        direction(&sx, &sz, x, z),
                        start.year,
                        last.year
                    ),
                    "table-alignment",
                ));
            }
            if start.year != first.year
                && let (Some(x), Some(z)) = (get(first), get(last))
            {
                let (sx, sz) = (num(Some(x), 3), num(Some(z), 3));
                sentences.push(Sentence::new(
                    format!(
                        "Over the whole period it {} from {sx} ({}) to {sz}.",
                        direction(&sx, &sz, x, z),
                        first.year
                    ),
                    "table-alignment",
                ));
            }
        }
    }
    sentences.push(Sentence::plain(
        "Raw agreement is high whenever nearly every state votes yes; κ discounts that consensus, so the two can disagree about the trend.",
    ));
    let markers = break_markers(input);
    let series = |name: &str,
                  get: fn(&AlignmentYear) -> Option<f64>,
                  band: fn(&AlignmentYear) -> Option<(f64, f64)>| ChartSeries {
        name: name.to_string(),
        points: shown
            .iter()
            .filter_map(|y| get(y).map(|v| (f64::from(y.year), v)))
            .collect(),
        band: shown
            .iter()
            .filter_map(|y| band(y).map(|(lo, hi)| (f64::from(y.year), lo, hi)))
            .collect(),
    };
    let chart = Chart {
        id: "chart-alignment".into(),
        title: format!(
            "{}–{} alignment in the UN General Assembly (turning points in agreement dashed)",
            input.a.code, input.b.code
        ),
        y_label: "agreement / κ".into(),
        series: vec![
            series("agree", |y| y.agree, |y| y.agree_ci),
            series("kappa (κ)", |y| y.kappa, |y| y.kappa_ci),
        ],
        markers,
        y_range: None,
        style: Style::Lines,
    };
    Section {
        id: "diplomatic".into(),
        title: "Diplomatic alignment in the UN General Assembly".into(),
        blocks: vec![
            Content::Paragraph { sentences },
            Content::Chart(chart),
            Content::Table(alignment_table(input)),
        ],
    }
}

fn ideal(input: &BriefInput) -> Option<Section> {
    let shown: Vec<&IdealYear> = input
        .ideal
        .iter()
        .filter(|y| y.year >= input.from && y.year <= input.to)
        .collect();
    let last = shown.last()?;
    let (a, b) = (&input.a, &input.b);
    let mut sentences = vec![Sentence::new(
        format!(
            "On the main dimension of UN voting, {} stood at {} (90% interval {} to {}) and {} at {} ({} to {}) in {}: a distance of {}.",
            a.name,
            num(Some(last.a.0), 2),
            num(Some(last.a.1), 2),
            num(Some(last.a.2), 2),
            b.name,
            num(Some(last.b.0), 2),
            num(Some(last.b.1), 2),
            num(Some(last.b.2), 2),
            last.year,
            num(Some(last.distance), 2)
        ),
        "table-ideal",
    )];
    if let Some(first) = shown.first()
        && first.year != last.year
    {
        let (x, z) = (num(Some(first.distance), 2), num(Some(last.distance), 2));
        sentences.push(Sentence::new(
            format!(
                "The distance {} from {x} in {} to {z} in {}.",
                match direction(&x, &z, first.distance, last.distance) {
                    "rose" => "grew",
                    "fell" => "narrowed",
                    other => other,
                },
                first.year,
                last.year
            ),
            "table-ideal",
        ));
    }
    let series = |name: &str, get: fn(&IdealYear) -> (f64, f64, f64)| ChartSeries {
        name: name.to_string(),
        points: shown
            .iter()
            .map(|y| (f64::from(y.year), get(y).0))
            .collect(),
        band: shown
            .iter()
            .map(|y| (f64::from(y.year), get(y).1, get(y).2))
            .collect(),
    };
    let chart = Chart {
        id: "chart-ideal".into(),
        title: format!(
            "Ideal points of {} and {} (90% intervals; turning points in agreement dashed)",
            a.code, b.code
        ),
        y_label: "ideal point".into(),
        series: vec![series(&a.code, |y| y.a), series(&b.code, |y| y.b)],
        markers: break_markers(input),
        y_range: None,
        style: Style::Lines,
    };
    Some(Section {
        id: "ideal-points".into(),
        title: "Ideal points".into(),
        blocks: vec![
            Content::Paragraph { sentences },
            Content::Chart(chart),
            Content::Table(ideal_table(input)),
        ],
    })
}

/// "2012 (-0.047, confidence 0.46)" for each break.
fn break_list(sb: &SeriesBreaks) -> String {
    sb.breaks
        .iter()
        .map(|b| {
            format!(
                "{} ({:+.3}{})",
                b.year,
                b.shift(),
                b.confidence.map_or(String::new(), |c| format!(
                    ", confidence {}",
                    num(Some(c), 2)
                ))
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn turning_points(input: &BriefInput) -> Section {
    let mut sentences = Vec::new();
    for (label, sb) in [
        ("agreement", &input.agree_breaks),
        ("κ", &input.kappa_breaks),
    ] {
        let Some(sb) = sb else { continue };
        if sb.breaks.is_empty() {
            sentences.push(Sentence::plain(format!(
                "The {label} series has no turning point under the default penalty."
            )));
            continue;
        }
        sentences.push(Sentence::new(
            format!("Turning points in {label}: {}.", break_list(sb)),
            "table-breaks",
        ));
    }
    if let Some(r) = &input.recent_breaks {
        for (label, sb) in [("agreement", &r.agree), ("κ", &r.kappa)] {
            let Some(sb) = sb else { continue };
            sentences.push(if sb.breaks.is_empty() {
                Sentence::plain(format!(
                    "Over {}–{} alone (where a smaller recent change is not outweighed by earlier ones), {label} has no turning point.",
                    r.from, input.to
                ))
            } else {
                Sentence::new(
                    format!(
                        "Over {}–{} alone (where a smaller recent change is not outweighed by earlier ones), turning points in {label}: {}.",
                        r.from,
                        input.to,
                        break_list(sb)
                    ),
                    "table-breaks",
                )
            });
        }
    }
    Section {
        id: "turning-points".into(),
        title: "Turning points".into(),
        blocks: vec![
            Content::Paragraph { sentences },
            Content::Table(breaks_table(input)),
        ],
    }
}

fn system(input: &BriefInput) -> Option<Section> {
    let mut blocks = Vec::new();
    if let Some(bl) = &input.blocs {
        let same = bl.a.0 == bl.b.0;
        let stab = |s: Option<f64>| num(s, 2);
        blocks.push(Content::Paragraph {
            sentences: vec![Sentence::new(
                if same {
                    format!(
                        "In {}, {} and {} were in the same voting bloc (bloc {} of {} states; stability {} and {}).",
                        bl.year, input.a.name, input.b.name, bl.a.0, bl.a.1, stab(bl.a.2), stab(bl.b.2)
                    )
                } else {
                    format!(
                        "In {}, {} (bloc {}, {} states; stability {}) and {} (bloc {}, {} states; stability {}) were in different voting blocs.",
                        bl.year, input.a.name, bl.a.0, bl.a.1, stab(bl.a.2), input.b.name, bl.b.0, bl.b.1, stab(bl.b.2)
                    )
                },
                "table-blocs",
            )],
        });
        blocks.push(Content::Table(Table {
            id: "table-blocs".into(),
            caption: "Voting blocs (Leiden communities of the year's agreement network; stability under the roll-call bootstrap)".into(),
            columns: ["year", "state", "bloc", "bloc size", "stability"].map(String::from).to_vec(),
            rows: [(&input.a, bl.a), (&input.b, bl.b)]
                .iter()
                .map(|(s, x)| vec![bl.year.to_string(), s.code.clone(), x.0.to_string(), x.1.to_string(), stab(x.2)])
                .collect(),
        }));
    }
    if let Some(tr) = &input.triangle {
        let codes = [&input.a.code, &input.b.code, &tr.third.code];
        let names = [&input.a.name, &input.b.name, &tr.third.name];
        let who = |t: &TrioYear| match t.configuration {
            Configuration::RomanticTriangle { pivot } => format!("pivot {}", codes[pivot]),
            Configuration::StableMarriage { couple } => {
                format!("couple {}+{}", codes[couple.0], codes[couple.1])
            }
            _ => String::new(),
        };
        let shown: Vec<&TrioYear> = tr
            .years
            .iter()
            .filter(|t| t.year >= input.from && t.year <= input.to)
            .collect();
        if let Some(last) = shown.last() {
            let same = shown
                .iter()
                .rev()
                .take_while(|t| t.configuration == last.configuration)
                .count();
            let detail = match last.configuration {
                Configuration::RomanticTriangle { pivot } => {
                    format!(" with {} as the pivot", names[pivot])
                }
                Configuration::StableMarriage { couple } => {
                    format!(" of {} and {}", names[couple.0], names[couple.1])
                }
                _ => String::new(),
            };
            blocks.push(Content::Paragraph {
                sentences: vec![Sentence::new(
                    format!(
                        "With {} as the third state, the triangle in {} was a {}{detail} on agreement (stability {}); the configuration has held for {} consecutive year(s){}.",
                        tr.third.name,
                        last.year,
                        last.configuration.name(),
                        num(last.stability, 2),
                        same,
                        match tr.on_kappa.iter().find(|k| k.0 == last.year) {
                            Some((_, k)) if k.name() != last.configuration.name() => format!(
                                "; on κ, which discounts the agreement each state's own voting makes likely, it was a {}: the class depends on the measure",
                                k.name()
                            ),
                            _ => String::new(),
                        }
                    ),
                    "table-triangle",
                )],
            });
        }
        blocks.push(Content::Table(Table {
            id: "table-triangle".into(),
            caption: format!(
                "Strategic triangle {}–{}–{} (agreement; a dyad is positive above the year's median of all pairs; years in which a pair cast fewer than 20 joint votes left out; the configuration on κ beside it)",
                codes[0], codes[1], codes[2]
            ),
            columns: vec![
                "year".into(),
                format!("{}–{}", codes[0], codes[1]),
                format!("{}–{}", codes[0], codes[2]),
                format!("{}–{}", codes[1], codes[2]),
                "baseline".into(),
                "configuration".into(),
                "pivot or couple".into(),
                "stability".into(),
                "on κ".into(),
            ],
            rows: shown
                .iter()
                .map(|t| {
                    vec![
                        t.year.to_string(),
                        num(Some(t.values[0]), 3),
                        num(Some(t.values[1]), 3),
                        num(Some(t.values[2]), 3),
                        num(Some(t.baseline), 3),
                        t.configuration.name().to_string(),
                        who(t),
                        num(t.stability, 2),
                        tr.on_kappa
                            .iter()
                            .find(|k| k.0 == t.year)
                            .map_or("–".to_string(), |k| k.1.name().to_string()),
                    ]
                })
                .collect(),
        }));
    }
    (!blocks.is_empty()).then(|| Section {
        id: "system".into(),
        title: "In the system: blocs and the triangle".into(),
        blocks,
    })
}

fn forecast(f: &ForecastInput) -> Section {
    let one = |v: f64| num(Some(v), 1);
    let mut sentences = vec![Sentence::new(
        format!(
            "On “{}”, the expected-utility model puts the outcome at {} (capability×salience-weighted mean) and {} (median voter position) after {} round(s){}, on a scale from {} to {}.",
            f.issue,
            one(f.mean),
            one(f.median),
            f.rounds,
            match (f.converged, f.tail_spread) {
                (true, _) => String::new(),
                (false, Some(t)) => format!(
                    " (not converged: over the last rounds the forecast still moved by {})",
                    one(t)
                ),
                (false, None) => " (not converged)".to_string(),
            },
            one(f.scale.0),
            one(f.scale.1)
        ),
        "table-forecast",
    )];
    let mut rows = vec![
        vec![
            "stated inputs".to_string(),
            one(f.mean),
            one(f.median),
            "–".into(),
            "–".into(),
        ],
        vec![
            "issue scale: low and high end".to_string(),
            "–".into(),
            "–".into(),
            one(f.scale.0),
            one(f.scale.1),
        ],
    ];
    let mut blocks = Vec::new();
    if let Some(MonteCarloSummary {
        runs,
        mean: mean_q,
        median: median_q,
        histogram: hist,
    }) = &f.mc
    {
        sentences.push(Sentence::new(
            format!(
                "Across {runs} Monte Carlo runs over the inputs' uncertainty, 90% of weighted-mean forecasts fall between {} and {} (median {}).",
                one(mean_q[0]),
                one(mean_q[2]),
                one(mean_q[1])
            ),
            "table-forecast",
        ));
        rows.push(vec![
            format!("Monte Carlo ({runs} runs): weighted mean"),
            one(mean_q[1]),
            "–".into(),
            one(mean_q[0]),
            one(mean_q[2]),
        ]);
        rows.push(vec![
            format!("Monte Carlo ({runs} runs): median voter"),
            "–".into(),
            one(median_q[1]),
            one(median_q[0]),
            one(median_q[2]),
        ]);
        let width = (f.scale.1 - f.scale.0) / hist.len().max(1) as f64;
        blocks.push(Content::Chart(Chart {
            id: "chart-forecast".into(),
            title: format!("Monte Carlo forecasts (weighted mean), {runs} runs"),
            y_label: "runs".into(),
            series: vec![ChartSeries {
                name: "runs per bin".into(),
                points: hist
                    .iter()
                    .enumerate()
                    .map(|(k, &c)| (f.scale.0 + (k as f64 + 0.5) * width, c as f64))
                    .collect(),
                band: vec![],
            }],
            markers: vec![],
            y_range: None,
            style: Style::Bars,
        }));
    }
    let names: Vec<&str> = f.actors.iter().map(|a| a.0.as_str()).collect();
    let mut tables = Vec::new();
    if let Some(c) = &f.comparison {
        let table = crate::forecast::comparison_table(c);
        for (v, row) in c.variants.iter().zip(&table.rows[1..]) {
            sentences.push(Sentence::new(
                if c.runs > 0 {
                    format!(
                        "Under “{}”, the forecast is {} (median over the same Monte Carlo draws as the base) against {} for the base: a difference of {} (90% of paired runs between {} and {}); it ends below the base in {} of runs and above it in {}.",
                        v.name, row[2], table.rows[0][2], row[5], row[6], row[7], row[8], row[9]
                    )
                } else {
                    format!(
                        "Under “{}”, the forecast on the stated values is {} against {} for the base (a difference of {}).",
                        v.name, row[1], table.rows[0][1], row[5]
                    )
                },
                "table-compare",
            ));
        }
        blocks.push(Content::Chart(crate::forecast::comparison_chart(
            c, f.scale,
        )));
        tables.push(table);
    }
    if let Some(s) = &f.sensitivity {
        let table = crate::forecast::sensitivity_table(s, &names);
        let top: Vec<String> = table
            .rows
            .iter()
            .take(3)
            .map(|r| format!("{} ({} to {} over {})", r[1], r[3], r[4], r[2]))
            .collect();
        sentences.push(Sentence::new(
            format!(
                "The forecast moves most with {}; each factor was set to both ends of its range with the others at the base.",
                top.join(", then ")
            ),
            "table-sensitivity",
        ));
        blocks.push(Content::Chart(crate::forecast::tornado_chart(
            s,
            &names,
            crate::forecast::TORNADO_BARS,
        )));
        tables.push(table);
    }
    sentences.push(Sentence::plain(match &f.assumptions {
        Some(a) => format!(
            "The model (Bueno de Mesquita, as reconstructed by Scholz, Calbert & Smith 2011) is only as good as its inputs. The scenario's assumptions: {a}"
        ),
        None => "The model (Bueno de Mesquita, as reconstructed by Scholz, Calbert & Smith 2011) is only as good as its inputs: the scenario's positions and saliences are assumptions.".to_string(),
    }));
    let mut out = vec![Content::Paragraph { sentences }];
    out.extend(blocks);
    out.extend(tables.into_iter().map(Content::Table));
    out.push(Content::Table(Table {
        id: "table-forecast".into(),
        caption: f.title.clone(),
        columns: ["forecast", "weighted mean", "median voter", "5%", "95%"]
            .map(String::from)
            .to_vec(),
        rows,
    }));
    out.push(Content::Table(Table {
        id: "table-forecast-actors".into(),
        caption: "Actors: stated and final positions (stated inputs)".into(),
        columns: ["actor", "stated position", "final position"]
            .map(String::from)
            .to_vec(),
        rows: f
            .actors
            .iter()
            .map(|(n, x0, x1)| vec![n.clone(), one(*x0), one(*x1)])
            .collect(),
    }));
    Section {
        id: "forecast".into(),
        title: "Forecast".into(),
        blocks: out,
    }
}

/// "none", or the names joined.
fn list_or_none(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(", ")
    }
}

fn military(input: &BriefInput, m: &MilitaryInput) -> Section {
    let mut blocks = vec![Content::Paragraph {
        sentences: military_sentences(input, m),
    }];
    blocks.extend(military_tables(input, m));
    Section {
        id: "military".into(),
        title: "Military ties".into(),
        blocks,
    }
}

/// The military section's sentences: alliances, arms, deals, exercises, disputes.
fn military_sentences(input: &BriefInput, m: &MilitaryInput) -> Vec<Sentence> {
    let (a, b) = (&input.a, &input.b);
    let mut sentences = Vec::new();
    let list = list_or_none;
    if let Some(last) = m.alliances.last() {
        sentences.push(Sentence::new(
            format!(
                "Alliance obligations in {} (ATOP): {}→{}: {}; {}→{}: {}.",
                last.year,
                a.code,
                b.code,
                list(&last.a_to_b),
                b.code,
                a.code,
                list(&last.b_to_a)
            ),
            "table-alliances",
        ));
    }
    let total = |from_a: bool| m.arms.iter().map(|r| r.delivered(from_a)).sum::<f64>();
    if let (Some(first), Some(last)) = (m.arms.first(), m.arms.last()) {
        for (from_a, (s, r)) in [(true, (a, b)), (false, (b, a))] {
            let t = total(from_a);
            if t <= 0.0 {
                continue;
            }
            let peak = m
                .arms
                .iter()
                .max_by(|x, y| {
                    x.delivered(from_a)
                        .total_cmp(&y.delivered(from_a))
                        .then(y.year.cmp(&x.year))
                })
                .map(|p| (p.year, p.delivered(from_a)));
            let (py, pv) = peak.unwrap_or((first.year, 0.0));
            sentences.push(Sentence::new(
                format!(
                    "From {} to {}, {} delivered major conventional arms worth {} TIV (SIPRI trend-indicator values, millions) to {}; the most in {py} ({}).",
                    first.year,
                    last.year,
                    s.name,
                    grouped(Some(t), 0),
                    r.name,
                    grouped(Some(pv), 0)
                ),
                "table-arms",
            ));
        }
    }
    if !m.deals.is_empty() {
        // The latest five of the largest deals per decade (listed by order year).
        let parts: Vec<String> = m
            .deals
            .iter()
            .rev()
            .take(5)
            .rev()
            .map(|d| {
                format!(
                    "{} ({}, {})",
                    d.designation,
                    d.description,
                    d.order_year
                        .map_or("order year unknown".to_string(), |y| format!("ordered {y}"))
                )
            })
            .collect();
        sentences.push(Sentence::new(
            format!(
                "The main systems (the largest deals by delivered value of each decade, weapons before engines and radars; the latest): {}.",
                parts.join("; ")
            ),
            "table-deals",
        ));
    }
    if !m.exercises.is_empty() {
        // The latest first: what an analyst checks against the news.
        let names: Vec<String> = m
            .exercises
            .iter()
            .rev()
            .filter(|e| e.name != "unnamed exercise")
            .take(4)
            .map(|e| format!("{} ({})", e.name, e.year))
            .collect();
        sentences.push(Sentence::new(
            // The datasets and their years are in the table's caption.
            format!(
                "Joint exercises recorded: {}, the latest {}.",
                m.exercises.len(),
                names.join(", ")
            ),
            "table-exercises",
        ));
    }
    match (m.disputes.last(), m.dispute_years) {
        (Some(last), _) => sentences.push(Sentence::new(
            format!(
                "Militarized disputes (COW MID): {} dispute-year(s) between them, the last in {} (MID {}, highest hostility: {}).",
                m.disputes.len(),
                last.year,
                last.dispute,
                last.level
            ),
            "table-disputes",
        )),
        (None, Some((lo, hi))) => sentences.push(Sentence::plain(format!(
            "No militarized dispute between them is recorded in {lo}–{hi} (COW MID)."
        ))),
        _ => {}
    }
    for c in &m.coverage {
        sentences.push(Sentence::plain(c.clone()));
    }
    sentences
}

/// The military section's chart and tables.
fn military_tables(input: &BriefInput, m: &MilitaryInput) -> Vec<Content> {
    let (a, b) = (&input.a, &input.b);
    let mut blocks = Vec::new();
    let list = list_or_none;
    let total = |from_a: bool| m.arms.iter().map(|r| r.delivered(from_a)).sum::<f64>();
    if !m.arms.is_empty() {
        blocks.push(Content::Chart(Chart {
            id: "chart-arms".into(),
            title: format!(
                "Arms transfers between {} and {} (SIPRI TIV per year)",
                a.code, b.code
            ),
            y_label: "TIV (millions)".into(),
            series: vec![
                ChartSeries {
                    name: format!("{}→{}", a.code, b.code),
                    points: m
                        .arms
                        .iter()
                        .map(|r| (f64::from(r.year), r.a_to_b))
                        .collect(),
                    band: vec![],
                },
                ChartSeries {
                    name: format!("{}→{}", b.code, a.code),
                    points: m
                        .arms
                        .iter()
                        .map(|r| (f64::from(r.year), r.b_to_a))
                        .collect(),
                    band: vec![],
                },
            ],
            // UN-vote turning points mean nothing on an arms chart.
            markers: Vec::new(),
            y_range: None,
            style: Style::Lines,
        }));
    }
    blocks.push(Content::Table(Table {
        id: "table-alliances".into(),
        caption: "Alliance obligations in force (ATOP 5.1, directed)".into(),
        columns: vec![
            "year".into(),
            format!("{}→{}", a.code, b.code),
            format!("{}→{}", b.code, a.code),
        ],
        rows: m
            .alliances
            .iter()
            .map(|r| vec![r.year.to_string(), list(&r.a_to_b), list(&r.b_to_a)])
            .collect(),
    }));
    let mut arms_rows: Vec<Vec<String>> = m
        .arms
        .iter()
        .map(|r| {
            vec![
                r.year.to_string(),
                grouped(Some(r.a_to_b), 0),
                grouped(Some(r.b_to_a), 0),
            ]
        })
        .collect();
    arms_rows.push(vec![
        "total".into(),
        grouped(Some(total(true)), 0),
        grouped(Some(total(false)), 0),
    ]);
    blocks.push(Content::Table(Table {
        id: "table-arms".into(),
        caption: "Major conventional arms delivered (SIPRI TIV, millions)".into(),
        columns: vec![
            "year".into(),
            format!("{}→{}", a.code, b.code),
            format!("{}→{}", b.code, a.code),
        ],
        rows: arms_rows,
    }));
    blocks.push(Content::Table(Table {
        id: "table-deals".into(),
        caption: "Largest deals by delivered value (SIPRI trade register)".into(),
        columns: [
            "direction",
            "order year",
            "designation",
            "description",
            "TIV delivered",
        ]
        .map(String::from)
        .to_vec(),
        rows: m
            .deals
            .iter()
            .map(|d| {
                vec![
                    d.direction.clone(),
                    d.order_year.map_or("?".into(), |y| y.to_string()),
                    d.designation.clone(),
                    d.description.clone(),
                    grouped(Some(d.tiv_delivered), 0),
                ]
            })
            .collect(),
    }));
    blocks.push(Content::Table(Table {
        id: "table-disputes".into(),
        caption: "Militarized interstate disputes (COW MID 5.0; hostility 1 none … 5 war)".into(),
        columns: ["year", "dispute", "hostility", "level"]
            .map(String::from)
            .to_vec(),
        rows: m
            .disputes
            .iter()
            .map(|d| {
                vec![
                    d.year.to_string(),
                    format!("MID {}", d.dispute),
                    d.hostility.to_string(),
                    d.level.clone(),
                ]
            })
            .collect(),
    }));
    blocks.push(Content::Table(Table {
        id: "table-exercises".into(),
        caption: format!("Joint exercises ({})", m.exercise_source),
        columns: vec!["year".into(), "exercise".into(), "source".into()],
        rows: m
            .exercises
            .iter()
            .map(|e| vec![e.year.to_string(), e.name.clone(), e.source.clone()])
            .collect(),
    }));
    blocks
}

fn economic(input: &BriefInput, e: &EconomicInput) -> Section {
    let (a, b) = (&input.a, &input.b);
    let mut sentences = Vec::new();
    if let Some(last) = e
        .trade
        .iter()
        .rev()
        .find(|t| t.a_to_b.is_some() && t.b_to_a.is_some())
    {
        let (x, z) = (last.a_to_b.unwrap_or(0.0), last.b_to_a.unwrap_or(0.0));
        sentences.push(Sentence::new(
            format!(
                "In {}, goods trade between {} and {} came to {} ({}→{} {}; {}→{} {}); {} accounted for {}% of {}'s reported trade and {} for {}% of {}'s.",
                last.year,
                a.name,
                b.name,
                usd_millions(Some(x + z)),
                a.code,
                b.code,
                usd_millions(Some(x)),
                b.code,
                a.code,
                usd_millions(Some(z)),
                b.name,
                num(last.share_of_a, 1),
                a.name,
                a.name,
                num(last.share_of_b, 1),
                b.name
            ),
            "table-trade",
        ));
        if let Some(first) = e.trade.iter().find(|t| t.share_of_a.is_some()) {
            sentences.push(Sentence::new(
                format!(
                    "{}'s share of {}'s trade went from {}% in {} to {}% in {}.",
                    b.name,
                    a.name,
                    num(first.share_of_a, 1),
                    first.year,
                    num(last.share_of_a, 1),
                    last.year
                ),
                "table-trade",
            ));
        }
    }
    let mut finance_table = None;
    if let Some((direction, recipient, rows)) = &e.finance
        && let (Some(first), Some(last)) = (rows.first(), rows.last())
    {
        let sum: f64 = rows.iter().map(|r| r.total).sum();
        let peak = rows
            .iter()
            .max_by(|x, y| x.total.total_cmp(&y.total).then(y.year.cmp(&x.year)))
            .unwrap_or(first);
        sentences.push(Sentence::new(
            format!(
                "AidData records Chinese official finance commitments to {recipient} of {} in {}–{} (constant prices), the largest in {} ({}).",
                usd_millions(Some(sum)),
                first.year,
                last.year,
                peak.year,
                usd_millions(Some(peak.total))
            ),
            "table-finance",
        ));
        let mut table_rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                vec![
                    r.year.to_string(),
                    usd_millions(Some(r.oof)),
                    usd_millions(Some(r.oda)),
                    usd_millions(Some(r.total)),
                ]
            })
            .collect();
        table_rows.push(vec![
            "total".into(),
            "–".into(),
            "–".into(),
            usd_millions(Some(sum)),
        ]);
        finance_table = Some(Table {
            id: "table-finance".into(),
            caption: format!(
                "Chinese official finance committed, {direction} (AidData GCDF 3.0; constant 2021 US$)"
            ),
            columns: ["year", "OOF-like", "ODA-like", "total (incl. vague)"]
                .map(String::from)
                .to_vec(),
            rows: table_rows,
        });
    }
    let sanctions_table = if e.sanctions.is_empty() {
        sentences.push(Sentence::plain(format!(
            "The Global Sanctions Data Base records no sanction between {} and {} in force in {}–{} (groups such as the EU counted by their members).",
            a.name,
            b.name,
            input.from.max(e.sanction_years.0),
            input.to.min(e.sanction_years.1)
        )));
        None
    } else {
        let first = e.sanctions.iter().map(|s| s.begin).min().unwrap_or(0);
        sentences.push(Sentence::new(
            format!(
                "The Global Sanctions Data Base records {} sanction cases between {} and {} in force in the years shown, the first begun in {}.",
                e.sanctions.len(),
                a.name,
                b.name,
                first
            ),
            "table-sanctions",
        ));
        Some(Table {
            id: "table-sanctions".into(),
            caption: "Sanction cases in force (GSDB release 3; sender groups expanded to member states by year)".into(),
            columns: ["direction", "case", "begin", "end", "types", "senders as coded"]
                .map(String::from)
                .to_vec(),
            rows: e
                .sanctions
                .iter()
                .map(|s| {
                    vec![
                        s.direction.clone(),
                        s.case_id.to_string(),
                        s.begin.to_string(),
                        s.end.to_string(),
                        s.types.clone(),
                        s.senders.clone(),
                    ]
                })
                .collect(),
        })
    };
    for c in &e.coverage {
        sentences.push(Sentence::plain(c.clone()));
    }
    let series = |name: String, k: usize| ChartSeries {
        name,
        points: e
            .trade
            .iter()
            .filter_map(|t| {
                (if k == 0 { t.a_to_b } else { t.b_to_a }).map(|v| (f64::from(t.year), v / 1000.0))
            })
            .collect(),
        band: vec![],
    };
    let mut blocks = vec![
            Content::Paragraph { sentences },
            Content::Chart(Chart {
                id: "chart-trade".into(),
                title: format!("Goods trade between {} and {} (IMF DOTS, US$ bn)", a.code, b.code),
                y_label: "US$ bn".into(),
                series: vec![series(format!("{}→{}", a.code, b.code), 0), series(format!("{}→{}", b.code, a.code), 1)],
                markers: Vec::new(),
                y_range: None,
                style: Style::Lines,
            }),
            Content::Table(Table {
                id: "table-trade".into(),
                caption: "Goods trade (each flow from the importer's report when it exists; the total both ways) and each side's dependence".into(),
                columns: vec![
                    "year".into(),
                    format!("{}→{}", a.code, b.code),
                    format!("{}→{}", b.code, a.code),
                    "total".into(),
                    format!("{} share of {} trade (%)", b.code, a.code),
                    format!("{} share of {} trade (%)", a.code, b.code),
                ],
                rows: e
                    .trade
                    .iter()
                    .map(|t| {
                        let total = match (t.a_to_b, t.b_to_a) {
                            (Some(x), Some(z)) => Some(x + z),
                            _ => None,
                        };
                        vec![t.year.to_string(), usd_millions(t.a_to_b), usd_millions(t.b_to_a), usd_millions(total), num(t.share_of_a, 1), num(t.share_of_b, 1)]
                    })
                    .collect(),
            }),
    ];
    blocks.extend(finance_table.map(Content::Table));
    blocks.extend(sanctions_table.map(Content::Table));
    Section {
        id: "economic".into(),
        title: "Economic ties".into(),
        blocks,
    }
}

/// News events between the two from the event store.
fn news_events(input: &BriefInput, x: &EventsInput) -> Section {
    let (a, b) = (&input.a, &input.b);
    let mut sentences = Vec::new();
    let coverage = x.days_covered as f64 / (x.days_in_years.max(1)) as f64;
    if coverage < x.min_coverage {
        return Section {
            id: "events".into(),
            title: "News events".into(),
            blocks: vec![Content::Paragraph {
                sentences: vec![Sentence::plain(format!(
                    "Left out: the {} event files ingested cover {} of the {} days of the years they touch ({}%), below the {}% a yearly count needs (entente ingest events adds files; docs/events.md).",
                    x.files,
                    x.days_covered,
                    x.days_in_years,
                    num(Some(coverage * 100.0), 1),
                    num(Some(x.min_coverage * 100.0), 0)
                ))],
            }],
        };
    }
    let total: u64 = x.periods.iter().map(|p| p.events).sum();
    if let (Some(first), Some(last)) = (x.periods.first(), x.periods.last())
        && total > 0
    {
        let coop: u64 = x.periods.iter().map(|p| p.quad[0] + p.quad[1]).sum();
        sentences.push(Sentence::new(
            format!(
                "The {} event files ingested ({} rows) hold {} events between {} and {} in {}–{}, {} of them cooperative.",
                x.files, x.rows, total, a.name, b.name, first.period, last.period, coop
            ),
            "table-events",
        ));
    } else {
        sentences.push(Sentence::plain(format!(
            "The {} event files ingested hold no events between {} and {}.",
            x.files, a.name, b.name
        )));
    }
    sentences.push(Sentence::plain(
        "Counts depend on which files were ingested (entente ingest events); they are news reports coded by machine, both directions, not de-duplicated (docs/events.md).",
    ));
    Section {
        id: "events".into(),
        title: "News events".into(),
        blocks: vec![
            Content::Paragraph { sentences },
            Content::Table(Table {
                id: "table-events".into(),
                caption:
                    "Events between the two per year (GDELT/ICEWS files ingested; both directions)"
                        .into(),
                columns: [
                    "period",
                    "events",
                    "verbal coop.",
                    "material coop.",
                    "verbal conflict",
                    "material conflict",
                    "Goldstein mean",
                    "net cooperation",
                ]
                .map(String::from)
                .to_vec(),
                rows: x
                    .periods
                    .iter()
                    .map(|p| {
                        let mut row = vec![p.period.clone(), p.events.to_string()];
                        row.extend(p.quad.iter().map(|q| q.to_string()));
                        row.push(num(p.goldstein_mean, 3));
                        row.push(num(p.net_cooperation, 3));
                        row
                    })
                    .collect(),
            }),
        ],
    }
}

/// The year of `years` with the highest (`max`) or lowest value of `f`; ties go to the
/// latest year for the highest and the earliest for the lowest.
fn extreme<'y>(
    years: &[&'y ScoreYear],
    f: impl Fn(&ScoreYear) -> Option<f64>,
    max: bool,
) -> Option<&'y ScoreYear> {
    let key = |y: &ScoreYear| f(y).unwrap_or(0.0);
    if max {
        years
            .iter()
            .copied()
            .max_by(|p, q| key(p).total_cmp(&key(q)).then(q.year.cmp(&p.year)))
    } else {
        years
            .iter()
            .copied()
            .min_by(|p, q| key(p).total_cmp(&key(q)).then(p.year.cmp(&q.year)))
    }
}

/// Alignment and intensity: levels, ranges, what drives the alignment, where the
/// sources end, and the first state's partners at a glance.
fn relationship_scores(input: &BriefInput, x: &IndexInput) -> Section {
    let (a, b) = (&input.a, &input.b);
    let mut sentences = Vec::new();
    let aligned: Vec<&ScoreYear> = x.years.iter().filter(|y| y.alignment.is_some()).collect();
    if let Some(last) = aligned.last() {
        let (lo, hi) = ci(last.alignment_interval);
        let (ilo, ihi) = ci(last.intensity_interval);
        let intensity = match last.intensity {
            Some(_) => format!(
                "; their intensity (0 to 1: how much they have to do with each other) was {} [{}, {}]",
                num(last.intensity, 3),
                ilo,
                ihi
            ),
            None => "; their intensity is not measured that year (fewer than two of its sources cover it)".into(),
        };
        sentences.push(Sentence::new(
            format!(
                "On entente's alignment score (−1 to 1: do they stand together or against each other; 0 is no evidence either way), {} and {} stood at {} [{}, {}] in {}{}.",
                a.name,
                b.name,
                num(last.alignment, 3),
                lo,
                hi,
                last.year,
                intensity
            ),
            "table-index",
        ));
        if let (Some(max), Some(min)) = (
            extreme(&aligned, |y| y.alignment, true),
            extreme(&aligned, |y| y.alignment, false),
        ) && aligned.len() > 1
        {
            sentences.push(Sentence::new(
                format!(
                    "Over {}–{} the alignment ranged from {} ({}) to {} ({}).",
                    aligned[0].year,
                    last.year,
                    num(min.alignment, 3),
                    min.year,
                    num(max.alignment, 3),
                    max.year
                ),
                "table-index",
            ));
        }
        let hostile: Vec<&&ScoreYear> = aligned
            .iter()
            .filter(|y| y.hostility.is_some_and(|h| h >= 0.5))
            .collect();
        if let (Some(first), Some(lasth)) = (hostile.first(), hostile.last()) {
            sentences.push(Sentence::new(
                format!(
                    "Hostility (disputes and armed conflict, 0 to 1) stood at half its scale or more in {} of these years (between {} and {}), which pulls the alignment toward −1 whatever else they share.",
                    hostile.len(),
                    first.year,
                    lasth.year
                ),
                "table-index",
            ));
        }
    } else {
        sentences.push(Sentence::plain(
            "No year shown has enough evidence for an alignment score (it needs armed-conflict or dispute data and UN votes or two other kinds of evidence).",
        ));
    }
    if !x.composition_changes.is_empty() {
        let years: Vec<String> = x
            .composition_changes
            .iter()
            .map(|y| y.to_string())
            .collect();
        sentences.push(Sentence::new(
            format!(
                "The evidence present changes in {}: compare years of equal coverage (entente profile --common).",
                years.join(", ")
            ),
            "table-index",
        ));
    }
    let mut used: Vec<&Contribution> = x
        .contributions
        .iter()
        .filter(|c| c.score == "alignment" && c.contribution.is_some_and(|v| v != 0.0))
        .collect();
    used.sort_by(|p, q| {
        q.contribution
            .unwrap_or(0.0)
            .total_cmp(&p.contribution.unwrap_or(0.0))
    });
    if let (Some(top), Some(bottom)) = (used.first(), used.last())
        && used.len() > 1
    {
        sentences.push(Sentence::new(
            format!(
                "In {}, {} added the most to the alignment ({}) and {} the least ({}).",
                x.contributions_year,
                top.component,
                num(top.contribution, 3),
                bottom.component,
                num(bottom.contribution, 3)
            ),
            "table-contributions",
        ));
    }
    let mut notes: Vec<Sentence> = x.source_ends.iter().map(Sentence::plain).collect();
    let line = |name: &str, f: &dyn Fn(&ScoreYear) -> Option<f64>, band: bool| ChartSeries {
        name: name.to_string(),
        points: x
            .years
            .iter()
            .filter_map(|y| f(y).map(|v| (f64::from(y.year), v)))
            .collect(),
        band: if band {
            x.years
                .iter()
                .filter_map(|y| {
                    let iv = if name == "alignment" {
                        y.alignment_interval
                    } else {
                        y.intensity_interval
                    };
                    iv.map(|(lo, hi)| (f64::from(y.year), lo, hi))
                })
                .collect()
        } else {
            vec![]
        },
    };
    let series = vec![
        line("alignment", &|y| y.alignment, true),
        line("intensity", &|y| y.intensity, true),
        line("hostility", &|y| y.hostility, false),
    ];
    let mut blocks = vec![
        Content::Paragraph { sentences },
        Content::Chart(Chart {
            id: "chart-index".into(),
            title: format!(
                "Alignment (−1 to 1) and intensity (0 to 1) of {} and {}, 95% intervals; hostility",
                a.code, b.code
            ),
            y_label: "score".into(),
            series,
            markers: Vec::new(),
            y_range: Some((-1.0, 1.0)),
            style: Style::Lines,
        }),
    ];
    if !x.scatter.is_empty() {
        let (partners, pair): (Vec<&ScatterPoint>, Vec<&ScatterPoint>) =
            x.scatter.iter().partition(|p| p.code != b.code);
        let pts = |v: &[&ScatterPoint]| v.iter().map(|p| (p.intensity, p.alignment)).collect();
        let labels = |v: &[&ScatterPoint]| v.iter().map(|p| p.code.clone()).collect();
        notes.push(Sentence::plain(format!(
            "The scatter shows every state with both scores toward {} in {} ({} partners); {} is marked.",
            a.name,
            x.scatter_year,
            x.scatter.len(),
            b.name
        )));
        blocks.push(Content::Chart(Chart {
            id: "chart-scatter".into(),
            title: format!(
                "{}'s partners in {}: alignment (up) × intensity (right); {} marked",
                a.code, x.scatter_year, b.code
            ),
            y_label: "alignment".into(),
            series: vec![
                ChartSeries {
                    name: "partners".into(),
                    points: pts(&partners),
                    band: vec![],
                },
                ChartSeries {
                    name: b.code.clone(),
                    points: pts(&pair),
                    band: vec![],
                },
            ],
            markers: Vec::new(),
            y_range: Some((-1.0, 1.0)),
            style: Style::Points {
                x_label: "intensity".into(),
                labels: vec![labels(&partners), labels(&pair)],
            },
        }));
    }
    if !notes.is_empty() {
        blocks.push(Content::Paragraph { sentences: notes });
    }
    blocks.push(Content::Table(Table {
        id: "table-index".into(),
        caption: "Alignment and intensity by year (docs/index.md): alignment's dimensions before the hostility gate, hostility, and each score's coverage (share of its weight present)".into(),
        columns: [
            "year", "alignment", "low", "high", "intensity", "low", "high", "diplomatic",
            "military", "economic", "events", "hostility", "coverage_alignment",
            "coverage_intensity",
        ]
        .map(String::from)
        .to_vec(),
        rows: x
            .years
            .iter()
            .map(|y| {
                let (lo, hi) = ci(y.alignment_interval);
                let (ilo, ihi) = ci(y.intensity_interval);
                let mut row = vec![y.year.to_string(), num(y.alignment, 3), lo, hi];
                row.extend([num(y.intensity, 3), ilo, ihi]);
                row.extend(y.dimensions.iter().map(|d| num(*d, 3)));
                row.push(num(y.hostility, 3));
                row.extend(y.coverage.iter().map(|c| num(Some(*c), 3)));
                row
            })
            .collect(),
    }));
    blocks.push(Content::Table(Table {
        id: "table-contributions".into(),
        caption: format!(
            "What the scores of {} are made of: each component's raw value, its score and its contribution (contributions sum to the score; hostility's is its pull toward −1)",
            x.contributions_year
        ),
        columns: ["year", "score", "dimension", "component", "value", "component_score", "contribution"]
            .map(String::from)
            .to_vec(),
        rows: x
            .contributions
            .iter()
            .map(|c| {
                vec![
                    x.contributions_year.to_string(),
                    c.score.clone(),
                    c.dimension.clone(),
                    c.component.clone(),
                    num(c.value, 3),
                    num(c.component_score, 3),
                    num(c.contribution, 3),
                ]
            })
            .collect(),
    }));
    Section {
        id: "index".into(),
        title: "Alignment and intensity".into(),
        blocks,
    }
}

/// Who stands between the two: the states closest to both in one year.
fn brokers(input: &BriefInput, x: &BrokersInput) -> Section {
    let (a, b) = (&input.a, &input.b);
    let mut sentences = Vec::new();
    let named: Vec<String> = x
        .rows
        .iter()
        .take(3)
        .map(|r| {
            format!(
                "{} ({} with {}, {} with {})",
                r.code,
                num(Some(r.with_a), 3),
                a.code,
                num(Some(r.with_b), 3),
                b.code
            )
        })
        .collect();
    if named.is_empty() {
        sentences.push(Sentence::plain(format!(
            "No state cast enough joint votes with both {} and {} in {}.",
            a.name, b.name, x.year
        )));
    } else {
        sentences.push(Sentence::new(
            format!(
                "In {}, the states closest to both {} and {} in UN General Assembly votes ({}; ranked by the weaker of their two scores) were {}.",
                x.year,
                a.name,
                b.name,
                x.measure,
                named.join(", ")
            ),
            "table-brokers",
        ));
    }
    Section {
        id: "brokers".into(),
        title: "Who stands between".into(),
        blocks: vec![
            Content::Paragraph { sentences },
            Content::Table(Table {
                id: "table-brokers".into(),
                caption: format!(
                    "The states closest to both in {} (entente brokers {} {} --year {}; balance = with {} − with {})",
                    x.year, a.code, b.code, x.year, a.code, b.code
                ),
                columns: vec![
                    "year".into(),
                    "state".into(),
                    format!("with {}", a.code),
                    format!("with {}", b.code),
                    "weaker".into(),
                    "balance".into(),
                ],
                rows: x
                    .rows
                    .iter()
                    .map(|r| {
                        vec![
                            x.year.to_string(),
                            r.code.clone(),
                            num(Some(r.with_a), 3),
                            num(Some(r.with_b), 3),
                            num(Some(r.weaker), 3),
                            num(Some(r.balance), 3),
                        ]
                    })
                    .collect(),
            }),
        ],
    }
}

/// A table without rows or a chart without a non-zero value says in one sentence what
/// is missing instead of printing headers over nothing (a pair without arms deals,
/// disputes or trade).
fn say_what_is_missing(section: &mut Section) {
    for block in &mut section.blocks {
        let missing = match block {
            Content::Table(t) if t.rows.is_empty() => Some(t.caption.clone()),
            Content::Chart(c)
                if c.series
                    .iter()
                    .all(|s| s.points.iter().all(|p| p.1 == 0.0 || !p.1.is_finite())) =>
            {
                Some(c.title.clone())
            }
            _ => None,
        };
        if let Some(what) = missing {
            *block = Content::Paragraph {
                sentences: vec![Sentence::plain(format!(
                    "None recorded in the years shown: {}.",
                    what.trim_end_matches('.')
                ))],
            };
        }
    }
}

/// The brief.
pub fn build(input: &BriefInput) -> Brief {
    let mut sections: Vec<Section> = input.claims.iter().map(crate::claims::section).collect();
    sections.extend([headline(input), diplomatic(input)]);
    sections.extend(ideal(input));
    sections.push(turning_points(input));
    if let Some(x) = &input.shift {
        sections.push(crate::shift::section(x));
    }
    sections.extend(system(input));
    if let Some(m) = &input.military {
        sections.push(military(input, m));
    }
    if let Some(e) = &input.economic {
        sections.push(economic(input, e));
    }
    if let Some(x) = &input.index {
        sections.push(relationship_scores(input, x));
    }
    if let Some(x) = &input.events {
        sections.push(news_events(input, x));
    }
    if let Some(x) = &input.brokers {
        sections.push(brokers(input, x));
    }
    if let Some(f) = &input.forecast {
        sections.push(forecast(f));
    }
    sections.push(Section {
        id: "not-covered".into(),
        title: "Not yet covered".into(),
        blocks: vec![Content::Paragraph {
            sentences: vec![Sentence::plain(
                "News events enter this brief only from the files ingested with entente ingest events (none by default: the data folder holds samples, not GDELT's history); the alignment's event tone and the intensity's event volume use ICEWS dyad-year counts for 2002–2014. Energy deals, loans other than China's, and currency arrangements are not covered.",
            )],
        }],
    });
    sections.push(Section {
        id: "sources".into(),
        title: "Sources".into(),
        blocks: vec![Content::List {
            items: input.sources.clone(),
        }],
    });
    sections.push(Section {
        id: "methods".into(),
        title: "Methods".into(),
        blocks: vec![Content::List {
            items: input.methods.clone(),
        }],
    });
    for s in &mut sections {
        say_what_is_missing(s);
    }
    Brief {
        title: format!(
            "{} and {}: the relationship in the evidence",
            input.a.name, input.b.name
        ),
        subtitle: format!(
            "{}–{}. Every sentence is generated from the numbers in the table it links to.",
            input.from, input.to
        ),
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render;
    use entente_core::breaks::{Break, SeriesBreaks};

    fn input() -> BriefInput {
        let alignment: Vec<AlignmentYear> = (2010..=2021)
            .map(|y| {
                let v = 0.6 + 0.02 * f64::from(y - 2010);
                AlignmentYear {
                    year: y,
                    n_votes: 80,
                    agree: Some(v),
                    agree_ci: Some((v - 0.05, v + 0.05)),
                    kappa: Some(v - 0.2),
                    kappa_ci: Some((v - 0.3, v - 0.1)),
                }
            })
            .collect();
        let obs: Vec<_> = alignment
            .iter()
            .map(|y| entente_core::since::Observation {
                year: y.year,
                value: y.agree.unwrap(),
                interval: y.agree_ci,
            })
            .collect();
        BriefInput {
            a: State {
                code: "CHN".into(),
                name: "China".into(),
            },
            b: State {
                code: "RUS".into(),
                name: "Russia".into(),
            },
            from: 2012,
            to: 2021,
            agree_standing: entente_core::since::standing(&obs, 2021),
            kappa_standing: None,
            alignment,
            agree_breaks: Some(SeriesBreaks {
                years: vec![],
                values: vec![],
                noise_sd: 0.01,
                penalty: 0.01,
                breaks: vec![Break {
                    year: 2015,
                    before: 0.65,
                    after: 0.75,
                    confidence: Some(0.9),
                    shift_interval: Some((0.05, 0.15)),
                }],
            }),
            kappa_breaks: None,
            recent_breaks: None,
            shift: None,
            claims: None,
            ideal: vec![IdealYear {
                year: 2021,
                a: (-0.6, -0.7, -0.5),
                b: (-0.2, -0.3, -0.1),
                distance: 0.4,
            }],
            ideal_standing: None,
            blocs: Some(BlocYear {
                year: 2021,
                a: (2, 130, Some(0.97)),
                b: (2, 130, Some(0.8)),
            }),
            triangle: None,
            military: Some(MilitaryInput {
                alliances: vec![AllianceYear {
                    year: 2018,
                    a_to_b: vec!["non-aggression".into()],
                    b_to_a: vec!["non-aggression".into()],
                }],
                arms: [(2014, 0.0, 100.0), (2015, 0.0, 755.0)]
                    .map(|(year, a_to_b, b_to_a)| ArmsYear {
                        year,
                        a_to_b,
                        b_to_a,
                    })
                    .to_vec(),
                deals: vec![Deal {
                    direction: "RUS→CHN".into(),
                    order_year: Some(2015),
                    designation: "S-400".into(),
                    description: "SAM system".into(),
                    tiv_delivered: 520.0,
                }],
                exercises: vec![Exercise {
                    year: 2005,
                    name: "Peace Mission 2005".into(),
                    source: "MME v7 mme0001".into(),
                }],
                disputes: vec![Dispute {
                    year: 1969,
                    dispute: 349,
                    hostility: 4,
                    level: "use of force".into(),
                }],
                dispute_years: Some((1946, 2014)),
                exercise_years: (1980, 2010),
                exercise_source: "MME v7, 1980–2010".into(),
                coverage: vec!["coverage".into()],
            }),
            economic: Some(EconomicInput {
                trade: [
                    (2019, 50.0, 60.0, 2.5, 10.25),
                    (2020, 55.0, 57.0, 2.4, 11.0),
                ]
                .map(|(year, x, z, sa, sb)| TradeRow {
                    year,
                    a_to_b: Some(x),
                    b_to_a: Some(z),
                    share_of_a: Some(sa),
                    share_of_b: Some(sb),
                })
                .to_vec(),
                finance: Some((
                    "CHN→RUS".into(),
                    "Russia".into(),
                    vec![FinanceRow {
                        year: 2009,
                        oof: 40_100.0,
                        oda: 0.0,
                        total: 40_100.0,
                    }],
                )),
                sanctions: vec![SanctionRow {
                    direction: "USA→RUS".into(),
                    case_id: 1000,
                    begin: 2014,
                    end: 2022,
                    types: "trade, financial".into(),
                    senders: "United States".into(),
                }],
                sanction_years: (1949, 2022),
                coverage: vec![],
            }),
            index: Some(IndexInput {
                years: (2018..=2021)
                    .map(|y| ScoreYear {
                        year: y,
                        alignment: (y < 2021).then(|| 0.5 + 0.01 * f64::from(y - 2018)),
                        alignment_interval: (y < 2021).then_some((0.45, 0.6)),
                        intensity: (y < 2020).then_some(0.7),
                        intensity_interval: (y < 2020).then_some((0.7, 0.7)),
                        dimensions: [Some(0.1), Some(0.9), None, Some(0.25)],
                        hostility: Some(0.0),
                        coverage: if y < 2020 { [0.6, 0.5] } else { [0.35, 0.2] },
                    })
                    .collect(),
                contributions_year: 2020,
                contributions: vec![
                    Contribution {
                        score: "alignment".into(),
                        dimension: "diplomatic".into(),
                        component: "un_kappa".into(),
                        value: Some(0.7),
                        component_score: Some(-0.1),
                        contribution: Some(-0.011),
                    },
                    Contribution {
                        score: "alignment".into(),
                        dimension: "military".into(),
                        component: "arms_supply".into(),
                        value: Some(0.6),
                        component_score: Some(0.6),
                        contribution: Some(0.25),
                    },
                ],
                composition_changes: vec![2020],
                source_ends: vec!["ATOP alliances ends in 2018: after it the obligations in force then are carried for up to 6 years.".into()],
                scatter_year: 2020,
                scatter: vec![
                    ScatterPoint { code: "RUS".into(), alignment: 0.5, intensity: 0.7 },
                    ScatterPoint { code: "USA".into(), alignment: -0.2, intensity: 0.9 },
                ],
            }),
            events: Some(EventsInput {
                periods: vec![EventPeriod {
                    period: "2018".into(),
                    events: 16,
                    quad: [16, 0, 0, 0],
                    goldstein_mean: Some(2.125),
                    net_cooperation: Some(1.0),
                }],
                files: 6,
                rows: 14246,
                days_covered: 300,
                days_in_years: 365,
                min_coverage: 0.5,
            }),
            brokers: Some(BrokersInput {
                year: 2021,
                measure: "agree".into(),
                between: Some(0.8),
                rows: vec![BrokerRow {
                    code: "IND".into(),
                    with_a: 0.75,
                    with_b: 0.7,
                    weaker: 0.7,
                    balance: 0.05,
                }],
            }),
            forecast: Some(ForecastInput {
                title: "t".into(),
                issue: "i".into(),
                scale: (0.0, 100.0),
                rounds: 4,
                converged: true,
                mean: 61.04,
                median: 70.0,
                mc: Some(MonteCarloSummary {
                    runs: 100,
                    mean: [55.0, 60.0, 66.66],
                    median: [60.0, 70.0, 75.0],
                    histogram: vec![0, 5, 90, 5],
                }),
                actors: vec![
                    ("A".into(), 10.0, 60.0),
                    ("B".into(), 90.0, 62.0),
                    ("C".into(), 50.0, 61.0),
                ],
                tail_spread: None,
                assumptions: Some("positions from votes".into()),
                comparison: Some(test_comparison()),
                sensitivity: Some(test_sensitivity()),
            }),
            sources: vec!["s".into()],
            methods: vec!["m".into()],
        }
    }

    fn test_inputs() -> Vec<entente_core::bargain::montecarlo::UncertainActor> {
        use entente_core::bargain::Actor;
        use entente_core::bargain::montecarlo::{Spread, UncertainActor};
        [
            ("A", 1.0, 10.0, 0.8),
            ("B", 2.0, 90.0, 0.6),
            ("C", 1.5, 50.0, 0.5),
        ]
        .into_iter()
        .map(|(n, c, x, s)| {
            let actor = Actor {
                name: n.into(),
                capability: c,
                position: x,
                salience: s,
            };
            UncertainActor::new(actor, Spread::Uniform(5.0), Spread::Fixed)
        })
        .collect()
    }

    fn test_comparison() -> entente_core::bargain::compare::Comparison {
        use entente_core::bargain::compare::{Change, Input, Variant, compare};
        compare(
            &test_inputs(),
            &[Variant {
                name: "A stronger".into(),
                changes: vec![Change {
                    actor: 0,
                    input: Input::Capability,
                    value: 3.0,
                }],
            }],
            (0.0, 100.0),
            &entente_core::bargain::Options::default(),
            200,
            1,
        )
    }

    fn test_sensitivity() -> entente_core::bargain::sensitivity::Sensitivity {
        use entente_core::bargain::sensitivity::{Ranges, sensitivity};
        sensitivity(
            &test_inputs(),
            (0.0, 100.0),
            &entente_core::bargain::Options::default(),
            100,
            1,
            &Ranges::default(),
            &|| {},
        )
    }

    #[test]
    fn every_number_in_the_text_is_in_its_table() {
        let brief = build(&input());
        assert_eq!(brief.unmatched_numbers(), Vec::<String>::new());
        let ids: Vec<&str> = brief.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "headline",
                "diplomatic",
                "ideal-points",
                "turning-points",
                "system",
                "military",
                "economic",
                "index",
                "events",
                "brokers",
                "forecast",
                "not-covered",
                "sources",
                "methods"
            ]
        );
    }

    #[test]
    fn html_is_self_contained_and_deterministic() {
        let brief = build(&input());
        let html = render::html(&brief);
        assert_eq!(html, render::html(&build(&input())));
        assert!(
            !html.contains("<script")
                && !html.contains("src=\"http")
                && !html.contains("href=\"http")
        );
        assert_eq!(
            html.matches("<svg").count(),
            9,
            "alignment, ideal points, arms, trade, scores, scatter, forecast histogram, strategies compared, sensitivity"
        );
        // Every sentence's link points at a table that exists.
        for t in brief.tables() {
            assert!(html.contains(&format!("id=\"{}\"", t.id)));
        }
        let md = render::markdown(&brief);
        assert!(md.starts_with("# China and Russia"));
        assert!(md.contains("| year | joint votes |"));
    }
}

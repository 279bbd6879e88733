//! Every default of entente's answers, in one place. The CLI's option defaults, the
//! brief and the dashboard all read these constants, so the same question gets the
//! same number everywhere unless the user asks otherwise.

use entente_core::agreement::Bootstrap;

/// Seed of every random draw (bootstrap replicates, Monte Carlo runs, Leiden).
pub const SEED: u64 = 42;

/// Confidence level of every interval.
pub const LEVEL: f64 = 0.95;

/// Bootstrap replicates for agreement and κ intervals (CLI `--reps`, brief, dashboard).
pub const REPS: usize = 1000;

/// Largest replicate count a request may ask for (CLI and dashboard alike).
pub const MAX_REPS: usize = 10_000;

/// Bootstrap replicates for the relationship index's interval.
pub const INDEX_REPS: usize = 200;

/// Bootstrap replicates behind a turning point's confidence.
pub const BREAK_REPS: usize = 100;

/// Bootstrap replicates behind the interval of a partner's change (`entente drift`).
pub const DRIFT_REPS: usize = 200;

/// Joint bootstrap replicates behind a triangle configuration's stability.
pub const TRIANGLE_REPS: usize = 200;

/// Bootstrap replicates behind bloc stability.
pub const BLOC_REPS: usize = 100;

/// Monte Carlo runs of a bargaining forecast (CLI, brief, dashboard).
pub const MC_RUNS: usize = 1000;

/// Largest Monte Carlo run count a request may ask for.
pub const MAX_MC: usize = 100_000;

/// Bins of the Monte Carlo forecast histogram.
pub const HISTOGRAM_BINS: usize = 20;

/// Round limit of the bargaining model.
pub const ROUNDS: usize = 10;

/// Years a UN-vote request may name.
pub const VOTE_YEARS: (i32, i32) = (1946, 2100);

/// Years the alignment and intensity scores cover: UN votes begin in 1946; armed
/// conflict (UCDP), the hostility evidence alignment needs after 2014, ends in 2024.
pub const INDEX_YEARS: (i32, i32) = (1946, 2024);

/// Fewer joint votes than this in a year: a caution under `align` (too few roll calls
/// for a stable share), and not the brief's default latest year.
pub const FEW_VOTES: u32 = 20;

/// A bootstrap with `reps` replicates, the default seed and level.
pub fn bootstrap(reps: usize) -> Bootstrap {
    Bootstrap {
        reps,
        seed: SEED,
        level: LEVEL,
    }
}

/// Years on each side of a date in `entente shift` and the brief's "What changed".
pub const SHIFT_WINDOW_YEARS: u32 = 3;

/// The longest window `entente shift` accepts, in years.
pub const MAX_SHIFT_WINDOW_YEARS: u32 = 10;

/// The brief's turning points are also sought over this many recent years alone, so that
/// a recent break is not outweighed by a larger one decades earlier.
pub const RECENT_BREAK_YEARS: i32 = 20;

/// The most bargaining rounds a forecast may run (the dashboard allows fewer).
pub const MAX_ROUNDS: usize = 1000;

/// The most actors in a bargaining scenario (the model's work grows with the cube).
pub const MAX_ACTORS: usize = 500;

/// The most ideal-point bootstrap replicates (each is a full estimate, seconds apiece).
pub const MAX_IDEAL_BOOT: usize = 1000;

/// The brief's news-event section needs the ingested files to cover at least this share
/// of the days of the years they touch (sample files of a day or two do not make a year).
pub const EVENT_MIN_COVERAGE: f64 = 0.5;

/// Monte Carlo runs per end of each factor in a sensitivity analysis (`forecast
/// --sensitivity`, the brief, the dashboard).
pub const SENSITIVITY_RUNS: usize = 1000;

/// Factors a tornado chart shows (the brief, `forecast --chart`, the dashboard; the
/// tables list every factor).
pub const TORNADO_BARS: usize = entente_report::forecast::TORNADO_BARS;

/// The most strategies one `forecast --compare` may run.
pub const MAX_VARIANTS: usize = 20;

/// Default ranges of a sensitivity analysis for inputs stated without uncertainty.
pub fn sensitivity_ranges() -> entente_core::bargain::sensitivity::Ranges {
    entente_core::bargain::sensitivity::Ranges::default()
}

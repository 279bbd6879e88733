//! `entente scenario`: a bargaining scenario from the states' UN votes, with CINC
//! capabilities and the provenance of every number.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::scenario::{CapabilityYear, ScenarioRequest, generate};
use entente_core::bargain::montecarlo::Spread;
use entente_core::votes::Issue;

use crate::context::{Context, user_error};
use crate::output::{Format, Rows, persist_output};

/// A bargaining scenario from data: positions from the states' votes on chosen General
/// Assembly roll calls, salience from how often they took a side on them, capabilities
/// from COW CINC — each number with its source, written in the scenario layout that
/// `entente forecast` reads (docs/forecast.md).
///
/// Positions: each vote coded yes 1, abstain ½, no 0, averaged over the chosen roll
/// calls and scaled to --scale. With --poles LOW,HIGH only roll calls on which the two
/// states voted differently are used, and each vote is placed between the low pole's
/// vote (0) and the high pole's (1), so a resolution the high pole opposed counts in
/// reverse. position_sd: the standard error over the roll calls.
/// Salience: the share of the roll calls on which the state voted yes or no rather than
/// abstaining or being absent (a proxy, flagged in the file).
/// Capabilities: CINC of --capability cinc:YEAR, by default of the last year of the
/// votes; after 2022 (the end of NMC v7) the 2022 values are carried forward and the
/// file says so.
///
/// Examples:
///   entente scenario --votes 'A/ES-11/*' --poles Russia,Ukraine --top 20 --out ukraine.toml
///   entente scenario --title "nuclear weapons" --from 2015 --actors USA,Russia,China,India --format table
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Roll calls whose resolution symbol matches this pattern (`*` any characters, `?`
    /// one; `A/ES-11/*` also matches A/RES/ES-11/1); repeat for several.
    #[arg(long = "votes", value_name = "PATTERN")]
    pub patterns: Vec<String>,
    /// Roll calls whose title contains all these words (any case), e.g. "Ukraine".
    #[arg(long, value_name = "WORDS")]
    pub title: Option<String>,
    /// Roll calls coded with this issue: me (Palestinian conflict), nu (nuclear weapons),
    /// di (arms control), hr (human rights), co (colonialism), ec (economic development).
    #[arg(long, value_name = "CODE")]
    pub issue: Option<String>,
    /// First year of the votes.
    #[arg(long)]
    pub from: Option<i32>,
    /// Last year of the votes.
    #[arg(long)]
    pub to: Option<i32>,
    /// Two states whose votes mark the low and the high end of the scale, e.g.
    /// Russia,Ukraine; only roll calls on which they voted differently are used.
    #[arg(long, value_name = "LOW,HIGH")]
    pub poles: Option<String>,
    /// Actors by name or code, comma-separated (each must have voted and have a CINC).
    #[arg(long, value_delimiter = ',', value_name = "A,B,…")]
    pub actors: Vec<String>,
    /// Add the N largest other states by CINC that voted (0–200); the rest are left out
    /// and counted in a note.
    #[arg(long, default_value_t = 0)]
    pub top: usize,
    /// Capabilities: cinc:YEAR (within COW NMC's years, 1816–2022 for v7), or cinc:votes
    /// for the last year of the chosen votes (2022 carried forward after 2022).
    #[arg(long, default_value = "cinc:votes", value_name = "cinc:YEAR")]
    pub capability: String,
    /// The issue scale, low,high.
    #[arg(long, default_value = "0,100", value_name = "LOW,HIGH")]
    pub scale: String,
    /// The scenario's title (default: the votes chosen).
    #[arg(long)]
    pub name: Option<String>,
    /// toml: the scenario file; table, csv or json: one row per actor with its inputs.
    #[arg(long, value_enum, default_value = "toml")]
    pub format: ScenarioFormat,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScenarioFormat {
    Toml,
    Table,
    Csv,
    Json,
}

fn pair(spec: &str, what: &str) -> Result<(String, String)> {
    spec.split_once(',')
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .ok_or_else(|| {
            user_error(format!(
                "--{what} {spec}: give two values separated by a comma"
            ))
        })
}

pub fn run_command(ctx: &Context, args: Args) -> Result<()> {
    let (lo, hi) = pair(&args.scale, "scale")?;
    let scale = (
        lo.parse::<f64>()
            .map_err(|_| user_error(format!("--scale {}: {lo} is not a number", args.scale)))?,
        hi.parse::<f64>()
            .map_err(|_| user_error(format!("--scale {}: {hi} is not a number", args.scale)))?,
    );
    let issue = match &args.issue {
        Some(code) => Some(Issue::from_code(&code.to_lowercase()).ok_or_else(|| {
            user_error(format!(
                "--issue {code}: use one of {}",
                Issue::ALL.map(|i| i.code()).join(", ")
            ))
        })?),
        None => None,
    };
    let req = ScenarioRequest {
        patterns: args.patterns.clone(),
        title_words: args
            .title
            .as_deref()
            .map(|t| t.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default(),
        issue,
        from: args.from,
        to: args.to,
        poles: args
            .poles
            .as_deref()
            .map(|p| pair(p, "poles"))
            .transpose()?,
        actors: args
            .actors
            .iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect(),
        top: args.top,
        capability: CapabilityYear::parse(&args.capability)?,
        scale,
        title: args.name.clone(),
        command: command_line(),
    };
    let g = generate(ctx.session(), &req)?;
    let format = match args.format {
        ScenarioFormat::Toml => {
            let mut text = String::new();
            for n in &g.notes {
                text.push_str(&format!("# {n}\n"));
            }
            text.push_str("# Roll calls used:\n");
            for (date, symbol, title) in &g.rollcalls {
                let short: String = title.chars().take(90).collect();
                text.push_str(&format!("#   {date} {symbol} {short}\n"));
            }
            text.push('\n');
            text.push_str(
                &entente_sources::scenario::to_toml(&g.scenario)
                    .map_err(|e| anyhow::anyhow!("writing the scenario as TOML: {e}"))?,
            );
            match &args.out {
                Some(p) => persist_output(p, |f| Ok(f.write_all(text.as_bytes())?))?,
                None => std::io::stdout().lock().write_all(text.as_bytes())?,
            }
            for n in &g.notes {
                eprintln!("{n}");
            }
            return Ok(());
        }
        ScenarioFormat::Table => Format::Table,
        ScenarioFormat::Csv => Format::Csv,
        ScenarioFormat::Json => Format::Json,
    };
    let mut rows = Rows::new([
        "actor",
        "iso3",
        "capability",
        "position",
        "position_sd",
        "salience",
        "salience_sd",
        "position_source",
    ]);
    let sd = |s: Spread| match s {
        Spread::Normal(v) | Spread::Uniform(v) => Some(v),
        Spread::Fixed => Some(0.0),
    };
    for a in &g.scenario.actors {
        let u = &a.input;
        rows.push(vec![
            u.actor.name.clone().into(),
            a.country.clone().unwrap_or_default().into(),
            Some(u.actor.capability).into(),
            Some(u.actor.position).into(),
            sd(u.position).into(),
            Some(u.actor.salience).into(),
            sd(u.salience).into(),
            a.provenance.position.clone().unwrap_or_default().into(),
        ]);
    }
    rows.notes = g.notes.clone();
    for (label, v) in [
        ("Scale", &g.scenario.issue),
        ("Sources", &g.scenario.source),
        ("Assumptions", &g.scenario.assumptions),
    ] {
        if let Some(v) = v {
            rows.notes.push(format!("{label}: {v}"));
        }
    }
    rows.write(format, args.out.as_deref())
}

/// The command as typed, for the scenario's `generated_by` (arguments with spaces quoted).
fn command_line() -> String {
    let mut parts = vec!["entente".to_string()];
    for a in std::env::args().skip(1) {
        if a.contains([' ', '*', '?', '\'']) {
            parts.push(format!("'{}'", a.replace('\'', "'\\''")));
        } else {
            parts.push(a);
        }
    }
    parts.join(" ")
}

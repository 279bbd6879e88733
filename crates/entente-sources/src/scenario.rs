//! Bargaining scenario files: a CSV `Actor,Capability,Position,Salience` (optional
//! columns `Country`, `Note`) or a TOML file with a title, the issue scale, notes and
//! per-input uncertainty:
//!
//! ```toml
//! title = "EC emission standards, 1994"
//! issue = "Years until the standards apply to medium-sized cars"
//! scale = [0, 12]            # optional: default the range of the positions
//! source = "Bueno de Mesquita (1994), via Scholz et al. (2011)"
//! assumptions = "Positions are analysts' assumptions"   # optional
//!
//! [[actor]]
//! name = "Netherlands"
//! country = "NLD"            # optional: registry code for --capability cinc:YEAR
//! capability = 0.08
//! position = 4
//! salience = 0.8
//! position_pm = 1            # optional uncertainty: <input>_pm (uniform ±) or <input>_sd (normal)
//! note = "…"
//! position_source = "…"      # optional provenance of each number (capability_source,
//!                            # salience_source too), written by `entente scenario`
//! ```
//!
//! A scenario may also say which command generated it (`generated_by`); [`to_toml`]
//! writes the same layout.

use std::path::Path;

use entente_core::bargain::Actor;
use entente_core::bargain::montecarlo::{Spread, UncertainActor};

use crate::error::{Result, SourceError};
use crate::table::{Table, read_text};

/// A scenario as read.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub title: Option<String>,
    pub issue: Option<String>,
    pub source: Option<String>,
    pub assumptions: Option<String>,
    /// The command that generated the scenario from data (`entente scenario …`).
    pub generated_by: Option<String>,
    /// The issue scale (low, high).
    pub scale: (f64, f64),
    pub actors: Vec<ScenarioActor>,
}

impl Scenario {
    /// A scenario of `actors` without title or notes; the scale, when not given, is the
    /// range of the stated positions.
    pub fn untitled(actors: Vec<ScenarioActor>, scale: Option<(f64, f64)>) -> Scenario {
        let scale = scale.unwrap_or_else(|| {
            let xs = actors.iter().map(|a| a.input.actor.position);
            (
                xs.clone().fold(f64::INFINITY, f64::min),
                xs.fold(f64::NEG_INFINITY, f64::max),
            )
        });
        Scenario {
            title: None,
            issue: None,
            source: None,
            assumptions: None,
            generated_by: None,
            scale,
            actors,
        }
    }
}

/// One actor with its uncertainty and notes.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioActor {
    pub input: UncertainActor,
    /// A country name or code for data-driven capabilities.
    pub country: Option<String>,
    pub note: Option<String>,
    pub provenance: Provenance,
}

/// Where each of an actor's numbers comes from.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Provenance {
    pub capability: Option<String>,
    pub position: Option<String>,
    pub salience: Option<String>,
}

#[derive(serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct TomlScenario {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assumptions: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    generated_by: Option<String>,
    scale: Option<Vec<f64>>,
    #[serde(rename = "actor")]
    actors: Vec<TomlActor>,
}

#[derive(serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct TomlActor {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    capability: Option<f64>,
    position: f64,
    salience: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    capability_pm: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    capability_sd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position_pm: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position_sd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    salience_pm: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    salience_sd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    capability_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    salience_source: Option<String>,
}

/// The scenario in the TOML layout [`read`] takes (uncertainty as `_pm` / `_sd`,
/// provenance as `_source` fields). Capabilities not yet filled (NaN) are left out.
pub fn to_toml(s: &Scenario) -> std::result::Result<String, toml::ser::Error> {
    let doc = TomlScenario {
        title: s.title.clone(),
        issue: s.issue.clone(),
        source: s.source.clone(),
        assumptions: s.assumptions.clone(),
        generated_by: s.generated_by.clone(),
        scale: Some(vec![s.scale.0, s.scale.1]),
        actors: s
            .actors
            .iter()
            .map(|a| {
                let u = &a.input;
                let (capability_pm, capability_sd) = u.capability.pm_sd();
                let (position_pm, position_sd) = u.position.pm_sd();
                let (salience_pm, salience_sd) = u.salience.pm_sd();
                TomlActor {
                    name: u.actor.name.clone(),
                    country: a.country.clone(),
                    note: a.note.clone(),
                    capability: u.actor.capability.is_finite().then_some(u.actor.capability),
                    position: u.actor.position,
                    salience: u.actor.salience,
                    capability_pm,
                    capability_sd,
                    position_pm,
                    position_sd,
                    salience_pm,
                    salience_sd,
                    capability_source: a.provenance.capability.clone(),
                    position_source: a.provenance.position.clone(),
                    salience_source: a.provenance.salience.clone(),
                }
            })
            .collect(),
    };
    toml::to_string(&doc)
}

/// Reads a scenario; `.toml` files as TOML, anything else as CSV.
pub fn read(path: &Path) -> Result<Scenario> {
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let scenario = if is_toml {
        read_toml(path)?
    } else {
        read_csv(path)?
    };
    validate(path, scenario)
}

fn bad(path: &Path, line: u64, field: &str, message: impl Into<String>) -> SourceError {
    SourceError::field(path, line, field, message)
}

/// Reads a scenario from TOML text; `label` names it in errors (a file name, or
/// "posted scenario").
pub fn parse_toml(text: &str, label: &Path) -> Result<Scenario> {
    let s = toml_scenario(label, text)?;
    validate(label, s)
}

fn read_toml(path: &Path) -> Result<Scenario> {
    toml_scenario(path, &read_text(path)?)
}

fn toml_scenario(path: &Path, text: &str) -> Result<Scenario> {
    let parsed: TomlScenario = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| {
            text[..s.start.min(text.len())].matches('\n').count() as u64 + 1
        });
        SourceError::Record {
            file: path.to_path_buf(),
            line,
            message: e.message().to_string(),
        }
    })?;
    let mut actors = Vec::new();
    for a in parsed.actors {
        let spread = |field: &str, pm: Option<f64>, sd: Option<f64>| -> Result<Spread> {
            match (pm, sd) {
                (Some(_), Some(_)) => Err(bad(
                    path,
                    0,
                    field,
                    format!(
                        "actor '{}': give {field}_pm or {field}_sd, not both",
                        a.name
                    ),
                )),
                (Some(h), None) if h >= 0.0 && h.is_finite() => Ok(Spread::Uniform(h)),
                (None, Some(s)) if s >= 0.0 && s.is_finite() => Ok(Spread::Normal(s)),
                (None, None) => Ok(Spread::Fixed),
                _ => Err(bad(
                    path,
                    0,
                    field,
                    format!("actor '{}': the uncertainty must be ≥ 0", a.name),
                )),
            }
        };
        let capability = spread("capability", a.capability_pm, a.capability_sd)?;
        let position = spread("position", a.position_pm, a.position_sd)?;
        let salience = spread("salience", a.salience_pm, a.salience_sd)?;
        if a.capability.is_none() && a.country.is_none() {
            return Err(bad(
                path,
                0,
                "capability",
                format!(
                    "actor '{}': give a capability (or a country, for --capability cinc:YEAR)",
                    a.name
                ),
            ));
        }
        actors.push(ScenarioActor {
            input: UncertainActor {
                actor: Actor {
                    name: a.name,
                    // NaN until filled from data (checked by `validate` unless a country is set).
                    capability: a.capability.unwrap_or(f64::NAN),
                    position: a.position,
                    salience: a.salience,
                },
                capability,
                position,
                salience,
            },
            country: a.country,
            note: a.note,
            provenance: Provenance {
                capability: a.capability_source,
                position: a.position_source,
                salience: a.salience_source,
            },
        });
    }
    Ok(Scenario {
        title: parsed.title,
        issue: parsed.issue,
        source: parsed.source,
        assumptions: parsed.assumptions,
        generated_by: parsed.generated_by,
        scale: match parsed.scale.as_deref() {
            None => (f64::NAN, f64::NAN),
            Some(&[lo, hi]) => (lo, hi),
            Some(other) => {
                return Err(bad(
                    path,
                    text.lines()
                        .position(|l| l.trim_start().starts_with("scale"))
                        .map_or(0, |k| k as u64 + 1),
                    "scale",
                    format!("scale = [low, high] has two numbers, not {}", other.len()),
                ));
            }
        },
        actors,
    })
}

fn read_csv(path: &Path) -> Result<Scenario> {
    let table = Table::open(path)?;
    let lower: Vec<String> = table.headers().iter().map(|h| h.to_lowercase()).collect();
    let find = |name: &str| lower.iter().position(|h| h == name);
    let need = |name: &str, shown: &str| {
        find(name).ok_or_else(|| {
            bad(
                path,
                1,
                shown,
                format!(
                    "column missing (expected Actor,Capability,Position,Salience; found {})",
                    table.headers().join(",")
                ),
            )
        })
    };
    let (ca, cc, cp, cs) = (
        need("actor", "Actor")?,
        need("capability", "Capability")?,
        need("position", "Position")?,
        need("salience", "Salience")?,
    );
    let (country, note) = (find("country"), find("note"));
    let mut actors = Vec::new();
    let width = table.headers().len();
    table.for_each(|row| {
        if row.len() > width {
            return Err(row.error(
                width,
                format!(
                    "{} fields where the header names {width}: remove the extra field or name its column",
                    row.len()
                ),
            ));
        }
        let text = |c: Option<usize>| -> Result<Option<String>> {
            match c {
                Some(c) => Ok(row.opt(c)?.map(str::to_string)),
                None => Ok(None),
            }
        };
        let name = row
            .opt(ca)?
            .ok_or_else(|| row.error(ca, "an actor needs a name"))?
            .to_string();
        actors.push(ScenarioActor {
            input: UncertainActor {
                actor: Actor {
                    name,
                    capability: row.parse(cc)?,
                    position: row.parse(cp)?,
                    salience: row.parse(cs)?,
                },
                capability: Spread::Fixed,
                position: Spread::Fixed,
                salience: Spread::Fixed,
            },
            country: text(country)?,
            note: text(note)?,
            provenance: Provenance::default(),
        });
        Ok(())
    })?;
    Ok(Scenario::untitled(actors, Some((f64::NAN, f64::NAN))))
}

/// Checks the values and fills the default scale.
fn validate(path: &Path, mut s: Scenario) -> Result<Scenario> {
    if s.actors.len() < 2 || s.actors.len() > entente_core::bargain::MAX_ACTORS {
        return Err(bad(
            path,
            0,
            "actor",
            format!(
                "a scenario needs 2 to {} actors, not {}",
                entente_core::bargain::MAX_ACTORS,
                s.actors.len()
            ),
        ));
    }
    let mut names = std::collections::HashSet::new();
    for a in &s.actors {
        let x = &a.input.actor;
        let name = &x.name;
        if !names.insert(name.to_lowercase()) {
            return Err(bad(
                path,
                0,
                "actor",
                format!("actor '{name}' appears twice"),
            ));
        }
        if !(x.capability >= 0.0 && x.capability.is_finite()) && a.country.is_none() {
            return Err(bad(
                path,
                0,
                "capability",
                format!(
                    "actor '{name}': capability must be a number ≥ 0, not {}",
                    x.capability
                ),
            ));
        }
        if !x.position.is_finite() {
            return Err(bad(
                path,
                0,
                "position",
                format!("actor '{name}': position must be a number"),
            ));
        }
        if !(0.0..=1.0).contains(&x.salience) {
            return Err(bad(
                path,
                0,
                "salience",
                format!(
                    "actor '{name}': salience must be between 0 and 1, not {}",
                    x.salience
                ),
            ));
        }
    }
    let (lo, hi) = s.scale;
    if lo.is_nan() || hi.is_nan() {
        let xs = s.actors.iter().map(|a| a.input.actor.position);
        s.scale = (
            xs.clone().fold(f64::INFINITY, f64::min),
            xs.fold(f64::NEG_INFINITY, f64::max),
        );
    } else if lo >= hi || !lo.is_finite() || !hi.is_finite() {
        return Err(bad(
            path,
            0,
            "scale",
            format!("scale [{lo}, {hi}]: the low end must be below the high end"),
        ));
    } else if let Some(a) = s
        .actors
        .iter()
        .find(|a| !(lo..=hi).contains(&a.input.actor.position))
    {
        return Err(bad(
            path,
            0,
            "position",
            format!(
                "actor '{}': position {} is outside the scale [{lo}, {hi}]",
                a.input.actor.name, a.input.actor.position
            ),
        ));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        (dir, p)
    }

    #[test]
    fn csv_and_toml() {
        let (_d, p) = write(
            "s.csv",
            "\u{feff}Actor,Capability,Position,Salience\r\nA,0.5,10,0.8\r\nB,0.2,90,1\r\n",
        );
        let s = read(&p).unwrap();
        assert_eq!(s.actors.len(), 2);
        assert_eq!(s.scale, (10.0, 90.0));
        let (_d, p) = write(
            "s.toml",
            "title = \"t\"\nscale = [0, 100]\n[[actor]]\nname = \"A\"\ncapability = 1\nposition = 10\nsalience = 0.5\nposition_pm = 5\n[[actor]]\nname = \"B\"\ncountry = \"RUS\"\nposition = 60\nsalience = 0.9\nsalience_sd = 0.1\n",
        );
        let s = read(&p).unwrap();
        assert_eq!(s.scale, (0.0, 100.0));
        assert_eq!(s.actors[0].input.position, Spread::Uniform(5.0));
        assert_eq!(s.actors[1].input.salience, Spread::Normal(0.1));
        assert!(s.actors[1].input.actor.capability.is_nan());
        assert_eq!(s.actors[1].country.as_deref(), Some("RUS"));
    }

    #[test]
    fn written_scenarios_read_back_the_same() {
        let (_d, p) = write(
            "s.toml",
            "title = \"t\"\ngenerated_by = \"entente scenario\"\nscale = [0, 100]\n[[actor]]\nname = \"A\"\ncountry = \"RUS\"\ncapability = 0.1\nposition = 10\nsalience = 0.5\nposition_sd = 5\nposition_source = \"votes\"\n[[actor]]\nname = \"B\"\ncapability = 0.2\nposition = 60\nsalience = 0.9\nsalience_pm = 0.1\n",
        );
        let s = read(&p).unwrap();
        assert_eq!(s.actors[0].provenance.position.as_deref(), Some("votes"));
        let (_d2, q) = write("t.toml", &to_toml(&s).unwrap());
        assert_eq!(read(&q).unwrap(), s);
    }

    #[test]
    fn bad_scenarios_name_the_problem() {
        for (name, text, expect) in [
            (
                "a.csv",
                "Actor,Capability,Position\nA,1,2\n",
                "column missing",
            ),
            (
                "b.csv",
                "Actor,Capability,Position,Salience\nA,1,2,1.5\nB,1,3,1\n",
                "between 0 and 1",
            ),
            (
                "c.csv",
                "Actor,Capability,Position,Salience\nA,x,2,1\n",
                "s.csv:2",
            ),
            (
                "d.csv",
                "Actor,Capability,Position,Salience\nA,1,2,1\n",
                "2 to 500 actors",
            ),
            (
                "e.toml",
                "[[actor]]\nname = \"A\"\nposition = 1\nsalience = 1\n",
                "give a capability",
            ),
            (
                "f.toml",
                "[[actor]]\nname = \"A\"\ncapability = 1\nposition = 1\nsalience = 1\npositon_pm = 2\n",
                "unknown field",
            ),
            (
                "g.toml",
                "scale = [0, 10]\n[[actor]]\nname = \"A\"\ncapability = 1\nposition = 11\nsalience = 1\n[[actor]]\nname = \"B\"\ncapability = 1\nposition = 1\nsalience = 1\n",
                "outside the scale",
            ),
        ] {
            let (_d, p) = write(name, text);
            let e = read(&p).unwrap_err().to_string();
            let expect = expect.replace("s.csv", name);
            assert!(e.contains(&expect), "{name}: {e}");
        }
    }
}

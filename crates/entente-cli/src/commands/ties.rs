//! `entente ties A B --year Y`: the evidence of military ties behind the numbers.

use std::path::PathBuf;

use anyhow::Result;
use entente_sources::ties::cow::{self, COW_ALLIANCE_TYPES};
use entente_sources::ties::jme::{self, JME_YEARS};
use entente_sources::ties::sanctions::{self, GSDB_YEARS};
use entente_sources::ties::{
    self, ATOP_YEARS, MID_YEARS, MME_YEARS, OBLIGATIONS, SIPRI_DYAD_YEARS,
};

use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// The evidence of military and economic ties between two states, row by row.
///
/// Alliance obligations in force (ATOP 5.1, to 2018; COW alliances to 2012), arms deals in
/// each direction with the weapon designation, description, numbers and TIV (SIPRI trade
/// register: deals ordered or delivered in the years asked for), yearly arms-transfer
/// volume in TIV (SIPRI, to 2021), and joint multinational exercises by name (MME v7,
/// 1980–2010) and militarized disputes with their highest hostility level (COW MID 5.0, to
/// 2014), and goods trade each way (IMF DOTS, to 2020; the importer's report first), and
/// Chinese official finance commitments when one of the two is China (AidData, 2000–2021),
/// shared IGO memberships (COW IGO, to 2014), joint exercises in JME v3 (1974–2010) and
/// sanctions with their types (GSDB, 1949–2022; sender groups such as the EU expanded to
/// member states by year). Each row names its source; years outside a dataset's coverage
/// say so instead of showing zero.
///
/// Examples:
///   entente ties China Russia --year 2015
///   entente ties Russia India --from 2010 --to 2015 --format csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    pub a: String,
    pub b: String,
    #[command(flatten)]
    pub years: super::YearArgs,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let (from, to) = match args.years.span()? {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, f),
        _ => return Err(user_error("give the years: --year Y, or --from Y1 --to Y2")),
    };
    if to - from > 100 {
        return Err(user_error("ask for at most 100 years at a time"));
    }
    let reg = ctx.registry()?;
    let [a, b] = ctx.resolve_distinct([&args.a, &args.b])?;
    let data = ctx.data_dir()?;
    let codes = [a.code3().to_string(), b.code3().to_string()];
    let dir = |s: u16| {
        if s == a.ccode {
            format!("{}→{}", codes[0], codes[1])
        } else {
            format!("{}→{}", codes[1], codes[0])
        }
    };
    let mut rows = Rows::new([
        "evidence",
        "direction",
        "year",
        "item",
        "detail",
        "value",
        "source",
    ]);
    let covered = |(lo, hi): (i32, i32)| from.max(lo)..=to.min(hi);
    // Alliances.
    let (ab, ba) = ties::atop(data, a.ccode, b.ccode)?;
    for (x, years) in [(a.ccode, ab), (b.ccode, ba)] {
        for year in covered(ATOP_YEARS) {
            let obligations = years
                .iter()
                .find(|r| r.0 == year)
                .map(|r| {
                    let names: Vec<&str> = OBLIGATIONS
                        .iter()
                        .zip(r.1)
                        .filter(|(_, on)| *on)
                        .map(|(n, _)| *n)
                        .collect();
                    if names.is_empty() {
                        "alliance in force, none of the five obligations".to_string()
                    } else {
                        names.join(", ")
                    }
                })
                .unwrap_or_else(|| "no alliance obligation".to_string());
            rows.push(vec![
                "alliance".into(),
                dir(x).into(),
                Cell::Int(year.into()),
                obligations.into(),
                String::new().into(),
                None.into(),
                "ATOP 5.1".into(),
            ]);
        }
    }
    // COW alliances (undirected types), and shared IGO memberships.
    let cow_all = cow::cow_alliances(data)?;
    for year in covered(cow::COW_ALLIANCE_YEARS) {
        let ab = cow_all
            .get(&(a.ccode, b.ccode, year))
            .copied()
            .unwrap_or_default();
        let ba = cow_all
            .get(&(b.ccode, a.ccode, year))
            .copied()
            .unwrap_or_default();
        let types: Vec<&str> = COW_ALLIANCE_TYPES
            .iter()
            .enumerate()
            .filter(|(k, _)| ab[*k] || ba[*k])
            .map(|(_, n)| *n)
            .collect();
        rows.push(vec![
            "alliance".into(),
            "between".into(),
            Cell::Int(year.into()),
            if types.is_empty() {
                "no COW alliance".to_string()
            } else {
                types.join(", ")
            }
            .into(),
            String::new().into(),
            None.into(),
            "COW alliances v4.1".into(),
        ]);
    }
    let igo = cow::igo(data)?;
    let key = (a.ccode.min(b.ccode), a.ccode.max(b.ccode));
    for year in covered(cow::IGO_YEARS) {
        if let Some(&n) = igo.get(&(key.0, key.1, year)) {
            rows.push(vec![
                "igo".into(),
                "between".into(),
                Cell::Int(year.into()),
                "intergovernmental organizations, both full members".into(),
                String::new().into(),
                Some(f64::from(n)).into(),
                "COW IGO v3".into(),
            ]);
        }
    }
    // Arms: yearly volume, then deals.
    let dyad_year = ties::sipri_dyad_year(data)?;
    for (s, r) in [(a.ccode, b.ccode), (b.ccode, a.ccode)] {
        for year in covered(SIPRI_DYAD_YEARS) {
            let v = dyad_year.get(&(s, r, year)).copied().unwrap_or(0.0);
            rows.push(vec![
                "arms volume".into(),
                dir(s).into(),
                Cell::Int(year.into()),
                "major conventional arms delivered".into(),
                if v == 0.0 {
                    "none recorded".into()
                } else {
                    String::new().into()
                },
                Some(v).into(),
                "SIPRI TIV (dyad-year)".into(),
            ]);
        }
    }
    let deals = ties::sipri_register(data, reg)?;
    let mut matched: Vec<&ties::Deal> = deals
        .iter()
        .filter(|d| {
            let pair = (d.supplier_cc, d.recipient_cc);
            pair == (Some(a.ccode), Some(b.ccode)) || pair == (Some(b.ccode), Some(a.ccode))
        })
        .filter(|d| {
            d.order_year.is_some_and(|y| (from..=to).contains(&y))
                || d.delivery_years.iter().any(|y| (from..=to).contains(y))
        })
        .collect();
    matched.sort_by_key(|d| (d.order_year, d.line));
    for d in matched {
        let delivered = match (
            &d.number_delivered,
            d.delivery_years.first(),
            d.delivery_years.last(),
        ) {
            (Some(n), Some(f), Some(l)) if f == l => format!("; {n} delivered in {f}"),
            (Some(n), Some(f), Some(l)) => format!("; {n} delivered {f}–{l}"),
            _ => "; no deliveries identified".to_string(),
        };
        rows.push(vec![
            "arms deal".into(),
            dir(d.supplier_cc.unwrap_or(0)).into(),
            d.order_year
                .map_or(Cell::Str(String::new()), |y| Cell::Int(y.into())),
            d.designation.clone().into(),
            format!(
                "{}; ordered {}{}{}{}",
                d.description,
                d.number_ordered.as_deref().unwrap_or("?"),
                if d.order_year_uncertain {
                    " (order year uncertain)"
                } else {
                    ""
                },
                delivered,
                if d.status.is_empty() {
                    String::new()
                } else {
                    format!("; {}", d.status)
                }
            )
            .into(),
            d.tiv_delivered.into(),
            format!("SIPRI trade register, line {}", d.line).into(),
        ]);
    }
    // Goods trade.
    for t in ties::trade(data, reg, a.ccode, b.ccode)?
        .into_iter()
        .filter(|t| (from..=to).contains(&t.year))
    {
        for (src, flow) in [(a.ccode, t.a_to_b), (b.ccode, t.b_to_a)] {
            let Some((v, importer)) = flow else { continue };
            rows.push(vec![
                "trade".into(),
                dir(src).into(),
                Cell::Int(t.year.into()),
                "goods, US$ millions".into(),
                if importer {
                    "importer's report (CIF)"
                } else {
                    "exporter's report (FOB); the importer reported none"
                }
                .into(),
                Some(v).into(),
                "IMF DOTS".into(),
            ]);
        }
    }
    // Chinese official finance (AidData), when one of the two is China.
    for (lender, recipient) in [(a.ccode, b.ccode), (b.ccode, a.ccode)] {
        if lender != ties::AIDDATA_LENDER {
            continue;
        }
        for f in ties::chinese_finance(data, recipient)?
            .into_iter()
            .filter(|f| (from..=to).contains(&f.year))
        {
            rows.push(vec![
                "finance".into(),
                dir(lender).into(),
                Cell::Int(f.year.into()),
                "official finance committed, US$ millions (2021)".into(),
                format!(
                    "OOF-like {:.1}; ODA-like {:.1}; vague {:.1}",
                    f.oof, f.oda, f.vague
                )
                .into(),
                Some(f.total()).into(),
                "AidData GCDF 3.0".into(),
            ]);
        }
    }
    // Sanctions (GSDB; sender groups expanded to their members by year).
    let cases = sanctions::gsdb(data, reg)?;
    for (sender, target) in [(a.ccode, b.ccode), (b.ccode, a.ccode)] {
        for c in &cases {
            let years: Vec<i32> = covered(GSDB_YEARS)
                .filter(|&y| c.between(sender, target, y))
                .collect();
            let (Some(first), Some(last)) = (years.first(), years.last()) else {
                continue;
            };
            rows.push(vec![
                "sanction".into(),
                dir(sender).into(),
                Cell::Int((*first).into()),
                c.type_names().into(),
                format!(
                    "case {}: {} on {}, in force {}–{}{}; objective: {}; outcome: {}",
                    c.case_id,
                    c.sender_text,
                    c.target_text,
                    c.begin,
                    c.end,
                    if first == last {
                        String::new()
                    } else {
                        format!(" (shown {first}–{last})")
                    },
                    c.objective,
                    c.outcome
                )
                .into(),
                None.into(),
                format!("GSDB v3, line {}", c.line).into(),
            ]);
        }
    }
    // Militarized disputes.
    for d in ties::mids(data, a.ccode, b.ccode)?
        .into_iter()
        .filter(|d| covered(MID_YEARS).contains(&d.year))
    {
        rows.push(vec![
            "dispute".into(),
            "between".into(),
            Cell::Int(d.year.into()),
            format!("MID {}", d.dispute).into(),
            format!(
                "highest hostility: {} ({}){}",
                ties::HOSTILITY[usize::from(d.hostility - 1)],
                d.hostility,
                if d.onset { "; began this year" } else { "" }
            )
            .into(),
            None.into(),
            "COW MID 5.0".into(),
        ]);
    }
    // Exercises: MME, then JME.
    let mme = ties::mme(data, reg)?;
    let jme = jme::jme(data, reg)?.exercises;
    for (list, years, source) in [(&mme, MME_YEARS, "MME v7"), (&jme, JME_YEARS, "JME v3")] {
        for e in list.iter().filter(|e| {
            covered(years).contains(&e.year)
                && e.participant_cc.contains(&Some(a.ccode))
                && e.participant_cc.contains(&Some(b.ccode))
        }) {
            rows.push(vec![
                "exercise".into(),
                "joint".into(),
                Cell::Int(e.year.into()),
                e.name.clone().into(),
                format!(
                    "{}; {} participants: {}",
                    e.location,
                    e.participants.len(),
                    e.participants.join(", ")
                )
                .into(),
                None.into(),
                format!("{source} {}", e.id).into(),
            ]);
        }
    }
    for (name, (lo, hi)) in [
        ("ATOP alliances", ATOP_YEARS),
        ("COW alliances", cow::COW_ALLIANCE_YEARS),
        ("COW IGO memberships", cow::IGO_YEARS),
        ("JME exercises", JME_YEARS),
        ("GSDB sanctions", GSDB_YEARS),
        ("SIPRI dyad-year TIV", SIPRI_DYAD_YEARS),
        ("MME exercises", MME_YEARS),
        ("COW MID disputes", MID_YEARS),
    ] {
        if from < lo || to > hi {
            rows.notes.push(format!(
                "Coverage: {name} run {lo}–{hi}; years outside it are not shown (not zero)."
            ));
        }
    }
    rows.notes.push("value: TIV (millions; not money values) for arms volumes and deals (TIV of delivered weapons), US$ millions for trade. Arms deals: SIPRI register deals between the two ordered or delivered in the years asked for; trade to 2020 (IMF DOTS).".into());
    for d in entente_analysis::datasets::TIES {
        rows.notes.push(format!("Source: {}.", d.source));
    }
    rows.write(args.format, args.out.as_deref())
}

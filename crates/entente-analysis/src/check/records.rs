//! Claims about named records: an arms deal (SIPRI register), a swap line (Bahaj–Fuchs–Reis),
//! a trade partner's rank (IMF DOTS).

use entente_core::Country;
use entente_sources::catalogue;
use entente_sources::ties;
use entente_sources::ties::swap_lines::{SWAP_LINE_YEARS, liquidity_lines};

use super::{Evidence, Outcome, Verdict, ev};
use crate::error::{Error, Result};
use crate::session::Session;

/// "S-400" and "S-400 Triumf" alike: lower case, letters and digits only.
pub(super) fn normalized(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

pub(super) fn arms_deal(
    session: &Session,
    [s, r]: [&Country; 2],
    designation: &str,
    ordered: Option<i32>,
    delivered: Option<[i32; 2]>,
) -> Result<Outcome> {
    let (lo, hi) = catalogue::SIPRI.years;
    let sources = vec![catalogue::SIPRI.source.to_string()];
    let want = normalized(designation);
    if want.is_empty() {
        return Err(Error::invalid("designation is empty"));
    }
    let deals: Vec<&ties::Deal> = session
        .arms_deals()?
        .iter()
        .filter(|d| d.supplier_cc == Some(s.ccode) && d.recipient_cc == Some(r.ccode))
        .filter(|d| normalized(&d.designation).contains(&want))
        .collect();
    let evidence: Vec<Evidence> = deals
        .iter()
        .map(|d| {
            ev(
                format!(
                    "{} ({}): ordered {}{}, {} delivered in {}{}",
                    d.designation,
                    d.description,
                    d.order_year.map_or("?".into(), |y| y.to_string()),
                    d.number_ordered
                        .as_deref()
                        .map_or(String::new(), |n| format!(" ({n})")),
                    d.number_delivered.as_deref().unwrap_or("none"),
                    if d.delivery_years.is_empty() {
                        "no year".to_string()
                    } else {
                        d.delivery_years
                            .iter()
                            .map(|y| y.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                    if d.comments.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", d.comments)
                    }
                ),
                format!("SIPRI trade register, line {}", d.line),
            )
        })
        .collect();
    let route = format!("{} → {}", s.code3(), r.code3());
    if ordered.is_some_and(|y| y > hi) || delivered.is_some_and(|d| d[1] > hi) {
        return Ok((
            Verdict::CannotCheck,
            format!(
                "the SIPRI register covers orders and deliveries {lo}–{hi}; the claim reaches past {hi}"
            ),
            evidence,
            sources,
        ));
    }
    if deals.is_empty() {
        return Ok((
            Verdict::NotSupported,
            format!(
                "the SIPRI register ({lo}–{hi}) holds no deal {route} whose designation contains '{designation}'"
            ),
            evidence,
            sources,
        ));
    }
    let order_ok = |d: &&ties::Deal| ordered.is_none_or(|y| d.order_year == Some(y));
    let delivery_ok = |d: &&ties::Deal| {
        delivered.is_none_or(|[f, l]| {
            d.delivery_years.first() == Some(&f) && d.delivery_years.last() == Some(&l)
        })
    };
    let describe = |d: &ties::Deal| {
        format!(
            "{} ordered {}, delivered {}",
            d.designation,
            d.order_year.map_or("?".into(), |y| y.to_string()),
            match (d.delivery_years.first(), d.delivery_years.last()) {
                (Some(f), Some(l)) if f == l => f.to_string(),
                (Some(f), Some(l)) => format!("{f}–{l}"),
                _ => "not yet".into(),
            }
        )
    };
    if let Some(d) = deals.iter().find(|d| order_ok(d) && delivery_ok(d)) {
        return Ok((
            Verdict::Supported,
            format!("the SIPRI register holds the deal {route}: {}", describe(d)),
            evidence,
            sources,
        ));
    }
    Ok((
        Verdict::Partly,
        format!(
            "the SIPRI register holds {route} {}, but not with the years claimed",
            deals
                .iter()
                .map(|d| describe(d))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        evidence,
        sources,
    ))
}

pub(super) fn swap_line(
    session: &Session,
    [ca, cb]: [&Country; 2],
    amount: Option<f64>,
    currency: Option<&str>,
    signed: Option<i32>,
    renewed: &[i32],
) -> Result<Outcome> {
    let (lo, hi) = SWAP_LINE_YEARS;
    let sources = vec![catalogue::SWAP_LINES.source.to_string()];
    let lines: Vec<_> = liquidity_lines(session.data_dir()?, session.registry()?)?
        .into_iter()
        .filter(|l| crate::evidence::between(l.source, l.recipient, ca.ccode, cb.ccode))
        .filter(|l| l.bilateral())
        .collect();
    let evidence: Vec<Evidence> = lines
        .iter()
        .map(|l| {
            ev(
                format!(
                    "{}→{} {} to {}: {} ({})",
                    l.source_code,
                    l.recipient_code,
                    l.start,
                    l.end.map_or("no end".into(), |d| d.to_string()),
                    l.size(),
                    l.action.as_deref().unwrap_or("new")
                ),
                format!(
                    "Bahaj–Fuchs–Reis liquidity lines, deal {} (line {})",
                    l.deal_id, l.line
                ),
            )
        })
        .collect();
    let past: Vec<i32> = signed
        .into_iter()
        .chain(renewed.iter().copied())
        .filter(|y| *y > hi || *y < lo)
        .collect();
    if !past.is_empty() {
        return Ok((
            Verdict::CannotCheck,
            format!("the liquidity-line data cover {lo}–{hi}; the claim names {past:?}"),
            evidence,
            sources,
        ));
    }
    if lines.is_empty() {
        return Ok((
            Verdict::NotSupported,
            format!(
                "no bilateral central-bank liquidity line between {} and {} in {lo}–{hi}",
                ca.code3(),
                cb.code3()
            ),
            evidence,
            sources,
        ));
    }
    let mut held = Vec::new();
    let mut missing = Vec::new();
    let mut note = |ok: bool, what: String| {
        if ok {
            held.push(what)
        } else {
            missing.push(what)
        }
    };
    if let Some(y) = signed {
        note(
            lines.iter().any(|l| l.start.year == y),
            format!("a line signed in {y}"),
        );
    }
    if amount.is_some() || currency.is_some() {
        let ok = lines.iter().any(|l| {
            currency.is_none_or(|c| l.currency.eq_ignore_ascii_case(c))
                && amount.is_none_or(|a| l.amount.is_some_and(|x| (x - a).abs() <= 0.005 * a))
                && signed.is_none_or(|y| l.start.year == y)
        });
        note(
            ok,
            format!(
                "{}{}{}",
                amount.map_or(String::new(), |a| format!("{a} bn ")),
                currency.unwrap_or(""),
                signed.map_or(String::new(), |y| format!(" in {y}"))
            ),
        );
    }
    for y in renewed {
        note(
            lines.iter().any(|l| l.start.year == *y && l.renews()),
            format!("a renewal in {y}"),
        );
    }
    let renewals: Vec<String> = lines
        .iter()
        .filter(|l| l.renews())
        .map(|l| l.start.to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let summary = format!(
        "{} lines between {} and {} recorded (renewed or reactivated: {})",
        lines.len(),
        ca.code3(),
        cb.code3(),
        if renewals.is_empty() {
            "none".into()
        } else {
            renewals.join(", ")
        }
    );
    let verdict = match (held.is_empty(), missing.is_empty()) {
        (_, true) => Verdict::Supported,
        (false, false) => Verdict::Partly,
        (true, false) => Verdict::NotSupported,
    };
    let finding = match verdict {
        Verdict::Supported => format!("{summary}; the data hold {}", held.join(", ")),
        _ => format!(
            "{summary}; found: {}; not found: {}",
            if held.is_empty() {
                "nothing claimed".into()
            } else {
                held.join(", ")
            },
            missing.join(", ")
        ),
    };
    Ok((verdict, finding, evidence, sources))
}

pub(super) fn top_partner(
    session: &Session,
    [ca, cb]: [&Country; 2],
    year: i32,
    top: u32,
    mutual: bool,
) -> Result<Outcome> {
    let (lo, hi) = catalogue::IMF_DOTS.years;
    let sources = vec![catalogue::IMF_DOTS.source.to_string()];
    if !(lo..=hi).contains(&year) {
        return Ok((
            Verdict::CannotCheck,
            format!("IMF DOTS trade covers {lo}–{hi}, not {year}"),
            Vec::new(),
            sources,
        ));
    }
    let reports = session.ties()?.trade();
    let reg = session.registry()?;
    let mut codes: Vec<u16> = reg.countries().iter().map(|c| c.ccode).collect();
    codes.sort_unstable();
    codes.dedup();
    // (partner's rank, volume, share of x's trade, partners with trade)
    let rank = |x: u16, y: u16| -> Option<(usize, f64, f64, usize)> {
        let mut vols: Vec<(u16, f64)> = codes
            .iter()
            .filter(|&&c| c != x)
            .filter_map(|&c| {
                let t = reports.dyad_year(x, c, year)?;
                let v = t.a_to_b.map_or(0.0, |f| f.0) + t.b_to_a.map_or(0.0, |f| f.0);
                (v > 0.0).then_some((c, v))
            })
            .collect();
        vols.sort_by(|p, q| q.1.total_cmp(&p.1));
        let total: f64 = vols.iter().map(|v| v.1).sum();
        let k = vols.iter().position(|v| v.0 == y)?;
        Some((k + 1, vols[k].1, vols[k].1 / total, vols.len()))
    };
    let mut evidence = Vec::new();
    let mut within = Vec::new();
    let mut text = Vec::new();
    let directions: Vec<(&Country, &Country)> = if mutual {
        vec![(ca, cb), (cb, ca)]
    } else {
        vec![(ca, cb)]
    };
    for (x, y) in directions {
        match rank(x.ccode, y.ccode) {
            Some((k, v, share, n)) => {
                let line = format!(
                    "{} is {}'s trade partner no. {k} of {n} in {year} (US$ {:.1} bn, {:.1}% of {}'s goods trade)",
                    y.code3(),
                    x.code3(),
                    v / 1000.0,
                    share * 100.0,
                    x.code3()
                );
                evidence.push(ev(line.clone(), "IMF DOTS"));
                text.push(line);
                within.push(k as u32 <= top);
            }
            None => {
                text.push(format!(
                    "no trade of {} with {} in {year}",
                    x.code3(),
                    y.code3()
                ));
                within.push(false);
            }
        }
    }
    let verdict = if within.iter().all(|w| *w) {
        Verdict::Supported
    } else if within.iter().any(|w| *w) {
        Verdict::Partly
    } else {
        Verdict::NotSupported
    };
    Ok((
        verdict,
        format!("{} (claimed: within the top {top})", text.join("; ")),
        evidence,
        sources,
    ))
}

//! From the vote table to the estimation input: items, states, years, bridging groups.

use super::{IdealData, Obs};

/// Roll calls, states and years of an estimate, with the item groups.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub data: IdealData,
    /// COW code of each state index.
    pub states: Vec<u16>,
    /// Year of each year index.
    pub years: Vec<i32>,
    /// Roll-call id of each item.
    pub rollcalls: Vec<u32>,
    /// Votes per state and year (`n_votes[state * n_years + year]`).
    pub n_votes: Vec<u32>,
}

/// Builds the estimation input from the vote table: the roll calls that pass
/// `filter` and split the votes (at least two of yes/abstain/no), their yes, abstain
/// and no votes, and item groups joined by `links` (pairs of roll-call ids that
/// repeat one resolution).
pub fn prepare(
    table: &crate::VoteTable,
    filter: &crate::votes::RollCallFilter,
    links: &[(u32, u32)],
) -> Prepared {
    use std::collections::HashMap;
    let mut cats: HashMap<u32, [u32; 3]> = HashMap::new();
    for v in &table.votes {
        if let Some(p) = v.vote.position() {
            cats.entry(v.rollcall).or_default()[p] += 1;
        }
    }
    let chosen: Vec<&crate::RollCall> = table
        .rollcalls
        .iter()
        .filter(|r| {
            filter.accepts(r)
                && cats
                    .get(&r.id)
                    .is_some_and(|c| c.iter().filter(|&&n| n > 0).count() >= 2)
        })
        .collect();
    let (years, year_index) = sorted_index(chosen.iter().map(|r| r.year(filter.year_mode)));
    let item_index: HashMap<u32, u32> = chosen
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id, i as u32))
        .collect();
    // Union–find over items.
    let mut parent: Vec<u32> = (0..chosen.len() as u32).collect();
    fn root(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    for (a, b) in links {
        if let (Some(&x), Some(&y)) = (item_index.get(a), item_index.get(b)) {
            let (rx, ry) = (root(&mut parent, x), root(&mut parent, y));
            if rx != ry {
                parent[rx.max(ry) as usize] = rx.min(ry);
            }
        }
    }
    let mut group_of_root: HashMap<u32, u32> = HashMap::new();
    let mut item_group = Vec::with_capacity(chosen.len());
    for i in 0..chosen.len() as u32 {
        let r = root(&mut parent, i);
        let next = group_of_root.len() as u32;
        item_group.push(*group_of_root.entry(r).or_insert(next));
    }
    let (states, state_index) = sorted_index(
        table
            .votes
            .iter()
            .filter(|v| item_index.contains_key(&v.rollcall) && v.vote.position().is_some())
            .map(|v| v.ccode),
    );
    let ny = years.len();
    let mut n_votes = vec![0u32; states.len() * ny];
    let item_year: Vec<u32> = chosen
        .iter()
        .map(|r| year_index[&r.year(filter.year_mode)])
        .collect();
    let mut obs = Vec::new();
    for v in &table.votes {
        let (Some(&item), Some(cat)) = (item_index.get(&v.rollcall), v.vote.position()) else {
            continue;
        };
        let state = state_index[&v.ccode];
        n_votes[state as usize * ny + item_year[item as usize] as usize] += 1;
        obs.push(Obs {
            state,
            item,
            cat: cat as u8,
        });
    }
    Prepared {
        data: IdealData {
            n_states: states.len(),
            n_years: ny,
            item_year,
            n_groups: group_of_root.len(),
            item_group,
            obs,
            item_weight: Vec::new(),
        },
        states,
        years,
        rollcalls: chosen.iter().map(|r| r.id).collect(),
        n_votes,
    }
}

/// The distinct values in ascending order, and each value's position among them.
fn sorted_index<T: Ord + Copy + std::hash::Hash>(
    values: impl Iterator<Item = T>,
) -> (Vec<T>, std::collections::HashMap<T, u32>) {
    let sorted: Vec<T> = values
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let index = sorted
        .iter()
        .enumerate()
        .map(|(i, &v)| (v, i as u32))
        .collect();
    (sorted, index)
}

/// Links between roll calls that repeat one resolution in consecutive sessions, found
/// by title: final votes (not amendment or paragraph votes) whose normalised titles
/// (text before " : ", letters and digits only, lower case, at least 20 characters)
/// are equal and unique within each of the two sessions. Used where no published
/// match list exists.
pub fn title_links(rollcalls: &[crate::RollCall], from_session: u16) -> Vec<(u32, u32)> {
    use std::collections::HashMap;
    let key = |t: &str| -> String {
        let head = t.split(" : ").next().unwrap_or(t);
        head.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut by_session: HashMap<(u16, String), Vec<u32>> = HashMap::new();
    for r in rollcalls {
        if r.body != crate::Body::GeneralAssembly
            || r.amendment == Some(true)
            || r.paragraph == Some(true)
        {
            continue;
        }
        let k = key(&r.title);
        if k.len() >= 20 {
            by_session.entry((r.session, k)).or_default().push(r.id);
        }
    }
    let mut links = Vec::new();
    for ((session, k), ids) in &by_session {
        if *session + 1 < from_session || ids.len() != 1 {
            continue;
        }
        if let Some(next) = by_session.get(&(session + 1, k.clone()))
            && next.len() == 1
        {
            links.push((ids[0], next[0]));
        }
    }
    links.sort_unstable();
    links
}

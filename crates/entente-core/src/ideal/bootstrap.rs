//! Bootstrap quantiles of ideal points: roll calls resampled within years.

use super::{IdealData, IdealOptions, Obs, estimate, index_by};

/// The random stream of replicate `r`: depends on the seed and `r` alone, and two
/// seeds share no replicate (seeding with `seed + r` made seeds 42 and 43 share 99 of
/// 100 replicates, so a second seed could not show the Monte Carlo error).
fn replicate_rng(seed: u64, r: usize) -> rand::rngs::StdRng {
    use crate::agreement::splitmix;
    use rand::SeedableRng;
    rand::rngs::StdRng::seed_from_u64(splitmix(seed ^ splitmix(r as u64 ^ 0x1dea)))
}

/// Bootstrap replicates and seed.
#[derive(Clone, Copy, Debug)]
pub struct Resampling {
    pub reps: usize,
    pub seed: u64,
}

/// Nonparametric bootstrap: `reps` re-estimates, each on roll calls drawn with
/// replacement within every year (seeded; replicate `r` draws from a stream of its
/// own, fixed by the seed and `r`), each started from `start` (the point estimate's own start) and mapped
/// onto the scale of `reference` (the point estimate) by least squares (the scale is identified only up to a
/// linear map). Returns the 5%, 50% and 95% quantiles of each
/// state-year's position (`[q05, q50, q95]`, NaN where the state has no votes), and
/// calls `progress` after each replicate.
pub fn bootstrap(
    data: &IdealData,
    opts: &IdealOptions,
    start: &[f64],
    reference: &[f64],
    us_state: Option<usize>,
    resampling: Resampling,
    progress: &(dyn Fn() + Sync),
) -> Vec<[f64; 3]> {
    use rand::RngExt;
    let ny = data.n_years;
    let mut items_by_year: Vec<Vec<u32>> = vec![Vec::new(); ny];
    for (i, &y) in data.item_year.iter().enumerate() {
        items_by_year[y as usize].push(i as u32);
    }
    let obs_by_item = index_by(
        data.item_year.len(),
        data.obs.iter().map(|o| o.item as usize),
    );
    let Resampling { reps, seed } = resampling;
    let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(reps); data.n_states * ny];
    // One replicate: its resampled data, estimated and mapped onto the reference scale.
    let replicate = |r: usize| -> Vec<f64> {
        let mut rng = replicate_rng(seed, r);
        // Draws within each year; a roll call drawn k times enters once with weight k
        // (the same likelihood as k copies, at the cost of one).
        let mut draws_of = vec![0u32; data.item_year.len()];
        for items in &items_by_year {
            for _ in 0..items.len() {
                draws_of[items[rng.random_range(0..items.len())] as usize] += 1;
            }
        }
        let mut boot = IdealData {
            n_states: data.n_states,
            n_years: ny,
            n_groups: data.n_groups,
            ..Default::default()
        };
        for (old, &k) in draws_of.iter().enumerate() {
            if k == 0 {
                continue;
            }
            let new = boot.item_year.len() as u32;
            boot.item_year.push(data.item_year[old]);
            boot.item_group.push(data.item_group[old]);
            boot.item_weight.push(k);
            boot.obs.extend(obs_by_item[old].iter().map(|&i| Obs {
                item: new,
                ..data.obs[i as usize]
            }));
        }
        let fit = estimate(&boot, opts, start, us_state);
        // The scale is identified only up to a linear map, and each replicate is
        // standardised over its own extremes: map it onto the point estimate's scale by
        // least squares before taking quantiles.
        let (a, b) = linear_fit(&fit.theta, reference);
        let mapped = (fit.theta.iter())
            .map(|&t| if t.is_finite() { a + b * t } else { f64::NAN })
            .collect();
        progress();
        mapped
    };
    // Replicates two at a time: each estimate's iterations wait for both cores at
    // every step, and a second replicate fills the gaps (the results do not depend on
    // which thread runs what; replicates are taken in order).
    for r in (0..reps).step_by(2) {
        let (first, second) =
            rayon::join(|| replicate(r), || (r + 1 < reps).then(|| replicate(r + 1)));
        for theta in std::iter::once(first).chain(second) {
            for (d, t) in draws.iter_mut().zip(theta) {
                if t.is_finite() {
                    d.push(t);
                }
            }
        }
    }
    draws
        .into_iter()
        .map(|mut d| {
            if d.is_empty() {
                return [f64::NAN; 3];
            }
            d.sort_by(f64::total_cmp);
            [0.05, 0.5, 0.95].map(|p| crate::agreement::quantile(&d, p))
        })
        .collect()
}

/// Least-squares `y ≈ a + b x` over the cells where both are finite.
fn linear_fit(x: &[f64], y: &[f64]) -> (f64, f64) {
    let (mut n, mut sx, mut sy, mut sxx, mut sxy) = (0.0f64, 0.0, 0.0, 0.0, 0.0);
    for (&xi, &yi) in x.iter().zip(y) {
        if xi.is_finite() && yi.is_finite() {
            n += 1.0;
            sx += xi;
            sy += yi;
            sxx += xi * xi;
            sxy += xi * yi;
        }
    }
    let var = sxx - sx * sx / n.max(1.0);
    if n < 2.0 || var <= 0.0 {
        return (0.0, 1.0);
    }
    let b = (sxy - sx * sy / n) / var;
    (sy / n - b * sx / n, b)
}

#[cfg(test)]
mod tests {
    use super::replicate_rng;
    use rand::RngExt;

    #[test]
    fn nearby_seeds_share_no_replicate() {
        let mut first_draws: Vec<u64> = (40..44u64)
            .flat_map(|seed| (0..200).map(move |r| replicate_rng(seed, r).random::<u64>()))
            .collect();
        let n = first_draws.len();
        first_draws.sort_unstable();
        first_draws.dedup();
        assert_eq!(
            first_draws.len(),
            n,
            "every (seed, replicate) has its own stream"
        );
        assert_eq!(
            replicate_rng(42, 7).random::<u64>(),
            replicate_rng(42, 7).random::<u64>()
        );
    }
}

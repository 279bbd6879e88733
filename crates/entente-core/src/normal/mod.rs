//! The standard normal distribution where the ideal-point EM spends its time: density,
//! distribution function, tails and the inverse Mills ratio, built on the scaled
//! complementary error function `erfcx(x) = exp(x²)·erfc(x)`.
//!
//! `Φ(−|x|) = ½·exp(−x²/2)·erfcx(|x|/√2)`, so the density and both tails share one
//! exponential, and `φ(x)/Φ(x) = √(2/π)/erfcx(−x/√2)` for `x < 0` needs none (and does
//! not underflow in the far tail). `erfcx` is a table of polynomials — degree 7 on
//! 128 pieces of `[0, 8)`, degree 6 on pieces of `y = 4/(4 + x)` up to 50 — generated
//! and checked against mpmath by `tools/gen_erfcx.py` (relative error ≤ 5e-16), and a
//! continued fraction beyond 50. The exponential is entente's own ([`exp()`]), and
//! [`mills_in_place`] and [`pdf_and_tails_each`] evaluate whole slices four lanes at a
//! time with AVX2 where the CPU has it: every CPU computes the same bits.

mod exp;
#[cfg(target_arch = "x86_64")]
mod simd;
mod table;

pub use exp::exp;

use std::f64::consts::FRAC_1_SQRT_2;

/// 1/√(2π).
const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
/// √(2/π).
const SQRT_2_OVER_PI: f64 = 0.797_884_560_802_865_4;
/// 1/√π.
const INV_SQRT_PI: f64 = 0.564_189_583_547_756_3;

/// `exp(x²)·erfc(x)`; relative error ≤ 5e-16 for `x ≥ 0` (NaN for NaN).
pub fn erfcx(x: f64) -> f64 {
    if (0.0..table::X_NEAR).contains(&x) {
        // Where the EM's arguments fall: pieces of x, Estrin's scheme.
        let t = x * table::NEAR_PER_UNIT;
        let i = t as usize;
        let u = t - i as f64 - 0.5;
        let c = &table::NEAR[i];
        let (u2, u4) = (u * u, u * u * (u * u));
        return (c[0] + c[1] * u)
            + u2 * (c[2] + c[3] * u)
            + u4 * ((c[4] + c[5] * u) + u2 * (c[6] + c[7] * u));
    }
    if x < 0.0 {
        // erfc(−x) = 2 − erfc(x); overflows to +∞ below about −26.6, as it must.
        return 2.0 * exp(x * x) - erfcx(-x);
    }
    if x > table::X_MAX || x.is_nan() {
        return continued_fraction(x);
    }
    let t = 4.0 / (4.0 + x) * table::INTERVALS as f64;
    let i = (t as usize).clamp(table::FIRST, table::FIRST + table::TABLE.len() - 1);
    let u = t - i as f64 - 0.5;
    let c = &table::TABLE[i - table::FIRST];
    c[0] + u * (c[1] + u * (c[2] + u * (c[3] + u * (c[4] + u * (c[5] + u * c[6])))))
}

/// `erfcx(x)` for large `x`: `√π·erfcx(x) = 1/(x + ½/(x + 1/(x + (3/2)/(x + …))))`,
/// eight levels (exact to rounding beyond 50).
fn continued_fraction(x: f64) -> f64 {
    let mut acc = x;
    for k in (1..=8).rev() {
        acc = x + (f64::from(k) / 2.0) / acc;
    }
    INV_SQRT_PI / acc
}

/// `(φ(x), Φ(x), 1 − Φ(x))` from one exponential, each tail accurate where it is small.
pub fn pdf_and_tails(x: f64) -> (f64, f64, f64) {
    let e = exp(-0.5 * x * x);
    let small = 0.5 * e * erfcx(x.abs() * FRAC_1_SQRT_2);
    let (lower, upper) = if x < 0.0 {
        (small, 1.0 - small)
    } else {
        (1.0 - small, small)
    };
    (e * INV_SQRT_2PI, lower, upper)
}

/// Inverse Mills ratio `φ(x)/Φ(x)`, accurate in the lower tail (≈ −x there).
pub fn mills(x: f64) -> f64 {
    if x < 0.0 {
        SQRT_2_OVER_PI / erfcx(-x * FRAC_1_SQRT_2)
    } else {
        let (p, lower, _) = pdf_and_tails(x);
        p / lower
    }
}

/// `xs[k] ← mills(xs[k])` for every `k`: the values of [`mills`], four at a time where
/// the CPU has AVX2.
pub fn mills_in_place(xs: &mut [f64]) {
    #[cfg(target_arch = "x86_64")]
    if simd::available() {
        // SAFETY: the CPU has AVX2.
        unsafe { simd::mills_in_place(xs) };
        return;
    }
    xs.iter_mut().for_each(|x| *x = mills(*x));
}

/// [`pdf_and_tails`] of each `xs[k]` into `pdf[k]`, `lower[k]`, `upper[k]`, four at a
/// time where the CPU has AVX2. Panics unless the four slices have one length.
pub fn pdf_and_tails_each(xs: &[f64], pdf: &mut [f64], lower: &mut [f64], upper: &mut [f64]) {
    let n = xs.len();
    assert!(pdf.len() == n && lower.len() == n && upper.len() == n);
    #[cfg(target_arch = "x86_64")]
    if simd::available() {
        // SAFETY: the CPU has AVX2.
        unsafe { simd::pdf_and_tails_each(xs, pdf, lower, upper) };
        return;
    }
    for k in 0..n {
        (pdf[k], lower[k], upper[k]) = pdf_and_tails(xs[k]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (x, erfcx(x)) from mpmath at 40 digits, rounded.
    const ERFCX: [(f64, f64); 29] = [
        (0.0, 1.0),
        (1e-08, 0.9999999887162084),
        (0.001, 0.9988726200811514),
        (0.1, 0.8964569799691267),
        (0.25, 0.7703465477309968),
        (0.4999, 0.6157416166688975),
        (0.5, 0.6156903441929259),
        (0.75, 0.5069376502931449),
        (1.0, 0.427583576155807),
        (1.5, 0.3215854164543175),
        (2.0, 0.25539567631050575),
        (3.0, 0.17900115118138996),
        (4.5, 0.12248480427384142),
        (6.0, 0.09277656780053835),
        (9.0, 0.06230772403777468),
        (13.0, 0.043271921864609694),
        (20.0, 0.02817434874105132),
        (30.0, 0.01879588886141675),
        (49.99, 0.011283792121856089),
        (50.0, 0.011281536265323773),
        (50.01, 0.011279281310413202),
        (60.0, 0.009401854275176388),
        (100.0, 0.005641613782989433),
        (1000.0, 0.0005641893014533876),
        (1000000.0, 5.641895835474742e-07),
        (-0.3, 1.4537492328427655),
        (-1.0, 5.008980080762283),
        (-3.0, 16205.988853999586),
        (-6.0, 8622463094230390.0),
    ];
    /// (x, Φ(x), 1 − Φ(x), φ(x)/Φ(x)) from mpmath at 40 digits, rounded.
    const NORMAL: [(f64, f64, f64, f64); 17] = [
        (-40.0, 0.0, 1.0, 40.02496884720726),
        (-37.5, 4.605353009581955e-308, 1.0, 37.526628874883656),
        (-20.0, 2.7536241186062337e-89, 1.0, 20.04975306852785),
        (-8.5, 9.479534822203318e-18, 1.0, 8.614595320165172),
        (
            -8.0,
            6.220960574271784e-16,
            0.9999999999999993,
            8.121368112236112,
        ),
        (
            -5.0,
            2.866515718791939e-07,
            0.9999997133484281,
            5.186503967125842,
        ),
        (
            -2.0,
            0.02275013194817921,
            0.9772498680518208,
            2.373215532822841,
        ),
        (
            -1.0,
            0.15865525393145705,
            0.8413447460685429,
            1.525135276160981,
        ),
        (
            -0.1,
            0.460172162722971,
            0.539827837277029,
            0.8626174715309362,
        ),
        (0.0, 0.5, 0.5, 0.7978845608028654),
        (
            0.1,
            0.539827837277029,
            0.460172162722971,
            0.7353317485057806,
        ),
        (
            0.5,
            0.6914624612740131,
            0.3085375387259869,
            0.5091604338370335,
        ),
        (
            1.0,
            0.8413447460685429,
            0.15865525393145705,
            0.2875999709391784,
        ),
        (
            2.0,
            0.9772498680518208,
            0.02275013194817921,
            0.055247862678989956,
        ),
        (
            5.0,
            0.9999997133484281,
            2.866515718791939e-07,
            1.4867199409049056e-06,
        ),
        (
            8.0,
            0.9999999999999993,
            6.220960574271784e-16,
            5.052271083536895e-15,
        ),
        (12.0, 1.0, 1.776482112077679e-33, 2.1463837356630605e-32),
    ];

    fn rel(a: f64, b: f64) -> f64 {
        if a == b { 0.0 } else { ((a - b) / b).abs() }
    }

    /// Points from −40 to 40, dense near 0.
    fn grid() -> impl Iterator<Item = f64> {
        (-40_000..=40_000).map(|i| f64::from(i) / 1000.0)
    }

    #[test]
    fn erfcx_matches_mpmath() {
        for (x, want) in ERFCX {
            let tol = if x < 0.0 { 1e-14 } else { 1e-15 };
            assert!(
                rel(erfcx(x), want) < tol,
                "erfcx({x}) = {} vs {want}",
                erfcx(x)
            );
        }
        assert!(erfcx(f64::NAN).is_nan());
        assert_eq!(erfcx(f64::INFINITY), 0.0);
        assert_eq!(erfcx(-30.0), f64::INFINITY);
    }

    #[test]
    fn erfcx_is_smooth_where_the_pieces_meet() {
        // Across every piece boundary of both tables, where they meet, and at the
        // continued fraction.
        let near = (1..128).map(|i| f64::from(i) / table::NEAR_PER_UNIT);
        let far = (table::FIRST + 1..table::FIRST + table::TABLE.len())
            .map(|i| 4.0 * table::INTERVALS as f64 / i as f64 - 4.0);
        for x in near.chain(far).chain([table::X_NEAR]) {
            let (lo, hi) = (erfcx(x * (1.0 - 1e-12)), erfcx(x * (1.0 + 1e-12)));
            assert!(rel(lo, hi) < 1e-11, "x = {x}: {lo} vs {hi}");
        }
        let below = erfcx(table::X_MAX);
        assert!(rel(erfcx(table::X_MAX * (1.0 + f64::EPSILON)), below) < 1e-15);
        // Decreasing over [0, ∞).
        let xs: Vec<f64> = (0..100_000).map(|i| f64::from(i) / 1000.0).collect();
        assert!(xs.windows(2).all(|w| erfcx(w[1]) < erfcx(w[0])));
    }

    #[test]
    fn distribution_function_tails_and_mills_ratio_match_mpmath() {
        for (x, lower, upper, ratio) in NORMAL {
            let (p, lo, up) = pdf_and_tails(x);
            if lower > 1e-300 {
                assert!(rel(lo, lower) < 4e-15, "Φ({x}) = {lo} vs {lower}");
            }
            assert!(rel(up, upper) < 4e-15, "1 − Φ({x}) = {up} vs {upper}");
            assert!(
                rel(mills(x), ratio) < 4e-15,
                "mills({x}) = {} vs {ratio}",
                mills(x)
            );
            let density = (-0.5 * x * x).exp() * INV_SQRT_2PI;
            assert!(rel(p, density) < 1e-15 || density < 1e-300, "φ({x}) = {p}");
        }
    }

    #[test]
    fn tails_sum_to_one_and_mills_ratio_decreases_towards_minus_x() {
        for x in grid() {
            let (_, lower, upper) = pdf_and_tails(x);
            assert!((lower + upper - 1.0).abs() <= 2.0 * f64::EPSILON, "x = {x}");
        }
        let ms: Vec<f64> = grid().map(mills).collect();
        // Positive wherever φ(x) does not underflow (x < 37).
        assert!(
            grid()
                .zip(&ms)
                .all(|(x, m)| *m > 0.0 || (x > 37.0 && *m == 0.0))
        );
        assert!(ms.windows(2).all(|w| w[1] <= w[0]));
        // Far in the lower tail, where φ and Φ both underflow: −x (1 − 1/x² + 3/x⁴)⁻¹.
        for x in [-1e3, -1e8] {
            let want = -x / (1.0 - 1.0 / (x * x) + 3.0 / (x * x * x * x));
            assert!(rel(mills(x), want) < 1e-15, "x = {x}");
        }
    }

    /// Arguments across every piece of the tables, both signs, the table's edge,
    /// the far tails and NaN, in an order that mixes them within groups of four.
    fn batch_arguments() -> Vec<f64> {
        let mut xs: Vec<f64> = (-13_000..=13_000).map(|i| f64::from(i) / 997.0).collect();
        xs.extend([
            0.0,
            -0.0,
            11.3137,
            -11.3137,
            11.32,
            -11.32,
            40.0,
            -40.0,
            f64::NAN,
            1e300,
            -1e300,
        ]);
        // A fixed shuffle (multiplicative stride), then an odd tail.
        let n = xs.len();
        let mut mixed: Vec<f64> = (0..n).map(|k| xs[(k * 7919) % n]).collect();
        mixed.push(0.25);
        mixed
    }

    #[test]
    fn batches_equal_the_scalar_functions_bit_for_bit() {
        let xs = batch_arguments();
        let mut m = xs.clone();
        mills_in_place(&mut m);
        let n = xs.len();
        let (mut p, mut lo, mut up) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        pdf_and_tails_each(&xs, &mut p, &mut lo, &mut up);
        for (k, &x) in xs.iter().enumerate() {
            let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
            assert!(same(m[k], mills(x)), "mills({x}): {} vs {}", m[k], mills(x));
            let (sp, slo, sup) = pdf_and_tails(x);
            assert!(
                same(p[k], sp) && same(lo[k], slo) && same(up[k], sup),
                "x = {x}"
            );
        }
    }
}

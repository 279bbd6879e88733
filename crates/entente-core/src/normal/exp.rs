//! The exponential function, written out so that the scalar code and the four-lane
//! AVX2 code ([`super::simd`]) compute every result with the same operations in the
//! same order: the estimates do not depend on which CPU ran them.
//!
//! `exp(x) = 2ⁿ·2^(j/32)·exp(r)` with `k = round(x·32/ln2)` (ties to even),
//! `n = ⌊k/32⌋`, `j = k − 32n`, and `r = x − k·ln2/32` in two parts (fdlibm's `ln2_hi`,
//! whose low bits are zero, so `k·ln2_hi/32` is exact, and `ln2_lo`), `|r| ≤ ln2/64`;
//! `2^(j/32)` from a table of correctly rounded values (generated with Python's
//! `decimal` at 60 digits) and `exp(r)` from its Taylor series to degree 6 (truncation
//! ≤ 4e-18) by Horner's rule without fused multiply-adds. Relative error ≤ 1e-15
//! against the system's `exp` (tested). Results below 2⁻¹⁰²² (x < −708.40) are flushed
//! to 0; above the largest `f64` (x > 709.78) they are +∞.

/// 32/ln 2.
pub(crate) const STEPS_PER_LN2: f64 = 46.166_241_308_446_83;
/// ln2/32, high part (fdlibm's `ln2_hi`/32: its low 21 bits are zero).
pub(crate) const STEP_HI: f64 = 0.021_660_849_386_535_12;
/// ln2/32 − `STEP_HI`.
pub(crate) const STEP_LO: f64 = 5.963_171_653_970_586_6e-12;
/// ln 2⁻¹⁰²²: below it results are flushed to 0.
pub(crate) const MIN_ARG: f64 = -708.396_418_532_264_1;
/// ln of the largest `f64`: above it results are +∞.
pub(crate) const MAX_ARG: f64 = 709.782_712_893_384;
/// 1/k! for k = 6 down to 0: Horner's coefficients.
pub(crate) const TAYLOR: [f64; 7] = [
    1.388_888_888_888_889e-3,
    8.333_333_333_333_333e-3,
    4.166_666_666_666_666_4e-2,
    1.666_666_666_666_666_6e-1,
    0.5,
    1.0,
    1.0,
];
/// 2^(j/32), j = 0 … 31, correctly rounded.
pub(crate) static POW2_FRAC: [f64; 32] = [
    1.0,
    1.021_897_148_654_116_6,
    1.044_273_782_427_413_8,
    1.067_140_400_676_823_7,
    1.090_507_732_665_257_7,
    1.114_386_742_595_892_4,
    1.138_788_634_756_691_6,
    1.163_724_858_777_577_5,
    1.189_207_115_002_721,
    1.215_247_359_980_469,
    1.241_857_812_073_484,
    1.269_050_957_191_733_2,
    1.296_839_554_651_009_6,
    1.325_236_643_159_741_3,
    1.354_255_546_936_892_7,
    1.383_909_881_963_832,
    std::f64::consts::SQRT_2,
    1.445_180_806_977_046_7,
    1.476_826_145_939_499_3,
    1.509_164_427_593_422_8,
    1.542_210_825_407_940_7,
    1.575_980_845_107_886_5,
    1.610_490_331_949_254_3,
    1.645_755_478_153_965,
    1.681_792_830_507_429,
    1.718_619_298_122_478,
    1.756_252_160_373_299_5,
    1.794_709_075_003_107_2,
    1.834_008_086_409_342_4,
    1.874_167_634_110_3,
    1.915_206_561_397_147_4,
    1.957_144_124_175_400_2,
];

/// `eˣ` (see the module's notes on range and accuracy).
pub fn exp(x: f64) -> f64 {
    if x < MIN_ARG {
        return 0.0;
    }
    if x > MAX_ARG {
        return f64::INFINITY;
    }
    let k = (x * STEPS_PER_LN2).round_ties_even();
    let n = (k * (1.0 / 32.0)).floor();
    let j = k - 32.0 * n;
    let r = (x - k * STEP_HI) - k * STEP_LO;
    let mut p = TAYLOR[0];
    for &c in &TAYLOR[1..] {
        p = p * r + c;
    }
    // A NaN `x` gives n = j = 0 here (and a NaN result through p).
    let y = POW2_FRAC[(j as usize) & 31] * p;
    // 2ⁿ from its exponent bits; n ∈ [−1022, 1024].
    let n = n as i64;
    if n > 1023 {
        return (y * 2.0) * f64::from_bits(((n + 1022) as u64) << 52);
    }
    y * f64::from_bits(((n + 1023) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_system_exponential() {
        let mut worst = 0.0f64;
        for i in -708_000..=709_000 {
            let x = f64::from(i) / 1000.0 + 1e-4;
            let (got, want) = (exp(x), x.exp());
            worst = worst.max(((got - want) / want).abs());
        }
        assert!(worst <= 1e-15, "worst relative error {worst:e}");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-0.0), 1.0);
        assert_eq!(exp(-708.5), 0.0);
        assert_eq!(exp(-f64::INFINITY), 0.0);
        assert_eq!(exp(710.0), f64::INFINITY);
        assert!(exp(f64::NAN).is_nan());
        // Just above the flush: positive and close to the system's.
        let tiny = exp(MIN_ARG + 1e-9);
        assert!(tiny > 0.0 && ((tiny - (MIN_ARG + 1e-9).exp()) / tiny).abs() < 1e-12);
    }
}

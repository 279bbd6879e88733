//! The exponential function, written out so that the scalar code and the four-lane
//! AVX2 code ([`super::simd`]) compute every result with the same operations in the
//! same order: the estimates do not depend on which CPU ran them.
//!
//! `exp(x) = 2ⁿ·exp(r)` with `n = round(x·log₂e)` (ties to even) and
//! `r = x − n·ln2` in two parts (fdlibm's `ln2_hi`, whose low bits are zero, so `n·ln2_hi`
//! is exact, and `ln2_lo`), `|r| ≤ ln2/2`; `exp(r)` from its Taylor series to degree 13
//! (truncation ≤ 5e-18) by Horner's rule without fused multiply-adds. Relative error
//! ≤ 1e-15 against the system's `exp` (tested). Results below 2⁻¹⁰²² (x < −708.40) are
//! flushed to 0; above the largest `f64` (x > 709.78) they are +∞.

/// log₂e.
pub(crate) const LOG2_E: f64 = std::f64::consts::LOG2_E;
/// ln 2, high part (fdlibm: the low 32 bits of its significand are zero).
pub(crate) const LN2_HI: f64 = 6.931_471_803_691_238e-1;
/// ln 2 − `LN2_HI`.
pub(crate) const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
/// ln 2⁻¹⁰²²: below it results are flushed to 0.
pub(crate) const MIN_ARG: f64 = -708.396_418_532_264_1;
/// ln of the largest `f64`: above it results are +∞.
pub(crate) const MAX_ARG: f64 = 709.782_712_893_384;
/// 1/k! for k = 13 down to 0: Horner's coefficients.
pub(crate) const TAYLOR: [f64; 14] = [
    1.605_904_383_682_161_3e-10,
    2.087_675_698_786_81e-9,
    2.505_210_838_544_172e-8,
    2.755_731_922_398_589e-7,
    2.755_731_922_398_589_3e-6,
    2.480_158_730_158_73e-5,
    1.984_126_984_126_984e-4,
    1.388_888_888_888_889e-3,
    8.333_333_333_333_333e-3,
    4.166_666_666_666_666_4e-2,
    1.666_666_666_666_666_6e-1,
    0.5,
    1.0,
    1.0,
];

/// `eˣ` (see the module's notes on range and accuracy).
pub fn exp(x: f64) -> f64 {
    if x < MIN_ARG {
        return 0.0;
    }
    if x > MAX_ARG {
        return f64::INFINITY;
    }
    let n = (x * LOG2_E).round_ties_even();
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let mut p = TAYLOR[0];
    for &c in &TAYLOR[1..] {
        p = p * r + c;
    }
    // 2ⁿ from its exponent bits; n ∈ [−1022, 1024] here, and a NaN `x` gives n = 0.
    let n = n as i64;
    if n > 1023 {
        return (p * 2.0) * f64::from_bits(((n + 1022) as u64) << 52);
    }
    p * f64::from_bits(((n + 1023) as u64) << 52)
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

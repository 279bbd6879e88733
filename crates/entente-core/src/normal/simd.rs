//! Four lanes at a time with AVX2 (x86-64, detected at run time): the Mills ratio and
//! the tails of many arguments, for the ideal-point EM's E-step and Newton steps.
//!
//! Every lane computes exactly what the scalar functions compute — the same
//! operations in the same order, no fused multiply-adds — so results are bit for bit
//! the same with or without AVX2 (tested). A lane outside the near table of `erfcx`
//! (`|x|/√2 ≥ 8`, or NaN) is recomputed by the scalar functions.

use std::arch::x86_64::*;

use super::exp::{MIN_ARG, POW2_FRAC, STEP_HI, STEP_LO, STEPS_PER_LN2, TAYLOR};
use super::{INV_SQRT_2PI, SQRT_2_OVER_PI, table};
use std::f64::consts::FRAC_1_SQRT_2;

/// Whether this CPU runs the AVX2 kernels.
pub fn available() -> bool {
    is_x86_feature_detected!("avx2")
}

#[inline]
#[target_feature(enable = "avx2")]
fn splat(x: f64) -> __m256d {
    _mm256_set1_pd(x)
}

/// `eˣ` for `x ≤ 0` (or NaN), as [`super::exp::exp`].
#[inline]
#[target_feature(enable = "avx2")]
fn exp4(x: __m256d) -> __m256d {
    let k = _mm256_round_pd::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(_mm256_mul_pd(
        x,
        splat(STEPS_PER_LN2),
    ));
    let n = _mm256_floor_pd(_mm256_mul_pd(k, splat(1.0 / 32.0)));
    let j = _mm256_sub_pd(k, _mm256_mul_pd(splat(32.0), n));
    let r = _mm256_sub_pd(
        _mm256_sub_pd(x, _mm256_mul_pd(k, splat(STEP_HI))),
        _mm256_mul_pd(k, splat(STEP_LO)),
    );
    let mut p = splat(TAYLOR[0]);
    for &c in &TAYLOR[1..] {
        p = _mm256_add_pd(_mm256_mul_pd(p, r), splat(c));
    }
    // Small integers as integers: v + 1.5·2⁵² holds v in its low bits.
    let magic = splat(6_755_399_441_055_744.0);
    let int = |v: __m256d| {
        _mm256_sub_epi64(
            _mm256_castpd_si256(_mm256_add_pd(v, magic)),
            _mm256_castpd_si256(magic),
        )
    };
    // j ∈ [0, 32) in every lane but NaN ones, kept in the table by the mask.
    let row = _mm256_and_si256(int(j), _mm256_set1_epi64x(31));
    // SAFETY: each index lies in 0..32, inside the table.
    let frac = unsafe { _mm256_i64gather_pd::<8>(POW2_FRAC.as_ptr(), row) };
    let y = _mm256_mul_pd(frac, p);
    let two_n = _mm256_castsi256_pd(_mm256_slli_epi64::<52>(_mm256_add_epi64(
        int(n),
        _mm256_set1_epi64x(1023),
    )));
    let under = _mm256_cmp_pd::<_CMP_LT_OQ>(x, splat(MIN_ARG));
    _mm256_andnot_pd(under, _mm256_mul_pd(y, two_n))
}

/// `erfcx` of four arguments in `[0, X_NEAR)` (as [`scaled_abs`] limits them), as the
/// scalar function's near table.
#[inline]
#[target_feature(enable = "avx2")]
fn erfcx4_near(x: __m256d) -> __m256d {
    let t = _mm256_mul_pd(x, splat(table::NEAR_PER_UNIT));
    let whole = _mm256_round_pd::<{ _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC }>(t);
    let u = _mm256_sub_pd(_mm256_sub_pd(t, whole), splat(0.5));
    // Piece i's coefficients start at f64 offset 8·i.
    let row = _mm_slli_epi32::<3>(_mm256_cvttpd_epi32(t));
    let base = table::NEAR.as_ptr().cast::<f64>();
    // SAFETY: 0 ≤ t < 128 in every lane (x ∈ [0, 8), NaN excluded, by `scaled_abs`),
    // so each offset 8·i + j (j < 8) lies inside the 128 × 8 table.
    let c = |j: usize| unsafe { _mm256_i32gather_pd::<8>(base.add(j), row) };
    let u2 = _mm256_mul_pd(u, u);
    let u4 = _mm256_mul_pd(u2, u2);
    let lin = |a: __m256d, b: __m256d| _mm256_add_pd(a, _mm256_mul_pd(b, u));
    let low = _mm256_add_pd(lin(c(0), c(1)), _mm256_mul_pd(u2, lin(c(2), c(3))));
    let high = _mm256_add_pd(lin(c(4), c(5)), _mm256_mul_pd(u2, lin(c(6), c(7))));
    _mm256_add_pd(low, _mm256_mul_pd(u4, high))
}

/// `|x|/√2` of four arguments, limited to the near table (NaN to its end), and a bit
/// per lane that lay outside it (to be recomputed).
#[inline]
#[target_feature(enable = "avx2")]
fn scaled_abs(x: __m256d) -> (__m256d, i32) {
    let abs = _mm256_andnot_pd(splat(-0.0), x);
    let a = _mm256_mul_pd(abs, splat(FRAC_1_SQRT_2));
    let inside = _mm256_cmp_pd::<_CMP_LT_OQ>(a, splat(table::X_NEAR));
    // The largest f64 below X_NEAR; `min` gives its second operand for a NaN lane.
    let last = splat(f64::from_bits(table::X_NEAR.to_bits() - 1));
    (_mm256_min_pd(a, last), !_mm256_movemask_pd(inside) & 0b1111)
}

/// The lanes of `outside` (a bit per lane).
fn lanes(outside: i32) -> impl Iterator<Item = usize> {
    (0..4).filter(move |j| outside & (1 << j) != 0)
}

/// `(φ(x), ½·e^{−x²/2}·erfcx(|x|/√2))`, the density and the smaller tail, from
/// `erfcx(|x|/√2)`.
#[inline]
#[target_feature(enable = "avx2")]
fn pdf_and_small_tail4(x: __m256d, erfcx: __m256d) -> (__m256d, __m256d) {
    let e = exp4(_mm256_mul_pd(_mm256_mul_pd(splat(-0.5), x), x));
    let small = _mm256_mul_pd(_mm256_mul_pd(splat(0.5), e), erfcx);
    (_mm256_mul_pd(e, splat(INV_SQRT_2PI)), small)
}

/// `xs[k] ← mills(xs[k])`.
///
/// # Safety
/// The CPU must have AVX2 ([`available`]).
#[target_feature(enable = "avx2")]
pub unsafe fn mills_in_place(xs: &mut [f64]) {
    let mut quads = xs.chunks_exact_mut(4);
    for q in &mut quads {
        // SAFETY: four f64 in `q`.
        let x = unsafe { _mm256_loadu_pd(q.as_ptr()) };
        let (a, outside) = scaled_abs(x);
        // x < 0: √(2/π)/erfcx(−x/√2); x ≥ 0: φ(x)/(1 − small tail); one division
        // of the chosen numerators and denominators, and no exponential when every
        // lane is negative.
        let negative = _mm256_cmp_pd::<_CMP_LT_OQ>(x, splat(0.0));
        let e = erfcx4_near(a);
        let (num, den) = if _mm256_movemask_pd(negative) == 0b1111 {
            (splat(SQRT_2_OVER_PI), e)
        } else {
            let (p, small) = pdf_and_small_tail4(x, e);
            (
                _mm256_blendv_pd(p, splat(SQRT_2_OVER_PI), negative),
                _mm256_blendv_pd(_mm256_sub_pd(splat(1.0), small), e, negative),
            )
        };
        let m = _mm256_div_pd(num, den);
        // SAFETY: four f64 in `q`.
        unsafe { _mm256_storeu_pd(q.as_mut_ptr(), m) };
        if outside != 0 {
            let mut arguments = [0.0f64; 4];
            // SAFETY: four f64 in `arguments`.
            unsafe { _mm256_storeu_pd(arguments.as_mut_ptr(), x) };
            for j in lanes(outside) {
                q[j] = super::mills(arguments[j]);
            }
        }
    }
    quads
        .into_remainder()
        .iter_mut()
        .for_each(|v| *v = super::mills(*v));
}

/// `(φ(x), Φ(x), 1 − Φ(x))` of each `xs[k]` into `pdf[k]`, `lower[k]`, `upper[k]`
/// (slices of one length).
///
/// # Safety
/// The CPU must have AVX2 ([`available`]).
#[target_feature(enable = "avx2")]
pub unsafe fn pdf_and_tails_each(
    xs: &[f64],
    pdf: &mut [f64],
    lower: &mut [f64],
    upper: &mut [f64],
) {
    let n = xs.len();
    assert!(pdf.len() == n && lower.len() == n && upper.len() == n);
    let mut k = 0;
    while k + 4 <= n {
        // SAFETY: k + 4 ≤ n for all four slices (checked above).
        let x = unsafe { _mm256_loadu_pd(xs.as_ptr().add(k)) };
        let (a, outside) = scaled_abs(x);
        let (p, small) = pdf_and_small_tail4(x, erfcx4_near(a));
        let big = _mm256_sub_pd(splat(1.0), small);
        let negative = _mm256_cmp_pd::<_CMP_LT_OQ>(x, splat(0.0));
        // SAFETY: as above.
        unsafe {
            _mm256_storeu_pd(pdf.as_mut_ptr().add(k), p);
            _mm256_storeu_pd(
                lower.as_mut_ptr().add(k),
                _mm256_blendv_pd(big, small, negative),
            );
            _mm256_storeu_pd(
                upper.as_mut_ptr().add(k),
                _mm256_blendv_pd(small, big, negative),
            );
        }
        for j in lanes(outside) {
            (pdf[k + j], lower[k + j], upper[k + j]) = super::pdf_and_tails(xs[k + j]);
        }
        k += 4;
    }
    for j in k..n {
        (pdf[j], lower[j], upper[j]) = super::pdf_and_tails(xs[j]);
    }
}

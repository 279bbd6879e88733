//! Property tests of the agreement measures: symmetry, bounds, identical voters.

use entente_core::agreement::Bootstrap;
use entente_core::{Measure, PairTable};
use proptest::prelude::*;

fn table() -> impl Strategy<Value = PairTable> {
    proptest::array::uniform9(0u32..40).prop_map(|c| PairTable {
        counts: [[c[0], c[1], c[2]], [c[3], c[4], c[5]], [c[6], c[7], c[8]]],
    })
}

proptest! {
    #[test]
    fn measures_are_symmetric(t in table()) {
        for m in Measure::ALL {
            let (x, y) = (t.value(m), t.transpose().value(m));
            match (x, y) {
                (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-12, "{m}: {x} vs {y}"),
                (None, None) => {}
                other => prop_assert!(false, "{m}: {other:?}"),
            }
        }
    }

    #[test]
    fn measures_stay_in_their_ranges(t in table()) {
        for m in Measure::ALL {
            if let Some(v) = t.value(m) {
                let (lo, hi) = m.range();
                prop_assert!(v >= lo - 1e-12 && v <= hi + 1e-12, "{m} = {v}");
            }
        }
        // S with absolute distances never exceeds agree_half-based bounds: agree ≤ agree_half.
        if let (Some(a), Some(h)) = (t.value(Measure::Agree), t.value(Measure::AgreeHalf)) {
            prop_assert!(a <= h + 1e-12);
        }
    }

    #[test]
    fn identical_voters_score_one(diag in proptest::array::uniform3(0u32..50)) {
        prop_assume!(diag.iter().sum::<u32>() > 0);
        let t = PairTable { counts: [[diag[0], 0, 0], [0, diag[1], 0], [0, 0, diag[2]]] };
        for m in [Measure::Agree, Measure::AgreeHalf, Measure::SAbs, Measure::SSq] {
            prop_assert_eq!(t.value(m), Some(1.0));
        }
        // κ and π are 1 when defined (they are undefined if both always cast one vote).
        let varied = diag.iter().filter(|&&d| d > 0).count() > 1;
        for m in [Measure::Kappa, Measure::Pi] {
            prop_assert_eq!(t.value(m), varied.then_some(1.0));
        }
    }

    #[test]
    fn bootstrap_intervals_are_ordered_and_reproducible(cells in proptest::collection::vec(0u8..9, 1..60), seed in any::<u64>()) {
        let bs = Bootstrap { reps: 200, seed, level: 0.95 };
        let a = bs.intervals(&cells, &Measure::ALL, 1);
        prop_assert_eq!(&a, &bs.intervals(&cells, &Measure::ALL, 1));
        for iv in a.into_iter().flatten() {
            prop_assert!(iv.lo <= iv.hi);
        }
    }
}

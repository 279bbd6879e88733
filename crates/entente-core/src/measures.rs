//! Dyadic agreement measures on UN roll calls, computed from a 3×3 table of the
//! two states' votes (yes, abstain, no) over the roll calls both voted on.
//!
//! Absent members and non-members are excluded; abstention is its own category.
//! With positions yes = 0, abstain = 1, no = 2 and `n` joint votes:
//!
//! | measure | definition | reference |
//! |---|---|---|
//! | `agree` | share of identical votes | Voeten codebook (`*Agree`) |
//! | `agree_half` | identical = 1, one abstains = ½, yes vs no = 0 | Voeten codebook variant |
//! | `s_abs` | 1 − 2·Σ\|xₐ−x_b\| / (n·2) | Signorino & Ritter 1999 |
//! | `s_sq` | 1 − 2·Σ(xₐ−x_b)² / (n·4) | Signorino & Ritter 1999 |
//! | `kappa` | 1 − D_o/D_e, D_e from each state's own marginals | Cohen 1960; Häge 2011 |
//! | `pi` | 1 − D_o/D_e, D_e from the pooled marginals | Scott 1955; Häge 2011 |
//!
//! κ and π use squared distances (quadratic weights), so they are the chance-
//! corrected counterparts of `s_sq`. They are undefined (missing) when the expected
//! disagreement is 0, i.e. both states cast one and the same vote throughout.

// Loops run over vote positions (0, 1, 2), which index the 3×3 table and the marginals alike.
#![allow(clippy::needless_range_loop)]

use std::fmt;
use std::str::FromStr;

/// One agreement measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Measure {
    Agree,
    AgreeHalf,
    SAbs,
    SSq,
    Kappa,
    Pi,
}

impl Measure {
    pub const ALL: [Measure; 6] = [
        Measure::Agree,
        Measure::AgreeHalf,
        Measure::SAbs,
        Measure::SSq,
        Measure::Kappa,
        Measure::Pi,
    ];

    /// Column name in CSV/JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Agree => "agree",
            Measure::AgreeHalf => "agree_half",
            Measure::SAbs => "s_abs",
            Measure::SSq => "s_sq",
            Measure::Kappa => "kappa",
            Measure::Pi => "pi",
        }
    }

    /// Range of the measure (inclusive); κ and π have no fixed lower bound.
    pub fn range(self) -> (f64, f64) {
        match self {
            Measure::Agree | Measure::AgreeHalf => (0.0, 1.0),
            Measure::SAbs | Measure::SSq => (-1.0, 1.0),
            Measure::Kappa | Measure::Pi => (f64::NEG_INFINITY, 1.0),
        }
    }

    /// Parses a comma-separated list; `s` alone means both S variants.
    pub fn parse_list(s: &str) -> Result<Vec<Measure>, UnknownName> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let ms: Vec<Measure> = match part {
                "all" => Measure::ALL.to_vec(),
                "s" => vec![Measure::SAbs, Measure::SSq],
                other => vec![other.parse()?],
            };
            for m in ms {
                if !out.contains(&m) {
                    out.push(m);
                }
            }
        }
        if out.is_empty() {
            return Err(UnknownName("no measure given".into()));
        }
        Ok(out)
    }
}

/// A name that is not one of the known choices (a measure, a weight), with a message
/// that lists them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UnknownName(pub String);

impl FromStr for Measure {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Measure::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                UnknownName(format!("unknown measure '{s}' (expected one of agree, agree_half, s, s_abs, s_sq, kappa, pi, all)"))
            })
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Counts of joint votes: `counts[a][b]` is the number of roll calls on which state
/// A took position `a` and state B position `b` (0 yes, 1 abstain, 2 no).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PairTable {
    pub counts: [[u32; 3]; 3],
}

impl PairTable {
    /// Builds the table from cell indices `3·a + b`.
    pub fn from_cells(cells: impl IntoIterator<Item = u8>) -> PairTable {
        let mut t = PairTable::default();
        for c in cells {
            t.counts[(c / 3) as usize][(c % 3) as usize] += 1;
        }
        t
    }

    /// Number of roll calls both states voted on (yes/abstain/no).
    pub fn n(&self) -> u32 {
        self.counts.iter().flatten().sum()
    }

    /// The transposed table (B, A).
    pub fn transpose(&self) -> PairTable {
        let mut t = PairTable::default();
        for a in 0..3 {
            for b in 0..3 {
                t.counts[b][a] = self.counts[a][b];
            }
        }
        t
    }

    /// The value of `m`, or `None` when no joint votes exist or the measure is undefined
    /// (only `m` is computed; the same value as [`PairTable::values`] gives).
    pub fn value(&self, m: Measure) -> Option<f64> {
        let s = self.sums()?;
        s.measure(m, || self.marginals())
    }

    /// All six measures at once, in [`Measure::ALL`] order (shared sums computed once).
    pub fn values(&self) -> [Option<f64>; 6] {
        let Some(s) = self.sums() else {
            return [None; 6];
        };
        let marginals = self.marginals();
        let m = |k: usize| s.measure(Measure::ALL[k], || marginals);
        // Spelled out so each call is inlined with its measure known.
        [m(0), m(1), m(2), m(3), m(4), m(5)]
    }

    /// The joint votes by distance (None without joint votes).
    fn sums(&self) -> Option<Sums> {
        let c = &self.counts;
        let n = self.n();
        if n == 0 {
            return None;
        }
        // Integer sums by distance: 0 (same vote), 1 (abstain vs yes/no), 2 (yes vs no).
        let same = c[0][0] + c[1][1] + c[2][2];
        let near = c[0][1] + c[1][0] + c[1][2] + c[2][1];
        let far = c[0][2] + c[2][0];
        Some(Sums {
            n: f64::from(n),
            same: f64::from(same),
            near: f64::from(near),
            far: f64::from(far),
        })
    }

    /// Each state's share of yes, abstain and no among the joint votes.
    fn marginals(&self) -> ([f64; 3], [f64; 3]) {
        let n = f64::from(self.n());
        let mut ma = [0.0; 3];
        let mut mb = [0.0; 3];
        for a in 0..3 {
            for b in 0..3 {
                let c = f64::from(self.counts[a][b]) / n;
                ma[a] += c;
                mb[b] += c;
            }
        }
        (ma, mb)
    }
}

/// Joint votes in all, and by distance between the two positions: 0 (same), 1
/// (abstain against yes or no), 2 (yes against no).
struct Sums {
    n: f64,
    same: f64,
    near: f64,
    far: f64,
}

impl Sums {
    /// Σ |a − b|.
    fn sum_abs(&self) -> f64 {
        self.near + 2.0 * self.far
    }

    /// Σ (a − b)².
    fn sum_sq(&self) -> f64 {
        self.near + 4.0 * self.far
    }

    /// The value of `m`, from the two states' marginal shares where it needs them.
    #[inline]
    fn measure(&self, m: Measure, marginals: impl FnOnce() -> ([f64; 3], [f64; 3])) -> Option<f64> {
        match m {
            Measure::Agree => Some(self.same / self.n),
            Measure::AgreeHalf => Some((self.same + 0.5 * self.near) / self.n),
            Measure::SAbs => Some(1.0 - 2.0 * self.sum_abs() / (self.n * 2.0)),
            Measure::SSq => Some(1.0 - 2.0 * self.sum_sq() / (self.n * 4.0)),
            Measure::Kappa => {
                let (ma, mb) = marginals();
                self.chance_corrected(expected_distance(&ma, &mb))
            }
            Measure::Pi => {
                let pooled = pooled(marginals());
                self.chance_corrected(expected_distance(&pooled, &pooled))
            }
        }
    }

    /// 1 − observed / expected squared distance (None when nothing is expected).
    fn chance_corrected(&self, expected: f64) -> Option<f64> {
        let observed = self.sum_sq() / self.n;
        (expected > 1e-12).then(|| 1.0 - observed / expected)
    }
}

/// Expected squared distance between positions drawn from `pa` and `pb`.
fn expected_distance(pa: &[f64; 3], pb: &[f64; 3]) -> f64 {
    let mut e = 0.0;
    for a in 0..3 {
        for b in 0..3 {
            e += pa[a] * pb[b] * (a.abs_diff(b) * a.abs_diff(b)) as f64;
        }
    }
    e
}

/// The two states' marginal shares pooled (Scott's π).
fn pooled((ma, mb): ([f64; 3], [f64; 3])) -> [f64; 3] {
    std::array::from_fn(|i| (ma[i] + mb[i]) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: [[u32; 3]; 3]) -> PairTable {
        PairTable { counts: rows }
    }

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("defined");
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    /// Four roll calls: (Y,Y), (Y,A), (N,Y), (A,A).
    #[test]
    fn hand_computed_small_table() {
        let t = PairTable::from_cells([0, 1, 6, 4]);
        assert_eq!(t.n(), 4);
        close(t.value(Measure::Agree), 2.0 / 4.0);
        // 1 + 0.5 + 0 + 1 = 2.5
        close(t.value(Measure::AgreeHalf), 2.5 / 4.0);
        // |d| = 0,1,2,0 → Σ=3; S = 1 − 2·3/(4·2) = 0.25
        close(t.value(Measure::SAbs), 0.25);
        // d² = 0,1,4,0 → Σ=5; S = 1 − 2·5/(4·4) = 0.375
        close(t.value(Measure::SSq), 0.375);
        // A: Y,Y,N,A → pA = (.5,.25,.25); B: Y,A,Y,A → pB = (.5,.5,0)
        // D_o = 5/4 = 1.25
        // D_e(κ) = Σ pA(a) pB(b)(a−b)²: a=0: .5·(.5·0+.5·1)=.25; a=1: .25·(.5·1+.5·0)=.125;
        //          a=2: .25·(.5·4+.5·1)=.625 → 1.0; κ = 1 − 1.25 = −0.25
        close(t.value(Measure::Kappa), -0.25);
        // pooled p = (.5,.375,.125); D_e(π) = Σ p(a)p(b)(a−b)² = 2·[.5·.375·1 + .5·.125·4 + .375·.125·1]
        //          = 2·(.1875 + .25 + .046875) = 0.96875; π = 1 − 1.25/0.96875
        close(t.value(Measure::Pi), 1.0 - 1.25 / 0.96875);
    }

    #[test]
    fn perfect_and_opposite_voters() {
        let same = table([[5, 0, 0], [0, 2, 0], [0, 0, 3]]);
        for m in Measure::ALL {
            close(same.value(m), 1.0);
        }
        let opposite = table([[0, 0, 4], [0, 0, 0], [4, 0, 0]]);
        close(opposite.value(Measure::Agree), 0.0);
        close(opposite.value(Measure::AgreeHalf), 0.0);
        close(opposite.value(Measure::SAbs), -1.0);
        close(opposite.value(Measure::SSq), -1.0);
        // pA = pB = (.5, 0, .5): D_e = 2·.25·4 = 2; D_o = 4 → κ = π = −1
        close(opposite.value(Measure::Kappa), -1.0);
        close(opposite.value(Measure::Pi), -1.0);
    }

    #[test]
    fn undefined_cases_are_missing() {
        assert_eq!(PairTable::default().value(Measure::Agree), None);
        let all_yes = table([[7, 0, 0], [0, 0, 0], [0, 0, 0]]);
        close(all_yes.value(Measure::Agree), 1.0);
        assert_eq!(all_yes.value(Measure::Kappa), None);
        assert_eq!(all_yes.value(Measure::Pi), None);
    }

    #[test]
    fn parses_measure_lists() {
        assert_eq!(Measure::parse_list("agree,s,kappa,pi").unwrap().len(), 5);
        assert_eq!(Measure::parse_list("all").unwrap(), Measure::ALL.to_vec());
        assert!(
            Measure::parse_list("agre")
                .unwrap_err()
                .0
                .contains("unknown measure 'agre'")
        );
    }

    #[test]
    fn one_measure_equals_its_place_among_all_six() {
        // Every table with cells 0..3 (3⁹ tables), and some large counts.
        let mut tables: Vec<PairTable> = (0..3u32.pow(9))
            .map(|mut k| {
                let mut t = PairTable::default();
                for cell in t.counts.iter_mut().flatten() {
                    *cell = k % 3;
                    k /= 3;
                }
                t
            })
            .collect();
        tables.push(table([[900, 13, 2], [40, 7, 1], [3, 0, 512]]));
        for t in tables {
            let all = t.values();
            for m in Measure::ALL {
                let one = t.value(m);
                assert_eq!(
                    one.map(f64::to_bits),
                    all[m as usize].map(f64::to_bits),
                    "{m} {t:?}"
                );
            }
        }
    }
}

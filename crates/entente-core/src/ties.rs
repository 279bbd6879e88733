//! The tie datasets' dyad-year records as plain tables: parsed by entente-sources,
//! cached in Parquet by entente-store, indexed by entente-sources' `DyadSources`. Keys
//! are COW codes and years; within a dataset's years a missing key means none.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;

/// A hash map keyed by small integers: FxHash (the keys are codes and years, not
/// user-controlled strings; several times faster than SipHash on the index's millions of
/// lookups).
pub type FastMap<K, V> = HashMap<K, V, FxBuildHasher>;

/// Records per (state, state, year), while they are collected.
pub type DyadYearMap<T> = FastMap<(u16, u16, i32), T>;

/// Records keyed by a pair of states and the rest of the key `R` (a year, or a flag and
/// a year), kept in key order with each pair's rows found through a small hash index.
/// Built in one pass from rows already in order (the Parquet cache), so loading costs
/// no hashing per row; a lookup is one hash of the pair and a binary search among its
/// few rows.
#[derive(Clone, Debug, PartialEq)]
pub struct DyadTable<R, V> {
    pairs: Vec<(u16, u16)>,
    /// The rest of each row's key with its value, side by side (one cache line per probe).
    rows: Vec<(R, V)>,
    /// Pair → its rows `start..end`.
    index: FastMap<(u16, u16), (u32, u32)>,
}

/// Records per (state, state, year).
pub type DyadYearTable<V> = DyadTable<i32, V>;

impl<R, V> Default for DyadTable<R, V> {
    fn default() -> Self {
        DyadTable {
            pairs: Vec::new(),
            rows: Vec::new(),
            index: FastMap::default(),
        }
    }
}

impl<R: Copy + Ord, V> DyadTable<R, V> {
    /// From rows in any order (sorted here); a repeated key keeps the last row.
    pub fn from_rows(mut rows: Vec<((u16, u16), R, V)>) -> Self {
        rows.sort_by_key(|r| (r.0, r.1));
        let mut pairs = Vec::with_capacity(rows.len());
        let mut rest = Vec::with_capacity(rows.len());
        let mut values: Vec<V> = Vec::with_capacity(rows.len());
        for (p, r, v) in rows {
            if pairs.last() == Some(&p) && rest.last() == Some(&r) {
                *values.last_mut().expect("a row") = v;
                continue;
            }
            pairs.push(p);
            rest.push(r);
            values.push(v);
        }
        Self::from_sorted(pairs, rest, values).expect("rows sorted above")
    }

    /// From columns in strictly increasing key order; None when they are not (or
    /// differ in length, or exceed 2³² rows).
    pub fn from_sorted(pairs: Vec<(u16, u16)>, rest: Vec<R>, values: Vec<V>) -> Option<Self> {
        let n = pairs.len();
        if rest.len() != n || values.len() != n || u32::try_from(n).is_err() {
            return None;
        }
        let mut index = FastMap::default();
        let mut start = 0;
        for i in 1..=n {
            if i < n {
                match pairs[i - 1].cmp(&pairs[i]) {
                    std::cmp::Ordering::Less => {}
                    std::cmp::Ordering::Equal if rest[i - 1] < rest[i] => continue,
                    _ => return None,
                }
            }
            index.insert(pairs[start], (start as u32, i as u32));
            start = i;
        }
        Some(DyadTable {
            pairs,
            rows: rest.into_iter().zip(values).collect(),
            index,
        })
    }

    /// Whether `pair` has any rows.
    pub fn has_pair(&self, pair: (u16, u16)) -> bool {
        self.index.contains_key(&pair)
    }

    /// The rows of `pair` (the rest of each key with its value), in key order; empty
    /// when it has none.
    pub fn rows_of(&self, pair: (u16, u16)) -> &[(R, V)] {
        self.index.get(&pair).map_or(&[], |&(start, end)| {
            &self.rows[start as usize..end as usize]
        })
    }

    /// Rows in key order.
    pub fn iter(&self) -> impl Iterator<Item = ((u16, u16), R, &V)> {
        self.pairs
            .iter()
            .zip(&self.rows)
            .map(|(p, (r, v))| (*p, *r, v))
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// The rest of a row's key after the pair, and where a key would sit among a pair's
/// rows if they ran year by year without gaps (most do): the guess saves a binary
/// search, and is checked.
pub trait RowKey: Copy + Ord {
    /// The guessed position of `key` among `n` rows from `first` to `last`.
    fn guess(key: Self, first: Self, last: Self, n: usize) -> Option<usize>;
}

impl RowKey for i32 {
    fn guess(year: i32, first: i32, _: i32, _: usize) -> Option<usize> {
        usize::try_from(year.checked_sub(first)?).ok()
    }
}

/// A flag and a year: each flag's years run on, the first flag's from the first row,
/// the last flag's up to the last row.
impl RowKey for (bool, i32) {
    fn guess(key: Self, first: Self, last: Self, n: usize) -> Option<usize> {
        if key.0 == first.0 {
            usize::try_from(key.1.checked_sub(first.1)?).ok()
        } else if key.0 == last.0 {
            let back = usize::try_from(last.1.checked_sub(key.1)?).ok()?;
            (n - 1).checked_sub(back)
        } else {
            None
        }
    }
}

impl<R: RowKey, V> DyadTable<R, V> {
    /// The record of `pair` and `rest`: one hash of the pair, then its row at the
    /// guessed place or by binary search.
    pub fn get(&self, pair: (u16, u16), rest: R) -> Option<&V> {
        let rows = self.rows_of(pair);
        let (first, last) = (rows.first()?.0, rows.last()?.0);
        if let Some(i) = R::guess(rest, first, last, rows.len())
            && let Some((key, value)) = rows.get(i)
            && *key == rest
        {
            return Some(value);
        }
        if rest < first || rest > last {
            return None;
        }
        let i = rows.binary_search_by(|r| r.0.cmp(&rest)).ok()?;
        Some(&rows[i].1)
    }
}

impl<V> FromIterator<((u16, u16, i32), V)> for DyadYearTable<V> {
    fn from_iter<I: IntoIterator<Item = ((u16, u16, i32), V)>>(it: I) -> Self {
        DyadTable::from_rows(
            it.into_iter()
                .map(|((a, b, y), v)| ((a, b), y, v))
                .collect(),
        )
    }
}

impl FromIterator<((u16, u16, bool, i32), f64)> for DyadTable<(bool, i32), f64> {
    fn from_iter<I: IntoIterator<Item = ((u16, u16, bool, i32), f64)>>(it: I) -> Self {
        DyadTable::from_rows(
            it.into_iter()
                .map(|((a, b, e, y), v)| ((a, b), (e, y), v))
                .collect(),
        )
    }
}

/// IMF DOTS cells: (reporter, partner or 0 for World) and (exports?, year) → US$
/// millions.
pub type TradeCells = DyadTable<(bool, i32), f64>;

/// The tie records that are plain dyad-year values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TieTables {
    /// ATOP obligations of a toward b (defense, offense, neutrality, non-aggression,
    /// consultation), directed.
    pub atop: DyadYearTable<[bool; 5]>,
    /// COW alliance types (defense pact, neutrality, non-aggression, entente), directed.
    pub cow_alliances: DyadYearTable<[bool; 4]>,
    /// Shared full IGO memberships, (lower code, higher code).
    pub igo: DyadYearTable<u16>,
    /// SIPRI TIV delivered a → b (millions), directed.
    pub arms: DyadYearTable<f64>,
    /// MME and JME exercises with both, (lower code, higher code).
    pub mme: DyadYearTable<u32>,
    pub jme: DyadYearTable<u32>,
    /// Highest COW MID hostility (1–5), (lower code, higher code).
    pub mids: DyadYearTable<u8>,
    /// IMF DOTS: (reporter, partner or 0 for World, exports?, year) → US$ millions.
    pub trade: TradeCells,
    /// ICEWS event counts of a toward b (verbal and material cooperation, verbal and
    /// material conflict), directed.
    pub events: DyadYearTable<[u32; 4]>,
    /// The states the ICEWS table covers (sorted).
    pub events_covered: Vec<u16>,
    /// AidData Chinese official finance: (recipient, year) → [OOF, ODA, vague], 2021 US$.
    pub finance: FastMap<(u16, i32), [f64; 3]>,
    /// UCDP armed conflict between the two, (lower code, higher code): 1 one side's
    /// troops supported the other's opponent, 2 both warring parties, 3 both warring
    /// parties with 1,000 or more battle deaths (the strongest of the year).
    pub conflicts: DyadYearTable<u8>,
    /// Severity of militarized disputes in tenths (0–10; unreciprocated disputes a
    /// third), (lower code, higher code).
    pub dispute_severity: DyadYearTable<u8>,
    /// Central-bank liquidity lines in force (1), (lower code, higher code).
    pub liquidity: DyadYearTable<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_match_a_hash_map_of_the_same_rows() {
        // Codes 0–29 and 1010–1039 (beyond the COW range too).
        let codes: Vec<u16> = (0..30).chain(1010..1040).collect();
        let mut map = DyadYearMap::default();
        let mut state = 7u64;
        for _ in 0..8000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (a, b, y) = (
                codes[(state >> 20) as usize % codes.len()],
                codes[(state >> 40) as usize % codes.len()],
                (state >> 50) as i32 % 60 + 1950,
            );
            map.insert((a, b, y), state as f64);
        }
        let table: DyadYearTable<f64> = map.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(table.len(), map.len());
        let asked: Vec<u16> = (0..31).chain(1009..1041).collect();
        for &a in &asked {
            for &b in &asked {
                let rows = map.keys().any(|k| (k.0, k.1) == (a, b));
                assert_eq!(table.has_pair((a, b)), rows, "{a} {b}");
                for y in 1949..2011 {
                    assert_eq!(table.get((a, b), y), map.get(&(a, b, y)), "{a} {b} {y}");
                }
            }
        }
        let keys: Vec<_> = table.iter().map(|(p, y, _)| (p, y)).collect();
        assert!(
            keys.windows(2).all(|w| w[0] < w[1]),
            "iterates in key order"
        );
    }

    #[test]
    fn unsorted_or_repeated_columns_are_refused() {
        let t = |pairs: Vec<(u16, u16)>, years: Vec<i32>| {
            let n = pairs.len();
            DyadYearTable::from_sorted(pairs, years, vec![0u8; n])
        };
        assert!(t(vec![(1, 2), (1, 2), (1, 3)], vec![2000, 2001, 1990]).is_some());
        assert!(t(vec![(1, 2), (1, 2)], vec![2001, 2000]).is_none());
        assert!(t(vec![(1, 2), (1, 2)], vec![2000, 2000]).is_none());
        assert!(t(vec![(1, 3), (1, 2)], vec![2000, 2000]).is_none());
        assert!(DyadYearTable::from_sorted(vec![(1, 2)], vec![], vec![0u8]).is_none());
    }

    #[test]
    fn a_repeated_key_keeps_the_last_row() {
        let t = DyadTable::from_rows(vec![((1, 2), 2000, 1), ((1, 2), 2000, 2)]);
        assert_eq!((t.len(), t.get((1, 2), 2000)), (1, Some(&2)));
    }

    #[test]
    fn runs_of_years_with_gaps_and_flags_are_found_as_by_search() {
        // Pair (1, k): flag false for years 1990..1990+k, then a gap, then more; flag
        // true for a run ending in 2020 with a hole. Each lookup against a map.
        let mut map = FastMap::default();
        for k in 1..12u16 {
            let n = i32::from(k);
            let falses = (1990..1990 + n).chain(2000 + n..2003 + n);
            let trues = (2010 - n..2021).filter(|y| y % 7 != 0);
            for (flag, y) in falses.map(|y| (false, y)).chain(trues.map(|y| (true, y))) {
                map.insert(((1u16, k), (flag, y)), f64::from(y) + f64::from(k) / 100.0);
            }
        }
        let table: TradeCells = map
            .iter()
            .map(|((p, (f, y)), v)| ((p.0, p.1, *f, *y), *v))
            .collect();
        for k in 0..13u16 {
            for flag in [false, true] {
                for y in (1980..2030).chain([i32::MIN, i32::MAX]) {
                    assert_eq!(
                        table.get((1, k), (flag, y)),
                        map.get(&((1, k), (flag, y))),
                        "{k} {flag} {y}"
                    );
                }
            }
        }
        let years: DyadYearTable<i32> = (1990..2000)
            .chain(2005..2008)
            .map(|y| ((3, 4, y), y))
            .collect();
        for y in (1985..2012).chain([i32::MIN, i32::MAX]) {
            let want = ((1990..2000).contains(&y) || (2005..2008).contains(&y)).then_some(y);
            assert_eq!(years.get((3, 4), y).copied(), want, "{y}");
        }
    }
}

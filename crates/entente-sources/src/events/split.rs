//! Splitting a tab-separated line into field offsets, 64 bytes at a time: a bit mask
//! of the tabs in each block (one AVX-512 compare where the CPU has it, four SSE2
//! compares otherwise), walked bit by bit for the fields wanted and only counted
//! after them. The last block of a line is masked, never read byte by byte.

/// Fields located at most; a line with more is reported as having `MAX_FIELDS + 1`.
pub(crate) const MAX_FIELDS: usize = 64;

/// Field offsets `(start, end)` of one line.
pub(crate) type Fields = [(usize, usize); MAX_FIELDS];

/// A line splitter: `(data, out, need)` → the first line of `data` split as by
/// [`split`]: its length, its field count, and whether a newline ended it (if not, the
/// line is all of `data`). See [`split_line`].
pub(crate) type LineSplitter = fn(&[u8], &mut Fields, usize) -> (usize, usize, bool);

/// Whether this CPU runs the AVX-512 variants (AVX-512F/BW, POPCNT, LZCNT, BMI1).
#[cfg(target_arch = "x86_64")]
fn has_avx512() -> bool {
    std::arch::is_x86_feature_detected!("avx512bw")
        && std::arch::is_x86_feature_detected!("popcnt")
        && std::arch::is_x86_feature_detected!("lzcnt")
        && std::arch::is_x86_feature_detected!("bmi1")
}

/// The fastest line splitter this CPU runs, chosen once per file.
pub(crate) fn line_splitter() -> LineSplitter {
    #[cfg(target_arch = "x86_64")]
    if has_avx512() {
        return |data, out, need| {
            // SAFETY: the CPU has the features `avx512::split_line` enables
            // (`has_avx512`; AVX-512BW implies AVX-512F).
            unsafe { avx512::split_line(data, out, need) }
        };
    }
    split_line
}

/// Splits a line on tabs: the first `need` fields' offsets into `out`, the last
/// field's too, and returns the number of fields (`MAX_FIELDS + 1` when there are
/// more). Portable masks (SSE2 on x86_64).
pub(crate) fn split(line: &[u8], out: &mut Fields, need: usize) -> usize {
    scan(line, out, need, |bytes| (tab_mask(bytes), 0)).1
}

/// The first line of `data` (up to its newline, excluded, or all of `data`) split as
/// by [`split`], in the same pass as the newline is looked for: its length, its field
/// count, and whether a newline ended it.
pub(crate) fn split_line(data: &[u8], out: &mut Fields, need: usize) -> (usize, usize, bool) {
    scan(data, out, need, |bytes| {
        let masks = |block: &[u8; 64]| (tab_mask_64(block), byte_mask_64(block, b'\n'));
        match <&[u8; 64]>::try_from(bytes) {
            Ok(block) => masks(block),
            Err(_) => masks(&pad(bytes)),
        }
    })
}

/// Fields `from..need` of a line whose fields before `from` are in `out` already
/// (`from` ≥ 1): the scan starts after field `from - 1` and stops at field `need`.
pub(crate) fn split_from(line: &[u8], out: &mut Fields, from: usize, need: usize) {
    let need = need.min(MAX_FIELDS - 1);
    let (mut n, mut start) = (from, out[from - 1].1 + 1);
    let mut i = start;
    while n < need && i < line.len() {
        let len = (line.len() - i).min(64);
        walk(
            out,
            (&mut n, &mut start),
            need,
            tab_mask(&line[i..i + len]),
            i,
        );
        i += len;
    }
    if n < need {
        out[n] = (start.min(line.len()), line.len());
    }
}

/// Records the fields that the tabs of `m` (a block at offset `i`) end, while fewer
/// than `need` are located (`n` of them, the next starting at `start`); returns the
/// tabs left.
#[inline(always)]
fn walk(
    out: &mut Fields,
    (n, start): (&mut usize, &mut usize),
    need: usize,
    mut m: u64,
    i: usize,
) -> u64 {
    while *n < need && m != 0 {
        let pos = i + m.trailing_zeros() as usize;
        out[*n] = (*start, pos);
        *n += 1;
        *start = pos + 1;
        m &= m - 1;
    }
    m
}

/// Splits `data` up to its first newline (or its end): the line's end, its field
/// count (`MAX_FIELDS + 1` for more), and whether a newline ended it. 64 bytes at a
/// time: the tabs' bit mask walked for the first `need` fields, then only counted.
/// Over any block mask (`masks(bytes)`: one bit per tab and one per newline among the
/// 1–64 bytes, none above); inlined into each CPU's variant.
#[inline(always)]
fn scan(
    data: &[u8],
    out: &mut Fields,
    need: usize,
    masks: impl Fn(&[u8]) -> (u64, u64),
) -> (usize, usize, bool) {
    let need = need.min(MAX_FIELDS - 1);
    let (mut n, mut start, mut i) = (0usize, 0usize, 0usize);
    // Offset just after the last tab (0 without tabs).
    let mut last = 0usize;
    let mut newline = None;
    while i < data.len() {
        let len = (data.len() - i).min(64);
        let (mut m, newlines) = masks(&data[i..i + len]);
        if newlines != 0 {
            // Tabs after the newline belong to the next line.
            newline = Some(i + newlines.trailing_zeros() as usize);
            m &= (newlines & newlines.wrapping_neg()) - 1;
        }
        if m != 0 {
            last = i + 64 - m.leading_zeros() as usize;
        }
        m = walk(out, (&mut n, &mut start), need, m, i);
        n += m.count_ones() as usize;
        if newline.is_some() {
            break;
        }
        i += len;
    }
    let end = newline.unwrap_or(data.len());
    let count = n + 1;
    if count > MAX_FIELDS {
        return (end, MAX_FIELDS + 1, newline.is_some());
    }
    out[count - 1] = (last, end);
    (end, count, newline.is_some())
}

/// `bytes` (1–64 of them) as a block of 64, padded with zeros.
#[inline]
fn pad(bytes: &[u8]) -> [u8; 64] {
    let mut block = [0u8; 64];
    block[..bytes.len()].copy_from_slice(bytes);
    block
}

/// One bit per tab among `bytes` (1–64 of them).
#[inline]
fn tab_mask(bytes: &[u8]) -> u64 {
    match <&[u8; 64]>::try_from(bytes) {
        Ok(block) => tab_mask_64(block),
        Err(_) => tab_mask_64(&pad(bytes)),
    }
}

#[inline]
fn tab_mask_64(block: &[u8; 64]) -> u64 {
    byte_mask_64(block, b'\t')
}

/// One bit per byte equal to `byte` in the 64 bytes of `block`.
#[cfg(target_arch = "x86_64")]
#[inline]
fn byte_mask_64(block: &[u8; 64], byte: u8) -> u64 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    let mut m = 0u64;
    for k in 0..4 {
        // SAFETY: SSE2 is part of the x86_64 baseline; the load reads 16 bytes inside
        // `block` (k * 16 + 16 <= 64) and allows any alignment.
        let bits = unsafe {
            let v = _mm_loadu_si128(block.as_ptr().add(k * 16).cast::<__m128i>());
            _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8)))
        };
        m |= u64::from(bits as u16) << (k * 16);
    }
    m
}

/// One bit per byte equal to `byte` in the 64 bytes of `block` (portable).
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn byte_mask_64(block: &[u8; 64], byte: u8) -> u64 {
    block
        .iter()
        .enumerate()
        .fold(0u64, |m, (k, &b)| m | (u64::from(b == byte) << k))
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::{Fields, scan};
    use std::arch::x86_64::{
        __m512i, _mm512_cmpeq_epi8_mask, _mm512_maskz_loadu_epi8, _mm512_set1_epi8,
    };

    /// The 1–64 `bytes` in a vector (zeros above them).
    #[target_feature(enable = "avx512f,avx512bw")]
    fn load(bytes: &[u8]) -> __m512i {
        let keep = u64::MAX >> (64 - bytes.len());
        // SAFETY: the masked load reads only the `bytes.len()` (1–64) bytes of
        // `bytes`, at any alignment; AVX-512F/BW are enabled on this function.
        unsafe { _mm512_maskz_loadu_epi8(keep, bytes.as_ptr().cast()) }
    }

    /// [`super::split_line`] with one masked AVX-512 load and two compares per block,
    /// and the bit counts in one instruction each.
    #[target_feature(enable = "avx512f,avx512bw,popcnt,lzcnt,bmi1")]
    pub(super) fn split_line(data: &[u8], out: &mut Fields, need: usize) -> (usize, usize, bool) {
        scan(data, out, need, |bytes| {
            let v = load(bytes);
            (
                _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(b'\t' as i8)),
                _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(b'\n' as i8)),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 4,000 pseudo-random texts of up to `max_len` bytes, each byte `byte(r)` of a
    /// pseudo-random `r`, with the state each was made from.
    fn texts(
        seed: u64,
        max_len: usize,
        byte: impl Fn(u64) -> u8,
    ) -> impl Iterator<Item = (u64, Vec<u8>)> {
        let mut state = seed;
        (0..4000).map(move |_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (state >> 33) as usize % max_len;
            let text = (0..len)
                .map(|k| byte(state.rotate_left(k as u32 % 64) ^ k as u64))
                .collect();
            (state, text)
        })
    }

    /// A whole line (no newline in it) through the line splitter this CPU runs.
    fn whole(line: &[u8], out: &mut Fields, need: usize) -> usize {
        let (end, count, ended) = line_splitter()(line, out, need);
        assert_eq!((end, ended), (line.len(), false));
        count
    }

    /// Every splitter this CPU runs, and `split_from` after any field, agree with a
    /// naive split.
    #[test]
    fn splitters_agree_with_a_naive_split() {
        let mut f = [(0, 0); MAX_FIELDS];
        let byte = |r: u64| {
            if r.is_multiple_of(7) {
                b'\t'
            } else {
                b'a' + (r % 7) as u8
            }
        };
        for (state, line) in texts(12345, 700, byte) {
            let naive: Vec<&[u8]> = line.split(|&b| b == b'\t').collect();
            let need = (state >> 20) as usize % 40;
            for splitter in [split, whole] {
                let n = splitter(&line, &mut f, need);
                if naive.len() > MAX_FIELDS {
                    assert_eq!(n, MAX_FIELDS + 1);
                    continue;
                }
                assert_eq!(n, naive.len());
                for k in 0..need.min(n) {
                    assert_eq!(&line[f[k].0..f[k].1], naive[k], "field {k} of {n}");
                }
                assert_eq!(&line[f[n - 1].0..f[n - 1].1], naive[n - 1]);
            }
            // Resumed after field `from`: the same offsets as a split from the start.
            let from = 1 + (state >> 40) as usize % 20;
            if naive.len() > from && naive.len() <= MAX_FIELDS {
                let mut g = [(0, 0); MAX_FIELDS];
                split(&line, &mut g, from);
                split_from(&line, &mut g, from, need.max(from));
                for k in 0..need.max(from).min(naive.len()) {
                    assert_eq!(&line[g[k].0..g[k].1], naive[k], "field {k} after {from}");
                }
            }
        }
    }

    /// The line splitters find the first newline and split the line before it (or all
    /// of the data without one) as `split` does, with newlines anywhere (or none)
    /// around the block edges.
    #[test]
    fn line_splitters_agree_with_split() {
        let (mut f, mut g) = ([(0, 0); MAX_FIELDS], [(0, 0); MAX_FIELDS]);
        let byte = |r: u64| match r % 61 {
            0..=8 => b'\t',
            9 => b'\n',
            r => b'a' + (r % 26) as u8,
        };
        for (state, data) in texts(777, 400, byte) {
            let need = (state >> 20) as usize % 40;
            let want = match data.iter().position(|&b| b == b'\n') {
                Some(end) => (end, split(&data[..end], &mut g, need), true),
                None => (data.len(), split(&data, &mut g, need), false),
            };
            for splitter in [split_line as LineSplitter, line_splitter()] {
                let got = splitter(&data, &mut f, need);
                assert_eq!(got, want, "{data:?}");
                let (end, count, _) = got;
                if count <= MAX_FIELDS {
                    for k in (0..need.min(count)).chain([count - 1]) {
                        assert_eq!(f[k], g[k], "field {k} of {:?}", &data[..end]);
                    }
                }
            }
        }
    }

    #[test]
    fn split_counts_fields() {
        let mut f = [(0, 0); MAX_FIELDS];
        for splitter in [split, whole] {
            assert_eq!(splitter(b"a\tb\t\tc", &mut f, 64), 4);
            assert_eq!(f[2], (4, 4));
            assert_eq!(f[3], (5, 6));
            assert_eq!(splitter(b"a\tb\t\tcd", &mut f, 1), 4);
            assert_eq!((f[0], f[3]), ((0, 1), (5, 7)));
            let many = vec![b'\t'; 70];
            assert_eq!(splitter(&many, &mut f, 64), MAX_FIELDS + 1);
            assert_eq!(splitter(b"", &mut f, 3), 1);
            assert_eq!(f[0], (0, 0));
        }
    }
}

//! Bulk CSV text for the matrix: numbers written without a formatter call per cell
//! where the same text was made before.

/// Slots of one [`FloatText`] cache: 4,096 × 32 bytes (128 KiB, stays in L2).
const SLOT_BITS: u32 = 12;

/// Longest text a slot holds; longer (rare: tiny or huge magnitudes) is formatted anew.
const SLOT_TEXT: usize = 23;

#[derive(Clone, Copy)]
struct Slot {
    bits: u64,
    /// 0 while empty.
    len: u8,
    text: [u8; SLOT_TEXT],
}

/// The shortest decimal that reads back to the same `f64` (zmij, as `{}` would
/// print a finite value), remembered by the value's bits in a direct-mapped
/// cache. The matrix's shares repeat within a year (~1,200 distinct values of
/// `agree` among ~11,000 pairs), so most cells are a 32-byte copy instead of a
/// conversion. The text is the formatter's whatever the cache holds: a slot is
/// used only when its bits equal the value's.
pub struct FloatText {
    slots: Box<[Slot]>,
    fmt: zmij::Buffer,
}

impl Default for FloatText {
    fn default() -> Self {
        let empty = Slot {
            bits: 0,
            len: 0,
            text: [0; SLOT_TEXT],
        };
        Self {
            slots: vec![empty; 1 << SLOT_BITS].into_boxed_slice(),
            fmt: zmij::Buffer::new(),
        }
    }
}

impl FloatText {
    /// Appends `v`'s text to `out`.
    #[inline]
    pub fn push(&mut self, v: f64, out: &mut Vec<u8>) {
        let bits = v.to_bits();
        // Fibonacci hashing: the top bits of the product mix the mantissa's.
        let at = (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOT_BITS)) as usize;
        let slot = &mut self.slots[at];
        if slot.len == 0 || slot.bits != bits {
            let s = self.fmt.format(v).as_bytes();
            if s.len() > SLOT_TEXT {
                out.extend_from_slice(s);
                return;
            }
            slot.bits = bits;
            slot.len = s.len() as u8;
            slot.text[..s.len()].copy_from_slice(s);
        }
        push_fixed(out, &slot.text, slot.len);
    }
}

/// Short text (a code, a row's prefix) copied as a whole array when it fits in
/// [`Piece::MAX`] bytes, as a slice otherwise.
#[derive(Clone, Default)]
pub struct Piece {
    len: u8,
    text: [u8; Piece::MAX],
    long: Option<Box<str>>,
}

impl Piece {
    pub const MAX: usize = 16;

    pub fn new(s: &str) -> Self {
        let b = s.as_bytes();
        let mut text = [0; Self::MAX];
        if b.len() <= Self::MAX {
            text[..b.len()].copy_from_slice(b);
            Self {
                len: b.len() as u8,
                text,
                long: None,
            }
        } else {
            Self {
                len: 0,
                text,
                long: Some(s.into()),
            }
        }
    }

    #[inline]
    pub fn push(&self, out: &mut Vec<u8>) {
        match &self.long {
            None => push_fixed(out, &self.text, self.len),
            Some(s) => out.extend_from_slice(s.as_bytes()),
        }
    }
}

/// Appends the first `len` bytes of `text`: the whole array is copied (a few fixed
/// moves, no `memcpy` call for a handful of bytes), then the tail dropped.
#[inline(always)]
fn push_fixed<const N: usize>(out: &mut Vec<u8>, text: &[u8; N], len: u8) {
    let keep = out.len() + usize::from(len);
    out.extend_from_slice(text);
    out.truncate(keep);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn zmij_text(v: f64) -> String {
        zmij::Buffer::new().format(v).to_string()
    }

    #[test]
    fn repeated_and_colliding_values_keep_their_own_text() {
        let mut cache = FloatText::default();
        let mut out = Vec::new();
        let mut want = String::new();
        // Shares of small denominators, twice over (hits), with every kind of text.
        let values: Vec<f64> = (1..200u32)
            .flat_map(|n| (0..=n).map(move |k| f64::from(k) / f64::from(n)))
            .chain([
                -0.25,
                -1.0,
                1e-300,
                -2.2250738585072014e-308,
                f64::MAX,
                0.0,
                -0.0,
            ])
            .chain([f64::NAN, f64::INFINITY, f64::NEG_INFINITY])
            .collect();
        for _ in 0..2 {
            for &v in &values {
                cache.push(v, &mut out);
                out.push(b',');
                want.push_str(&zmij_text(v));
                want.push(',');
            }
        }
        assert_eq!(String::from_utf8(out).unwrap(), want);
        // 20,000 distinct values in 4,096 slots: collisions replace, never confuse.
        assert!(values.len() > 4 * (1 << SLOT_BITS));
    }

    #[test]
    fn pieces_copy_exactly_their_text() {
        let mut out = b"x".to_vec();
        for s in [
            "",
            "USA",
            "1946,RUS,",
            "sixteen-bytes-16",
            "seventeen-bytes-1",
        ] {
            Piece::new(s).push(&mut out);
        }
        assert_eq!(out, b"xUSA1946,RUS,sixteen-bytes-16seventeen-bytes-1");
    }

    proptest! {
        #[test]
        fn cached_text_is_the_formatters(bits in proptest::collection::vec(any::<u64>(), 1..300), repeat in 1usize..4) {
            let mut cache = FloatText::default();
            let mut out = Vec::new();
            let mut want = String::new();
            for _ in 0..repeat {
                for &b in &bits {
                    let v = f64::from_bits(b);
                    cache.push(v, &mut out);
                    out.push(b' ');
                    want.push_str(&zmij_text(v));
                    want.push(' ');
                }
            }
            prop_assert_eq!(String::from_utf8(out).unwrap(), want);
        }
    }
}

//! Comparing the short byte strings entities are made of (keys, statuses,
//! emails) a word at a time, inlined: per entity, a call into `memcmp` or
//! a byte loop costs more instructions than the comparison is worth.

/// `a == b`.
#[inline]
pub(super) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && by_words(a, b, |w| w)
}

/// `a.to_ascii_lowercase() == b`: equal but for ASCII case, when `b` is
/// already lowered.
#[inline]
pub(super) fn same_folded(a: &[u8], lowered: &[u8]) -> bool {
    a.len() == lowered.len() && by_words(a, lowered, ascii_lowercase)
}

/// Whether `f(a) == b` word by word, for `a` and `b` of equal length: whole
/// words, then a last one that may overlap the one before. Under 8 bytes,
/// the first and last 4 (overlapping too) make one word.
#[inline(always)]
fn by_words(a: &[u8], b: &[u8], f: impl Fn(u64) -> u64) -> bool {
    let n = a.len();
    if n >= 8 {
        let mut at = 0;
        while at + 8 < n {
            if f(word(a, at)) != word(b, at) {
                return false;
            }
            at += 8;
        }
        f(word(a, n - 8)) == word(b, n - 8)
    } else if n >= 4 {
        f(halves(a)) == halves(b)
    } else {
        f(small(a)) == small(b)
    }
}

/// The 8 bytes from `at`, or 0 past the end (callers stay inside).
#[inline(always)]
fn word(s: &[u8], at: usize) -> u64 {
    s.get(at..)
        .and_then(<[u8]>::first_chunk::<8>)
        .map_or(0, |w| u64::from_le_bytes(*w))
}

/// The first and the last 4 bytes of a 4- to 7-byte string as one word.
#[inline(always)]
fn halves(s: &[u8]) -> u64 {
    let first = s.first_chunk::<4>().map_or(0, |w| u32::from_le_bytes(*w));
    let last = s.last_chunk::<4>().map_or(0, |w| u32::from_le_bytes(*w));
    u64::from(first) | u64::from(last) << 32
}

/// A string of under 4 bytes as one word.
#[inline(always)]
fn small(s: &[u8]) -> u64 {
    s.iter().fold(0, |w, b| w << 8 | u64::from(*b))
}

/// Every ASCII upper-case letter in `w` lowered, other bytes unchanged.
#[inline(always)]
fn ascii_lowercase(w: u64) -> u64 {
    const EACH: u64 = 0x0101_0101_0101_0101;
    // Seven-bit bytes plus a constant cannot carry into the next byte; the
    // top bit of each sum says whether the byte reached 'A', or went past 'Z'.
    let low7 = w & (0x7f * EACH);
    let from_a = low7 + (0x80 - u64::from(b'A')) * EACH;
    let past_z = low7 + (0x80 - u64::from(b'Z') - 1) * EACH;
    let upper = from_a & !past_z & !w & (0x80 * EACH);
    w | upper >> 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowering_a_word_lowers_each_ascii_letter_only() {
        for b in 0..=255u8 {
            let w = u64::from_le_bytes([b, b'Z', b, 0x80, b, b'a', 0xff, b]);
            let expected: Vec<u8> = w.to_le_bytes().iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(
                ascii_lowercase(w).to_le_bytes().to_vec(),
                expected,
                "{b:#x}"
            );
        }
    }

    #[test]
    fn agree_with_plain_comparison_at_every_length() {
        let text = "Lisa@Example.COM/ÅSA-backup_0123456789";
        for end in 0..text.len() {
            for start in 0..=end {
                let (Some(a), Some(b)) = (text.get(start..end), text.get(start..end)) else {
                    continue;
                };
                let lowered = a.to_ascii_lowercase();
                assert!(same(a.as_bytes(), b.as_bytes()));
                assert!(same_folded(a.as_bytes(), lowered.as_bytes()), "{a:?}");
                // One byte changed anywhere must be noticed.
                for i in 0..lowered.len() {
                    let mut other = lowered.clone().into_bytes();
                    other[i] ^= 0x01;
                    assert!(!same_folded(a.as_bytes(), &other), "{a:?} at {i}");
                    assert!(!same(lowered.as_bytes(), &other), "{a:?} at {i}");
                }
            }
        }
        assert!(!same(b"ab", b"abc"));
        assert!(
            !same_folded(b"AB", b"Ab"),
            "the pattern side is taken as lowered"
        );
    }
}

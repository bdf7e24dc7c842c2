//! Case-insensitive text matching without allocating per entity.
//!
//! Patterns are lowered once when the filter is compiled. An entity string
//! is then compared byte by byte, ignoring ASCII case; only a non-ASCII one
//! that does not match as it is gets lowered (allocating) and compared again.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::bytes::same_folded;

/// Unicode lower case, one char at a time (so the result of lowering an
/// entity string and a pattern agree).
pub(crate) fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// `s` ready for comparison with a lowered pattern via `same_folded`:
/// borrowed when ASCII.
fn folded(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(lower(s))
    }
}

/// Case-insensitive comparison of `s` with the lowered `pattern`.
pub(crate) fn cmp(s: &str, pattern: &str) -> Ordering {
    let s = folded(s);
    let a = s.bytes().map(|b| b.to_ascii_lowercase());
    a.cmp(pattern.bytes())
}

/// Whether lowered `needle` occurs in `haystack` (already folded).
fn find_from(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    let first = needle[0];
    let last_start = haystack.len().checked_sub(needle.len())?;
    (0..=last_start).find(|&i| {
        haystack[i].to_ascii_lowercase() == first
            && same_folded(&haystack[i..i + needle.len()], needle)
    })
}

/// Case-insensitive substring test with a lowered `needle`.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    find_from(folded(haystack).as_bytes(), needle.as_bytes()).is_some()
}

/// An `=` value: exact text, or text with `*` wildcards, lowered.
#[derive(Debug, Clone)]
pub(crate) enum Pattern {
    Exact { text: Box<str>, ascii: bool },
    Wildcard(Wildcard),
}

/// Text with `*` wildcards: `first` starts the string, `last` ends it
/// (either may be empty), and the `middle` parts occur in order between.
#[derive(Debug, Clone)]
pub(crate) struct Wildcard {
    first: Box<str>,
    middle: Box<[Box<str>]>,
    last: Box<str>,
    /// The parts' total length if they are all ASCII: no shorter string
    /// can match (`lowering_never_adds_ascii`).
    ascii_len: Option<usize>,
}

impl Pattern {
    pub(crate) fn new(value: &str, wildcards: bool) -> Pattern {
        let lowered = lower(value);
        let ascii = lowered.is_ascii();
        let mut parts = lowered.split('*');
        match (wildcards, parts.next(), parts.next_back()) {
            (true, Some(first), Some(last)) => Pattern::Wildcard(Wildcard {
                first: first.into(),
                middle: parts.map(Box::from).collect(),
                last: last.into(),
                // Less the stars themselves.
                ascii_len: ascii.then(|| lowered.bytes().filter(|b| *b != b'*').count()),
            }),
            _ => Pattern::Exact {
                ascii,
                text: lowered.into_boxed_str(),
            },
        }
    }

    pub(crate) fn matches(&self, s: &str) -> bool {
        self.decide_as_is(s).unwrap_or_else(|| {
            let lowered = lower(s);
            match self {
                Pattern::Exact { text, .. } => lowered == **text,
                Pattern::Wildcard(w) => w.matches_folded(lowered.as_bytes()),
            }
        })
    }

    /// [`matches`](Pattern::matches) without lowering `s`, or `None` when
    /// only lowering it can tell (`s` is not ASCII and does not match as it
    /// is).
    ///
    /// On a large set of entities reading `s` itself is a cache miss, so
    /// each arm first decides from the length alone where that is sound.
    /// Then it compares `s` as it is, folding only ASCII case. When that
    /// matches, lowering `s` would match too: the bytes compared equal are
    /// ASCII or the pattern's own, already lowered, and lowering is
    /// idempotent (`lowering_is_idempotent`).
    #[inline]
    pub(crate) fn decide_as_is(&self, s: &str) -> Option<bool> {
        match self {
            // Only ASCII lowers to ASCII byte for byte; anything else that
            // lowers to ASCII is longer than its lowering
            // (`lowering_never_adds_ascii`).
            Pattern::Exact { text, ascii: true } => match s.len().cmp(&text.len()) {
                Ordering::Less => return Some(false),
                Ordering::Equal => return Some(same_folded(s.as_bytes(), text.as_bytes())),
                Ordering::Greater => {}
            },
            Pattern::Exact { text, ascii: false } => {
                if same_folded(s.as_bytes(), text.as_bytes()) {
                    return Some(true);
                }
            }
            Pattern::Wildcard(w) => {
                if w.ascii_len.is_some_and(|min| s.len() < min) {
                    return Some(false);
                }
                if w.matches_folded(s.as_bytes()) {
                    return Some(true);
                }
            }
        }
        s.is_ascii().then_some(false)
    }

    /// Whether the fast path takes this pattern: lowered ASCII text, exact
    /// or with one `*`.
    pub(crate) fn is_simple(&self) -> bool {
        match self {
            Pattern::Exact { ascii, .. } => *ascii,
            Pattern::Wildcard(w) => w.middle.is_empty() && w.ascii_len.is_some(),
        }
    }
}

impl Wildcard {
    /// Whether `s` matches, ignoring ASCII case only.
    fn matches_folded(&self, s: &[u8]) -> bool {
        let (first, last) = (self.first.as_bytes(), self.last.as_bytes());
        if s.len() < first.len() + last.len()
            || !same_folded(&s[..first.len()], first)
            || !same_folded(&s[s.len() - last.len()..], last)
        {
            return false;
        }
        let mut middle = &s[first.len()..s.len() - last.len()];
        for part in &self.middle {
            match find_from(middle, part.as_bytes()) {
                Some(at) => middle = &middle[at + part.len()..],
                None => return false,
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_anchor_unless_starred() {
        let p = Pattern::new("* backup", true);
        assert!(p.matches("Nightly BACKUP"));
        assert!(p.matches(" backup"));
        assert!(!p.matches("backup"));
        assert!(!p.matches("nightly backups"));
        let p = Pattern::new("a*b*c", true);
        assert!(p.matches("abc") && p.matches("aXbYc") && !p.matches("acb"));
        assert!(!Pattern::new("ab*ba", true).matches("aba"));
        assert!(Pattern::new("*", true).matches(""));
    }

    #[test]
    fn exact_is_case_insensitive_in_any_script() {
        assert!(Pattern::new("Lisa@Example.com", true).matches("lisa@example.COM"));
        assert!(Pattern::new("ÅSA", true).matches("åsa"));
        assert!(!Pattern::new("a*", false).matches("ab"));
    }

    /// What `Pattern::matches` relies on to accept a string as it is.
    #[test]
    fn lowering_is_idempotent() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let once = lower(c.encode_utf8(&mut [0; 4]));
            assert_eq!(lower(&once), once, "{c:?}");
        }
    }

    /// What `Pattern::matches` relies on to decide from lengths: a
    /// character's lowering has no more ASCII bytes than the character
    /// has bytes, and strictly fewer when a non-ASCII one lowers to ASCII
    /// only (KELVIN SIGN lowers to `k`).
    #[test]
    fn lowering_never_adds_ascii() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let lowered = lower(c.encode_utf8(&mut [0; 4]));
            let ascii_bytes = lowered.bytes().filter(u8::is_ascii).count();
            assert!(ascii_bytes <= c.len_utf8(), "{c:?} lowers to {lowered:?}");
            if !c.is_ascii() && lowered.is_ascii() {
                assert!(lowered.len() < c.len_utf8(), "{c:?} lowers to {lowered:?}");
            }
        }
    }

    #[test]
    fn exact_decides_by_length_only_when_sound() {
        // KELVIN SIGN lowers to ASCII 'k' from three bytes.
        assert!(Pattern::new("k", true).matches("\u{212A}"));
        assert!(Pattern::new("ok", true).matches("O\u{212A}"));
        assert!(!Pattern::new("ok", true).matches("o"));
        assert!(!Pattern::new("ok", true).matches("oka"));
        // Lowering can also add bytes: İ (two) lowers to i + U+0307 (three).
        assert!(Pattern::new("\u{130}", true).matches("\u{130}"));
        assert!(Pattern::new("i\u{307}x", true).matches("\u{130}X"));
        assert!(!Pattern::new("ab", true).matches("\u{e5}"));
        // Wildcards: matched as is, or lowered when not ASCII.
        assert!(Pattern::new("* backup", true).matches("ÄÖ BACKUP"));
        assert!(Pattern::new("* \u{e5}*", true).matches("x \u{c5}y"));
        assert!(Pattern::new("*k", true).matches("\u{212A}"));
        assert!(!Pattern::new("*k*k", true).matches("\u{212A}"));
        assert!(Pattern::new("i*", true).matches("\u{130}"));
        assert!(!Pattern::new("* backup", true).matches("backup"));
        assert!(Pattern::new("*", true).matches(""));
        assert!(Pattern::new("**", true).matches(""));
    }

    #[test]
    fn contains_and_cmp_fold_case() {
        assert!(contains("My Backup.zip", "backup"));
        assert!(contains("ÖL Backup", "öl"));
        assert!(!contains("bac", "backup"));
        assert_eq!(cmp("B", "a"), Ordering::Greater);
        assert_eq!(cmp("Done", "done"), Ordering::Equal);
    }
}

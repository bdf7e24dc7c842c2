//! Case-insensitive text matching without allocating per entity.
//!
//! Patterns are lowered once when the filter is compiled. An ASCII entity
//! string is then compared byte by byte with `eq_ignore_ascii_case`; only a
//! non-ASCII one is lowered (allocating) first.

use std::borrow::Cow;
use std::cmp::Ordering;

/// Unicode lower case, one char at a time (so the result of lowering an
/// entity string and a pattern agree).
pub(crate) fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// `s` ready for comparison with a lowered pattern via
/// `eq_ignore_ascii_case`: borrowed when ASCII.
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
            && haystack[i..i + needle.len()].eq_ignore_ascii_case(needle)
    })
}

/// Case-insensitive substring test with a lowered `needle`.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    find_from(folded(haystack).as_bytes(), needle.as_bytes()).is_some()
}

/// An `=` value: exact text, or text with `*` wildcards, lowered.
#[derive(Debug, Clone)]
pub(crate) enum Pattern {
    Exact(Box<str>),
    /// The parts between the stars; the first must start the string and the
    /// last must end it (either may be empty), the rest occur in order.
    Wildcard(Box<[Box<str>]>),
}

impl Pattern {
    pub(crate) fn new(value: &str, wildcards: bool) -> Pattern {
        let lowered = lower(value);
        if wildcards && lowered.contains('*') {
            Pattern::Wildcard(lowered.split('*').map(Box::from).collect())
        } else {
            Pattern::Exact(lowered.into_boxed_str())
        }
    }

    pub(crate) fn matches(&self, s: &str) -> bool {
        match self {
            Pattern::Exact(p) => {
                if s.is_ascii() {
                    s.len() == p.len() && s.as_bytes().eq_ignore_ascii_case(p.as_bytes())
                } else {
                    lower(s) == **p
                }
            }
            Pattern::Wildcard(parts) => wildcard(folded(s).as_bytes(), parts),
        }
    }
}

fn wildcard(s: &[u8], parts: &[Box<str>]) -> bool {
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return true;
    };
    let (first, last) = (first.as_bytes(), last.as_bytes());
    if s.len() < first.len() + last.len()
        || !s[..first.len()].eq_ignore_ascii_case(first)
        || !s[s.len() - last.len()..].eq_ignore_ascii_case(last)
    {
        return false;
    }
    let mut middle = &s[first.len()..s.len() - last.len()];
    let middle_parts = parts.get(1..parts.len() - 1).unwrap_or_default();
    for part in middle_parts {
        match find_from(middle, part.as_bytes()) {
            Some(at) => middle = &middle[at + part.len()..],
            None => return false,
        }
    }
    true
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

    #[test]
    fn contains_and_cmp_fold_case() {
        assert!(contains("My Backup.zip", "backup"));
        assert!(contains("ÖL Backup", "öl"));
        assert!(!contains("bac", "backup"));
        assert_eq!(cmp("B", "a"), Ordering::Greater);
        assert_eq!(cmp("Done", "done"), Ordering::Equal);
    }
}

//! Character classes and keywords shared by the parser and the printer.
//!
//! Keeping them in one place is what makes "print, then parse" give back the
//! same tree: the printer leaves a value bare only if the parser would read
//! exactly that value back.

/// Words the grammar reserves; matched case-insensitively.
const KEYWORDS: [&str; 7] = ["AND", "OR", "NOT", "IN", "CONTAINS", "MATCHES", "WHERE"];

/// Whether `word` is a keyword, in any case.
pub(crate) fn is_keyword(word: &str) -> bool {
    // Checked for every name and bare value; most have no keyword's length.
    matches!(word.len(), 2 | 3 | 5 | 7 | 8) && KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// Byte classes, looked up in one table: these tests run on every byte of
/// every query, and a table beats a chain of comparisons.
const IDENT_START: u8 = 1;
const IDENT: u8 = 2;
const BARE_VALUE: u8 = 4;

const CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        // `b < 256`, so the cast is exact.
        let byte = b as u8;
        let mut class = 0;
        if byte.is_ascii_alphabetic() || byte == b'_' {
            class |= IDENT_START;
        }
        if byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-' {
            class |= IDENT;
        }
        // Everything but ASCII whitespace, control characters, quotes,
        // parentheses, the list comma and operator characters; any non-ASCII
        // byte is allowed so names in any script need no quotes.
        if byte >= 0x80
            || (byte > b' '
                && byte != 0x7f
                && !matches!(
                    byte,
                    b'"' | b'\'' | b'(' | b')' | b',' | b'=' | b'<' | b'>' | b'!'
                ))
        {
            class |= BARE_VALUE;
        }
        table[b] = class;
        b += 1;
    }
    table
};

/// Bytes that may start an identifier (entity type, attribute).
pub(crate) fn is_ident_start(b: u8) -> bool {
    CLASSES[usize::from(b)] & IDENT_START != 0
}

/// Bytes that may continue an identifier segment.
pub(crate) fn is_ident_byte(b: u8) -> bool {
    CLASSES[usize::from(b)] & IDENT != 0
}

/// Bytes that may appear in an unquoted value.
pub(crate) fn is_bare_value_byte(b: u8) -> bool {
    CLASSES[usize::from(b)] & BARE_VALUE != 0
}

/// Length of the entity type at the start of `input` (0 if there is none).
pub(crate) fn entity_type_len(input: &str) -> usize {
    let bytes = input.as_bytes();
    match bytes.first() {
        Some(&b) if is_ident_start(b) => {
            1 + bytes[1..].iter().take_while(|&&b| is_ident_byte(b)).count()
        }
        _ => 0,
    }
}

/// Length of the dotted attribute at the start of `input` (0 if there is
/// none). Segments after the first may start with a digit (`files.0.name`);
/// a dot must be followed by a segment.
pub(crate) fn attribute_len(input: &str) -> usize {
    let bytes = input.as_bytes();
    let mut len = entity_type_len(input);
    if len == 0 {
        return 0;
    }
    while bytes.get(len) == Some(&b'.') {
        let segment = bytes[len + 1..]
            .iter()
            .take_while(|&&b| is_ident_byte(b))
            .count();
        if segment == 0 {
            break;
        }
        len += 1 + segment;
    }
    len
}

/// Length of the unquoted value at the start of `input`.
pub(crate) fn bare_value_len(input: &str) -> usize {
    // The stop byte is ASCII, so the length always falls on a char boundary.
    input.bytes().take_while(|&b| is_bare_value_byte(b)).count()
}

/// Whether the next byte ends a keyword (so `ORDER` is not `OR`).
pub(crate) fn ends_word(rest: &str) -> bool {
    rest.as_bytes()
        .first()
        .is_none_or(|&b| !(is_ident_byte(b) || b == b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_in_any_case() {
        for k in KEYWORDS {
            assert!(is_keyword(k) && is_keyword(&k.to_lowercase()), "{k}");
        }
        assert!(!is_keyword("ANDROID") && !is_keyword("ORDER") && !is_keyword(""));
    }

    #[test]
    fn attributes_stop_at_dangling_dots() {
        assert_eq!(attribute_len("job.id=1"), 6);
        assert_eq!(attribute_len("job.=1"), 3);
        assert_eq!(attribute_len("files.0.name"), 12);
        assert_eq!(attribute_len("0abc"), 0);
    }

    #[test]
    fn table_matches_the_documented_classes() {
        for b in 0..=255u8 {
            let bare = b >= 0x80 || (b.is_ascii_graphic() && !"\"'(),=<>!".contains(char::from(b)));
            assert_eq!(is_bare_value_byte(b), bare, "{b:#x}");
            assert_eq!(
                is_ident_byte(b),
                b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
            );
        }
    }

    #[test]
    fn values_stop_at_syntax() {
        assert_eq!(bare_value_len("lisa@example.com)"), 16);
        assert_eq!(bare_value_len("0,2"), 1);
        assert_eq!(bare_value_len("backup.*\\.zip rest"), 13);
        assert_eq!(bare_value_len("r\u{e9}sum\u{e9} x"), 8);
    }
}

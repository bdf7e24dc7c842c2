//! The comparisons most queries are made of, decided without the general
//! machinery: one top-level attribute compared with `=` or `!=` to ASCII
//! text, exact or with one `*` (`status=failed`, `code="* backup"`).
//!
//! On a large set of entities time goes to waiting on memory, and the CPU
//! overlaps that wait with the next entity's only as far as it can run
//! ahead: the fewer instructions an entity takes, the more of the next
//! one's memory is already on its way. Inlined into the graph's loop, this
//! path takes about half the instructions of [`Leaf::matches`]. Whatever
//! it cannot settle (another kind of value, a string that only lowering
//! could match) goes to the leaf.

use serde_json::{Map, Value as Json};

use super::leaf::Leaf;
use super::lookup::Key;
use super::text::{self, Simple};

#[derive(Debug, Clone)]
pub(super) struct Fast {
    key: Key,
    negated: bool,
    text: Text,
}

#[derive(Debug, Clone)]
enum Text {
    Exact(Box<str>),
    /// `*last`, the most common wildcard (`code="* backup"`).
    Suffix(Box<str>),
    Affix(Box<str>, Box<str>),
}

impl Fast {
    /// The fast form of `leaf`, if it has one.
    pub(super) fn new(leaf: &Leaf) -> Option<Fast> {
        let (name, pattern, negated) = leaf.simple_text()?;
        let text = match pattern {
            Simple::Exact(text) => Text::Exact(text.into()),
            Simple::Affix("", last) => Text::Suffix(last.into()),
            Simple::Affix(first, last) => Text::Affix(first.into(), last.into()),
        };
        Some(Fast {
            key: Key::new(name),
            negated,
            text,
        })
    }

    /// The leaf's answer, or `None` when only the leaf can tell.
    #[inline(always)]
    pub(super) fn decide(&self, map: &Map<String, Json>) -> Option<bool> {
        let found = match self.key.find(map) {
            None => false,
            Some(Json::String(s)) => match &self.text {
                Text::Exact(pattern) => text::exact_ascii(s, pattern)?,
                Text::Suffix(last) => text::affix_ascii(s, "", last)?,
                Text::Affix(first, last) => text::affix_ascii(s, first, last)?,
            },
            Some(_) => return None,
        };
        Some(found != self.negated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::slots::Slots;
    use serde_json::json;

    fn fast(expr: &str) -> Option<(Fast, Leaf)> {
        let Ok(crate::Expr::Compare(c)) = crate::parse_expression(expr) else {
            panic!("{expr} is not one comparison");
        };
        let leaf = Leaf::new(&c, &mut Slots::default()).unwrap();
        Fast::new(&leaf).map(|f| (f, leaf))
    }

    #[test]
    fn only_simple_text_comparisons_are_fast() {
        for expr in [
            "status=failed",
            "status!=failed",
            r#"code="* backup""#,
            "a=b*",
            "a=*",
        ] {
            assert!(fast(expr).is_some(), "{expr}");
        }
        for expr in [
            "job.id=x",
            "a=b*c*d",
            "a=Å",
            "a<b",
            "a in b,c",
            "a contains b",
            "a matches b",
        ] {
            assert!(fast(expr).is_none(), "{expr}");
        }
    }

    #[test]
    fn agrees_with_the_leaf_or_defers_to_it() {
        let entities = [
            json!({"a": "B"}),
            json!({"a": "bb"}),
            json!({"a": ""}),
            json!({"a": "x b"}),
            json!({"a": "\u{212A}"}),
            json!({"a": "Åb"}),
            json!({"a": 5}),
            json!({"a": ["b"]}),
            json!({"a": null}),
            json!({"b": "b"}),
            json!("b"),
        ];
        for expr in ["a=b", "a!=b", "a=k", "a=*b", r#"a!="* b""#, "a=b*", "a=*"] {
            let (fast, leaf) = fast(expr).unwrap();
            for entity in &entities {
                let Some(map) = entity.as_object() else {
                    continue;
                };
                if let Some(answer) = fast.decide(map) {
                    assert_eq!(answer, leaf.matches(entity, None), "{expr} on {entity}");
                }
            }
        }
        let (fast, _) = fast("a=k").unwrap();
        let decide = |entity: serde_json::Value| fast.decide(entity.as_object().unwrap());
        assert_eq!(
            decide(json!({"a": "\u{212A}"})),
            None,
            "only lowering can tell"
        );
        assert_eq!(decide(json!({"a": 5})), None);
        assert_eq!(decide(json!({"b": 5})), Some(false));
    }
}

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
use super::text::Pattern;

#[derive(Debug, Clone)]
pub(super) struct Fast {
    key: Key,
    negated: bool,
    pattern: Pattern,
}

impl Fast {
    /// The fast form of `leaf`, if it has one.
    pub(super) fn new(leaf: &Leaf) -> Option<Fast> {
        let (name, pattern, negated) = leaf.simple_text()?;
        Some(Fast {
            key: Key::new(name),
            negated,
            pattern: pattern.clone(),
        })
    }

    /// The leaf's answer, or `None` when only the leaf can tell.
    #[inline(always)]
    pub(super) fn decide(&self, map: &Map<String, Json>) -> Option<bool> {
        let found = match self.key.find(map) {
            None => false,
            Some(Json::String(s)) => self.pattern.decide_as_is(s)?,
            Some(_) => return None,
        };
        Some(found != self.negated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::slots::Slots;
    use proptest::prelude::*;
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

    /// Letters whose lowering changes length or leaves ASCII (KELVIN SIGN,
    /// U+0130, U+0307, ß, ẞ, Å and ANGSTROM SIGN), ASCII case mixes and `*`.
    fn tricky_text() -> impl Strategy<Value = String> {
        let chars = proptest::sample::select(vec![
            'a', 'A', 'b', 'B', 'k', 'K', 'i', 'I', 's', 'S', ' ', '*', '5', '\u{212A}', '\u{130}',
            '\u{307}', 'ß', '\u{1E9E}', 'Å', 'å', '\u{212B}',
        ]);
        proptest::collection::vec(chars, 0..7).prop_map(String::from_iter)
    }

    /// Attribute values of every JSON kind.
    fn any_json() -> impl Strategy<Value = Json> {
        let scalar = prop_oneof![
            4 => tricky_text().prop_map(Json::from),
            1 => (-6i64..6).prop_map(Json::from),
            1 => Just(json!(5.0)),
            1 => any::<bool>().prop_map(Json::from),
            1 => Just(Json::Null),
        ];
        scalar.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Json::from),
                inner.prop_map(|id| json!({ "id": id })),
            ]
        })
    }

    /// A string and a pattern spelling the same letters, each in its own
    /// case or form (`k`, `K`, KELVIN SIGN; `İ`, `i` + U+0307; ...), the
    /// pattern with a star in place of a prefix or a middle part, or none.
    fn text_and_pattern() -> impl Strategy<Value = (String, String)> {
        const FORMS: &[&[&str]] = &[
            &["a", "A"],
            &["s", "S"],
            &["i", "I"],
            &["5"],
            &[" "],
            &["k", "K", "\u{212A}"],
            &["\u{e5}", "\u{c5}", "\u{212B}"],
            &["\u{df}", "\u{1E9E}"],
            &["i\u{307}", "I\u{307}", "\u{130}"],
        ];
        let letter = (
            0..FORMS.len(),
            any::<proptest::sample::Index>(),
            any::<proptest::sample::Index>(),
        )
            .prop_map(|(i, a, b)| {
                (
                    FORMS[i][a.index(FORMS[i].len())],
                    FORMS[i][b.index(FORMS[i].len())],
                )
            });
        (
            proptest::collection::vec(letter, 0..6),
            0usize..8,
            0usize..8,
        )
            .prop_map(|(letters, from, to)| {
                let text = letters.iter().map(|(t, _)| *t).collect::<String>();
                let forms: Vec<&str> = letters.iter().map(|(_, p)| *p).collect();
                let (from, to) = (from.min(forms.len()), to.min(forms.len()));
                let pattern = match (from, to) {
                    (0, _) if to == forms.len() => forms.concat(),
                    _ if from <= to => {
                        format!("{}*{}", forms[..from].concat(), forms[to..].concat())
                    }
                    _ => format!("*{}", forms[to..].concat()),
                };
                (text, pattern)
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4_000))]

        /// The fast path either defers or answers exactly as the leaf, and
        /// defers only where the leaf's answer needs more than ASCII text.
        #[test]
        fn decides_as_the_leaf_or_defers(
            name in proptest::sample::select(vec!["a", "", "zz", "K", "\u{fc}mlaut"]),
            (value, pattern) in prop_oneof![
                (proptest::option::of(any_json()), tricky_text()),
                text_and_pattern().prop_map(|(text, pattern)| (Some(Json::from(text)), pattern)),
            ],
            negated in any::<bool>(),
            padding in 0usize..40,
        ) {
            // Neighbouring keys, some as long as `name`, enough for the
            // tree lookup past 32 keys.
            let mut map: Map<String, Json> =
                (0..padding).map(|i| (format!("{i:0>2}"), json!(i))).collect();
            map.insert("b".into(), json!("b"));
            if let Some(value) = &value {
                map.insert(name.into(), value.clone());
            }
            let entity = Json::Object(map);
            let expr = if negated {
                crate::attr(name).ne(pattern.as_str())
            } else {
                crate::attr(name).eq(pattern.as_str())
            };
            let crate::Expr::Compare(c) = expr else {
                return Err(TestCaseError::fail("not one comparison"));
            };
            let leaf = Leaf::new(&c, &mut Slots::default()).unwrap();
            let Some(fast) = Fast::new(&leaf) else {
                // Only exact ASCII text and one star are fast.
                prop_assert!(!pattern.is_ascii() || pattern.matches('*').count() > 1);
                return Ok(());
            };
            let map = entity.as_object().unwrap();
            let decided = fast.decide(map);
            if let Some(answer) = decided {
                prop_assert_eq!(answer, leaf.matches(&entity, None), "{} on {}", c, entity);
            }
            let ascii_text = match &value {
                None => true,
                Some(Json::String(s)) => s.is_ascii(),
                Some(_) => false,
            };
            if ascii_text {
                prop_assert!(decided.is_some(), "{} deferred on {}", c, entity);
            }
        }
    }
}

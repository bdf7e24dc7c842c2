//! Finding an attribute in an entity's map while touching as little memory
//! as possible.
//!
//! serde_json's map is a `BTreeMap<String, Value>` whose keys are separate
//! heap strings. `Map::get` compares the wanted name with every key on its
//! way down the tree, reading each key's bytes: on a large set of entities
//! that is a cache miss per key. The length of each key, though, sits in
//! the tree node itself. A scan that compares lengths first reads the bytes
//! of only the keys as long as the wanted name, usually one. It walks the
//! keys in order, so a name late in the alphabet is looked for from the
//! end. On 100,000 seed-shaped transfers this makes the seeds' nested query
//! about twice as fast as `Map::get` (BENCHMARKS.md).
//!
//! Attribute names are case-insensitive, as the whole query language is.
//! A filter lowers its names once, when it is compiled, and the backend
//! sends lower-case keys; so the exact scan finds nearly every attribute,
//! and only when it finds nothing are keys compared ignoring case (a second
//! scan, out of line, paid by misses only).

use serde_json::{Map, Value as Json};

use super::bytes::{same, same_folded};

/// Maps with more keys than this are searched with `Map::get`, whose tree
/// walk reads O(log n) keys where a scan reads O(n) lengths.
const SCAN_LIMIT: usize = 32;

/// The value of the key that equals `name` (already lower-case), or else
/// of the first that equals it ignoring case; cheaper than `Map::get` on
/// cold memory for maps of a few dozen keys.
#[inline]
pub(super) fn lookup<'a>(map: &'a Map<String, Json>, name: &str) -> Option<&'a Json> {
    find(map, name, from_the_end(name))
}

/// An attribute name with its scan direction decided once.
#[derive(Debug, Clone)]
pub(super) struct Key {
    name: Box<str>,
    from_end: bool,
}

impl Key {
    pub(super) fn new(name: &str) -> Key {
        Key {
            name: name.into(),
            from_end: from_the_end(name),
        }
    }

    /// [`lookup`] of this name.
    #[inline]
    pub(super) fn find<'a>(&self, map: &'a Map<String, Json>) -> Option<&'a Json> {
        find(map, &self.name, self.from_end)
    }
}

#[inline]
fn find<'a>(map: &'a Map<String, Json>, name: &str, from_end: bool) -> Option<&'a Json> {
    match find_exact(map, name, from_end) {
        Some(value) => Some(value),
        None => find_ignoring_case(map, name),
    }
}

#[inline]
fn find_exact<'a>(map: &'a Map<String, Json>, name: &str, from_end: bool) -> Option<&'a Json> {
    if map.len() > SCAN_LIMIT {
        return map.get(name);
    }
    let hit = |(key, _): &(&String, &Json)| {
        key.len() == name.len() && same(key.as_bytes(), name.as_bytes())
    };
    let found = if from_end {
        map.iter().rev().find(hit)
    } else {
        map.iter().find(hit)
    };
    found.map(|(_, value)| value)
}

/// The first key equal to `lowered` but for case. Out of line: only an
/// attribute the exact scan missed gets here.
#[cold]
#[inline(never)]
fn find_ignoring_case<'a>(map: &'a Map<String, Json>, lowered: &str) -> Option<&'a Json> {
    map.iter()
        .find(|(key, _)| same_ignoring_case(key, lowered))
        .map(|(_, value)| value)
}

/// `key.to_lowercase() == lowered`, without allocating.
fn same_ignoring_case(key: &str, lowered: &str) -> bool {
    if key.is_ascii() {
        same_folded(key.as_bytes(), lowered.as_bytes())
    } else {
        key.chars().flat_map(char::to_lowercase).eq(lowered.chars())
    }
}

/// Whether `name` likely sits in the second half of a sorted key list.
/// Only speed depends on it: either direction finds every key.
fn from_the_end(name: &str) -> bool {
    name.as_bytes().first().is_some_and(|b| *b >= b'm')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn finds_what_get_finds_from_either_end() {
        let entity = json!({
            "code": 1, "created": 2, "destination": 3, "destination_hr": 4,
            "id": 5, "name": 6, "size": 7, "source": 8, "status": 9, "user": 10,
            "": 11, "Zed": 12, "ümlaut": 13,
        });
        let Json::Object(map) = &entity else { panic!() };
        for name in [
            "code",
            "created",
            "destination",
            "destination_hr",
            "id",
            "name",
            "size",
            "source",
            "status",
            "user",
            "",
            "Zed",
            "ümlaut",
            "missing",
            "zzz",
            "s",
            "codes",
        ] {
            assert_eq!(lookup(map, name), map.get(name), "{name:?}");
        }
    }

    #[test]
    fn names_are_found_whatever_the_case_of_the_key() {
        let entity = json!({"Status": 1, "size": 2, "SIZE": 3, "ÜMLAUT": 4, "\u{212A}ey": 5});
        let Json::Object(map) = &entity else { panic!() };
        assert_eq!(lookup(map, "status"), Some(&json!(1)));
        assert_eq!(lookup(map, "size"), Some(&json!(2)), "the exact key wins");
        assert_eq!(lookup(map, "ümlaut"), Some(&json!(4)));
        assert_eq!(
            lookup(map, "key"),
            Some(&json!(5)),
            "KELVIN SIGN lowers to k"
        );
        assert_eq!(lookup(map, "missing"), None);
        let large: Map<String, Json> = (0..40).map(|i| (format!("K{i}"), json!(i))).collect();
        assert_eq!(Key::new("k39").find(&large), Some(&json!(39)));
    }

    #[test]
    fn large_maps_use_the_tree() {
        let map: Map<String, Json> = (0..100).map(|i| (format!("k{i}"), json!(i))).collect();
        for i in [0, 31, 32, 99] {
            assert_eq!(lookup(&map, &format!("k{i}")), Some(&json!(i)));
        }
        assert_eq!(lookup(&map, "k100"), None);
    }

    /// Short names from few letters, so many share a length (and a first
    /// byte on either side of 'm'), some not ASCII.
    fn key_name() -> impl Strategy<Value = String> {
        let chars = proptest::sample::select(vec!['a', 'm', 'z', 'M', '_', 'é', '\u{212A}']);
        proptest::collection::vec(chars, 0..4).prop_map(String::from_iter)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3_000))]

        #[test]
        fn agrees_with_get(
            keys in proptest::collection::vec(key_name(), 0..60),
            picked in any::<proptest::sample::Index>(),
            other in key_name(),
        ) {
            let map: Map<String, Json> =
                keys.iter().enumerate().map(|(i, k)| (k.clone(), json!(i))).collect();
            // A present key (when there is one) and a likely absent one.
            let present = keys.get(picked.index(keys.len().max(1))).cloned().unwrap_or_default();
            for name in [present.to_lowercase(), other.to_lowercase()] {
                let name = name.as_str();
                // `Map::get`, else the first key that lowers to the name.
                let expected = map.get(name).or_else(|| {
                    map.iter().find(|(k, _)| k.to_lowercase() == name).map(|(_, v)| v)
                });
                prop_assert_eq!(lookup(&map, name), expected, "{:?} in {:?}", name, keys);
                prop_assert_eq!(Key::new(name).find(&map), expected, "{:?}", name);
            }
        }
    }
}

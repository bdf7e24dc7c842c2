//! Looking up each top-level attribute once per entity, however many
//! comparisons read it.
//!
//! Finding a key in serde_json's map walks its nodes (see `lookup`), and
//! that walk is most of the cost of a comparison. A filter whose
//! comparisons share an attribute (an OR chain over `name`, `a>1 AND a<9`)
//! therefore remembers each lookup for the
//! rest of the entity. Filters whose comparisons all read different
//! attributes skip the bookkeeping: for them it only costs time. (Resolving
//! every wanted key in one pass over the map was tried too, and was slower
//! than lazy lookups: most entities are decided before every attribute is
//! read.)

use serde_json::{Map, Value as Json};

use super::lookup::lookup;

/// Most distinct top-level attributes remembered; a filter with more looks
/// each one up every time (no heap allocation either way).
pub(super) const MAX_SLOTS: usize = 16;

/// The distinct first path segments of a filter's comparisons.
#[derive(Debug, Clone, Default)]
pub(super) struct Slots {
    names: Vec<Box<str>>,
    /// How many comparisons were given a slot.
    uses: usize,
}

impl Slots {
    /// The slot for `name`, adding it if new.
    pub(super) fn slot(&mut self, name: &str) -> usize {
        self.uses += 1;
        if let Some(i) = self.names.iter().position(|n| &**n == name) {
            return i;
        }
        self.names.push(name.into());
        self.names.len() - 1
    }

    /// Whether remembering lookups pays: some attribute is read by more than
    /// one comparison, and all of them fit.
    pub(super) fn worth_remembering(&self) -> bool {
        self.uses > self.names.len() && self.names.len() <= MAX_SLOTS
    }
}

/// One entity's top-level attributes, looked up on first use.
pub(super) struct Memo<'a> {
    map: &'a Map<String, Json>,
    found: [Option<Option<&'a Json>>; MAX_SLOTS],
}

impl<'a> Memo<'a> {
    pub(super) fn new(map: &'a Map<String, Json>) -> Memo<'a> {
        Memo {
            map,
            found: [None; MAX_SLOTS],
        }
    }

    /// The value of attribute `name`, which has slot `slot`.
    pub(super) fn get(&mut self, slot: usize, name: &str) -> Option<&'a Json> {
        let map = self.map;
        match self.found.get_mut(slot) {
            Some(entry) => *entry.get_or_insert_with(|| lookup(map, name)),
            None => lookup(map, name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn repeated_names_share_a_slot() {
        let mut slots = Slots::default();
        assert_eq!(slots.slot("a"), 0);
        assert_eq!(slots.slot("b"), 1);
        assert!(!slots.worth_remembering(), "every name read once");
        assert_eq!(slots.slot("a"), 0);
        assert!(slots.worth_remembering());
        for i in 0..MAX_SLOTS {
            slots.slot(&format!("n{i}"));
        }
        assert!(!slots.worth_remembering(), "more names than slots");
    }

    #[test]
    fn memo_answers_like_the_map() {
        let entity = json!({"a": 1, "b": null});
        let Json::Object(map) = &entity else { panic!() };
        let mut memo = Memo::new(map);
        for _ in 0..2 {
            assert_eq!(memo.get(0, "a"), Some(&json!(1)));
            assert_eq!(memo.get(1, "b"), Some(&json!(null)));
            assert_eq!(memo.get(2, "c"), None);
            assert_eq!(memo.get(MAX_SLOTS + 5, "a"), Some(&json!(1)));
        }
    }
}

//! Cross-crate tests: the facade and the crates it composes, used together.

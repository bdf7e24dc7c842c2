//! Parser, canonical printer and evaluator for the accsyn query language.
//!
//! Work in progress: see issue 2.

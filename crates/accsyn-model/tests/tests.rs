//! Integration tests of accsyn-model: the documents' JSON examples round-trip through the
//! typed structs, and property tests of every parser.

mod properties;
mod seeds;
mod timestamps;

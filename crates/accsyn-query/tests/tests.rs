//! Integration tests for accsyn-query, one module per topic.

mod builder;
mod errors;
mod filter;
mod grammar;
mod properties;

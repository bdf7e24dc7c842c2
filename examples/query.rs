//! Parses, prints and evaluates the product documents' queries.
fn main() {}

//! Benchmarks of sequential calls (filled in below).

fn main() {}

//! Runs the Rust examples of the workspace README as doctests.
#![doc = include_str!("../README.md")]

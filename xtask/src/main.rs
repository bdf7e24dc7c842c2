//! Project automation for accsyn-rs, run as `cargo xtask <command>`.

fn main() {
    eprintln!("usage: cargo xtask <codegen [--check] | release <version> [--dry-run]>");
    std::process::exit(2);
}

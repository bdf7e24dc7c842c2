//! The `accsyn` binary run as a user runs it, against emulators on 127.0.0.1.

mod commands;
mod config;
mod errors;
mod help;
mod output;
mod pty;
mod query;
mod support;
mod watch;

//! Integration tests of accsyn-client: every call over real HTTP against the in-process
//! emulator (on 127.0.0.1, port 0), plus mockall tests of request sequences.

mod access;
mod blocking;
mod files;
mod mock;
mod raw;
mod send_sync;
mod session;
mod sharing;
mod support;
mod tasks;
mod typed;
mod wait;

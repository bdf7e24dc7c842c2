//! Integration tests of accsyn-transport against a real local HTTP server (127.0.0.1:0).

mod support;

mod faults;
mod mock;
mod properties;
mod proxy;
mod relogin;
mod replies;
mod secrets;
mod shapes;
#[cfg(any(feature = "rustls", feature = "ring"))]
mod tls;

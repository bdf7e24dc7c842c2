//! Integration tests over real HTTP on 127.0.0.1 (port 0).

mod it;

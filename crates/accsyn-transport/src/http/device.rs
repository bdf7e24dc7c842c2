//! The `X-Accsyn-Device` header and this machine's host name.

/// This machine's host name, reduced to characters that are valid in a header and in the
/// envelope (a non-ASCII host name must not make every call fail).
pub(crate) fn local_hostname() -> String {
    let raw = gethostname::gethostname();
    let name: String = raw
        .to_string_lossy()
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .collect();
    if name.is_empty() {
        "localhost".to_owned()
    } else {
        name
    }
}

/// `accsyn-transport v<version> @ <os> <hostname>(<family>)`, shaped like the official
/// client's `PythonAPI v3.4.0 @ linux host(posix)` so server-side device lists read alike.
pub(crate) fn device_header(hostname: &str) -> String {
    format!(
        "{} v{} @ {} {}({})",
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        hostname,
        std::env::consts::FAMILY
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_header_names_crate_version_and_host() {
        let h = device_header("vm");
        assert!(h.starts_with(&format!(
            "accsyn-transport v{} @ ",
            env!("CARGO_PKG_VERSION")
        )));
        assert!(h.ends_with(&format!(" vm({})", std::env::consts::FAMILY)));
    }

    #[test]
    fn hostname_is_header_safe() {
        let h = local_hostname();
        assert!(!h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()));
    }
}

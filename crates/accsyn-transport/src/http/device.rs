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

/// `accsyn-transport v<version> @ <platform> <hostname>(<os name>)`, shaped like the
/// official client's `PythonAPI v3.4.0 @ linux host(posix)` so server-side device lists
/// read alike: platform and OS name use Python's words (`sys.platform`, `os.name`).
pub(crate) fn device_header(hostname: &str) -> String {
    format!(
        "{} v{} @ {} {}({})",
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION"),
        python_platform(std::env::consts::OS),
        hostname,
        python_os_name(std::env::consts::FAMILY)
    )
}

/// Python's `sys.platform` for Rust's `std::env::consts::OS`.
fn python_platform(os: &str) -> &str {
    match os {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    }
}

/// Python's `os.name` for Rust's `std::env::consts::FAMILY`.
fn python_os_name(family: &str) -> &str {
    match family {
        "unix" => "posix",
        "windows" => "nt",
        other => other,
    }
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
        assert!(h.ends_with(&format!(
            " vm({})",
            python_os_name(std::env::consts::FAMILY)
        )));
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn device_header_on_linux_reads_like_the_official_clients() {
        // The recording's `PythonAPI v3.4.0 @ linux vm(posix)`, with our name and version.
        assert_eq!(
            device_header("vm"),
            format!(
                "accsyn-transport v{} @ linux vm(posix)",
                env!("CARGO_PKG_VERSION")
            )
        );
    }

    #[test]
    fn platform_and_os_names_are_pythons() {
        assert_eq!(python_platform("macos"), "darwin");
        assert_eq!(python_platform("windows"), "win32");
        assert_eq!(python_platform("linux"), "linux");
        assert_eq!(python_os_name("unix"), "posix");
        assert_eq!(python_os_name("windows"), "nt");
    }

    #[test]
    fn hostname_is_header_safe() {
        let h = local_hostname();
        assert!(!h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()));
    }
}

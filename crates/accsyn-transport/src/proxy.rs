//! Proxy settings in the official client's syntax (`ACCSYN_PROXY` or a setting).

use std::{fmt, str::FromStr};

use crate::Error;

/// The environment variable the official client reads its proxy from.
///
/// ```
/// assert_eq!(accsyn_transport::PROXY_ENV, "ACCSYN_PROXY");
/// ```
pub const PROXY_ENV: &str = "ACCSYN_PROXY";

/// A proxy in the official client's syntax:
///
/// | setting | meaning |
/// |---|---|
/// | `socks:host:port`, `socks5:host:port` | a SOCKS5 proxy (names resolved by the proxy) |
/// | `accsyn:host:port`, `host:port` | an accsyn proxy: a relay spoken to in plain HTTP |
/// | `host` | an accsyn proxy on port 80 |
///
/// An accsyn proxy replaces the API host: every request goes to `http://host:port`, as the
/// official client does. Through SOCKS the connection to the API host stays TLS (the
/// official client drops to plain HTTP there; we keep encryption end to end).
///
/// ```
/// use accsyn_transport::ProxySetting;
///
/// let p: ProxySetting = "socks5:gw.local:1080".parse().unwrap();
/// assert_eq!(p, ProxySetting::Socks5 { host: "gw.local".into(), port: 1080 });
/// assert_eq!("relay".parse::<ProxySetting>().unwrap(),
///            ProxySetting::Accsyn { host: "relay".into(), port: 80 });
/// assert!("ftp:h:1".parse::<ProxySetting>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProxySetting {
    /// A SOCKS5 proxy.
    Socks5 {
        /// Proxy host.
        host: String,
        /// Proxy port.
        port: u16,
    },
    /// An accsyn proxy (relay) that receives the API calls in plain HTTP.
    Accsyn {
        /// Proxy host.
        host: String,
        /// Proxy port (80 when the setting names only a host).
        port: u16,
    },
}

impl ProxySetting {
    /// Parses a setting; see the type's documentation for the forms.
    ///
    /// # Errors
    /// [`Error::Config`] for an unknown proxy type, a bad port or a malformed setting.
    ///
    /// ```
    /// use accsyn_transport::ProxySetting;
    /// assert_eq!(ProxySetting::parse("accsyn:relay:8080").unwrap(),
    ///            ProxySetting::Accsyn { host: "relay".into(), port: 8080 });
    /// assert!(ProxySetting::parse("relay:http").is_err());
    /// ```
    pub fn parse(setting: &str) -> Result<Self, Error> {
        let setting = setting.trim();
        let bad = |why: &str| {
            Error::Config(format!(
                "proxy setting {setting:?} {why}; use `socks5:host:port`, `accsyn:host:port`, \
                 `host:port` or `host`"
            ))
        };
        let parts: Vec<&str> = setting.split(':').collect();
        let (kind, host, port) = match parts.as_slice() {
            [host] => ("accsyn", *host, "80"),
            [host, port] => ("accsyn", *host, *port),
            [kind, host, port] => (*kind, *host, *port),
            _ => return Err(bad("has too many `:`")),
        };
        if host.is_empty() {
            return Err(bad("has no host"));
        }
        let port: u16 = port
            .parse()
            .map_err(|_| bad("has a port that is not a number from 0 to 65535"))?;
        let host = host.to_owned();
        match kind.to_ascii_lowercase().as_str() {
            "socks" | "socks5" => Ok(Self::Socks5 { host, port }),
            "accsyn" => Ok(Self::Accsyn { host, port }),
            _ => Err(bad("names an unknown proxy type")),
        }
    }
}

impl FromStr for ProxySetting {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for ProxySetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Socks5 { host, port } => write!(f, "socks5:{host}:{port}"),
            Self::Accsyn { host, port } => write!(f, "accsyn:{host}:{port}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<ProxySetting>) {
        match (ProxySetting::parse(input), expected) {
            (Ok(got), Some(want)) => assert_eq!(got, want, "{input}"),
            (Err(_), None) => {}
            (got, want) => panic!("{input}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn every_form_of_the_official_client() {
        let socks = |h: &str, p| {
            Some(ProxySetting::Socks5 {
                host: h.into(),
                port: p,
            })
        };
        let accsyn = |h: &str, p| {
            Some(ProxySetting::Accsyn {
                host: h.into(),
                port: p,
            })
        };
        check("socks:gw:1080", socks("gw", 1080));
        check("socks5:gw:1081", socks("gw", 1081));
        check("SOCKS5:gw:1081", socks("gw", 1081));
        check("accsyn:relay:8888", accsyn("relay", 8888));
        check("relay:8888", accsyn("relay", 8888));
        check("relay", accsyn("relay", 80));
        check(" relay ", accsyn("relay", 80));
    }

    #[test]
    fn malformed_settings_are_errors_not_panics() {
        for bad in [
            "",
            ":80",
            "a:b:c:d",
            "relay:",
            "relay:99999",
            "http:relay:80",
            "socks5::1",
        ] {
            check(bad, None);
        }
    }

    #[test]
    fn display_round_trips() {
        let p = ProxySetting::parse("gw:3128").unwrap();
        assert_eq!(ProxySetting::parse(&p.to_string()).unwrap(), p);
    }
}

//! The API key as a secret value.

use std::fmt;

/// An accsyn API key: its `Debug` and `Display` print `[redacted]`, so it cannot leak
/// through logs, error messages or `{:?}` of a struct that holds it.
///
/// ```
/// use accsyn_transport::ApiKey;
///
/// let key = ApiKey::new("s3cr3t-api-key");
/// assert_eq!(format!("{key:?}"), "[redacted]");
/// assert_eq!(key.to_string(), "[redacted]");
/// assert_eq!(key.expose_secret(), "s3cr3t-api-key");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key.
    ///
    /// ```
    /// let key = accsyn_transport::ApiKey::new("k");
    /// assert!(!key.is_empty());
    /// ```
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key itself, for building the `Authorization` header. Keep the result out of logs.
    ///
    /// ```
    /// let key = accsyn_transport::ApiKey::new("k");
    /// assert_eq!(key.expose_secret(), "k");
    /// ```
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// True when the key is empty (a missing environment variable, typically).
    ///
    /// ```
    /// assert!(accsyn_transport::ApiKey::new("").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> Self {
        Self(key)
    }
}

impl From<&str> for ApiKey {
    fn from(key: &str) -> Self {
        Self(key.to_owned())
    }
}

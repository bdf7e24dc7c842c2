//! Values as people read them in a table: sizes in KiB/MiB/GiB, dates without the `T`,
//! speeds in MB/s, progress in percent.

use std::time::Duration;

use accsyn_model::{HrRef, Timestamp};
use serde_json::Value;

/// Longest nested JSON shown in a cell before it is cut.
const MAX_NESTED_CHARS: usize = 60;

/// A table cell for the attribute `name` (the last part of a dotted path decides).
pub(crate) fn cell(name: &str, value: &Value) -> String {
    let attribute = name.rsplit('.').next().unwrap_or(name);
    match value {
        Value::Number(n) if is_size(attribute) => n.as_u64().map_or_else(|| n.to_string(), size),
        Value::Number(n) if attribute == "speed" => match n.as_f64() {
            Some(speed) if speed >= 0.0 => format!("{speed:.1} MB/s"),
            _ => String::new(),
        },
        Value::Number(n) if attribute == "progress" => format!("{n}%"),
        // `user:lisa@example.com[standard](<id>)` reads as `lisa@example.com`.
        Value::String(text) if attribute.ends_with("_hr") => HrRef::parse(text)
            .map(|r| r.label)
            .unwrap_or_else(|_| text.clone()),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            items.iter().map(plain).collect::<Vec<_>>().join(", ")
        }
        Value::Object(_) | Value::Array(_) => {
            let text = value.to_string();
            if text.chars().count() > MAX_NESTED_CHARS {
                let cut: String = text.chars().take(MAX_NESTED_CHARS - 1).collect();
                format!("{cut}…")
            } else {
                text
            }
        }
        other => plain(other),
    }
}

/// A scalar as text: strings unquoted, dates readable, null as nothing.
pub(crate) fn plain(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => date(text).unwrap_or_else(|| text.clone()),
        other => other.to_string(),
    }
}

fn is_size(attribute: &str) -> bool {
    attribute == "size" || attribute.ends_with("_size")
}

/// `2026-01-22 08:35:59` for a timestamp as accsyn sends it (`2026-01-22T08:35:59`, with or
/// without milliseconds); `None` for any other text.
fn date(text: &str) -> Option<String> {
    // Only text shaped like a date is tried: the model's parser is the one judge of what a
    // timestamp is, but a name such as "2026" must stay a name.
    if text.len() < 17 || !text.as_bytes()[0].is_ascii_digit() || !text.contains('T') {
        return None;
    }
    let t = Timestamp::parse(text).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    ))
}

/// `512 B`, `1.5 KiB`, `48.0 MiB`, `2.3 GiB`.
pub(crate) fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// `45s`, `3m 05s`, `2h 10m`.
pub(crate) fn duration(left: Duration) -> String {
    let secs = left.as_secs();
    match (secs / 3600, secs / 60 % 60, secs % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m {s:02}s"),
        (h, m, _) => format!("{h}h {m:02}m"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn sizes_dates_speeds_and_progress_read_as_words() {
        assert_eq!(cell("size", &json!(512)), "512 B");
        assert_eq!(cell("size", &json!(48 << 20)), "48.0 MiB");
        assert_eq!(cell("source.size", &json!(1536)), "1.5 KiB");
        assert_eq!(
            cell("created", &json!("2026-01-22T08:35:59")),
            "2026-01-22 08:35:59"
        );
        assert_eq!(
            cell("created", &json!("2026-01-22T08:35:59.123")),
            "2026-01-22 08:35:59"
        );
        assert_eq!(cell("name", &json!("2026")), "2026");
        assert_eq!(cell("speed", &json!(12.25)), "12.2 MB/s");
        assert_eq!(cell("speed", &json!(-1)), "");
        assert_eq!(cell("progress", &json!(42)), "42%");
        assert_eq!(
            cell("roles", &json!(["admin", "storage"])),
            "admin, storage"
        );
        assert_eq!(cell("x", &Value::Null), "");
        let hr = json!("user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)");
        assert_eq!(cell("user_hr", &hr), "lisa@example.com");
    }

    #[test]
    fn long_nested_values_are_cut() {
        let long = json!({"text": "x".repeat(100)});
        let shown = cell("metadata", &long);
        assert_eq!(shown.chars().count(), MAX_NESTED_CHARS);
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn durations_are_short() {
        assert_eq!(duration(Duration::from_secs(45)), "45s");
        assert_eq!(duration(Duration::from_secs(185)), "3m 05s");
        assert_eq!(duration(Duration::from_secs(7800)), "2h 10m");
    }
}

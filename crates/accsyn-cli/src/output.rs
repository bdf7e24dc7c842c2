//! Writing results: a table for people, JSON or JSON lines for scripts, with the fields asked
//! for.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Map, Value};

use crate::cli::OutputFormat;
use crate::readable;

/// Writes results to stdout in the chosen format.
#[derive(Debug, Clone)]
pub(crate) struct Printer {
    format: OutputFormat,
    /// `--fields`: only these, in this order (dotted paths reach into objects).
    fields: Vec<String>,
    /// The terminal's width when stdout is one (tables wrap to it); none when piped.
    width: Option<u16>,
}

impl Printer {
    pub(crate) fn new(format: OutputFormat, fields: Vec<String>, width: Option<u16>) -> Self {
        Printer {
            format,
            fields,
            width,
        }
    }

    /// Whether results are tables (for people) rather than JSON (for scripts).
    pub(crate) fn is_table(&self) -> bool {
        self.format == OutputFormat::Table
    }

    /// Whether results are JSON lines (one value a line).
    pub(crate) fn is_lines(&self) -> bool {
        self.format == OutputFormat::Jsonl
    }

    /// Writes entities: a table with `columns` (those that occur; the first scalar
    /// attributes when none do) unless `--fields` chose others.
    pub(crate) fn list(&self, items: &[Value], columns: &[&str]) -> io::Result<()> {
        let mut out = io::stdout().lock();
        match self.format {
            // An empty table would print a blank line, which reads as a hang or a failure.
            OutputFormat::Table if items.is_empty() => writeln!(out, "(none)"),
            OutputFormat::Table => {
                let columns = self.columns(items, columns);
                let text = self.render_list(items, &columns);
                writeln!(out, "{text}")
            }
            OutputFormat::Json => {
                let items: Vec<Projected<'_>> = items.iter().map(|i| self.project(i)).collect();
                writeln!(out, "{}", pretty(&items))
            }
            OutputFormat::Jsonl => {
                for item in items {
                    writeln!(out, "{}", compact(&self.project(item)))?;
                }
                Ok(())
            }
        }
    }

    /// Writes one entity or answer: an attribute-value table, or the JSON.
    pub(crate) fn one(&self, item: &Value) -> io::Result<()> {
        let mut out = io::stdout().lock();
        match (self.format, item) {
            (OutputFormat::Table, Value::Object(map)) if self.fields.is_empty() => {
                writeln!(out, "{}", self.render_object(map))
            }
            (OutputFormat::Table, Value::Object(_)) => {
                writeln!(out, "{}", self.render_fields(item))
            }
            (OutputFormat::Table, Value::Array(items)) if items.is_empty() => {
                writeln!(out, "(none)")
            }
            (OutputFormat::Table, Value::Array(items)) => {
                let columns = self.columns(items, &[]);
                writeln!(out, "{}", self.render_list(items, &columns))
            }
            (OutputFormat::Table, other) => writeln!(out, "{}", readable::plain(other)),
            (OutputFormat::Json, _) => writeln!(out, "{}", pretty(&self.project(item))),
            (OutputFormat::Jsonl, _) => writeln!(out, "{}", compact(&self.project(item))),
        }
    }

    /// Writes the outcome of an action: `sentence` for people, the server's answer for
    /// scripts.
    pub(crate) fn done(&self, answer: &Value, sentence: &str) -> io::Result<()> {
        let mut out = io::stdout().lock();
        match self.format {
            OutputFormat::Table => writeln!(out, "{sentence}"),
            OutputFormat::Json => writeln!(out, "{}", pretty(answer)),
            OutputFormat::Jsonl => writeln!(out, "{answer}"),
        }
    }

    /// The columns of a list: `--fields`, else the wanted ones that occur, else the first
    /// scalar attributes.
    fn columns(&self, items: &[Value], wanted: &[&str]) -> Vec<String> {
        if !self.fields.is_empty() {
            return self.fields.clone();
        }
        let present: Vec<String> = wanted
            .iter()
            .filter(|c| items.iter().any(|i| lookup(i, c).is_some()))
            .map(|c| (*c).to_owned())
            .collect();
        if !present.is_empty() {
            return present;
        }
        let mut found: Vec<String> = Vec::new();
        for item in items {
            let Value::Object(map) = item else { continue };
            for (key, value) in map {
                let scalar = !matches!(value, Value::Object(_) | Value::Array(_));
                if scalar && !found.contains(key) && found.len() < MAX_GUESSED_COLUMNS {
                    found.push(key.clone());
                }
            }
        }
        found
    }

    fn table(&self) -> Table {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners());
        if let Some(width) = self.width {
            table.set_width(width);
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
        table
    }

    fn render_list(&self, items: &[Value], columns: &[String]) -> String {
        if items.iter().all(|i| !i.is_object()) {
            let lines: Vec<String> = items.iter().map(readable::plain).collect();
            return lines.join("\n");
        }
        let mut table = self.table();
        table.set_header(columns);
        for item in items {
            table.add_row(
                columns
                    .iter()
                    .map(|c| readable::cell(c, lookup(item, c).unwrap_or(&Value::Null))),
            );
        }
        table.to_string()
    }

    fn render_object(&self, map: &Map<String, Value>) -> String {
        let mut table = self.table();
        table.set_header(["attribute", "value"]);
        for (key, value) in map {
            table.add_row([key.clone(), readable::cell(key, value)]);
        }
        table.to_string()
    }

    /// One entity's `--fields`, in the order they were asked for.
    fn render_fields(&self, item: &Value) -> String {
        let mut table = self.table();
        table.set_header(["attribute", "value"]);
        for field in &self.fields {
            let value = lookup(item, field).unwrap_or(&Value::Null);
            table.add_row([field.clone(), readable::cell(field, value)]);
        }
        table.to_string()
    }

    /// The entity with only the `--fields` (keyed by their dotted path, in their order), or
    /// as it is.
    fn project<'v>(&'v self, item: &'v Value) -> Projected<'v> {
        if self.fields.is_empty() || !item.is_object() {
            return Projected::Whole(item);
        }
        Projected::Fields(
            self.fields
                .iter()
                .map(|f| (f.as_str(), lookup(item, f).unwrap_or(&Value::Null)))
                .collect(),
        )
    }
}

/// What is written of an entity: all of it, or the `--fields` in the order asked for (a
/// `serde_json::Map` would sort them by name).
#[derive(Debug)]
enum Projected<'v> {
    Whole(&'v Value),
    Fields(Vec<(&'v str, &'v Value)>),
}

impl serde::Serialize for Projected<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Projected::Whole(value) => value.serialize(serializer),
            Projected::Fields(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (name, value) in fields {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }
    }
}

/// Without wanted columns, at most this many are guessed from the attributes.
const MAX_GUESSED_COLUMNS: usize = 8;

/// The value at a dotted path (`source.path`), or at the whole name when an attribute has a
/// dot in it.
pub(crate) fn lookup<'v>(item: &'v Value, path: &str) -> Option<&'v Value> {
    if let Some(value) = item.get(path) {
        return Some(value);
    }
    path.split('.')
        .try_fold(item, |value, key| value.get(key))
        .filter(|v| !v.is_null())
}

/// Writes one line to stdout (an error for a closed pipe, where `println!` would panic).
pub(crate) fn say(line: impl std::fmt::Display) -> io::Result<()> {
    writeln!(io::stdout().lock(), "{line}")
}

/// A typed answer as JSON, for the printer.
pub(crate) fn to_json(value: &impl serde::Serialize) -> Result<Value, crate::error::CliError> {
    serde_json::to_value(value).map_err(|e| io::Error::other(e).into())
}

fn pretty(value: &impl serde::Serialize) -> String {
    // Serializing JSON values to a string cannot fail (their keys are strings).
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn compact(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn columns_are_the_wanted_ones_that_occur() {
        let printer = Printer::new(OutputFormat::Table, vec![], None);
        let items = [json!({"id": "a", "name": "n", "extra": 1})];
        assert_eq!(
            printer.columns(&items, &["id", "status", "name"]),
            ["id", "name"]
        );
        // Without wanted columns, the scalar attributes in name order (serde_json keeps objects sorted).
        assert_eq!(
            printer.columns(&items, &["nowhere"]),
            ["extra", "id", "name"]
        );
    }

    #[test]
    fn fields_reach_into_objects() {
        let printer = Printer::new(OutputFormat::Json, vec!["source.path".into()], None);
        let task = json!({"source": {"path": "a.mov"}, "uri": "0"});
        assert_eq!(
            compact(&printer.project(&task)),
            r#"{"source.path":"a.mov"}"#
        );
        assert_eq!(lookup(&json!({"a.b": 1}), "a.b"), Some(&json!(1)));
    }

    #[test]
    fn fields_keep_the_order_they_were_asked_in() {
        let printer = Printer::new(OutputFormat::Jsonl, vec!["name".into(), "id".into()], None);
        let item = json!({"id": "a", "name": "n", "status": "done"});
        assert_eq!(compact(&printer.project(&item)), r#"{"name":"n","id":"a"}"#);
        // Without fields, the entity as it came.
        let printer = Printer::new(OutputFormat::Jsonl, vec![], None);
        assert_eq!(compact(&printer.project(&item)), item.to_string());
    }
}

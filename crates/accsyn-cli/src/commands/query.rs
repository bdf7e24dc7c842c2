//! `accsyn query check|fmt|explain|eval`: the query language without a server, for shell
//! scripts, pre-commit hooks and editors.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use accsyn_query::{Expr, Filter, ParseError, Query, Value as QueryValue};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Value, json};

use crate::error::{CliError, Exit};
use crate::output::{self, Printer};
use crate::style;

/// `accsyn query`.
#[derive(Debug, Subcommand)]
pub(crate) enum QueryCommand {
    /// Check queries: exit 0 when all parse, 2 with the mistake (and a caret under it) when not
    Check {
        #[command(flatten)]
        input: Queries,
        /// How to report mistakes: text on stderr, or JSON lines on stdout for editors
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Print queries in their canonical form
    Fmt {
        #[command(flatten)]
        input: Queries,
    },
    /// Show a query's syntax tree
    Explain {
        #[command(flatten)]
        input: Queries,
    },
    /// Test a query against an entity: exit 0 when it matches, 1 when not
    Eval {
        /// The query, such as "Transfer WHERE status=done"
        query: String,
        /// The entity, as a JSON file (`-`: stdin); a list matches when any entity does
        #[arg(long, value_name = "FILE")]
        entity: PathBuf,
        /// The query is a bare expression, as the wire sends it (`status=done`)
        #[arg(long)]
        expression: bool,
    },
}

/// Queries from the command line, or from stdin.
#[derive(Debug, Args)]
pub(crate) struct Queries {
    /// The query, such as "Transfer WHERE status=failed"; `-` reads one query a line from stdin
    query: String,
    /// The queries are bare expressions, as the wire sends them (`status=done`)
    #[arg(long)]
    expression: bool,
}

/// How `query check` reports a mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// The message and a caret under the mistake, on stderr
    Text,
    /// One JSON object a mistake on stdout: {offset, line, column, message, expected}
    Json,
}

/// A parsed query, or a bare expression.
enum Parsed {
    Query(Query),
    Expression(Expr),
}

impl Queries {
    /// Each query with the line it came from (1 for an argument).
    fn lines(&self) -> Result<Vec<(usize, String)>, CliError> {
        if self.query != "-" {
            return Ok(vec![(1, self.query.clone())]);
        }
        let mut lines = Vec::new();
        for (index, line) in std::io::stdin().lock().lines().enumerate() {
            let line = line.map_err(|source| CliError::Read {
                path: "stdin".to_owned(),
                source,
            })?;
            if !line.trim().is_empty() {
                lines.push((index + 1, line));
            }
        }
        Ok(lines)
    }

    fn parse(&self, text: &str) -> Result<Parsed, ParseError> {
        if self.expression {
            accsyn_query::parse_expression(text).map(Parsed::Expression)
        } else {
            accsyn_query::parse(text).map(Parsed::Query)
        }
    }
}

pub(crate) fn run(command: QueryCommand, printer: &Printer) -> Result<Exit, CliError> {
    match command {
        QueryCommand::Check { input, format } => check(&input, format),
        QueryCommand::Fmt { input } => each(&input, |parsed, out| match parsed {
            Parsed::Query(q) => writeln!(out, "{q}"),
            Parsed::Expression(e) => writeln!(out, "{e}"),
        }),
        QueryCommand::Explain { input } => each(&input, |parsed, out| {
            let tree = match parsed {
                Parsed::Query(q) => explain_query(&q),
                Parsed::Expression(e) => explain(&e, ""),
            };
            write!(out, "{tree}")
        }),
        QueryCommand::Eval {
            query,
            entity,
            expression,
        } => eval(&query, &entity, expression, printer),
    }
}

fn check(input: &Queries, format: ReportFormat) -> Result<Exit, CliError> {
    let mut exit = Exit::Ok;
    let from_stdin = input.query == "-";
    for (line, text) in input.lines()? {
        let Err(err) = input.parse(&text) else {
            continue;
        };
        exit = Exit::Usage;
        // From stdin each line is one query: the report names the input's line.
        let line = if from_stdin {
            line + err.line() - 1
        } else {
            err.line()
        };
        match format {
            ReportFormat::Text => {
                let prefix = if from_stdin {
                    format!("stdin line {line}: ")
                } else {
                    String::new()
                };
                eprintln!(
                    "{}{prefix}{}",
                    style::error_label(),
                    style::caret(&err.to_string())
                );
            }
            ReportFormat::Json => {
                let report = json!({
                    "offset": err.offset(),
                    "line": line,
                    "column": err.column(),
                    "message": format!("{}, found {}", err.expected(), err.found()),
                    "expected": err.expected(),
                    "found": err.found(),
                });
                output::say(&report)?;
            }
        }
    }
    Ok(exit)
}

/// Parses each query and writes it with `show`; the first that does not parse ends it.
fn each(
    input: &Queries,
    show: impl Fn(Parsed, &mut dyn Write) -> std::io::Result<()>,
) -> Result<Exit, CliError> {
    let mut out = std::io::stdout().lock();
    for (_, text) in input.lines()? {
        show(input.parse(&text)?, &mut out)?;
    }
    Ok(Exit::Ok)
}

fn eval(
    query: &str,
    entity: &PathBuf,
    expression: bool,
    printer: &Printer,
) -> Result<Exit, CliError> {
    let filter = if expression {
        Filter::from_expression(&accsyn_query::parse_expression(query)?)?
    } else {
        Filter::new(&accsyn_query::parse(query)?)?
    };
    let text = if entity.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|source| CliError::Read {
            path: "stdin".to_owned(),
            source,
        })?
    } else {
        std::fs::read_to_string(entity).map_err(|source| CliError::Read {
            path: entity.display().to_string(),
            source,
        })?
    };
    let entity: Value = serde_json::from_str(&text).map_err(|e| {
        CliError::Usage(format!(
            "the entity is not JSON ({e}); give an object such as {{\"status\": \"done\"}}"
        ))
    })?;
    let matched = match &entity {
        Value::Array(items) => {
            let matching: Vec<Value> = items
                .iter()
                .filter(|i| filter.matches(i))
                .cloned()
                .collect();
            printer.list(&matching, &[])?;
            !matching.is_empty()
        }
        one => {
            let matches = filter.matches(one);
            printer.one(&Value::Bool(matches))?;
            matches
        }
    };
    Ok(if matched { Exit::Ok } else { Exit::Api })
}

/// The tree of a query: its entity type, then its expression.
fn explain_query(query: &Query) -> String {
    let mut tree = format!("query on {}\n", query.entity_type());
    match query.expression() {
        Some(expr) => tree.push_str(&explain(expr, "")),
        None => tree.push_str("└─ (every entity)\n"),
    }
    tree
}

/// An expression as an indented tree, one node a line.
fn explain(expr: &Expr, indent: &str) -> String {
    let mut tree = String::new();
    node(expr, indent, true, &mut tree);
    tree
}

fn node(expr: &Expr, indent: &str, last: bool, tree: &mut String) {
    let branch = if last { "└─ " } else { "├─ " };
    let deeper = format!("{indent}{}", if last { "   " } else { "│  " });
    let children: &[Expr] = match expr {
        Expr::Compare(c) => {
            let value = match c.value() {
                QueryValue::List(items) => {
                    let items: Vec<&str> = items.iter().map(|t| t.as_str()).collect();
                    format!("[{}]", items.join(", "))
                }
                other => format!("{:?}", other.as_str().unwrap_or_default()),
            };
            tree.push_str(&format!(
                "{indent}{branch}{} {} {value}\n",
                c.attribute(),
                c.operator().as_str()
            ));
            return;
        }
        Expr::And(operands) => {
            tree.push_str(&format!("{indent}{branch}AND\n"));
            operands
        }
        Expr::Or(operands) => {
            tree.push_str(&format!("{indent}{branch}OR\n"));
            operands
        }
        Expr::Group(group) => {
            tree.push_str(&format!("{indent}{branch}( )\n"));
            std::slice::from_ref(group.expr())
        }
        other => {
            tree.push_str(&format!("{indent}{branch}{other}\n"));
            return;
        }
    };
    for (i, child) in children.iter().enumerate() {
        node(child, &deeper, i + 1 == children.len(), tree);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_draws_the_tree_with_grouping() {
        let q = accsyn_query::parse("Transfer WHERE (user=lisa AND type IN 0,2) OR status!=failed")
            .expect("parses");
        insta::assert_snapshot!(explain_query(&q), @r#"
        query on Transfer
        └─ OR
           ├─ ( )
           │  └─ AND
           │     ├─ user = "lisa"
           │     └─ type IN [0, 2]
           └─ status != "failed"
        "#);
    }
}

//! JSON given to `create`, `update` and `publish`: as an argument, from a file, or on stdin.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use clap::Args;
use serde_json::Value;

use crate::error::CliError;

/// Where a command's JSON comes from.
#[derive(Debug, Args)]
pub(crate) struct JsonInput {
    /// The JSON, such as '{"name": "Project references"}' (`-`, or nothing with --file absent: stdin)
    #[arg(value_name = "JSON")]
    json: Option<String>,
    /// Read the JSON from this file
    #[arg(long, value_name = "FILE", conflicts_with = "json")]
    file: Option<PathBuf>,
}

impl JsonInput {
    /// The JSON value, read from wherever it was given.
    pub(crate) fn read(&self) -> Result<Value, CliError> {
        let (text, source) = match (&self.json, &self.file) {
            (Some(json), _) if json != "-" => (json.clone(), "the JSON argument".to_owned()),
            (_, Some(path)) => {
                let text = std::fs::read_to_string(path).map_err(|source| CliError::Read {
                    path: path.display().to_string(),
                    source,
                })?;
                (text, path.display().to_string())
            }
            (json, None) => {
                if json.is_none() && std::io::stdin().is_terminal() {
                    return Err(CliError::Usage(
                        "no JSON was given: pass it as an argument, with --file, or on stdin"
                            .to_owned(),
                    ));
                }
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .map_err(|source| CliError::Read {
                        path: "stdin".to_owned(),
                        source,
                    })?;
                (text, "stdin".to_owned())
            }
        };
        serde_json::from_str(&text).map_err(|e| {
            CliError::Usage(format!(
                "{source} is not JSON ({e}); write an object such as '{{\"name\": \"x\"}}'"
            ))
        })
    }
}

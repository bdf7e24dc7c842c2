//! File operations on storage (`ls`, `mkdir`, `mv`, `rename`, `rm`, `exists`) and `publish`.

use std::path::{Path, PathBuf};

use accsyn_model::{PublishEntry, PublishFile};
use clap::Args;
use serde_json::{Value, json};

use super::{Context, act};
use crate::error::{CliError, Exit};

/// `accsyn ls`.
#[derive(Debug, Args)]
pub(crate) struct LsArgs {
    /// The path, such as `share=projects/delivery` (a share code and a path within it)
    path: String,
    /// Into subfolders
    #[arg(long, short)]
    recursive: bool,
    /// At most this many levels down (with --recursive)
    #[arg(long, value_name = "LEVELS")]
    maxdepth: Option<u32>,
    /// Sizes of folders too (slower)
    #[arg(long)]
    getsize: bool,
    /// Only files, as a flat list of names
    #[arg(long, conflicts_with = "dirs_only")]
    files_only: bool,
    /// Only folders
    #[arg(long)]
    dirs_only: bool,
    /// Only names matching this (`word`, `*word*`, `re('...')`)
    #[arg(long, value_name = "FILTER")]
    include: Option<String>,
    /// Leave out names matching this
    #[arg(long, value_name = "FILTER")]
    exclude: Option<String>,
}

/// `accsyn mkdir`.
#[derive(Debug, Args)]
pub(crate) struct MkdirArgs {
    /// The new folder, such as `share=projects/incoming`
    path: String,
}

/// `accsyn mv`.
#[derive(Debug, Args)]
pub(crate) struct MvArgs {
    /// What to move
    from: String,
    /// Where to: a folder that exists, or a new name
    to: String,
}

/// `accsyn rename`.
#[derive(Debug, Args)]
pub(crate) struct RenameArgs {
    /// What to rename
    path: String,
    /// The new name, or the new path in the same folder
    to: String,
}

/// `accsyn rm`.
#[derive(Debug, Args)]
pub(crate) struct RmArgs {
    /// What to delete
    path: String,
    /// Delete a folder that is not empty
    #[arg(long)]
    force: bool,
}

/// `accsyn exists`.
#[derive(Debug, Args)]
pub(crate) struct ExistsArgs {
    /// The path to look for
    path: String,
}

/// `accsyn publish`.
#[derive(Debug, Args)]
pub(crate) struct PublishArgs {
    /// Local files or folders to publish
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Submit the upload job after the check, when every entry may be uploaded
    #[arg(long)]
    submit: bool,
}

pub(crate) async fn ls(args: LsArgs, cx: &Context) -> Result<Exit, CliError> {
    let mut ls = cx
        .session
        .ls(args.path.as_str())
        .recursive(args.recursive)
        .getsize(args.getsize);
    if let Some(depth) = args.maxdepth {
        ls = ls.maxdepth(depth);
    }
    if args.files_only {
        ls = ls.files_only();
    }
    if args.dirs_only {
        ls = ls.directories_only();
    }
    if let Some(filter) = args.include {
        ls = ls.include(filter);
    }
    if let Some(filter) = args.exclude {
        ls = ls.exclude(filter);
    }
    let listing = ls
        .send()
        .await
        .map_err(CliError::client(format!("ls {}", args.path)))?;
    let files = listing.get("files").unwrap_or(&Value::Null);
    if cx.printer.is_table() {
        let rows: Vec<Value> = walk_listing(files).into_iter().map(table_row).collect();
        cx.printer
            .list(&rows, &["name", "type", "size", "modified"])?;
    } else if cx.printer.is_lines() {
        // One entry a line, as for any list; a subfolder's entries follow it.
        let entries: Vec<Value> = walk_listing(files).into_iter().map(line_entry).collect();
        cx.printer.list(&entries, &[])?;
    } else {
        cx.printer.one(&listing)?;
    }
    Ok(Exit::Ok)
}

/// Every entry of an `ls` answer, each with its path below the listed folder, a folder
/// before its entries. Bare names (`--files-only` answers them) come as they are.
fn walk_listing(files: &Value) -> Vec<(Option<String>, &Value)> {
    let mut entries = Vec::new();
    // Depth-first without recursion: (entries left to visit, their folder's path prefix).
    let mut stack = vec![(files.as_array().map(|a| a.iter()), String::new())];
    while let Some((iter, prefix)) = stack.last_mut() {
        let Some(entry) = iter.as_mut().and_then(Iterator::next) else {
            stack.pop();
            continue;
        };
        let Some(name) = entry.get("filename").and_then(Value::as_str) else {
            entries.push((None, entry));
            continue;
        };
        let path = format!("{prefix}{name}");
        entries.push((Some(path.clone()), entry));
        if let Some(children) = entry.get("files").and_then(Value::as_array) {
            stack.push((Some(children.iter()), format!("{path}/")));
        }
    }
    entries
}

/// An entry as a table row: its path (a folder's with a `/`), type, size and date.
fn table_row((path, entry): (Option<String>, &Value)) -> Value {
    let Some(path) = path else {
        return entry.clone();
    };
    let is_dir = entry.get("is_dir").and_then(Value::as_bool) == Some(true);
    json!({
        "name": if is_dir { format!("{path}/") } else { path },
        "type": if is_dir { "folder" } else { "file" },
        "size": entry.get("size"),
        "modified": entry.get("modified"),
    })
}

/// An entry as a JSON line: the server's entry, its `filename` the path below the listed
/// folder (as `--files-only` answers), without its subfolder's entries (they have lines of
/// their own).
fn line_entry((path, entry): (Option<String>, &Value)) -> Value {
    let (Some(path), Value::Object(map)) = (path, entry) else {
        return entry.clone();
    };
    let mut map = map.clone();
    map.remove("files");
    map.insert("filename".into(), Value::String(path));
    Value::Object(map)
}

pub(crate) async fn mkdir(args: MkdirArgs, cx: &Context) -> Result<Exit, CliError> {
    let call = cx.session.mkdir(args.path.as_str());
    let sentence = format!("Created the folder {}.", args.path);
    act(cx, format!("mkdir {}", args.path), sentence, call).await
}

pub(crate) async fn mv(args: MvArgs, cx: &Context) -> Result<Exit, CliError> {
    let call = cx.session.mv(args.from.as_str(), args.to.as_str());
    let sentence = format!("Moved {} to {}.", args.from, args.to);
    act(cx, format!("mv {} {}", args.from, args.to), sentence, call).await
}

pub(crate) async fn rename(args: RenameArgs, cx: &Context) -> Result<Exit, CliError> {
    // accsyn wants the new path; a bare name stays in the folder it is in.
    let to = match (
        args.to.contains('/'),
        args.path.trim_end_matches('/').rsplit_once('/'),
    ) {
        (false, Some((folder, _))) => format!("{folder}/{}", args.to),
        _ => args.to.clone(),
    };
    let call = cx.session.rename(args.path.as_str(), to.as_str());
    let sentence = format!("Renamed {} to {}.", args.path, args.to);
    act(
        cx,
        format!("rename {} {}", args.path, args.to),
        sentence,
        call,
    )
    .await
}

pub(crate) async fn rm(args: RmArgs, cx: &Context) -> Result<Exit, CliError> {
    let call = cx.session.delete_file(args.path.as_str(), args.force);
    let sentence = format!("Deleted {}.", args.path);
    act(cx, format!("rm {}", args.path), sentence, call).await
}

pub(crate) async fn exists(args: ExistsArgs, cx: &Context) -> Result<Exit, CliError> {
    let exists = cx
        .session
        .exists(args.path.as_str())
        .await
        .map_err(CliError::client(format!("exists {}", args.path)))?;
    cx.printer.one(&Value::Bool(exists))?;
    Ok(if exists { Exit::Ok } else { Exit::NotFound })
}

pub(crate) async fn publish(args: PublishArgs, cx: &Context) -> Result<Exit, CliError> {
    let entries = args
        .paths
        .iter()
        .map(|path| local_entry(path))
        .collect::<Result<Vec<_>, _>>()?;
    let sources: Vec<(String, String)> = entries
        .iter()
        .zip(&args.paths)
        .map(|(entry, path)| {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            (entry.id.to_string(), absolute.display().to_string())
        })
        .collect();
    let answer = cx
        .session
        .pre_publish(entries)
        .await
        .map_err(CliError::client("pre-publish"))?;
    let answer_json = crate::output::to_json(&answer)?;
    if !args.submit {
        let files = answer_json.get("files").cloned().unwrap_or(Value::Null);
        if cx.printer.is_table() {
            cx.printer.list(
                files.as_array().map_or(&[][..], Vec::as_slice),
                &[
                    "filename",
                    "can_upload",
                    "can_publish",
                    "ident",
                    "warning",
                    "info",
                ],
            )?;
        } else {
            cx.printer.one(&answer_json)?;
        }
        return Ok(Exit::Ok);
    }
    if let Some(refused) = answer.files.iter().find(|e| e.can_upload == Some(false)) {
        return Err(CliError::Usage(format!(
            "{} may not be uploaded ({}); nothing was submitted",
            refused.filename,
            refused.warning.as_deref().unwrap_or("no reason given")
        )));
    }
    let tasks: Vec<Value> = sources
        .iter()
        .map(|(id, source)| json!({"id": id, "source": source}))
        .collect();
    let job = cx
        .session
        .create(
            "job",
            json!({
                "tasks": tasks,
                "hooks": [{"when": "hook-job-publish-server", "data": {"files": answer_json["files"]}}],
            }),
        )
        .await
        .map_err(CliError::client("submit the publish job"))?;
    cx.printer.one(&job)?;
    Ok(Exit::Ok)
}

/// A pre-publish entry for a local file or folder, with its size (a folder's files within).
fn local_entry(path: &Path) -> Result<PublishEntry, CliError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| CliError::Usage(format!("{} names no file", path.display())))?;
    let meta = std::fs::metadata(path).map_err(|source| CliError::Read {
        path: path.display().to_string(),
        source,
    })?;
    if meta.is_dir() {
        Ok(PublishEntry::directory(name, local_files(path)?))
    } else {
        Ok(PublishEntry::file(name, meta.len()))
    }
}

/// A local folder's contents, recursively.
fn local_files(dir: &Path) -> Result<Vec<PublishFile>, CliError> {
    let read = |source| CliError::Read {
        path: dir.display().to_string(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read)? {
        let entry = entry.map_err(read)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let meta = entry.metadata().map_err(read)?;
        files.push(if meta.is_dir() {
            PublishFile::directory(name, local_files(&entry.path())?)
        } else {
            PublishFile::file(name, meta.len())
        });
    }
    files.sort_by(|a, b| a.filename.cmp(&b.filename));
    Ok(files)
}

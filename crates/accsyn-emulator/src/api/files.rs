//! File operations on shares (`workspace/file` with `op`): `ls`, `getsize`
//! and `exists` (GET), `mkdir` and `delete` (POST), `rename` and `move`
//! (PUT). Paths are accsyn path notation; reading needs read access at the
//! path, changing needs write, and no path leaves its share: `..`,
//! absolute paths, NUL bytes and symbolic links are refused before any
//! file is touched.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use accsyn_query::{Filter, attr};
use axum::http::Method;
use serde_json::{Map, Value, json};

use super::rules::context::Ctx;
use super::rules::paths::{Place, free_of_links, resolve_in};
use super::rules::roles::access;
use super::rules::shares::{ShareAt, collection_files, file_name, locate, through_collection};
use super::rules::str_field;
use crate::clock::format_timestamp;
use crate::http::Envelope;
use crate::reply::{ApiError, Reply};
use crate::store::Tx;

/// The most entries one listing returns: narrow larger ones with
/// `maxdepth` or filters.
pub(crate) const MAX_LISTED: usize = 1_000_000;

fn shown(text: &str) -> String {
    text.chars().take(120).collect()
}

/// A path argument: one accsyn path as a string.
fn path_arg<'e>(data: &'e Value, key: &str) -> Result<&'e str, ApiError> {
    let path = data.get(key).and_then(Value::as_str).ok_or_else(|| {
        ApiError::bad(format!(
            "give `{key}`, an accsyn path such as share=<code>/<path>"
        ))
    })?;
    if path.contains('\0') {
        return Err(ApiError::bad(format!("`{key}` holds a NUL byte")));
    }
    Ok(path)
}

fn flag(data: &Value, key: &str) -> Result<bool, ApiError> {
    match data.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(ApiError::bad(format!("`{key}` must be true or false"))),
    }
}

/// A path on storage the caller may use, and where it is in the data dir.
struct Target {
    at: ShareAt,
    disk: Option<PathBuf>,
    spec: String,
}

/// Resolves `spec` for the caller: a live share they may read (or write),
/// at a path that stays inside it. A share the caller may not read is
/// answered as missing, as finds do.
fn target(tx: &Tx<'_>, ctx: &Ctx<'_>, spec: &str, write: bool) -> Result<Target, ApiError> {
    let at = locate(tx, spec, true, Some(&ctx.user_code))?.ok_or_else(|| {
        ApiError::bad(format!(
            "`{}` is not on a share: file operations take accsyn paths such as share=<code>/<path>, never absolute ones",
            shown(spec)
        ))
    })?;
    let grant = access(tx, ctx, &Place::of(&at, true))?;
    if !grant.read {
        return Err(ApiError::NotFound(format!(
            "no share path `{}` you may read",
            shown(spec)
        )));
    }
    if write && !grant.write {
        return Err(ApiError::Forbidden(format!(
            "`{}` is read-only for you; ask for write access to the share",
            shown(spec)
        )));
    }
    let data_dir = &ctx.state.data_dir;
    let at = through_collection(tx, at)?;
    let disk = match &at.volume {
        Some(volume) => {
            let disk = resolve_in(data_dir, volume, &at.inner()).ok_or_else(|| {
                ApiError::bad(format!("`{}` leads outside its share", shown(spec)))
            })?;
            if !free_of_links(data_dir, &disk) {
                return Err(ApiError::bad(format!(
                    "`{}` goes through a symbolic link, which the emulator does not follow",
                    shown(spec)
                )));
            }
            Some(disk)
        }
        // The collection itself: a list of other shares' files.
        None => None,
    };
    Ok(Target {
        at,
        disk,
        spec: spec.to_owned(),
    })
}

/// The disk path of a target that is not a collection.
fn on_disk(t: &Target, what: &str) -> Result<PathBuf, ApiError> {
    t.disk.clone().ok_or_else(|| {
        ApiError::bad(format!(
            "a collection is a list of files on other shares; {what} them there"
        ))
    })
}

fn io_error(spec: &str, e: &std::io::Error) -> ApiError {
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            ApiError::NotFound(format!("`{}` does not exist", shown(spec)))
        }
        _ => ApiError::bad(format!("`{}`: {e}", shown(spec))),
    }
}

/// `workspace/file`: dispatches on `op` and the method.
pub(super) fn handle(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let data = &env.data;
    let op = data.get("op").and_then(Value::as_str).ok_or_else(|| {
        ApiError::bad("give `op`: ls, getsize, exists, mkdir, rename, move or delete")
    })?;
    let method = match op {
        "ls" | "getsize" | "exists" => Method::GET,
        "mkdir" | "delete" => Method::POST,
        "rename" | "move" => Method::PUT,
        other => {
            return Err(ApiError::bad(format!(
                "unknown file operation `{}`: ls, getsize, exists, mkdir, rename, move or delete",
                shown(other)
            )));
        }
    };
    ctx.expect_method(method, &format!("workspace/file {op}"))?;
    match op {
        "ls" => ls(tx, ctx, data),
        "getsize" => getsize(tx, ctx, data),
        "exists" => exists(tx, ctx, data),
        "mkdir" => mkdir(tx, ctx, data),
        "delete" => delete(tx, ctx, data),
        "rename" => rename(tx, ctx, data, false),
        _ => rename(tx, ctx, data, true),
    }
}

/// Which names a listing keeps: `include` wins over `exclude`; each is one
/// pattern or a list: `word` (exact), `*word`, `word*`, `*word*`,
/// `start*end` (case-insensitive, as query text is), or `re('...')` (a
/// regular expression, case-insensitive; `re('...', 'I')` case-sensitive).
struct NameFilter {
    include: Vec<Pattern>,
    exclude: Vec<Pattern>,
}

enum Pattern {
    Wildcard(Filter),
    Regex(regex::Regex),
}

impl Pattern {
    fn parse(text: &str) -> Result<Pattern, ApiError> {
        let text = text.trim();
        if let Some(inner) = text.strip_prefix("re(").and_then(|t| t.strip_suffix(')')) {
            let (pattern, flags) = match inner.rsplit_once(',') {
                Some((p, f)) if f.trim().trim_matches(['\'', '"']) == "I" => (p, "I"),
                _ => (inner, ""),
            };
            let pattern = pattern.trim().trim_matches(['\'', '"']);
            let regex = regex::RegexBuilder::new(pattern)
                .case_insensitive(flags != "I")
                .size_limit(1 << 20)
                .build()
                .map_err(|e| ApiError::bad(format!("bad regular expression in a filter: {e}")))?;
            return Ok(Pattern::Regex(regex));
        }
        let filter = Filter::from_expression(&attr("filename").eq(text))
            .map_err(|e| ApiError::bad(format!("bad filter `{}`: {e}", shown(text))))?;
        Ok(Pattern::Wildcard(filter))
    }

    fn matches(&self, name: &str) -> bool {
        match self {
            Pattern::Regex(r) => r.is_match(name),
            Pattern::Wildcard(f) => f.matches(&json!({ "filename": name })),
        }
    }
}

impl NameFilter {
    fn parse(data: &Value) -> Result<NameFilter, ApiError> {
        let list = |key: &str| -> Result<Vec<Pattern>, ApiError> {
            match data.get(key) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::String(s)) => Ok(vec![Pattern::parse(s)?]),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .ok_or_else(|| {
                                ApiError::bad(format!("`{key}` holds patterns (strings)"))
                            })
                            .and_then(Pattern::parse)
                    })
                    .collect(),
                Some(_) => Err(ApiError::bad(format!(
                    "`{key}` is a pattern or a list of them"
                ))),
            }
        };
        Ok(NameFilter {
            include: list("include")?,
            exclude: list("exclude")?,
        })
    }

    fn keeps(&self, name: &str) -> bool {
        if !self.include.is_empty() {
            return self.include.iter().any(|p| p.matches(name));
        }
        !self.exclude.iter().any(|p| p.matches(name))
    }
}

/// How a listing walks.
struct Walk<'a> {
    filter: &'a NameFilter,
    depth: usize,
    getsize: bool,
    files_only: bool,
    directories_only: bool,
    listed: usize,
}

fn modified(meta: &fs::Metadata) -> Value {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_millis()).ok())
        .map_or(Value::Null, |ms| json!(format_timestamp(ms)))
}

/// The size of the files beneath `dir` that the filter keeps (symbolic
/// links are not followed).
fn tree_size(dir: &Path, filter: &NameFilter) -> (u64, u64, u64) {
    let (mut size, mut files, mut dirs) = (0u64, 0u64, 0u64);
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.path().symlink_metadata() else {
                continue;
            };
            if meta.is_dir() {
                dirs += 1;
                todo.push(entry.path());
            } else if meta.is_file() && filter.keeps(&entry.file_name().to_string_lossy()) {
                files += 1;
                size = size.saturating_add(meta.len());
            }
        }
    }
    (size, files, dirs)
}

impl Walk<'_> {
    /// The entries of `dir`, `level` levels below the listed path, in name
    /// order; `prefix` names them for a flat files-only listing.
    fn list(
        &mut self,
        dir: &Path,
        level: usize,
        prefix: &str,
        out: &mut Vec<Value>,
    ) -> Result<(), ApiError> {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .map_err(|e| io_error(&dir.to_string_lossy(), &e))?
            .flatten()
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(meta) = entry.path().symlink_metadata() else {
                continue;
            };
            if meta.file_type().is_symlink() {
                // Never followed, never shown: it could lead anywhere.
                continue;
            }
            let shown_name = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            if meta.is_dir() {
                let mut children = Vec::new();
                let deeper = level + 1 < self.depth;
                if deeper {
                    self.list(
                        &entry.path(),
                        level + 1,
                        if self.files_only { &shown_name } else { "" },
                        &mut children,
                    )?;
                }
                if self.files_only {
                    out.extend(children);
                    continue;
                }
                let mut e = Map::new();
                e.insert("filename".into(), json!(name));
                e.insert("is_dir".into(), json!(true));
                if self.getsize {
                    e.insert(
                        "size".into(),
                        json!(tree_size(&entry.path(), self.filter).0),
                    );
                }
                e.insert("modified".into(), modified(&meta));
                if deeper {
                    e.insert("files".into(), Value::Array(children));
                }
                self.push(out, Value::Object(e))?;
            } else if meta.is_file() && !self.directories_only && self.filter.keeps(&name) {
                self.push(
                    out,
                    json!({"filename": shown_name, "is_dir": false, "size": meta.len(), "modified": modified(&meta)}),
                )?;
            }
        }
        Ok(())
    }

    fn push(&mut self, out: &mut Vec<Value>, entry: Value) -> Result<(), ApiError> {
        self.listed += 1;
        if self.listed > MAX_LISTED {
            return Err(ApiError::TooLarge(format!(
                "the listing holds more than {MAX_LISTED} entries; narrow it with maxdepth or include/exclude"
            )));
        }
        out.push(entry);
        Ok(())
    }
}

/// `ls`: `{"path", "files": [{"filename", "is_dir", "size", "modified",
/// "files" (recursive)}]}`.
fn ls(tx: &Tx<'_>, ctx: &Ctx<'_>, data: &Value) -> Result<Reply, ApiError> {
    let t = target(tx, ctx, path_arg(data, "path")?, false)?;
    let filter = NameFilter::parse(data)?;
    let depth = match (
        flag(data, "recursive")?,
        data.get("maxdepth").and_then(Value::as_u64),
    ) {
        (true, Some(n)) if n > 0 => usize::try_from(n).unwrap_or(usize::MAX),
        (true, _) => usize::MAX,
        (false, _) => 1,
    };
    let mut walk = Walk {
        filter: &filter,
        depth,
        getsize: flag(data, "getsize")?,
        files_only: flag(data, "files_only")?,
        directories_only: flag(data, "directories_only")?,
        listed: 0,
    };
    let mut files = Vec::new();
    match &t.disk {
        Some(disk) => {
            let meta = disk.symlink_metadata().map_err(|e| io_error(&t.spec, &e))?;
            if meta.is_dir() {
                walk.list(disk, 0, "", &mut files)?;
            } else if filter.keeps(&file_name(&t.spec)) {
                files.push(json!({"filename": file_name(&t.spec), "is_dir": false, "size": meta.len(), "modified": modified(&meta)}));
            }
        }
        None => {
            // A collection lists its files, each from the share it is on.
            for file in collection_files(tx, t.at.id())? {
                let path = str_field(&file, "path").unwrap_or_default();
                let name = file_name(path);
                let disk = locate(tx, path, false, None)?.and_then(|at| {
                    resolve_in(&ctx.state.data_dir, at.volume.as_deref()?, &at.inner())
                });
                let Some(meta) = disk.as_ref().and_then(|d| d.symlink_metadata().ok()) else {
                    continue;
                };
                if !filter.keeps(&name) || (meta.is_dir() && walk.files_only) {
                    continue;
                }
                let size = if meta.is_dir() {
                    disk.as_deref().map_or(0, |d| tree_size(d, &filter).0)
                } else {
                    meta.len()
                };
                files.push(json!({"filename": name, "is_dir": meta.is_dir(), "size": size, "modified": modified(&meta), "id": str_field(&file, "id")}));
            }
        }
    }
    Ok(Reply::result(json!({"path": t.spec, "files": files})))
}

/// `getsize`: `{"size", "files", "directories"}` beneath the path.
fn getsize(tx: &Tx<'_>, ctx: &Ctx<'_>, data: &Value) -> Result<Reply, ApiError> {
    let t = target(tx, ctx, path_arg(data, "path")?, false)?;
    let filter = NameFilter::parse(data)?;
    let disk = on_disk(&t, "size")?;
    let meta = disk.symlink_metadata().map_err(|e| io_error(&t.spec, &e))?;
    let (size, files, dirs) = if meta.is_dir() {
        tree_size(&disk, &filter)
    } else {
        (meta.len(), 1, 0)
    };
    Ok(Reply::result(
        json!({"size": size, "files": files, "directories": dirs}),
    ))
}

/// `exists`: whether a file or folder is at the path.
fn exists(tx: &Tx<'_>, ctx: &Ctx<'_>, data: &Value) -> Result<Reply, ApiError> {
    let t = target(tx, ctx, path_arg(data, "path")?, false)?;
    let found = match &t.disk {
        Some(disk) => disk.symlink_metadata().is_ok(),
        None => true,
    };
    Ok(Reply::result(json!(found)))
}

/// `mkdir`: the folder and any missing parents.
fn mkdir(tx: &Tx<'_>, ctx: &Ctx<'_>, data: &Value) -> Result<Reply, ApiError> {
    let t = target(tx, ctx, path_arg(data, "path")?, true)?;
    let disk = on_disk(&t, "create folders")?;
    if disk.is_file() {
        return Err(ApiError::bad(format!("`{}` is a file", shown(&t.spec))));
    }
    fs::create_dir_all(&disk).map_err(|e| io_error(&t.spec, &e))?;
    Ok(Reply::result(json!(true)))
}

/// `delete`: a file, an empty folder, or with `force` a folder and all in it.
fn delete(tx: &Tx<'_>, ctx: &Ctx<'_>, data: &Value) -> Result<Reply, ApiError> {
    let t = target(tx, ctx, path_arg(data, "path")?, true)?;
    if t.at.sub.is_empty() {
        return Err(ApiError::bad(
            "a share's own folder cannot be deleted with a file operation; delete the share instead",
        ));
    }
    let disk = on_disk(&t, "delete")?;
    let meta = disk.symlink_metadata().map_err(|e| io_error(&t.spec, &e))?;
    let removed = if meta.is_dir() {
        if flag(data, "force")? {
            fs::remove_dir_all(&disk)
        } else {
            fs::remove_dir(&disk).map_err(|e| match e.kind() {
                std::io::ErrorKind::DirectoryNotEmpty => std::io::Error::other(
                    "the folder is not empty; pass force to delete it with all it holds",
                ),
                _ => e,
            })
        }
    } else {
        fs::remove_file(&disk)
    };
    removed.map_err(|e| io_error(&t.spec, &e))?;
    Ok(Reply::result(json!(true)))
}

/// `rename` (within the same folder) and `move` (anywhere the caller may
/// write; into a folder that exists, or to a new name).
fn rename(tx: &Tx<'_>, ctx: &Ctx<'_>, data: &Value, anywhere: bool) -> Result<Reply, ApiError> {
    let from = target(tx, ctx, path_arg(data, "path")?, true)?;
    let to = target(tx, ctx, path_arg(data, "path_to")?, true)?;
    if from.at.sub.is_empty() {
        return Err(ApiError::bad(
            "a share's own folder cannot be renamed or moved",
        ));
    }
    let (src, mut dst) = (on_disk(&from, "rename")?, on_disk(&to, "rename")?);
    src.symlink_metadata()
        .map_err(|e| io_error(&from.spec, &e))?;
    if anywhere && dst.is_dir() {
        dst = dst.join(src.file_name().unwrap_or_default());
    } else if !anywhere && src.parent() != dst.parent() {
        return Err(ApiError::bad(
            "rename keeps a file in its folder: give the new name in the same folder, or use move",
        ));
    }
    if dst.starts_with(&src) {
        return Err(ApiError::bad("a folder cannot move into itself"));
    }
    if dst.symlink_metadata().is_ok() {
        return Err(ApiError::bad(format!(
            "`{}` already exists; delete it first or pick another name",
            shown(&to.spec)
        )));
    }
    if let Some(parent) = dst.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error(&to.spec, &e))?;
    }
    fs::rename(&src, &dst).map_err(|e| io_error(&from.spec, &e))?;
    Ok(Reply::result(json!(true)))
}

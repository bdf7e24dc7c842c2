//! The publish workflow: `workspace/publish/preprocess` answers a
//! pre-publish as a server-side hook would (which entries can be uploaded
//! and published, with an `ident`, a warning or info line, guidelines and
//! task names), and a job created with a `hook-job-publish-server` hook
//! becomes an upload whose tasks (related to the entries by their uuid)
//! place each file where the pre-publish decided.
//!
//! The emulator's hook is a rule the seed can change (`publish`): a name
//! matching `pattern` publishes (into `destination/<first part of the
//! name>/<name>`); any other name is uploaded unpublished (into
//! `destination/uploads/<name>`).

use accsyn_model::TaskId;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::rules::context::Ctx;
use super::rules::shares::join;
use super::rules::str_field;
use crate::http::Envelope;
use crate::reply::{ApiError, Reply};
use crate::store::Tx;

/// Where the publish rule is kept in the store's metadata.
pub(crate) const RULE_KEY: &str = "publish_rule";

/// The `when` of the publish hook.
pub(crate) const PUBLISH_HOOK: &str = "hook-job-publish-server";

/// The pre-publish rule; the seed's `publish` key sets any of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct Rule {
    /// Names that publish (a regular expression).
    pub(crate) pattern: String,
    /// Where files go, in accsyn path notation.
    pub(crate) destination: String,
    /// The guidelines shown to the user.
    pub(crate) guidelines: String,
    /// Task names offered to the user; the matching names when empty.
    pub(crate) tasks: Vec<String>,
    /// Whether a comment is asked for.
    pub(crate) comment: bool,
    /// Whether a time report is asked for.
    pub(crate) time_report: bool,
}

impl Default for Rule {
    fn default() -> Self {
        Rule {
            pattern: r"^[A-Za-z0-9]+_[A-Za-z0-9_]+_v\d+$".to_owned(),
            destination: "share=(default)/publish".to_owned(),
            guidelines: "Name deliveries <project>_<task>_v<version>; other files are uploaded but not published.".to_owned(),
            tasks: Vec::new(),
            comment: true,
            time_report: true,
        }
    }
}

impl Rule {
    /// The rule stored at seeding (the default when none was).
    pub(crate) fn stored(tx: &Tx<'_>) -> Result<Rule, ApiError> {
        Ok(tx
            .meta(RULE_KEY)?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default())
    }

    fn regex(&self) -> Result<regex::Regex, ApiError> {
        regex::RegexBuilder::new(&self.pattern)
            .size_limit(1 << 20)
            .build()
            .map_err(|e| ApiError::Internal(format!("the seed's publish pattern is invalid: {e}")))
    }
}

/// The stored form of the rule a seed gives (any part missing: the
/// default's), or why it is invalid.
pub(crate) fn rule_json(
    pattern: Option<String>,
    destination: Option<String>,
    guidelines: Option<String>,
    tasks: Option<Vec<String>>,
    comment: Option<bool>,
    time_report: Option<bool>,
) -> Result<String, String> {
    let d = Rule::default();
    let rule = Rule {
        pattern: pattern.unwrap_or(d.pattern),
        destination: destination.unwrap_or(d.destination),
        guidelines: guidelines.unwrap_or(d.guidelines),
        tasks: tasks.unwrap_or(d.tasks),
        comment: comment.unwrap_or(d.comment),
        time_report: time_report.unwrap_or(d.time_report),
    };
    rule.regex().map_err(|_| {
        format!(
            "publish.pattern {:?} is not a regular expression",
            rule.pattern
        )
    })?;
    if accsyn_model::Location::parse(&rule.destination).is_err() {
        return Err(format!(
            "publish.destination {:?} is not an accsyn path such as share=projects/publish",
            rule.destination
        ));
    }
    serde_json::to_string(&rule).map_err(|e| e.to_string())
}

/// A short stable ident for a published name (FNV-1a, 8 hex digits).
/// The `info` of a publishable entry: what the publisher is asked for,
/// as the seeds' answer words it (which asks for both).
fn publish_info(rule: &Rule) -> String {
    match (rule.comment, rule.time_report) {
        (true, true) => "Verified publish, please enter comment and time report".into(),
        (true, false) => "Verified publish, please enter comment".into(),
        (false, true) => "Verified publish, please enter time report".into(),
        (false, false) => "Verified publish".into(),
    }
}

fn ident(name: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

/// Whether a name can be written as one path component.
fn plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0'])
}

/// `workspace/publish/preprocess` (PUT `{files, size}`): the entries with
/// `can_upload`, `can_publish`, `ident`, `warning`/`info` and the place
/// each will go (`destination`), plus `guidelines`, `tasks`, `comment`
/// and `time_report`.
pub(super) fn preprocess(tx: &Tx<'_>, _ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let files = env
        .data
        .get("files")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::bad("a pre-publish gives `files`, a list of entries"))?;
    let rule = Rule::stored(tx)?;
    let publishes = rule.regex()?;
    let mut out = Vec::new();
    let mut tasks = rule.tasks.clone();
    for entry in files {
        let Value::Object(entry) = entry else {
            return Err(ApiError::bad("each pre-publish entry is an object"));
        };
        let id = entry.get("id").and_then(Value::as_str).unwrap_or_default();
        if id.parse::<TaskId>().is_err() {
            return Err(ApiError::bad(format!(
                "entry `id` must be a uuid4, which relates it to its task on submit: `{}`",
                id.chars().take(60).collect::<String>()
            )));
        }
        let name = entry
            .get("filename")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut answered: Map<String, Value> = entry.clone();
        if !plain_name(name) {
            answered.insert("can_upload".into(), json!(false));
            answered.insert(
                "warning".into(),
                json!("A file name, without slashes, is needed"),
            );
        } else if publishes.is_match(name) {
            let project = name.split('_').next().unwrap_or(name);
            answered.insert("can_upload".into(), json!(true));
            answered.insert("can_publish".into(), json!(true));
            answered.insert("ident".into(), json!(ident(name)));
            answered.insert("info".into(), json!(publish_info(&rule)));
            answered.insert(
                "destination".into(),
                json!(join(&rule.destination, &format!("{project}/{name}"))),
            );
            if rule.tasks.is_empty() {
                tasks.push(name.to_owned());
            }
        } else {
            answered.insert("can_upload".into(), json!(true));
            answered.insert(
                "warning".into(),
                json!("Will be uploaded but not published"),
            );
            answered.insert(
                "destination".into(),
                json!(join(&rule.destination, &format!("uploads/{name}"))),
            );
        }
        out.push(Value::Object(answered));
    }
    Ok(Reply::result(json!({
        "files": out,
        "time_report": rule.time_report,
        "comment": rule.comment,
        "guidelines": rule.guidelines,
        "tasks": tasks,
    })))
}

/// The tasks of a publish job, from its tasks (`{id, source}`) and the
/// hook's pre-published entries: each task goes where its entry (the same
/// id) was placed. None when the job has no publish hook.
pub(super) fn publish_tasks(data: &Map<String, Value>) -> Result<Option<Vec<Value>>, ApiError> {
    let Some(hooks) = data.get("hooks").and_then(Value::as_array) else {
        return Ok(None);
    };
    let Some(hook) = hooks
        .iter()
        .find(|h| str_field(h, "when") == Some(PUBLISH_HOOK))
    else {
        return Ok(None);
    };
    let entries = hook
        .get("data")
        .and_then(|d| d.get("files"))
        .and_then(Value::as_array)
        .ok_or_else(|| {
            ApiError::bad(
                "the publish hook's `data` gives `files`, the pre-publish answer's entries",
            )
        })?;
    let tasks = data
        .get("tasks")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::bad("a publish job gives `tasks`: `{id, source}` per entry"))?;
    let mut out = Vec::new();
    for task in tasks {
        let id = str_field(task, "id").unwrap_or_default();
        let source = str_field(task, "source")
            .ok_or_else(|| ApiError::bad("each publish task gives `source`"))?;
        let entry = entries
            .iter()
            .find(|e| str_field(e, "id") == Some(id))
            .ok_or_else(|| {
                ApiError::bad(format!(
                    "task {id} matches no pre-published entry: give each task its entry's id"
                ))
            })?;
        if entry.get("can_upload").and_then(Value::as_bool) != Some(true) {
            return Err(ApiError::bad(format!(
                "`{}` may not be uploaded: {}",
                str_field(entry, "filename").unwrap_or_default(),
                str_field(entry, "warning").unwrap_or("the pre-publish refused it")
            )));
        }
        let destination = str_field(entry, "destination").ok_or_else(|| {
            ApiError::bad("a pre-published entry lacks its `destination`: publish the pre-publish answer unchanged")
        })?;
        out.push(json!({"id": id, "source": source, "destination": destination}));
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rule_publishes_versioned_names() {
        let rule = Rule::default();
        let r = rule.regex().unwrap();
        assert!(r.is_match("proj_task001_v001"));
        assert!(r.is_match("proj2_sq0010_sh0010_lighting_v0002"));
        assert!(!r.is_match("first_file"));
        assert_eq!(ident("proj_task001_v001").len(), 8);
        assert_eq!(ident("a"), ident("a"));
    }
}

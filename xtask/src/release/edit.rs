//! The release's edits: version bumps in the root manifest and the changelog move.
//!
//! Versions are `semver::Version`s, so pre-releases order as SemVer says (`0.2.0-rc.10` after
//! `0.2.0-rc.9`). The manifest is edited through `toml_edit`, which keeps comments, order and
//! formatting exactly as written; only the version strings change.

use semver::Version;
use toml_edit::{DocumentMut, Item, Value};

/// A checked semantic version: `MAJOR.MINOR.PATCH` with an optional `-pre.release`.
pub(crate) fn check_version(version: &str) -> Result<Version, String> {
    Version::parse(version).map_err(|e| {
        format!("{version:?} is not a version ({e}); give MAJOR.MINOR.PATCH such as 0.2.0")
    })
}

/// Refuses a release that would not move the version forward (`0.1.0` after `0.2.0`), by
/// SemVer precedence: pre-releases order before their release and among themselves by their
/// identifiers, numeric ones as numbers (`0.2.0-rc.9` < `0.2.0-rc.10` < `0.2.0`).
pub(crate) fn check_newer(current: &str, new: &str) -> Result<(), String> {
    let current_version = Version::parse(current).map_err(|e| {
        format!("the workspace's version {current:?} is not a version ({e}); fix Cargo.toml")
    })?;
    if check_version(new)? > current_version {
        Ok(())
    } else {
        Err(format!(
            "{new} is not newer than the workspace's version {current}; pick a higher version"
        ))
    }
}

/// One changed version, for the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) what: String,
    pub(crate) from: String,
    pub(crate) to: String,
}

/// Replaces the string value of `item` by `new`, keeping the comments and spacing around it.
/// Returns the old value; `None` when `item` is not a string.
fn replace_string(item: &mut Item, new: &str) -> Option<String> {
    let value = item.as_value_mut()?;
    let old = value.as_str()?.to_owned();
    let decor = value.decor().clone();
    *value = Value::from(new);
    *value.decor_mut() = decor;
    Some(old)
}

/// Bumps `[workspace.package] version` and the `version` of every path dependency in
/// `[workspace.dependencies]` (the internal crates). Returns the new text and the changes.
pub(crate) fn bump_manifest(text: &str, new: &str) -> Result<(String, Vec<Change>), String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| format!("the root Cargo.toml is not valid TOML: {e}"))?;
    let mut changes = Vec::new();
    let workspace = doc
        .get_mut("workspace")
        .and_then(Item::as_table_like_mut)
        .ok_or("the root Cargo.toml has no [workspace]")?;
    let old = workspace
        .get_mut("package")
        .and_then(Item::as_table_like_mut)
        .and_then(|package| package.get_mut("version"))
        .and_then(|version| replace_string(version, new))
        .ok_or("the root Cargo.toml has no [workspace.package] version to bump")?;
    if old == new {
        return Err(format!(
            "the workspace is already at version {old}; pick a new version"
        ));
    }
    changes.push(Change {
        what: "[workspace.package] version".to_owned(),
        from: old,
        to: new.to_owned(),
    });
    if let Some(dependencies) = workspace
        .get_mut("dependencies")
        .and_then(Item::as_table_like_mut)
    {
        for (name, spec) in dependencies.iter_mut() {
            let Some(spec) = spec.as_table_like_mut() else {
                continue;
            };
            if !spec.contains_key("path") {
                continue;
            }
            if let Some(old) = spec.get_mut("version").and_then(|v| replace_string(v, new)) {
                changes.push(Change {
                    what: format!("[workspace.dependencies] {}", name.get()),
                    from: old,
                    to: new.to_owned(),
                });
            }
        }
    }
    Ok((doc.to_string(), changes))
}

/// Moves the `## [Unreleased]` section's content under `## [<version>] - <date>` and leaves
/// an empty `## [Unreleased]` above it. Returns the new text and how many lines moved.
pub(crate) fn move_unreleased(
    text: &str,
    version: &str,
    date: &str,
) -> Result<(String, usize), String> {
    const HEADING: &str = "## [Unreleased]";
    let start = text
        .find(HEADING)
        .ok_or("CHANGELOG.md has no `## [Unreleased]` heading")?;
    let body_start = start + HEADING.len();
    let body_end = text[body_start..]
        .find("\n## [")
        .map_or(text.len(), |i| body_start + i + 1);
    let body = text[body_start..body_end].trim_matches('\n');
    if body.trim().is_empty() {
        return Err("CHANGELOG.md's [Unreleased] section is empty: nothing to release".to_owned());
    }
    let moved = body.lines().count();
    let rest = &text[body_end..];
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..start]);
    out.push_str(&format!("{HEADING}\n\n## [{version}] - {date}\n\n{body}\n"));
    if !rest.is_empty() {
        out.push('\n');
        out.push_str(rest);
    }
    Ok((out, moved))
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nversion = \"0.1.0\" # shared\nedition = \"2024\"\n\n[workspace.dependencies]\n# Internal crates.\naccsyn-query = { path = \"crates/accsyn-query\", version = \"0.1.0\" }\naccsyn-transport = { path = \"crates/accsyn-transport\", version = \"0.1.0\", default-features = false }\nserde = { version = \"1.0.219\", features = [\"derive\"] }\n\n[dependencies]\nversion = \"9\"\n";

    #[test]
    fn bumps_only_the_workspace_and_internal_versions() {
        let (out, changes) = bump_manifest(MANIFEST, "0.2.0").unwrap();
        assert_eq!(changes.len(), 3);
        assert!(out.contains("version = \"0.2.0\" # shared"));
        assert!(
            out.contains("accsyn-query = { path = \"crates/accsyn-query\", version = \"0.2.0\" }")
        );
        assert!(out.contains("version = \"0.2.0\", default-features = false }"));
        assert!(
            out.contains("serde = { version = \"1.0.219\""),
            "external versions stay"
        );
        assert!(
            out.contains("[dependencies]\nversion = \"9\""),
            "other sections stay"
        );
        assert_eq!(out.len(), MANIFEST.len(), "nothing else moved");
    }

    #[test]
    fn refuses_the_current_version() {
        assert!(
            bump_manifest(MANIFEST, "0.1.0")
                .unwrap_err()
                .contains("already at version 0.1.0")
        );
    }

    #[test]
    fn a_release_must_move_the_version_forward() {
        for (current, new) in [
            ("0.1.0", "0.2.0"),
            ("0.1.9", "0.1.10"),
            ("0.9.0", "1.0.0"),
            ("0.2.0-rc.1", "0.2.0"),
            ("0.2.0-rc.1", "0.2.0-rc.2"),
        ] {
            check_newer(current, new).unwrap_or_else(|e| panic!("{current} -> {new}: {e}"));
        }
        for (current, new) in [
            ("0.2.0", "0.1.0"),
            ("0.1.10", "0.1.9"),
            ("0.2.0", "0.2.0"),
            ("0.2.0", "0.2.0-rc.1"),
        ] {
            let error = check_newer(current, new).unwrap_err();
            assert!(error.contains("not newer"), "{current} -> {new}: {error}");
        }
    }

    /// Regression: pre-releases were compared as text, so `0.2.0-rc.10` came before `rc.9`.
    #[test]
    fn pre_releases_order_by_semver_rules() {
        for (current, new) in [
            ("0.2.0-rc.9", "0.2.0-rc.10"),
            ("0.2.0-rc.2", "0.2.0-rc.10"),
            ("0.2.0-alpha.1", "0.2.0-beta"),
            ("0.2.0-alpha", "0.2.0-alpha.1"),
            ("0.2.0-rc.10", "0.2.0"),
            ("0.1.0", "0.2.0-rc.1"),
        ] {
            check_newer(current, new).unwrap_or_else(|e| panic!("{current} -> {new}: {e}"));
        }
        for (current, new) in [
            ("0.2.0-rc.10", "0.2.0-rc.9"),
            ("0.2.0-rc.10", "0.2.0-rc.2"),
            ("0.2.0-beta", "0.2.0-alpha.1"),
            ("0.2.0", "0.2.0-rc.10"),
        ] {
            let error = check_newer(current, new).unwrap_err();
            assert!(error.contains("not newer"), "{current} -> {new}: {error}");
        }
    }

    /// A manifest with comments everywhere a person writes them: after a bump only the three
    /// version strings differ, byte for byte.
    #[test]
    fn comments_and_layout_survive_a_bump() {
        let manifest = r#"# The workspace: keep this comment.
[workspace]
resolver = "3"
members = [
    "a", # the first member
    # a comment inside the array
    "b",
]

# Shared by every member.
[workspace.package]
version    =   "0.2.0-rc.9"   # bumped by `cargo xtask release`
edition = "2024" # stays

[workspace.dependencies]
# Internal crates carry path and version.
a = { path = "a", version = "0.2.0-rc.9" } # trailing
b = { version = "0.2.0-rc.9", path = "b", default-features = false }

# External ones keep their versions.
serde = { version = "1.0.219", features = ["derive"] } # not ours
toml = "1.0"

[workspace.dependencies.c]
# a table-form internal dependency
path = "c"
version = "0.2.0-rc.9" # its own comment
"#;
        let (out, changes) = bump_manifest(manifest, "0.2.0-rc.10").unwrap();
        assert_eq!(out, manifest.replace("0.2.0-rc.9", "0.2.0-rc.10"));
        let what: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(
            what,
            [
                "[workspace.package] version",
                "[workspace.dependencies] a",
                "[workspace.dependencies] b",
                "[workspace.dependencies] c",
            ]
        );
        assert!(changes.iter().all(|c| c.from == "0.2.0-rc.9"));
    }

    /// The real root manifest: every comment and every line but the version lines survives.
    #[test]
    fn the_real_manifest_keeps_every_other_line() {
        let path = crate::workspace_root().join("Cargo.toml");
        let text = crate::fsutil::read(&path).unwrap();
        let (out, changes) = bump_manifest(&text, "99.0.0").unwrap();
        assert!(changes.len() >= 6, "{changes:?}");
        let before: Vec<&str> = text.lines().collect();
        let after: Vec<&str> = out.lines().collect();
        assert_eq!(before.len(), after.len());
        let mut changed = 0;
        for (old, new) in before.iter().zip(&after) {
            if old != new {
                assert!(new.contains("\"99.0.0\""), "{old:?} became {new:?}");
                changed += 1;
            }
        }
        assert_eq!(changed, changes.len());
        assert!(
            text.lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .count()
                > 10
        );
    }

    #[test]
    fn moves_the_unreleased_section() {
        let log = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n- Thing.\n\n## [0.1.0] - 2026-01-01\n\n### Added\n- First.\n";
        let (out, moved) = move_unreleased(log, "0.2.0", "2026-11-23").unwrap();
        assert_eq!(moved, 2);
        assert_eq!(
            out,
            "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n## [0.2.0] - 2026-11-23\n\n### Added\n- Thing.\n\n## [0.1.0] - 2026-01-01\n\n### Added\n- First.\n"
        );
        assert!(
            move_unreleased(&out, "0.3.0", "2026-11-24")
                .unwrap_err()
                .contains("empty")
        );
    }

    #[test]
    fn versions_are_checked() {
        for good in ["0.2.0", "1.0.0-rc.1", "10.20.30"] {
            check_version(good).unwrap();
        }
        for bad in ["", "0.2", "v0.2.0", "0.2.0.1", "01.2.0", "0.2.0-", "0.2.x"] {
            assert!(check_version(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn today_looks_like_a_date() {
        let d = today();
        assert_eq!(d.len(), 10);
        assert!(d.starts_with("20"));
    }
}

//! Pure text edits of the release: version bumps in the root manifest and the changelog move.
//!
//! Line-based edits instead of re-serializing TOML keep comments, order and formatting
//! exactly as written.

/// A checked semantic version: `MAJOR.MINOR.PATCH` with an optional `-pre.release`.
pub(crate) fn check_version(version: &str) -> Result<(), String> {
    let (core, pre) = match version.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (version, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    let numeric = |p: &&str| {
        !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_digit())
            && (p.len() == 1 || !p.starts_with('0'))
    };
    let pre_ok = pre.is_none_or(|p| {
        !p.is_empty()
            && p.split('.').all(|id| {
                !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
    });
    if parts.len() == 3 && parts.iter().all(numeric) && pre_ok {
        Ok(())
    } else {
        Err(format!(
            "{version:?} is not a version; give MAJOR.MINOR.PATCH such as 0.2.0"
        ))
    }
}

/// Refuses a release that would not move the version forward (`0.1.0` after `0.2.0`).
/// Pre-releases order before their release (`0.2.0-rc.1` < `0.2.0`); two pre-releases of the
/// same version are compared as text.
pub(crate) fn check_newer(current: &str, new: &str) -> Result<(), String> {
    fn parts(version: &str) -> (Vec<u64>, Option<&str>) {
        let (core, pre) = match version.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (version, None),
        };
        let numbers = core.split('.').map(|p| p.parse().unwrap_or(0)).collect();
        (numbers, pre)
    }
    let (current_core, current_pre) = parts(current);
    let (new_core, new_pre) = parts(new);
    let newer = match new_core.cmp(&current_core) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => match (current_pre, new_pre) {
            (Some(_), None) => true,
            (Some(old), Some(new)) => new > old,
            (None, _) => false,
        },
    };
    if newer {
        Ok(())
    } else {
        Err(format!(
            "{new} is not newer than the workspace's version {current}; pick a higher version"
        ))
    }
}

/// One changed line, for the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) what: String,
    pub(crate) from: String,
    pub(crate) to: String,
}

/// Replaces the value of `version = "..."` in `line`, returning the old value.
fn replace_version(line: &str, new: &str) -> Option<(String, String)> {
    let start = line.find("version = \"")? + "version = \"".len();
    let end = start + line[start..].find('"')?;
    let old = line[start..end].to_owned();
    Some((format!("{}{new}{}", &line[..start], &line[end..]), old))
}

/// Bumps `[workspace.package] version` and the `version` of every path dependency in
/// `[workspace.dependencies]` (the internal crates). Returns the new text and the changes.
pub(crate) fn bump_manifest(text: &str, new: &str) -> Result<(String, Vec<Change>), String> {
    let mut section = String::new();
    let mut changes = Vec::new();
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed.to_owned();
        }
        let mut replaced = None;
        if section == "[workspace.package]" && trimmed.starts_with("version") {
            if let Some((line, old)) = replace_version(line, new) {
                changes.push(Change {
                    what: "[workspace.package] version".to_owned(),
                    from: old,
                    to: new.to_owned(),
                });
                replaced = Some(line);
            }
        } else if section == "[workspace.dependencies]"
            && trimmed.contains("path = ")
            && trimmed.contains("version = \"")
        {
            if let Some((line, old)) = replace_version(line, new) {
                let name = trimmed.split('=').next().unwrap_or_default().trim();
                changes.push(Change {
                    what: format!("[workspace.dependencies] {name}"),
                    from: old,
                    to: new.to_owned(),
                });
                replaced = Some(line);
            }
        }
        out.push_str(replaced.as_deref().unwrap_or(line));
    }
    if !changes
        .iter()
        .any(|c| c.what == "[workspace.package] version")
    {
        return Err("the root Cargo.toml has no [workspace.package] version to bump".to_owned());
    }
    if let Some(same) = changes
        .iter()
        .find(|c| c.what == "[workspace.package] version" && c.from == new)
    {
        return Err(format!(
            "the workspace is already at version {}; pick a new version",
            same.from
        ));
    }
    Ok((out, changes))
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
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
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

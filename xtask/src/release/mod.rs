//! `cargo xtask release <version> [--dry-run]`.
//!
//! The release computes a plan first (file edits, crates in publish order, commands) and
//! prints it; `--dry-run` stops there, so the plan shown is exactly what a real run does.
//! A real run refuses a dirty tree or an existing tag, applies the edits, packages every
//! publishable crate (restoring the files if that fails), commits and tags.

mod edit;
mod order;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use crate::fsutil;

/// Workspaces of their own inside the tree whose committed `Cargo.lock` names the crates by
/// path (the TLS coexistence tests): their lock files must follow the bump, or CI's `--locked`
/// build of them fails after a release.
const STANDALONE_WORKSPACES: &[&str] = &["tests/tls"];

/// Everything a release will do.
struct Plan {
    version: String,
    tag: String,
    manifest: String,
    manifest_changes: Vec<edit::Change>,
    changelog: String,
    changelog_heading: String,
    changelog_lines: usize,
    crates: Vec<String>,
    /// The entries of [`STANDALONE_WORKSPACES`] present in this tree.
    standalone: Vec<String>,
}

impl Plan {
    fn new(root: &Path, version: &str) -> Result<Plan, String> {
        edit::check_version(version)?;
        let (manifest, manifest_changes) =
            edit::bump_manifest(&fsutil::read(&root.join("Cargo.toml"))?, version)?;
        if let Some(workspace) = manifest_changes
            .iter()
            .find(|c| c.what == "[workspace.package] version")
        {
            edit::check_newer(&workspace.from, version)?;
        }
        let date = edit::today();
        let (changelog, changelog_lines) =
            edit::move_unreleased(&fsutil::read(&root.join("CHANGELOG.md"))?, version, &date)?;
        Ok(Plan {
            version: version.to_owned(),
            tag: format!("v{version}"),
            manifest,
            manifest_changes,
            changelog,
            changelog_heading: format!("## [{version}] - {date}"),
            changelog_lines,
            crates: order::publish_order(root)?,
            standalone: STANDALONE_WORKSPACES
                .iter()
                .filter(|dir| root.join(dir).join("Cargo.lock").is_file())
                .map(|dir| (*dir).to_owned())
                .collect(),
        })
    }

    /// `cargo update` of the internal crates' versions only, in a stand-alone workspace.
    fn lock_args(dir: &str) -> Vec<String> {
        [
            "update",
            "--offline",
            "--workspace",
            "--manifest-path",
            &format!("{dir}/Cargo.toml"),
        ]
        .map(str::to_owned)
        .to_vec()
    }

    fn package_args(&self) -> Vec<String> {
        let mut args = vec!["package".to_owned()];
        for name in &self.crates {
            args.push("-p".to_owned());
            args.push(name.clone());
        }
        // The tree was clean before the run (checked first); the only uncommitted changes
        // are the release's own version edits, which must be in the packages. Without the
        // flag cargo refuses them and no real release could ever succeed.
        args.push("--allow-dirty".to_owned());
        args
    }

    fn commit_args(&self) -> Vec<String> {
        let mut args: Vec<String> = [
            "commit",
            "-m",
            &format!("Release {}", self.version),
            "Cargo.toml",
            "Cargo.lock",
            "CHANGELOG.md",
        ]
        .map(str::to_owned)
        .to_vec();
        args.extend(
            self.standalone
                .iter()
                .map(|dir| format!("{dir}/Cargo.lock")),
        );
        args
    }

    fn tag_args(&self) -> Vec<String> {
        [
            "tag",
            "-a",
            &self.tag,
            "-m",
            &format!("accsyn-rs {}", self.version),
        ]
        .map(str::to_owned)
        .to_vec()
    }

    fn describe(&self, dry_run: bool) -> String {
        let mut out = String::new();
        let mode = if dry_run {
            " (dry run: nothing is changed)"
        } else {
            ""
        };
        let _ = writeln!(out, "release {}{mode}", self.version);
        let _ = writeln!(out, "1. edit Cargo.toml:");
        for change in &self.manifest_changes {
            let _ = writeln!(out, "   {}: {} -> {}", change.what, change.from, change.to);
        }
        let _ = writeln!(
            out,
            "2. edit CHANGELOG.md: move [Unreleased] ({} lines) under `{}`",
            self.changelog_lines, self.changelog_heading
        );
        for dir in &self.standalone {
            let _ = writeln!(
                out,
                "   update {dir}/Cargo.lock: cargo {}",
                Plan::lock_args(dir).join(" ")
            );
        }
        let _ = writeln!(
            out,
            "3. package the publishable crates, dependencies first:"
        );
        for (i, name) in self.crates.iter().enumerate() {
            let _ = writeln!(out, "   {}. {name}", i + 1);
        }
        let _ = writeln!(out, "   cargo {}", self.package_args().join(" "));
        let _ = writeln!(out, "4. git {}", quote(&self.commit_args()));
        let _ = writeln!(out, "5. git {}", quote(&self.tag_args()));
        let _ = writeln!(
            out,
            "afterwards, by hand: git push origin HEAD {} && cargo publish -p <crate> in the order above",
            self.tag
        );
        out
    }
}

fn quote(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            if a.contains(' ') {
                format!("\"{a}\"")
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs a command in `root`, failing with its output.
fn run_in(root: &Path, program: &str, args: &[String]) -> Result<String, String> {
    let output = Command::new(program)
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "`{program} {}` failed: {}",
            quote(args),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The plan as text, as `run` prints it.
#[cfg(test)]
fn plan_text(root: &Path, version: &str, dry_run: bool) -> Result<String, String> {
    Ok(Plan::new(root, version)?.describe(dry_run))
}

/// `cargo xtask release <version> [--dry-run]`.
pub(crate) fn run(root: &Path, version: &str, dry_run: bool) -> Result<(), String> {
    let plan = Plan::new(root, version)?;
    print!("{}", plan.describe(dry_run));
    if dry_run {
        return Ok(());
    }
    let status = run_in(
        root,
        "git",
        &["status".to_owned(), "--porcelain".to_owned()],
    )?;
    if !status.trim().is_empty() {
        return Err(
            "the working tree has uncommitted changes; commit or stash them before releasing"
                .to_owned(),
        );
    }
    let tags = run_in(
        root,
        "git",
        &["tag".to_owned(), "--list".to_owned(), plan.tag.clone()],
    )?;
    if !tags.trim().is_empty() {
        return Err(format!(
            "tag {} already exists; pick a new version",
            plan.tag
        ));
    }

    let manifest_path = root.join("Cargo.toml");
    let changelog_path = root.join("CHANGELOG.md");
    let mut originals = vec![
        (manifest_path.clone(), fsutil::read(&manifest_path)?),
        (changelog_path.clone(), fsutil::read(&changelog_path)?),
    ];
    let locks = std::iter::once("Cargo.lock".to_owned()).chain(
        plan.standalone
            .iter()
            .map(|dir| format!("{dir}/Cargo.lock")),
    );
    for lock in locks {
        let path = root.join(lock);
        let text = fsutil::read(&path).unwrap_or_default();
        originals.push((path, text));
    }
    fsutil::write(&manifest_path, &plan.manifest)?;
    fsutil::write(&changelog_path, &plan.changelog)?;
    let mut steps: Vec<Vec<String>> = plan.standalone.iter().map(|d| Plan::lock_args(d)).collect();
    steps.push(plan.package_args());
    let failed = steps.iter().find_map(|args| {
        println!("running cargo {}", args.join(" "));
        run_in(root, "cargo", args).err()
    });
    if let Some(error) = failed {
        // Leave the tree as it was: a half-made release is worse than none.
        for (path, text) in &originals {
            if !text.is_empty() {
                fsutil::write(path, text)?;
            }
        }
        return Err(format!("{error}\nthe version edits were reverted"));
    }
    run_in(root, "git", &plan.commit_args())?;
    run_in(root, "git", &plan.tag_args())?;
    println!(
        "released {}: push with `git push origin HEAD {}`, then cargo publish in the order above",
        plan.version, plan.tag
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsutil::TempDir;

    /// A throwaway copy of the workspace's manifests and changelog, pinned at 0.1.0 so the
    /// test reads like the issue (`release 0.2.0`) whatever the real version is.
    fn temp_workspace() -> TempDir {
        let real = crate::workspace_root();
        let temp = TempDir::new("release");
        let manifest = fsutil::read(&real.join("Cargo.toml")).unwrap();
        let pinned = match edit::bump_manifest(&manifest, "0.1.0") {
            Ok((text, _)) => text,
            Err(_) => manifest, // already at 0.1.0
        };
        fsutil::write(&temp.path().join("Cargo.toml"), &pinned).unwrap();
        let changelog = "# Changelog\n\n## [Unreleased]\n\n### Added\n- The workspace.\n";
        fsutil::write(&temp.path().join("CHANGELOG.md"), changelog).unwrap();
        let root: toml::Table = toml::from_str(&pinned).unwrap();
        let members = root["workspace"]["members"].as_array().unwrap();
        for member in members {
            let member = member.as_str().unwrap();
            std::fs::create_dir_all(temp.path().join(member)).unwrap();
            std::fs::copy(
                real.join(member).join("Cargo.toml"),
                temp.path().join(member).join("Cargo.toml"),
            )
            .unwrap();
        }
        temp
    }

    fn snapshot(root: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                // Git's own bookkeeping (`git status` may refresh its index) is not the tree.
                if path.file_name().is_some_and(|n| n == ".git") {
                    continue;
                }
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.push((path.clone(), std::fs::read(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
    }

    #[test]
    fn dry_run_prints_the_plan_and_changes_nothing() {
        let temp = temp_workspace();
        let before = snapshot(temp.path());
        run(temp.path(), "0.2.0", true).unwrap();
        let plan = plan_text(temp.path(), "0.2.0", true).unwrap();
        assert_eq!(
            snapshot(temp.path()),
            before,
            "a dry run must not touch a file"
        );

        assert!(plan.starts_with("release 0.2.0 (dry run"), "{plan}");
        assert!(
            plan.contains("[workspace.package] version: 0.1.0 -> 0.2.0"),
            "{plan}"
        );
        assert!(
            plan.contains("[workspace.dependencies] accsyn-model: 0.1.0 -> 0.2.0"),
            "{plan}"
        );
        assert!(
            plan.contains("move [Unreleased] (2 lines) under `## [0.2.0] - "),
            "{plan}"
        );
        assert!(plan.contains("cargo package -p "), "{plan}");
        assert!(plan.contains("git tag -a v0.2.0"), "{plan}");
        let client = plan.find(". accsyn-client").unwrap();
        let model = plan.find(". accsyn-model").unwrap();
        assert!(model < client, "dependencies are packaged first:\n{plan}");
    }

    #[test]
    fn dry_run_on_the_real_tree_leaves_it_byte_identical() {
        let root = crate::workspace_root();
        let files = ["Cargo.toml", "Cargo.lock", "CHANGELOG.md"];
        let before: Vec<Vec<u8>> = files
            .iter()
            .map(|f| std::fs::read(root.join(f)).unwrap_or_default())
            .collect();
        // The real version may already be 0.2.0 some day; any new version shows the same.
        let _ = run(&root, "99.0.0", true);
        let after: Vec<Vec<u8>> = files
            .iter()
            .map(|f| std::fs::read(root.join(f)).unwrap_or_default())
            .collect();
        assert!(before == after, "the dry run changed the real tree");
    }

    /// The TLS test workspace names the crates by path in its own lock file: a release that
    /// left it behind would fail CI's `--locked` build right after.
    #[test]
    fn the_plan_updates_and_commits_the_standalone_lock_files() {
        let plan = plan_text(&crate::workspace_root(), "99.0.0", true).unwrap();
        assert!(
            plan.contains(
                "cargo update --offline --workspace --manifest-path tests/tls/Cargo.toml"
            ),
            "{plan}"
        );
        assert!(plan.contains("CHANGELOG.md tests/tls/Cargo.lock"), "{plan}");
    }

    #[test]
    fn a_bad_version_or_empty_changelog_is_refused_before_anything_runs() {
        let temp = temp_workspace();
        assert!(
            run(temp.path(), "two", true)
                .unwrap_err()
                .contains("not a version")
        );
        assert!(
            run(temp.path(), "0.1.0", true)
                .unwrap_err()
                .contains("already at version")
        );
        assert!(
            run(temp.path(), "0.0.9", true)
                .unwrap_err()
                .contains("not newer")
        );
        fsutil::write(
            &temp.path().join("CHANGELOG.md"),
            "# Changelog\n\n## [Unreleased]\n\n",
        )
        .unwrap();
        assert!(
            run(temp.path(), "0.2.0", true)
                .unwrap_err()
                .contains("nothing to release")
        );
    }

    #[test]
    fn a_real_run_refuses_a_dirty_checkout_before_touching_anything() {
        let temp = temp_workspace();
        // A repository of its own, so the outcome never depends on whether the system temp
        // dir happens to sit inside some other (possibly clean) checkout, where a real run
        // would go on to package, commit and tag. Its files are untracked: a dirty tree.
        let init = Command::new("git")
            .args(["init", "-q"])
            .current_dir(temp.path())
            .status()
            .unwrap();
        assert!(init.success());
        let before = snapshot(temp.path());
        let error = run(temp.path(), "0.2.0", false).unwrap_err();
        assert!(error.contains("uncommitted changes"), "{error}");
        assert_eq!(snapshot(temp.path()), before);
    }

    fn git(root: &Path, args: &[&str]) -> String {
        let output = Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {output:?}");
        String::from_utf8(output.stdout).unwrap()
    }

    /// A whole release, end to end, on a one-crate workspace in a git repository of its own:
    /// no dependencies, so `cargo package` needs no network.
    #[test]
    fn a_real_run_edits_packages_commits_and_tags() {
        let temp = TempDir::new("release-real");
        let root = temp.path();
        let files = [
            (
                "Cargo.toml",
                "[workspace]\nresolver = \"3\"\nmembers = [\"leaf\"]\n\n\
                 [workspace.package]\nversion = \"0.1.0\"\nedition = \"2024\"\n\
                 license = \"MIT\"\n\n[workspace.dependencies]\n\
                 leaf = { path = \"leaf\", version = \"0.1.0\" }\n",
            ),
            (
                "leaf/Cargo.toml",
                "[package]\nname = \"leaf\"\ndescription = \"A test crate\"\n\
                 version.workspace = true\nedition.workspace = true\n\
                 license.workspace = true\n",
            ),
            ("leaf/src/lib.rs", "//! A test crate.\n"),
            (
                "CHANGELOG.md",
                "# Changelog\n\n## [Unreleased]\n\n### Added\n- Leaf.\n",
            ),
            (".gitignore", "/target\n"),
        ];
        for (path, text) in files {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            fsutil::write(&root.join(path), text).unwrap();
        }
        let lock = Command::new("cargo")
            .args(["generate-lockfile", "--offline"])
            .current_dir(root)
            .status()
            .unwrap();
        assert!(lock.success());
        git(root, &["init", "-q"]);
        git(root, &["config", "user.name", "Release Test"]);
        git(root, &["config", "user.email", "release@example.com"]);
        git(root, &["add", "."]);
        git(root, &["commit", "-q", "-m", "Start"]);

        run(root, "0.2.0", false).unwrap();

        let manifest = fsutil::read(&root.join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains("version = \"0.2.0\"\nedition"),
            "{manifest}"
        );
        assert!(manifest.contains("leaf = { path = \"leaf\", version = \"0.2.0\" }"));
        let changelog = fsutil::read(&root.join("CHANGELOG.md")).unwrap();
        assert!(
            changelog.contains("## [Unreleased]\n\n## [0.2.0] - "),
            "{changelog}"
        );
        assert!(
            fsutil::read(&root.join("Cargo.lock"))
                .unwrap()
                .contains("0.2.0")
        );
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        assert!(target.join("package/leaf-0.2.0.crate").is_file());
        assert_eq!(
            git(root, &["log", "-1", "--format=%s"]).trim(),
            "Release 0.2.0"
        );
        assert_eq!(git(root, &["tag", "--list"]).trim(), "v0.2.0");
        assert_eq!(git(root, &["status", "--porcelain"]).trim(), "");
        // The tag exists now: releasing the same version again is refused.
        assert!(run(root, "0.2.0", false).is_err());
    }
}

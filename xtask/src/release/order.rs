//! Which workspace crates are published, and in which order (dependencies first).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::fsutil;

#[derive(Deserialize)]
struct RootManifest {
    workspace: Workspace,
}

#[derive(Deserialize)]
struct Workspace {
    members: Vec<String>,
}

#[derive(Deserialize)]
struct Manifest {
    package: Package,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
    #[serde(default, rename = "build-dependencies")]
    build_dependencies: BTreeMap<String, toml::Value>,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: Option<toml::Value>,
    publish: Option<toml::Value>,
}

/// The release only edits the root manifest, so a publishable member must take its version,
/// and its internal dependencies' versions, from the workspace; a version written in the
/// member itself would silently stay behind and ship a broken package.
fn check_versions_come_from_the_workspace(
    member: &Manifest,
    names: &BTreeSet<String>,
) -> Result<(), String> {
    let name = &member.package.name;
    if let Some(toml::Value::String(version)) = &member.package.version {
        return Err(format!(
            "{name} pins version = \"{version}\"; write version.workspace = true so \
             `cargo xtask release` bumps it"
        ));
    }
    let deps = member
        .dependencies
        .iter()
        .chain(&member.build_dependencies)
        .chain(&member.dev_dependencies);
    for (dep, spec) in deps {
        let pinned = matches!(spec, toml::Value::Table(t) if t.contains_key("version"));
        if names.contains(dep) && pinned {
            return Err(format!(
                "{name} gives its own version of {dep}; write {dep}.workspace = true so \
                 `cargo xtask release` bumps it"
            ));
        }
    }
    Ok(())
}

/// The publishable members of the workspace at `root`, each after the members it depends on.
pub(crate) fn publish_order(root: &Path) -> Result<Vec<String>, String> {
    let root_text = fsutil::read(&root.join("Cargo.toml"))?;
    let manifest: RootManifest =
        toml::from_str(&root_text).map_err(|e| format!("Cargo.toml: {e}"))?;
    let mut crates: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut manifests = Vec::new();
    for member in &manifest.workspace.members {
        let path = root.join(member).join("Cargo.toml");
        let member: Manifest = toml::from_str(&fsutil::read(&path)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        manifests.push(member);
    }
    let names: BTreeSet<String> = manifests.iter().map(|m| m.package.name.clone()).collect();
    for member in manifests {
        // `publish = false` (or an empty registry list) keeps a member out of the release.
        let publishable = match &member.package.publish {
            None => true,
            Some(toml::Value::Boolean(flag)) => *flag,
            Some(toml::Value::Array(registries)) => !registries.is_empty(),
            Some(_) => true,
        };
        if !publishable {
            continue;
        }
        check_versions_come_from_the_workspace(&member, &names)?;
        let deps = member
            .dependencies
            .keys()
            .chain(member.build_dependencies.keys())
            .filter(|name| names.contains(*name))
            .cloned()
            .collect();
        crates.insert(member.package.name, deps);
    }
    order(&crates)
}

/// Kahn's algorithm, alphabetical among ready crates so the order is stable.
fn order(crates: &BTreeMap<String, BTreeSet<String>>) -> Result<Vec<String>, String> {
    let mut done: Vec<String> = Vec::new();
    while done.len() < crates.len() {
        let ready = crates
            .iter()
            .find(|(name, deps)| {
                !done.contains(name)
                    && deps
                        .iter()
                        .all(|d| done.contains(d) || !crates.contains_key(d))
            })
            .map(|(name, _)| name.clone());
        match ready {
            Some(name) => done.push(name),
            None => {
                let stuck: Vec<&String> = crates.keys().filter(|n| !done.contains(n)).collect();
                return Err(format!("dependency cycle among {stuck:?}"));
            }
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_come_first() {
        let mut crates = BTreeMap::new();
        crates.insert(
            "client".to_owned(),
            BTreeSet::from(["query".to_owned(), "transport".to_owned()]),
        );
        crates.insert("query".to_owned(), BTreeSet::new());
        crates.insert("transport".to_owned(), BTreeSet::from(["model".to_owned()]));
        crates.insert("model".to_owned(), BTreeSet::new());
        assert_eq!(
            order(&crates).unwrap(),
            ["model", "query", "transport", "client"]
        );
    }

    #[test]
    fn cycles_are_reported() {
        let mut crates = BTreeMap::new();
        crates.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
        crates.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
        assert!(order(&crates).unwrap_err().contains("cycle"));
    }

    #[test]
    fn a_member_that_pins_a_version_the_release_cannot_bump_is_refused() {
        let names = BTreeSet::from(["accsyn-model".to_owned(), "accsyn-client".to_owned()]);
        let manifest = |text: &str| -> Manifest { toml::from_str(text).unwrap() };
        let ok = manifest(
            "[package]\nname = \"accsyn-client\"\nversion.workspace = true\n\
             [dependencies]\naccsyn-model.workspace = true\nserde = { version = \"1\" }\n\
             [dev-dependencies]\naccsyn-client = { path = \".\" }\n",
        );
        check_versions_come_from_the_workspace(&ok, &names).unwrap();

        let pinned = manifest("[package]\nname = \"accsyn-client\"\nversion = \"0.1.0\"\n");
        let error = check_versions_come_from_the_workspace(&pinned, &names).unwrap_err();
        assert!(error.contains("pins version"), "{error}");

        let dep = manifest(
            "[package]\nname = \"accsyn-client\"\nversion.workspace = true\n\
             [dependencies]\naccsyn-model = { path = \"../accsyn-model\", version = \"0.1.0\" }\n",
        );
        let error = check_versions_come_from_the_workspace(&dep, &names).unwrap_err();
        assert!(error.contains("own version of accsyn-model"), "{error}");
    }

    #[test]
    fn the_real_workspace_publishes_the_facade_after_its_layers() {
        let order = publish_order(&crate::workspace_root()).unwrap();
        let at = |name: &str| {
            order
                .iter()
                .position(|n| n == name)
                .unwrap_or_else(|| panic!("{name} missing from {order:?}"))
        };
        for layer in ["accsyn-query", "accsyn-model", "accsyn-transport"] {
            assert!(at(layer) < at("accsyn-client"), "{order:?}");
        }
        for private in ["xtask", "accsyn-examples", "accsyn-integration-tests"] {
            assert!(
                !order.iter().any(|n| n == private),
                "publish = false member {private} is in {order:?}"
            );
        }
    }
}

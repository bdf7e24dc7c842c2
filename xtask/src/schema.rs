//! The schema files (`schema/enums.toml`, `schema/entities/*.toml`) as typed data.
//!
//! Loading also resolves `extends` and checks cross references, so the generator only ever
//! sees a consistent vocabulary and a typo in the schema is reported by file and name.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use crate::fsutil;

/// The whole vocabulary.
#[derive(Debug)]
pub(crate) struct Schema {
    pub(crate) enums: Vec<EnumDef>,
    pub(crate) entities: Vec<Entity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnumsFile {
    #[serde(rename = "enum")]
    enums: Vec<EnumDef>,
}

/// One value set, such as `JobStatus`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EnumDef {
    pub(crate) name: String,
    /// `status` sets get `is_writeable()`; `value` sets do not.
    pub(crate) kind: EnumKind,
    pub(crate) description: String,
    pub(crate) source: String,
    #[serde(rename = "value")]
    pub(crate) values: Vec<EnumValue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum EnumKind {
    Status,
    Value,
}

/// One value of a set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EnumValue {
    pub(crate) code: String,
    pub(crate) description: String,
    /// Required for status sets, absent for value sets (see [`check`]).
    pub(crate) writeable: Option<bool>,
}

impl EnumValue {
    /// Whether an update may set this status; `false` for a value set's values.
    pub(crate) fn is_writeable(&self) -> bool {
        self.writeable == Some(true)
    }
}

/// One entity type, with `extends` already resolved into `attributes`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entity {
    pub(crate) name: String,
    pub(crate) rust: Option<String>,
    pub(crate) description: String,
    pub(crate) source: String,
    pub(crate) extends: Option<String>,
    pub(crate) status: Option<String>,
    #[serde(default, rename = "attribute")]
    pub(crate) attributes: Vec<Attribute>,
}

/// One attribute of an entity type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Attribute {
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) json_type: JsonType,
    pub(crate) description: String,
    pub(crate) writeable: bool,
    pub(crate) create: bool,
    #[serde(default)]
    pub(crate) nullable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum JsonType {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    Any,
}

impl JsonType {
    /// The variant name of `accsyn_model::JsonType`.
    pub(crate) fn rust_name(self) -> &'static str {
        match self {
            JsonType::String => "String",
            JsonType::Integer => "Integer",
            JsonType::Number => "Number",
            JsonType::Boolean => "Boolean",
            JsonType::Object => "Object",
            JsonType::Array => "Array",
            JsonType::Any => "Any",
        }
    }
}

impl Entity {
    /// The Rust variant name: `rust` when given, else the name in UpperCamelCase.
    pub(crate) fn rust_name(&self) -> String {
        self.rust.clone().unwrap_or_else(|| upper_camel(&self.name))
    }
}

/// `disabled-offline` -> `DisabledOffline`, `file` -> `File`.
pub(crate) fn upper_camel(text: &str) -> String {
    text.split(['-', '_', ' '])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Loads and checks `<root>/schema`.
pub(crate) fn load(root: &Path) -> Result<Schema, String> {
    let dir = root.join("schema");
    let enums_path = dir.join("enums.toml");
    let enums: EnumsFile = toml::from_str(&fsutil::read(&enums_path)?)
        .map_err(|e| format!("{}: {e}", enums_path.display()))?;

    let mut entities = Vec::new();
    for path in fsutil::list_files(&dir.join("entities"))? {
        if path.extension().is_some_and(|ext| ext == "toml") {
            let entity: Entity = toml::from_str(&fsutil::read(&path)?)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            entities.push(entity);
        }
    }
    let schema = Schema {
        enums: enums.enums,
        entities: resolve_extends(entities)?,
    };
    check(&schema)?;
    Ok(schema)
}

/// Puts each parent's attributes first; an attribute redefined by the child replaces the
/// parent's in place, so the order stays the parent's.
fn resolve_extends(entities: Vec<Entity>) -> Result<Vec<Entity>, String> {
    let mut resolved = Vec::with_capacity(entities.len());
    for entity in &entities {
        let mut chain = vec![entity];
        let mut current = entity;
        while let Some(parent_name) = &current.extends {
            let parent = entities
                .iter()
                .find(|e| &e.name == parent_name)
                .ok_or_else(|| {
                    format!(
                        "entity {} extends unknown entity {parent_name}",
                        current.name
                    )
                })?;
            if chain.iter().any(|e| e.name == parent.name) {
                return Err(format!(
                    "entity {} extends itself through {}",
                    entity.name, parent.name
                ));
            }
            chain.push(parent);
            current = parent;
        }
        let mut attributes: Vec<Attribute> = Vec::new();
        for level in chain.iter().rev() {
            for attribute in &level.attributes {
                match attributes.iter_mut().find(|a| a.name == attribute.name) {
                    Some(existing) => *existing = attribute.clone(),
                    None => attributes.push(attribute.clone()),
                }
            }
        }
        resolved.push(Entity {
            attributes,
            ..entity.clone()
        });
    }
    Ok(resolved)
}

/// Whether `name` can stand as a Rust identifier in the generated code (ASCII, not starting
/// with a digit): anything else would only surface as a rustfmt or compile error there.
fn is_identifier(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn check(schema: &Schema) -> Result<(), String> {
    let mut enum_names = BTreeSet::new();
    for def in &schema.enums {
        if !enum_names.insert(def.name.as_str()) {
            return Err(format!("enum {} is defined twice", def.name));
        }
        if !is_identifier(&def.name) {
            return Err(format!("enum name {:?} is not a Rust type name", def.name));
        }
        if def.values.is_empty() {
            return Err(format!("enum {} has no values", def.name));
        }
        let mut codes = BTreeSet::new();
        let mut variants = BTreeSet::new();
        for value in &def.values {
            if !codes.insert(value.code.as_str()) {
                return Err(format!("enum {} has value {} twice", def.name, value.code));
            }
            let variant = upper_camel(&value.code);
            if !is_identifier(&variant) || variant == "Unknown" {
                return Err(format!(
                    "enum {} value {:?} makes no variant name",
                    def.name, value.code
                ));
            }
            if !variants.insert(variant.clone()) {
                return Err(format!(
                    "enum {} value {:?} makes the variant {variant} a second time",
                    def.name, value.code
                ));
            }
            // A forgotten flag must not silently read as "not writeable", and a flag on a
            // value set would claim something nothing uses.
            match (def.kind, value.writeable) {
                (EnumKind::Status, None) => {
                    return Err(format!(
                        "status set {} value {:?} needs writeable = true or false",
                        def.name, value.code
                    ));
                }
                (EnumKind::Value, Some(_)) => {
                    return Err(format!(
                        "value set {} value {:?} has a writeable flag; only status sets take one",
                        def.name, value.code
                    ));
                }
                _ => {}
            }
        }
    }
    let mut names = BTreeSet::new();
    let mut variants = BTreeSet::new();
    for entity in &schema.entities {
        if !names.insert(entity.name.as_str()) {
            return Err(format!("entity {} is defined twice", entity.name));
        }
        if entity.name != entity.name.to_ascii_lowercase() || !is_identifier(&entity.name) {
            return Err(format!(
                "entity name {:?} must be a lowercase word (the wire form, also a Rust name)",
                entity.name
            ));
        }
        let variant = entity.rust_name();
        if !is_identifier(&variant) || variant == "Unknown" {
            return Err(format!(
                "entity {} makes no variant name ({variant:?})",
                entity.name
            ));
        }
        if !variants.insert(variant.clone()) {
            return Err(format!(
                "entity {} makes the variant {variant} a second time",
                entity.name
            ));
        }
        if let Some(status) = &entity.status {
            if !enum_names.contains(status.as_str()) {
                return Err(format!(
                    "entity {} uses unknown status set {status}",
                    entity.name
                ));
            }
        }
        let mut attributes = BTreeSet::new();
        for attribute in &entity.attributes {
            if !attributes.insert(attribute.name.as_str()) {
                return Err(format!(
                    "entity {} has attribute {} twice",
                    entity.name, attribute.name
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(code: &str) -> EnumValue {
        EnumValue {
            code: code.to_owned(),
            description: String::new(),
            writeable: Some(false),
        }
    }

    fn enums(codes: &[&str]) -> Schema {
        Schema {
            enums: vec![EnumDef {
                name: "JobStatus".to_owned(),
                kind: EnumKind::Status,
                description: String::new(),
                source: String::new(),
                values: codes.iter().map(|c| value(c)).collect(),
            }],
            entities: Vec::new(),
        }
    }

    fn entity(name: &str, rust: Option<&str>) -> Entity {
        Entity {
            name: name.to_owned(),
            rust: rust.map(str::to_owned),
            description: String::new(),
            source: String::new(),
            extends: None,
            status: None,
            attributes: Vec::new(),
        }
    }

    /// Names that would only fail later, as invalid Rust in the generated files, are
    /// refused when the schema loads, naming the culprit.
    #[test]
    fn names_that_make_no_rust_identifier_are_refused() {
        check(&enums(&["done", "disabled-offline"])).unwrap();
        for (codes, culprit) in [
            (&["2fa"][..], "2fa"),
            (&["on.hold"][..], "on.hold"),
            (&["unknown"][..], "unknown"),
            (
                &["disabled-offline", "disabled_offline"][..],
                "disabled_offline",
            ),
            (&[][..], "no values"),
        ] {
            let error = check(&enums(codes)).unwrap_err();
            assert!(error.contains(culprit), "{codes:?}: {error}");
        }

        let mut unflagged = enums(&["done"]);
        unflagged.enums[0].values[0].writeable = None;
        assert!(check(&unflagged).unwrap_err().contains("needs writeable"));
        let mut flagged_value = enums(&["admin"]);
        flagged_value.enums[0].kind = EnumKind::Value;
        assert!(
            check(&flagged_value)
                .unwrap_err()
                .contains("only status sets")
        );

        let schema = |entities| Schema {
            enums: Vec::new(),
            entities,
        };
        check(&schema(vec![entity("transfer", None)])).unwrap();
        for (entities, culprit) in [
            (vec![entity("collection-file", None)], "collection-file"),
            (
                vec![entity("a", Some("Job")), entity("b", Some("Job"))],
                "variant Job",
            ),
            (vec![entity("x", Some("Unknown"))], "makes no variant"),
        ] {
            let error = check(&schema(entities)).unwrap_err();
            assert!(error.contains(culprit), "{error}");
        }
    }
}

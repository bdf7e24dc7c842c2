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
    pub(crate) writeable: bool,
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

fn check(schema: &Schema) -> Result<(), String> {
    let mut enum_names = BTreeSet::new();
    for def in &schema.enums {
        if !enum_names.insert(def.name.as_str()) {
            return Err(format!("enum {} is defined twice", def.name));
        }
        let mut codes = BTreeSet::new();
        for value in &def.values {
            if !codes.insert(value.code.as_str()) {
                return Err(format!("enum {} has value {} twice", def.name, value.code));
            }
            if upper_camel(&value.code).is_empty() || upper_camel(&value.code) == "Unknown" {
                return Err(format!(
                    "enum {} value {:?} makes no variant name",
                    def.name, value.code
                ));
            }
        }
    }
    let mut names = BTreeSet::new();
    for entity in &schema.entities {
        if !names.insert(entity.name.as_str()) {
            return Err(format!("entity {} is defined twice", entity.name));
        }
        if entity.name != entity.name.to_ascii_lowercase() {
            return Err(format!(
                "entity name {} must be lowercase (the wire form)",
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

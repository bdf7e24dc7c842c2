//! Renders the schema into Rust source text (formatted afterwards by rustfmt).
//!
//! Plain `format!` over the schema keeps the generator readable: each function below prints
//! one kind of item, so the generated code can be read next to the function that wrote it.

use std::fmt::Write as _;

use crate::codegen::HEADER;
use crate::schema::{EnumDef, EnumKind, Schema, upper_camel};

/// Every generated file: (file name, source text).
pub(crate) fn files(schema: &Schema) -> Vec<(&'static str, String)> {
    vec![
        ("mod.rs", module(schema)),
        ("entity_type.rs", entity_type(schema)),
        ("enums.rs", enums(schema)),
        ("attributes.rs", attributes(schema)),
    ]
}

/// Makes schema prose safe inside a `///` comment: no stray HTML tags or intra-doc links.
fn doc(text: &str) -> String {
    text.replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

/// An `# Examples` section for a method, indented for an `impl` block: `use_line` first,
/// then the body lines (each a line of Rust, without `///`).
fn method_example(use_line: &str, body: &[String]) -> String {
    let mut out =
        format!("    ///\n    /// # Examples\n    ///\n    /// ```\n    /// {use_line}\n    ///\n");
    for line in body {
        let _ = writeln!(out, "    /// {line}");
    }
    out.push_str("    /// ```\n");
    out
}

fn module(schema: &Schema) -> String {
    let enum_names: Vec<&str> = schema.enums.iter().map(|e| e.name.as_str()).collect();
    format!(
        "{HEADER}\n\
         //!\n\
         //! The accsyn vocabulary from `schema/`: entity types, their attributes and the status\n\
         //! sets. Edit the schema and run `cargo xtask codegen` instead of editing these files.\n\
         \n\
         mod attributes;\n\
         mod entity_type;\n\
         mod enums;\n\
         \n\
         pub use entity_type::EntityType;\n\
         pub use enums::{{{}}};\n",
        enum_names.join(", ")
    )
}

fn entity_type(schema: &Schema) -> String {
    let mut out = format!(
        "{HEADER}\n\
         \n\
         use std::convert::Infallible;\n\
         use std::fmt;\n\
         use std::str::FromStr;\n\
         \n\
         use serde::{{Deserialize, Deserializer, Serialize, Serializer}};\n\
         \n\
         use crate::UnknownValue;\n\
         use super::*;\n\n"
    );
    let _ = write!(
        out,
        "/// An accsyn entity type: the word before `WHERE` in a query and the first part of a uri\n\
         /// such as `transfer/find`.\n\
         ///\n\
         /// Parsing ignores case (queries are case-insensitive); [`EntityType::as_str`] gives the\n\
         /// lowercase wire form. A type this version does not know is kept in\n\
         /// [`EntityType::Unknown`] with its text unchanged.\n\
         ///\n\
         /// # Examples\n\
         ///\n\
         /// ```\n\
         /// use accsyn_model::EntityType;\n\
         ///\n\
         /// let kind: EntityType = \"Transfer\".parse()?;\n\
         /// assert_eq!(kind, EntityType::Transfer);\n\
         /// assert_eq!(kind.as_str(), \"transfer\");\n\
         /// assert_eq!(kind.status_is_writeable(\"paused\"), Some(true));\n\
         /// assert!(kind.attributes().iter().any(|a| a.name == \"status\"));\n\
         ///\n\
         /// let newer = EntityType::from(\"hologram\");\n\
         /// assert!(!newer.is_known());\n\
         /// assert_eq!(newer.to_string(), \"hologram\");\n\
         /// # Ok::<(), Box<dyn std::error::Error>>(())\n\
         /// ```\n\
         #[derive(Debug, Clone, PartialEq, Eq, Hash)]\n\
         #[non_exhaustive]\n\
         pub enum EntityType {{\n"
    );
    for entity in &schema.entities {
        let _ = write!(
            out,
            "    /// `{}`: {}\n    ///\n    /// Source: {}.\n    {},\n",
            entity.name,
            doc(&entity.description),
            doc(&entity.source),
            entity.rust_name()
        );
    }
    out.push_str(
        "    /// An entity type this version of the crate does not know, kept as sent.\n    Unknown(UnknownValue),\n}\n\n",
    );

    // The examples below use the first entity type, and the first one with a status set.
    let use_line = "use accsyn_model::EntityType;";
    let first = schema.entities.first();
    let with_status = schema.entities.iter().find_map(|e| {
        let def = schema
            .enums
            .iter()
            .find(|d| Some(&d.name) == e.status.as_ref())?;
        Some((e, def))
    });
    out.push_str("impl EntityType {\n");
    out.push_str("    /// Every entity type this version knows, in schema order.\n");
    if let Some(first) = first {
        out.push_str(&method_example(
            use_line,
            &[
                format!(
                    "assert_eq!(EntityType::KNOWN.len(), {});",
                    schema.entities.len()
                ),
                format!(
                    "assert_eq!(EntityType::KNOWN[0], EntityType::{});",
                    first.rust_name()
                ),
                "assert!(EntityType::KNOWN.iter().all(EntityType::is_known));".to_owned(),
            ],
        ));
    }
    out.push_str("    pub const KNOWN: &'static [EntityType] = &[\n");
    for entity in &schema.entities {
        let _ = writeln!(out, "        EntityType::{},", entity.rust_name());
    }
    out.push_str("    ];\n\n");

    out.push_str("    /// The lowercase wire name, as used in uris (`transfer/find`).\n");
    if let Some(first) = first {
        out.push_str(&method_example(
            use_line,
            &[
                format!(
                    "assert_eq!(EntityType::{}.as_str(), {:?});",
                    first.rust_name(),
                    first.name
                ),
                format!(
                    "assert_eq!(EntityType::from({:?}).as_str(), {:?});",
                    first.name.to_ascii_uppercase(),
                    first.name
                ),
                "assert_eq!(EntityType::from(\"Hologram\").as_str(), \"Hologram\");".to_owned(),
            ],
        ));
    }
    out.push_str("    pub fn as_str(&self) -> &str {\n        match self {\n");
    for entity in &schema.entities {
        let _ = writeln!(
            out,
            "            EntityType::{} => {:?},",
            entity.rust_name(),
            entity.name
        );
    }
    out.push_str("            EntityType::Unknown(value) => value.as_str(),\n        }\n    }\n\n");

    out.push_str("    /// The schema's description of the type; `None` when unknown.\n");
    if let Some(first) = first {
        out.push_str(&method_example(
            use_line,
            &[
                format!(
                    "assert_eq!(EntityType::{}.description(), Some({:?}));",
                    first.rust_name(),
                    first.description
                ),
                "assert_eq!(EntityType::from(\"hologram\").description(), None);".to_owned(),
            ],
        ));
    }
    out.push_str("    pub fn description(&self) -> Option<&'static str> {\n        match self {\n");
    for entity in &schema.entities {
        let _ = writeln!(
            out,
            "            EntityType::{} => Some({:?}),",
            entity.rust_name(),
            entity.description
        );
    }
    out.push_str("            EntityType::Unknown(_) => None,\n        }\n    }\n\n");

    out.push_str("    /// Whether this version of the crate knows the type.\n");
    if let Some(first) = first {
        out.push_str(&method_example(
            use_line,
            &[
                format!("assert!(EntityType::{}.is_known());", first.rust_name()),
                "assert!(!EntityType::from(\"hologram\").is_known());".to_owned(),
            ],
        ));
    }
    out.push_str("    pub fn is_known(&self) -> bool {\n        !matches!(self, EntityType::Unknown(_))\n    }\n\n");

    out.push_str(
        "    /// The known status codes of the type's status set, in schema order; empty when the\n    \
         /// type has no status set (or is unknown).\n",
    );
    if let Some((entity, def)) = with_status {
        let codes: Vec<String> = def.values.iter().map(|v| format!("{:?}", v.code)).collect();
        out.push_str(&method_example(
            use_line,
            &[
                format!(
                    "assert_eq!(EntityType::{}.statuses(), [{}]);",
                    entity.rust_name(),
                    codes.join(", ")
                ),
                "assert!(EntityType::from(\"hologram\").statuses().is_empty());".to_owned(),
            ],
        ));
    }
    out.push_str("    pub fn statuses(&self) -> &'static [&'static str] {\n        match self {\n");
    for entity in &schema.entities {
        if let Some(status) = &entity.status {
            let def = schema.enums.iter().find(|e| &e.name == status);
            let codes: Vec<String> = def
                .map(|d| d.values.iter().map(|v| format!("{:?}", v.code)).collect())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "            EntityType::{} => &[{}],",
                entity.rust_name(),
                codes.join(", ")
            );
        }
    }
    out.push_str("            _ => &[],\n        }\n    }\n\n");

    out.push_str(
        "    /// Whether an update call may set `status` on this type: `Some(true)` or `Some(false)`\n    \
         /// for a type with a status set (an unknown status is not writeable), `None` otherwise.\n",
    );
    if let Some((entity, def)) = with_status {
        let mut body: Vec<String> = def
            .values
            .iter()
            .map(|v| {
                format!(
                    "assert_eq!(EntityType::{}.status_is_writeable({:?}), Some({}));",
                    entity.rust_name(),
                    v.code,
                    v.is_writeable()
                )
            })
            .collect();
        body.push(format!(
            "assert_eq!(EntityType::{}.status_is_writeable(\"from-a-newer-backend\"), Some(false));",
            entity.rust_name()
        ));
        body.push(
            "assert_eq!(EntityType::from(\"hologram\").status_is_writeable(\"done\"), None);"
                .to_owned(),
        );
        out.push_str(&method_example(use_line, &body));
    }
    out.push_str("    pub fn status_is_writeable(&self, status: &str) -> Option<bool> {\n        match self {\n");
    for entity in &schema.entities {
        if let Some(status) = &entity.status {
            let _ = writeln!(
                out,
                "            EntityType::{} => Some({status}::from(status).is_writeable()),",
                entity.rust_name()
            );
        }
    }
    out.push_str("            _ => None,\n        }\n    }\n}\n\n");

    out.push_str("impl From<&str> for EntityType {\n    fn from(text: &str) -> Self {\n        match text.to_ascii_lowercase().as_str() {\n");
    for entity in &schema.entities {
        let _ = writeln!(
            out,
            "            {:?} => EntityType::{},",
            entity.name,
            entity.rust_name()
        );
    }
    out.push_str(
        "            _ => EntityType::Unknown(UnknownValue::new(text)),\n        }\n    }\n}\n\n",
    );
    out.push_str(&common_impls("EntityType"));
    out
}

/// FromStr, Display and serde for a forward-compatible enum with `From<&str>` and `as_str`.
fn common_impls(name: &str) -> String {
    format!(
        "impl FromStr for {name} {{\n\
         \x20   type Err = Infallible;\n\
         \n\
         \x20   /// Never fails: unknown text becomes the `Unknown` variant.\n\
         \x20   fn from_str(text: &str) -> Result<Self, Self::Err> {{\n\
         \x20       Ok({name}::from(text))\n\
         \x20   }}\n\
         }}\n\
         \n\
         impl fmt::Display for {name} {{\n\
         \x20   fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {{\n\
         \x20       f.write_str(self.as_str())\n\
         \x20   }}\n\
         }}\n\
         \n\
         impl Serialize for {name} {{\n\
         \x20   fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{\n\
         \x20       serializer.serialize_str(self.as_str())\n\
         \x20   }}\n\
         }}\n\
         \n\
         impl<'de> Deserialize<'de> for {name} {{\n\
         \x20   fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {{\n\
         \x20       let text = String::deserialize(deserializer)?;\n\
         \x20       Ok({name}::from(text.as_str()))\n\
         \x20   }}\n\
         }}\n\n"
    )
}

fn enums(schema: &Schema) -> String {
    let mut out = format!(
        "{HEADER}\n\
         \n\
         use std::convert::Infallible;\n\
         use std::fmt;\n\
         use std::str::FromStr;\n\
         \n\
         use serde::{{Deserialize, Deserializer, Serialize, Serializer}};\n\
         \n\
         use crate::UnknownValue;\n\n"
    );
    for def in &schema.enums {
        out.push_str(&one_enum(def));
    }
    out
}

fn one_enum(def: &EnumDef) -> String {
    let name = &def.name;
    let status = def.kind == EnumKind::Status;
    let mut out = String::new();
    let _ = write!(
        out,
        "/// {}\n///\n/// Source: {}.\n///\n",
        doc(&def.description),
        doc(&def.source)
    );
    out.push_str("/// | Value | Description |");
    out.push_str(if status {
        " Writeable |\n/// |---|---|---|\n"
    } else {
        "\n/// |---|---|\n"
    });
    for value in &def.values {
        let _ = write!(
            out,
            "/// | `{}` | {} |",
            value.code,
            doc(&value.description).replace('|', "\\|")
        );
        if status {
            out.push_str(if value.is_writeable() {
                " yes |"
            } else {
                " no |"
            });
        }
        out.push('\n');
    }
    let _ = write!(
        out,
        "///\n/// A value this version of the crate does not know is kept in [`{name}::Unknown`] and\n\
         /// serializes back unchanged, so a newer backend never breaks this client.\n///\n\
         /// # Examples\n///\n/// ```\n/// use accsyn_model::{name};\n///\n"
    );
    if let Some(first) = def.values.first() {
        let variant = upper_camel(&first.code);
        let _ = write!(
            out,
            "/// let value: {name} = {:?}.parse()?;\n/// assert_eq!(value, {name}::{variant});\n\
             /// assert_eq!(value.as_str(), {:?});\n",
            first.code, first.code
        );
        if status {
            let _ = writeln!(
                out,
                "/// assert_eq!(value.is_writeable(), {});",
                first.is_writeable()
            );
        }
    }
    let _ = write!(
        out,
        "///\n/// let newer: {name} = serde_json::from_str(\"\\\"from-a-newer-backend\\\"\")?;\n\
         /// assert!(!newer.is_known());\n\
         /// assert_eq!(serde_json::to_string(&newer)?, \"\\\"from-a-newer-backend\\\"\");\n\
         /// # Ok::<(), Box<dyn std::error::Error>>(())\n/// ```\n\
         #[derive(Debug, Clone, PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub enum {name} {{\n"
    );
    for value in &def.values {
        let flag = if !status {
            ""
        } else if value.is_writeable() {
            " Writeable."
        } else {
            " Not writeable."
        };
        let _ = write!(
            out,
            "    /// `{}`: {}{flag}\n    {},\n",
            value.code,
            doc(&value.description),
            upper_camel(&value.code)
        );
    }
    out.push_str("    /// A value this version of the crate does not know, kept as sent.\n    Unknown(UnknownValue),\n}\n\n");

    // Examples use the first value and, for statuses, a writeable and a read-only one.
    let use_line = format!("use accsyn_model::{name};");
    let first = def.values.first();
    let _ = write!(
        out,
        "impl {name} {{\n    /// Every value this version knows, in schema order.\n"
    );
    if let Some(first) = first {
        out.push_str(&method_example(
            &use_line,
            &[
                format!("assert_eq!({name}::KNOWN.len(), {});", def.values.len()),
                format!(
                    "assert_eq!({name}::KNOWN[0], {name}::{});",
                    upper_camel(&first.code)
                ),
                format!("assert!({name}::KNOWN.iter().all({name}::is_known));"),
            ],
        ));
    }
    let _ = writeln!(out, "    pub const KNOWN: &'static [{name}] = &[");
    for value in &def.values {
        let _ = writeln!(out, "        {name}::{},", upper_camel(&value.code));
    }
    out.push_str("    ];\n\n    /// The wire text of the value.\n");
    if let Some(first) = first {
        out.push_str(&method_example(
            &use_line,
            &[
                format!("assert_eq!({name}::{}.as_str(), {:?});", upper_camel(&first.code), first.code),
                format!("assert_eq!({name}::from(\"from-a-newer-backend\").as_str(), \"from-a-newer-backend\");"),
            ],
        ));
    }
    out.push_str("    pub fn as_str(&self) -> &str {\n        match self {\n");
    for value in &def.values {
        let _ = writeln!(
            out,
            "            {name}::{} => {:?},",
            upper_camel(&value.code),
            value.code
        );
    }
    let _ = writeln!(
        out,
        "            {name}::Unknown(value) => value.as_str(),\n        }}\n    }}\n\n\
         \x20   /// The schema's description of the value; `None` when unknown."
    );
    if let Some(first) = first {
        out.push_str(&method_example(
            &use_line,
            &[
                format!(
                    "assert_eq!({name}::{}.description(), Some({:?}));",
                    upper_camel(&first.code),
                    first.description
                ),
                format!("assert_eq!({name}::from(\"from-a-newer-backend\").description(), None);"),
            ],
        ));
    }
    out.push_str("    pub fn description(&self) -> Option<&'static str> {\n        match self {\n");
    for value in &def.values {
        let _ = writeln!(
            out,
            "            {name}::{} => Some({:?}),",
            upper_camel(&value.code),
            value.description
        );
    }
    let _ = write!(
        out,
        "            {name}::Unknown(_) => None,\n        }}\n    }}\n\n"
    );
    if status {
        out.push_str(
            "    /// Whether an update call may set this status. An unknown status is not writeable.\n",
        );
        let mut body: Vec<String> = Vec::new();
        for wanted in [true, false] {
            if let Some(value) = def.values.iter().find(|v| v.is_writeable() == wanted) {
                let call = format!("{name}::{}.is_writeable()", upper_camel(&value.code));
                body.push(if wanted {
                    format!("assert!({call});")
                } else {
                    format!("assert!(!{call});")
                });
            }
        }
        body.push(format!(
            "assert!(!{name}::from(\"from-a-newer-backend\").is_writeable());"
        ));
        out.push_str(&method_example(&use_line, &body));
        out.push_str("    pub fn is_writeable(&self) -> bool {\n        matches!(self, ");
        let writeable: Vec<String> = def
            .values
            .iter()
            .filter(|v| v.is_writeable())
            .map(|v| format!("{name}::{}", upper_camel(&v.code)))
            .collect();
        if writeable.is_empty() {
            out.push_str("_ if false");
        } else {
            out.push_str(&writeable.join(" | "));
        }
        out.push_str(")\n    }\n\n");
    }
    out.push_str("    /// Whether this version of the crate knows the value.\n");
    if let Some(first) = first {
        out.push_str(&method_example(
            &use_line,
            &[
                format!("assert!({name}::{}.is_known());", upper_camel(&first.code)),
                format!("assert!(!{name}::from(\"from-a-newer-backend\").is_known());"),
            ],
        ));
    }
    let _ = write!(
        out,
        "    pub fn is_known(&self) -> bool {{\n        \
         !matches!(self, {name}::Unknown(_))\n    }}\n}}\n\n\
         impl From<&str> for {name} {{\n    fn from(text: &str) -> Self {{\n        match text {{\n"
    );
    for value in &def.values {
        let _ = writeln!(
            out,
            "            {:?} => {name}::{},",
            value.code,
            upper_camel(&value.code)
        );
    }
    let _ = write!(
        out,
        "            _ => {name}::Unknown(UnknownValue::new(text)),\n        }}\n    }}\n}}\n\n"
    );
    out.push_str(&common_impls(name));
    out
}

fn attributes(schema: &Schema) -> String {
    let mut out = format!(
        "{HEADER}\n\
         \n\
         use crate::{{Attribute, JsonType}};\n\
         \n\
         use super::EntityType;\n\n"
    );
    for entity in &schema.entities {
        let _ = writeln!(
            out,
            "static {}: &[Attribute] = &[",
            entity.name.to_ascii_uppercase()
        );
        for a in &entity.attributes {
            let _ = writeln!(
                out,
                "    Attribute {{ name: {:?}, json_type: JsonType::{}, description: {:?}, writeable: {}, create: {}, nullable: {} }},",
                a.name,
                a.json_type.rust_name(),
                a.description,
                a.writeable,
                a.create,
                a.nullable
            );
        }
        out.push_str("];\n\n");
    }
    out.push_str(
        "impl EntityType {\n    /// The type's known attributes, in schema order; empty for an unknown type.\n    \
         ///\n    /// # Examples\n    ///\n    /// ```\n    /// use accsyn_model::EntityType;\n    ///\n    \
         /// let status = EntityType::Volume.attributes().iter().find(|a| a.name == \"status\");\n    \
         /// assert!(status.is_some_and(|a| a.writeable));\n    /// ```\n    \
         pub fn attributes(&self) -> &'static [Attribute] {\n        match self {\n",
    );
    for entity in &schema.entities {
        let _ = writeln!(
            out,
            "            EntityType::{} => {},",
            entity.rust_name(),
            entity.name.to_ascii_uppercase()
        );
    }
    out.push_str("            EntityType::Unknown(_) => &[],\n        }\n    }\n}\n");
    out
}

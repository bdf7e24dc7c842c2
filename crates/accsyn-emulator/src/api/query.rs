//! Turning an event's `query` into a predicate over stored documents, with
//! accsyn-query doing the parsing and evaluation.
//!
//! Reference attributes (`user`, `source`, `destination`, `parent`) hold ids
//! in stored documents, but users write `user=lisa@example.com`. Before
//! matching, such an attribute is shown to the filter as a list of the id and
//! the referenced entity's code; accsyn-query matches a list when any element
//! matches (and negations when none does), so both spellings work.

use std::cell::RefCell;
use std::collections::HashMap;

use accsyn_query::{Expr, Filter};
use serde_json::Value;

use super::types::{EntityType, entity_type};
use crate::id::is_entity_id;
use crate::reply::ApiError;
use crate::store::Tx;

/// Attributes that name another entity.
const REFERENCE_ATTRIBUTES: &[&str] = &["user", "source", "destination", "parent", "job"];

/// Stores a referenced id is looked up in, and the attributes that name it.
const REFERENCED: &[(&str, &[&str])] = &[
    ("user", &["code"]),
    ("client", &["code"]),
    ("volume", &["code"]),
    ("transfer", &["code", "name"]),
    ("delivery", &["code", "name"]),
    ("request", &["code", "name"]),
];

/// A query ready to test documents.
pub(super) struct CompiledQuery {
    filter: Filter,
    /// The reference attributes the expression mentions.
    references: Vec<&'static str>,
    /// Every attribute the expression mentions (first path segment), or
    /// `None` when it could not tell; a view for the filter needs only these.
    mentioned: Option<Vec<String>>,
    /// id → the referenced entity's codes, looked up once per find.
    aliases: RefCell<HashMap<String, Vec<String>>>,
}

/// Splits `<type> WHERE <expression>` (the ACL lookups' form) from a bare
/// expression; checks that a given type is the one the uri names.
pub(super) fn expression_of<'q>(et: &EntityType, query: &'q str) -> Result<&'q str, ApiError> {
    let trimmed = query.trim();
    let Some((head, rest)) = trimmed.split_once(char::is_whitespace) else {
        return Ok(trimmed);
    };
    let rest = rest.trim_start();
    let is_where = rest
        .get(..5)
        .is_some_and(|w| w.eq_ignore_ascii_case("where"))
        && rest[5..].starts_with(char::is_whitespace);
    if !is_where || head.contains(['=', '<', '>', '(', '!', '\'', '"']) {
        return Ok(trimmed);
    }
    match entity_type(head) {
        Some(t) if t.name == et.name => Ok(rest[5..].trim_start()),
        _ => Err(ApiError::bad(format!(
            "the query names `{head}` but the operation is on `{}`",
            et.name
        ))),
    }
}

/// What an expression reads: every attribute it mentions (first path
/// segment) and the reference attributes it compares whole (`user=...`, not
/// `job.id=...`, which accsyn-query already matches against a plain id).
struct Mentions {
    /// `None` when the expression holds a form this version does not know (a
    /// newer accsyn-query): then the whole document is shown.
    attributes: Option<Vec<String>>,
    references: Vec<&'static str>,
}

fn mentions(expr: &Expr, out: &mut Mentions) {
    match expr {
        Expr::Compare(c) => {
            let first = c.path().next().unwrap_or_default().to_ascii_lowercase();
            if c.path().count() == 1 {
                if let Some(r) = REFERENCE_ATTRIBUTES.iter().find(|r| **r == first) {
                    if !out.references.contains(r) {
                        out.references.push(r);
                    }
                }
            }
            if let Some(list) = &mut out.attributes {
                if !list.contains(&first) {
                    list.push(first);
                }
            }
        }
        Expr::And(operands) | Expr::Or(operands) => {
            for e in operands {
                mentions(e, out);
            }
        }
        Expr::Group(g) => mentions(g.expr(), out),
        _ => {
            out.attributes = None;
            out.references = REFERENCE_ATTRIBUTES.to_vec();
        }
    }
}

impl CompiledQuery {
    /// Parses the query (a bare expression, or `<type> WHERE <expression>`).
    pub(super) fn compile(et: &EntityType, query: &str) -> Result<Self, ApiError> {
        let expression = expression_of(et, query)?;
        let invalid = |e: accsyn_query::ParseError| ApiError::bad(format!("invalid query: {e}"));
        let expr = accsyn_query::parse_expression(expression).map_err(invalid)?;
        let filter = Filter::from_expression(&expr).map_err(invalid)?;
        let mut found = Mentions {
            attributes: Some(Vec::new()),
            references: Vec::new(),
        };
        mentions(&expr, &mut found);
        Ok(CompiledQuery {
            filter,
            references: found.references,
            mentioned: found.attributes,
            aliases: RefCell::new(HashMap::new()),
        })
    }

    /// The codes of the entity `id` names, if it names one.
    fn aliases_of(&self, tx: &Tx<'_>, id: &str) -> Result<Vec<String>, ApiError> {
        if let Some(found) = self.aliases.borrow().get(id) {
            return Ok(found.clone());
        }
        let mut found = Vec::new();
        for (store, fields) in REFERENCED {
            if let Some(doc) = tx.get(store, id)? {
                found.extend(
                    fields
                        .iter()
                        .filter_map(|f| doc.get(*f).and_then(Value::as_str))
                        .map(str::to_owned),
                );
                break;
            }
        }
        self.aliases
            .borrow_mut()
            .insert(id.to_owned(), found.clone());
        Ok(found)
    }

    /// Whether `doc` satisfies the query.
    pub(super) fn matches(&self, tx: &Tx<'_>, doc: &Value) -> Result<bool, ApiError> {
        if self.references.is_empty() {
            return Ok(self.filter.matches(doc));
        }
        // The filter only reads the attributes the query mentions: copying
        // just those keeps a find over many documents cheap.
        let mut view = match (&self.mentioned, doc) {
            (Some(keep), Value::Object(obj)) => Value::Object(
                obj.iter()
                    .filter(|(k, _)| keep.iter().any(|m| m.eq_ignore_ascii_case(k)))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            _ => doc.clone(),
        };
        for attr in &self.references {
            let Some(id) = doc.get(*attr).and_then(Value::as_str) else {
                continue;
            };
            if !is_entity_id(id) {
                continue;
            }
            let aliases = self.aliases_of(tx, id)?;
            if !aliases.is_empty() {
                let mut list = vec![Value::String(id.to_owned())];
                list.extend(aliases.into_iter().map(Value::String));
                view[*attr] = Value::Array(list);
            }
        }
        Ok(self.filter.matches(&view))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_queries_and_bare_expressions() {
        let acl = entity_type("acl").unwrap();
        assert_eq!(
            expression_of(acl, "acl WHERE target=share:1").unwrap(),
            "target=share:1"
        );
        assert_eq!(expression_of(acl, "ACL where  a=b").unwrap(), "a=b");
        assert_eq!(
            expression_of(acl, "target=share:1").unwrap(),
            "target=share:1"
        );
        assert_eq!(
            expression_of(acl, "name contains where").unwrap(),
            "name contains where"
        );
        assert!(expression_of(acl, "transfer WHERE a=b").is_err());
    }

    #[test]
    fn references_are_collected_through_groups() {
        let et = entity_type("transfer").unwrap();
        let q = CompiledQuery::compile(
            et,
            "((user=lisa@example.com AND destination=hq) OR status<>failed) AND code=\"* backup\"",
        )
        .unwrap();
        assert_eq!(q.references, ["user", "destination"]);
        assert_eq!(
            q.mentioned.as_deref(),
            Some(
                &[
                    "user".to_owned(),
                    "destination".into(),
                    "status".into(),
                    "code".into()
                ][..]
            )
        );
        // A dotted path reads into the reference: no alias list for it.
        let q = CompiledQuery::compile(et, "job.id=0123456789abcdef01234567").unwrap();
        assert!(q.references.is_empty());
    }

    #[test]
    fn invalid_queries_are_messages() {
        let et = entity_type("transfer").unwrap();
        for q in ["((status=done", "name contains", "=", "name matches \"(\""] {
            assert!(
                matches!(CompiledQuery::compile(et, q), Err(ApiError::BadRequest(_))),
                "{q}"
            );
        }
    }
}

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
pub(crate) struct CompiledQuery {
    root: Node,
    /// The reference attributes the expression compares whole (for tests).
    #[cfg(test)]
    references: Vec<&'static str>,
    /// id → the referenced entity's codes, looked up once per find.
    aliases: RefCell<HashMap<String, Vec<String>>>,
}

/// The expression as a tree of compiled comparisons, so each comparison
/// reads the stored document in place: only a whole reference attribute
/// needs another view of its value, and that view depends on the id alone.
enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    /// A comparison that reads the document as it is stored.
    Plain(Filter),
    /// A comparison of a whole reference attribute (`user=...`), shown the
    /// id and the referenced entity's codes; its outcome per id is kept,
    /// since within one find an id always names the same entity.
    Reference {
        attr: &'static str,
        filter: Filter,
        outcomes: RefCell<HashMap<String, bool>>,
    },
    /// An expression form this version does not know (a newer
    /// accsyn-query): the whole filter sees the document with every
    /// reference attribute shown as its id and codes.
    Whole(Filter),
}

/// Splits `<type> WHERE <expression>` (the ACL lookups' form) from a bare
/// expression; checks that a given type is the one the uri names.
pub(crate) fn expression_of<'q>(et: &EntityType, query: &'q str) -> Result<&'q str, ApiError> {
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

/// The reference attribute a comparison reads whole, if any (`user=...`,
/// not `job.id=...`, which accsyn-query already matches against a plain id).
fn whole_reference(c: &accsyn_query::Comparison) -> Option<&'static str> {
    let mut path = c.path();
    let first = path.next()?.to_ascii_lowercase();
    if path.next().is_some() {
        return None;
    }
    REFERENCE_ATTRIBUTES.iter().find(|r| **r == first).copied()
}

/// Compiles `expr` into a tree; None when it holds a form this version
/// does not know.
fn compile_node(expr: &Expr, references: &mut Vec<&'static str>) -> Result<Option<Node>, ApiError> {
    let invalid = |e: accsyn_query::ParseError| ApiError::bad(format!("invalid query: {e}"));
    let all = |operands: &[Expr], references: &mut Vec<&'static str>| {
        let mut nodes = Vec::new();
        for e in operands {
            match compile_node(e, references)? {
                Some(n) => nodes.push(n),
                None => return Ok(None),
            }
        }
        Ok::<_, ApiError>(Some(nodes))
    };
    Ok(match expr {
        Expr::Compare(c) => {
            let filter = Filter::from_expression(expr).map_err(invalid)?;
            Some(match whole_reference(c) {
                Some(attr) => {
                    if !references.contains(&attr) {
                        references.push(attr);
                    }
                    Node::Reference {
                        attr,
                        filter,
                        outcomes: RefCell::new(HashMap::new()),
                    }
                }
                None => Node::Plain(filter),
            })
        }
        Expr::And(operands) => all(operands, references)?.map(Node::All),
        Expr::Or(operands) => all(operands, references)?.map(Node::Any),
        Expr::Group(g) => compile_node(g.expr(), references)?,
        _ => None,
    })
}

impl CompiledQuery {
    /// Parses the query (a bare expression, or `<type> WHERE <expression>`).
    pub(crate) fn compile(et: &EntityType, query: &str) -> Result<Self, ApiError> {
        let expression = expression_of(et, query)?;
        let invalid = |e: accsyn_query::ParseError| ApiError::bad(format!("invalid query: {e}"));
        let expr = accsyn_query::parse_expression(expression).map_err(invalid)?;
        let mut references = Vec::new();
        let root = match compile_node(&expr, &mut references)? {
            Some(root) => root,
            None => {
                references = REFERENCE_ATTRIBUTES.to_vec();
                Node::Whole(Filter::from_expression(&expr).map_err(invalid)?)
            }
        };
        #[cfg(not(test))]
        let _ = references;
        Ok(CompiledQuery {
            root,
            #[cfg(test)]
            references,
            aliases: RefCell::new(HashMap::new()),
        })
    }

    /// The codes of the entity `id` names, if it names one.
    fn aliases_of(&self, tx: &Tx<'_>, id: &str) -> Result<Vec<String>, ApiError> {
        if let Some(found) = self.aliases.borrow().get(id) {
            return Ok(found.clone());
        }
        let mut found = super::complete::workspace_names(tx, id)?;
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

    /// A reference attribute's value as the filter sees it: the id and the
    /// referenced entity's codes, or None when `value` names no entity.
    fn alias_list(&self, tx: &Tx<'_>, value: Option<&Value>) -> Result<Option<Value>, ApiError> {
        // Transfers name parties as `user:<id>` or `workspace:<id>`.
        let Some(id) = value
            .and_then(Value::as_str)
            .map(|v| v.split_once(':').map_or(v, |(_, id)| id))
            .filter(|id| is_entity_id(id))
        else {
            return Ok(None);
        };
        let aliases = self.aliases_of(tx, id)?;
        if aliases.is_empty() {
            return Ok(None);
        }
        let mut list = vec![Value::String(id.to_owned())];
        list.extend(aliases.into_iter().map(Value::String));
        Ok(Some(Value::Array(list)))
    }

    /// For a party attribute of a document that keeps the path it was
    /// created with: the party, its aliases and that path.
    fn with_spec(&self, tx: &Tx<'_>, doc: &Value, attr: &str) -> Result<Option<Value>, ApiError> {
        let Some(spec) = super::party::spec_key(attr).and_then(|k| doc.get(k)) else {
            return Ok(None);
        };
        let value = doc.get(attr);
        let mut list = match self.alias_list(tx, value)? {
            Some(Value::Array(list)) => list,
            _ => value.cloned().into_iter().collect(),
        };
        list.push(spec.clone());
        Ok(Some(Value::Array(list)))
    }

    fn eval(&self, node: &Node, tx: &Tx<'_>, doc: &Value) -> Result<bool, ApiError> {
        Ok(match node {
            Node::All(nodes) => {
                for n in nodes {
                    if !self.eval(n, tx, doc)? {
                        return Ok(false);
                    }
                }
                true
            }
            Node::Any(nodes) => {
                for n in nodes {
                    if self.eval(n, tx, doc)? {
                        return Ok(true);
                    }
                }
                false
            }
            Node::Plain(filter) => filter.matches(doc),
            Node::Reference {
                attr,
                filter,
                outcomes,
            } => {
                let value = doc.get(*attr);
                // A party also matches the path it was created with
                // (`destination=hq`); that differs per job, so it is not cached.
                if let Some(list) = self.with_spec(tx, doc, attr)? {
                    let mut view = serde_json::Map::new();
                    view.insert((*attr).to_owned(), list);
                    return Ok(filter.matches(&Value::Object(view)));
                }
                let Some(id) = value.and_then(Value::as_str) else {
                    return Ok(filter.matches(doc));
                };
                if let Some(known) = outcomes.borrow().get(id) {
                    return Ok(*known);
                }
                let outcome = match self.alias_list(tx, value)? {
                    Some(list) => {
                        let mut view = serde_json::Map::new();
                        view.insert((*attr).to_owned(), list);
                        filter.matches(&Value::Object(view))
                    }
                    None => filter.matches(doc),
                };
                // Only the value decides a comparison of one attribute.
                outcomes.borrow_mut().insert(id.to_owned(), outcome);
                outcome
            }
            Node::Whole(filter) => {
                let mut view = doc.clone();
                for attr in REFERENCE_ATTRIBUTES {
                    if let Some(list) = self.with_spec(tx, doc, attr)? {
                        view[*attr] = list;
                    } else if let Some(list) = self.alias_list(tx, doc.get(*attr))? {
                        view[*attr] = list;
                    }
                }
                filter.matches(&view)
            }
        })
    }

    /// Whether `doc` satisfies the query.
    pub(crate) fn matches(&self, tx: &Tx<'_>, doc: &Value) -> Result<bool, ApiError> {
        self.eval(&self.root, tx, doc)
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

//! Turning an event's `query` into a predicate over stored documents.

use serde_json::Value;

use super::types::{EntityType, entity_type};
use crate::reply::ApiError;
use crate::store::Tx;

/// A query ready to test documents.
pub(super) struct CompiledQuery {
    _expression: String,
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

impl CompiledQuery {
    /// Parses the query.
    pub(super) fn compile(_tx: &Tx<'_>, et: &EntityType, query: &str) -> Result<Self, ApiError> {
        let expression = expression_of(et, query)?;
        Err(ApiError::bad(format!(
            "query evaluation is not available in this build yet (query `{expression}`)"
        )))
    }

    /// Whether `doc` satisfies the query.
    pub(super) fn matches(&self, _doc: &Value) -> bool {
        false
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
}

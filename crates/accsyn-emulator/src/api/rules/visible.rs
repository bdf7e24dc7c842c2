//! What a caller may see of stored entities, and how replies show them.

use serde_json::Value;

use super::context::Ctx;
use super::keys::INTERNAL_KEYS;
use super::roles::can_read;
use super::types::EntityType;
use crate::reply::{ApiError, Projection};
use crate::store::Tx;
/// How a reply shows documents: the asked attributes (and always `id`,
/// which callers need to address the entity again), never bookkeeping.
pub(crate) fn projection(attributes: Option<Vec<String>>) -> Projection {
    Projection {
        keep: attributes,
        hidden: INTERNAL_KEYS,
    }
}

/// `doc` as a reply shows it, for replies that are not finds.
pub(crate) fn project(doc: &Value, attributes: Option<&[String]>) -> Value {
    let shown = projection(attributes.map(<[String]>::to_vec));
    match doc {
        Value::Object(obj) => Value::Object(
            obj.iter()
                .filter(|(k, _)| shown.shows(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        doc => doc.clone(),
    }
}

/// The stored entity `id` of `et` the caller may see, from any of its stores.
pub(crate) fn get_visible(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    id: &str,
) -> Result<Option<(&'static str, Value)>, ApiError> {
    for store in et.stores {
        if let Some(doc) = tx.get(store, id)? {
            let owner = super::types::entity_type(store).unwrap_or(et);
            if can_read(tx, ctx, owner, &doc)? {
                return Ok(Some((store, doc)));
            }
            return Ok(None);
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn projection_keeps_id() {
        let doc = json!({"id": "1", "name": "n", "size": 3});
        assert_eq!(
            project(&doc, Some(&["name".to_owned()])),
            json!({"id": "1", "name": "n"})
        );
    }
}

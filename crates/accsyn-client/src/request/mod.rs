//! Every call's request as pure data: built here, sent by the session. Keeping the shapes out
//! of the async code means each one is unit-tested without a server (see the tests below).

use accsyn_query::{Query, attr};
use accsyn_transport::ApiRequest;
use serde_json::{Map, Value, json};

use crate::query_arg::wire_type;
use crate::{Error, FindOptions, Result};

mod access;

pub(crate) use access::{
    RECIPIENT_TARGETS, SHARE_TARGETS, acl_create, acl_delete, acl_find, add_recipient, recipients,
    remove_recipient,
};

/// Job types that take `allow_duplicates` on create, as the official client lists them.
const JOB_TYPES: &[&str] = &[
    "transfer", "compute", "delivery", "request", "stream", "job", "task",
];
/// `<type>/find` with the query's expression and the options that are set.
///
/// The expression goes as the official client sends it, attribute names and keywords in lower
/// case (the backend has never received anything else), except that values keep their case.
///
/// Two queries are special, as in the official client: `entitytypes` asks for the entity
/// types, and `attributes WHERE entitytype=<type>` for a type's attributes.
pub(crate) fn find(query: &Query, options: &FindOptions, single: bool) -> Result<ApiRequest> {
    let ty = wire_type(query.entity_type())?;
    match ty.as_str() {
        "entitytypes" => return Ok(entity_types()),
        "attributes" => return attributes(attributes_of(query)?, false, false),
        _ => {}
    }
    let mut data = Map::new();
    if let Some(parent) = &options.parent {
        data.insert("parent".into(), parent.clone().into());
    }
    for (key, flag) in [
        ("finished", options.finished),
        ("inactive", options.inactive),
        ("archived", options.archived),
    ] {
        if let Some(flag) = flag {
            data.insert(key.into(), flag.into());
        }
    }
    // Zero means "not set" to the official client (`if limit:`), so it is not sent either.
    if let Some(limit) = options.limit.filter(|&n| n > 0) {
        data.insert("limit".into(), limit.into());
    }
    if let Some(skip) = options.skip.filter(|&n| n > 0) {
        data.insert("skip".into(), skip.into());
    }
    // As the official client: names are trimmed, a blank one is refused, and an empty list
    // is not sent (it means every attribute; sent, it could select none).
    if let Some(attributes) = &options.attributes {
        let names: Vec<&str> = attributes.iter().map(|a| a.trim()).collect();
        if names.iter().any(|a| a.is_empty()) {
            return Err(Error::InvalidArgument(format!(
                "find attributes must be non-empty names, such as \"id\" or \"status\": {attributes:?}"
            )));
        }
        if !names.is_empty() {
            data.insert("attributes".into(), names.into());
        }
    }
    if single {
        data.insert("single_entity_query".into(), true.into());
    }
    let mut request = ApiRequest::get(format!("{ty}/find")).with_data(Value::Object(data));
    if let Some(expression) = query.expression() {
        request = request.with_query(expression.wire_form().to_string());
    }
    Ok(request)
}

/// The `<type>` of `attributes WHERE entitytype=<type>`.
fn attributes_of(query: &Query) -> Result<&str> {
    use accsyn_query::{Expr, Operator};
    match query.expression() {
        Some(Expr::Compare(c))
            if c.attribute().eq_ignore_ascii_case("entitytype") && c.operator() == Operator::Eq =>
        {
            c.value().as_str().ok_or_else(|| attributes_form(query))
        }
        _ => Err(attributes_form(query)),
    }
}

fn attributes_form(query: &Query) -> Error {
    Error::InvalidArgument(format!(
        "`{query}`: ask for attributes as `attributes WHERE entitytype=<type>`, or call \
         `Session::attributes`"
    ))
}

/// `<type>/find` by id, whatever the entity's scope (finished, archived).
///
/// The id must be an entity id, as the official client asserts: the transport leaves an empty
/// id out of the envelope, and a find without one answers every entity, whose first would
/// then be returned as if it were the one asked for.
pub(crate) fn get_entity(entity_type: &str, id: &str) -> Result<ApiRequest> {
    let ty = wire_type(entity_type)?;
    Ok(ApiRequest::get(format!("{ty}/find"))
        .with_data(json!({}))
        .with_id(bare_id(id)?))
}

/// An entity id checked before it travels, as the official client asserts, and sent bare:
/// [`EntityId::parse`](accsyn_model::EntityId::parse) also accepts an `ObjectId:` prefix
/// (as replies carry it), which the server would not take as the id.
pub(crate) fn bare_id(text: &str) -> Result<String> {
    Ok(accsyn_model::EntityId::parse(text)?.as_str().to_owned())
}

/// The id of the one entity an edit, delete or (de)activation targets. The transport leaves
/// an empty id out of the envelope, which would send the operation with no target at all, so
/// a blank one is refused before anything is sent (the official client asserts the same).
fn target_id<'a>(ty: &str, id: &'a str) -> Result<&'a str> {
    if id.trim().is_empty() {
        Err(Error::InvalidArgument(format!(
            "no id given for the `{ty}` to act on: pass the entity's id (24 hex characters)"
        )))
    } else {
        Ok(id)
    }
}

/// `<type>/find` on `code=<value>`, to resolve an email or share code to an id. The query is
/// built, not formatted, so a code with quotes or spaces stays one value.
pub(crate) fn find_by_code(entity_type: &str, code: &str) -> Result<ApiRequest> {
    Ok(ApiRequest::get(format!("{}/find", wire_type(entity_type)?))
        .with_data(json!({}))
        .with_query(attr("code").eq(code).wire_form().to_string()))
}

/// The duplicate policy of a job or task create: sent only when set, and only for job types.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Duplicates {
    /// `allow_duplicates`.
    pub(crate) allow: Option<bool>,
    /// `replace_duplicates`.
    pub(crate) replace: Option<bool>,
}

/// `<type>/create` (`file/add` for files), with the official client's reshaping: a list
/// becomes `{"tasks": list}`, task data without `tasks` is wrapped, and `parent` is the id.
pub(crate) fn create(
    entity_type: &str,
    data: Value,
    parent: Option<&str>,
    duplicates: Duplicates,
) -> Result<ApiRequest> {
    let ty = wire_type(entity_type)?;
    let mut data = match data {
        Value::Array(list) => json!({ "tasks": list }),
        Value::Object(map) if ty == "task" && !map.contains_key("tasks") => {
            json!({ "tasks": map })
        }
        Value::Object(map) => Value::Object(map),
        other => {
            return Err(Error::InvalidArgument(format!(
                "create data for `{ty}` must be a JSON object or list, not `{other}`"
            )));
        }
    };
    if data.as_object().is_some_and(Map::is_empty) {
        return Err(Error::InvalidArgument(format!(
            "create data for `{ty}` is empty: give at least the attributes the entity needs"
        )));
    }
    if let (true, Some(map)) = (JOB_TYPES.contains(&ty.as_str()), data.as_object_mut()) {
        for (key, flag) in [
            ("allow_duplicates", duplicates.allow),
            ("replace_duplicates", duplicates.replace),
        ] {
            if let Some(flag) = flag {
                map.insert(key.into(), flag.into());
            }
        }
    }
    let op = if ty == "file" { "add" } else { "create" };
    let mut request = ApiRequest::post(format!("{ty}/{op}")).with_data(data);
    if let Some(parent) = parent {
        request = request.with_id(parent);
    }
    Ok(request)
}

/// `<type>/edit` of one entity.
pub(crate) fn update(entity_type: &str, id: &str, data: Value) -> Result<ApiRequest> {
    let ty = wire_type(entity_type)?;
    if ty == "acl" {
        return Err(Error::InvalidArgument(
            "ACLs cannot be updated: grant access again with `Session::grant`".into(),
        ));
    }
    if data.as_object().is_none_or(|m| m.is_empty()) {
        return Err(Error::InvalidArgument(format!(
            "update data for `{ty}` must be a JSON object with at least one attribute"
        )));
    }
    if let Some(status) = data.get("status").and_then(Value::as_str) {
        status_settable(&ty, status)?;
    }
    let id = target_id(&ty, id)?;
    Ok(ApiRequest::put(format!("{ty}/edit"))
        .with_data(data)
        .with_id(id))
}

/// Refuses, before any round trip, a status of the model's table that the server sets
/// itself (a transfer's `running`, say), whichever call sends it. A status the model does not
/// know is let through: a newer backend may accept it.
fn status_settable(ty: &str, status: &str) -> Result<()> {
    use accsyn_model::{
        ClientStatus, DeliveryStatus, JobStatus, ShareStatus, TaskStatus, UserStatus, VolumeStatus,
    };
    macro_rules! check {
        ($name:literal, $status:ty) => {{
            let parsed = <$status>::from(status);
            let writeable = !parsed.is_known() || parsed.is_writeable();
            crate::typed::settable(
                $name,
                &parsed,
                writeable,
                <$status>::KNOWN,
                <$status>::is_writeable,
            )
        }};
    }
    match ty {
        "transfer" => check!("transfer", JobStatus),
        "job" => check!("job", JobStatus),
        "delivery" => check!("delivery", DeliveryStatus),
        "request" => check!("request", DeliveryStatus),
        "task" => check!("task", TaskStatus),
        "volume" => check!("volume", VolumeStatus),
        "folder" => check!("folder", ShareStatus),
        "home" => check!("home", ShareStatus),
        "collection" => check!("collection", ShareStatus),
        "user" => check!("user", UserStatus),
        "client" => check!("client", ClientStatus),
        _ => Ok(()),
    }
}

/// `task/edit` of several tasks of one job: a list of `{id or uri, status/priority/metadata}`.
pub(crate) fn update_many(entity_type: &str, parent: &str, updates: Value) -> Result<ApiRequest> {
    let ty = wire_type(entity_type)?;
    if ty != "task" {
        return Err(Error::InvalidArgument(format!(
            "only tasks can be updated many at once, not `{ty}`: use `Session::update`"
        )));
    }
    if updates.as_array().is_none_or(|l| l.is_empty()) {
        return Err(Error::InvalidArgument(
            "task updates must be a non-empty JSON list of objects with `id` or `uri`".into(),
        ));
    }
    // The official client refuses anything but an entity id here ("Invalid parent entity ID").
    Ok(ApiRequest::put("task/edit")
        .with_data(updates)
        .with_id(bare_id(parent)?))
}

/// `<type>/delete`; `data` carries options such as `{"force": true}`.
pub(crate) fn delete(entity_type: &str, id: &str, data: Option<Value>) -> Result<ApiRequest> {
    let ty = wire_type(entity_type)?;
    if ty == "acl" {
        return Err(Error::InvalidArgument(
            "ACLs cannot be deleted: revoke access with `Session::revoke`".into(),
        ));
    }
    let id = target_id(&ty, id)?;
    let mut request = ApiRequest::delete(format!("{ty}/delete")).with_id(id);
    request.data = data;
    Ok(request)
}

/// `<type>/deactivate`.
pub(crate) fn deactivate(entity_type: &str, id: &str) -> Result<ApiRequest> {
    let ty = wire_type(entity_type)?;
    let id = target_id(&ty, id)?;
    Ok(ApiRequest::delete(format!("{ty}/deactivate"))
        .with_data(json!({}))
        .with_id(id))
}

/// `<type>/activate`, by id, or by code in `query` when `ident` is not an id.
///
/// Trimmed and lowercased first, as the official client does: an id pasted with a trailing
/// newline or in capitals is still sent as the id, not as a code no entity has.
pub(crate) fn activate(entity_type: &str, ident: &str) -> Result<ApiRequest> {
    let ty = wire_type(entity_type)?;
    let ident = target_id(&ty, ident)?.trim().to_lowercase();
    let request = ApiRequest::post(format!("{ty}/activate")).with_data(json!({}));
    Ok(if accsyn_model::EntityId::is_valid(&ident) {
        request.with_id(ident)
    } else {
        request.with_query(ident)
    })
}

/// `entitytypes`.
pub(crate) fn entity_types() -> ApiRequest {
    ApiRequest::get("entitytypes").with_data(json!({}))
}

/// `attributes` of an entity type: all, or those a create or an update may send.
pub(crate) fn attributes(entity_type: &str, create: bool, update: bool) -> Result<ApiRequest> {
    Ok(ApiRequest::get("attributes").with_data(json!({
        "entitytype": wire_type(entity_type)?,
        "create": create,
        "update": update,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use accsyn_transport::Method;

    pub(super) const ID: &str = "0123456789abcdef01234567";

    /// Compares a request with the official client's recorded (method, uri, data, query, id).
    pub(super) fn check(
        req: ApiRequest,
        method: Method,
        uri: &str,
        data: Option<Value>,
        query: Option<&str>,
        id: Option<&str>,
    ) {
        assert_eq!(req.method, method, "{uri}");
        assert_eq!(req.uri, uri);
        assert_eq!(req.data, data, "{uri}");
        assert_eq!(req.query.as_deref(), query, "{uri}");
        assert_eq!(req.id.as_deref(), id, "{uri}");
    }

    fn parsed(q: &str) -> Query {
        Query::parse(q).unwrap()
    }

    #[test]
    fn find_sends_the_expression_and_only_the_options_set() {
        let req = find(
            &parsed("Transfer WHERE status=done"),
            &FindOptions::new(),
            false,
        );
        check(
            req.unwrap(),
            Method::Get,
            "transfer/find",
            Some(json!({})),
            Some("status=done"),
            None,
        );

        let options = FindOptions::new()
            .attributes(["id", "name"])
            .finished(true)
            .limit(5)
            .skip(2);
        let req = find(
            &parsed("transfer WHERE name CONTAINS backup"),
            &options,
            false,
        )
        .unwrap();
        check(
            req,
            Method::Get,
            "transfer/find",
            Some(json!({"attributes": ["id", "name"], "finished": true, "limit": 5, "skip": 2})),
            // As the official client sent it (recorded traffic): keywords in lower case.
            Some("name contains backup"),
            None,
        );
    }

    #[test]
    fn find_attributes_are_trimmed_blank_ones_refused_and_an_empty_list_not_sent() {
        let q = parsed("Transfer");
        let trimmed = find(&q, &FindOptions::new().attributes([" id", "name "]), false);
        assert_eq!(
            trimmed.unwrap().data,
            Some(json!({"attributes": ["id", "name"]}))
        );
        let none: [&str; 0] = [];
        let empty = find(&q, &FindOptions::new().attributes(none), false);
        assert_eq!(empty.unwrap().data, Some(json!({})));
        assert!(matches!(
            find(&q, &FindOptions::new().attributes(["id", " "]), false),
            Err(Error::InvalidArgument(_))
        ));
    }

    #[test]
    fn find_keeps_the_case_of_values_unlike_the_official_client() {
        let req = find(
            &parsed("Delivery WHERE name='Project References'"),
            &FindOptions::new(),
            true,
        );
        check(
            req.unwrap(),
            Method::Get,
            "delivery/find",
            Some(json!({"single_entity_query": true})),
            // Quoted as typed: the official client sends `name='project references'`.
            Some("name='Project References'"),
            None,
        );
    }

    #[test]
    fn capital_names_and_keywords_go_lowercase_while_values_keep_their_case_and_quotes() {
        let req = find(
            &parsed(
                "Transfer WHERE Status=Done AND NAME CONTAINS 'Big Backup' OR User IN Lisa@X.com",
            ),
            &FindOptions::new(),
            false,
        );
        check(
            req.unwrap(),
            Method::Get,
            "transfer/find",
            Some(json!({})),
            Some("status=Done and name contains 'Big Backup' or user in Lisa@X.com"),
            None,
        );
    }

    #[test]
    fn find_of_tasks_names_the_parent_and_zero_limits_are_not_sent() {
        let options = FindOptions::new()
            .parent(ID)
            .limit(0)
            .skip(0)
            .inactive(false)
            .archived(true);
        let req = find(&parsed("Task"), &options, false).unwrap();
        check(
            req,
            Method::Get,
            "task/find",
            Some(json!({"parent": ID, "inactive": false, "archived": true})),
            None,
            None,
        );
    }

    #[test]
    fn get_entity_and_code_lookups() {
        check(
            get_entity("Transfer", ID).unwrap(),
            Method::Get,
            "transfer/find",
            Some(json!({})),
            None,
            Some(ID),
        );
        let req = find_by_code("user", "o'brien@x.com").unwrap();
        assert_eq!(req.uri, "user/find");
        let sent = req.query.unwrap();
        let back = accsyn_query::parse_expression(&sent).unwrap();
        assert_eq!(
            back,
            attr("code").eq("o'brien@x.com"),
            "the code stays one value: {sent}"
        );
    }

    #[test]
    fn create_reshapes_lists_tasks_and_files_as_the_official_client() {
        check(
            create(
                "Delivery",
                json!({"name": "x"}),
                None,
                Duplicates::default(),
            )
            .unwrap(),
            Method::Post,
            "delivery/create",
            Some(json!({"name": "x"})),
            None,
            None,
        );
        check(
            create(
                "transfer",
                json!([{"source": "a"}]),
                None,
                Duplicates {
                    allow: Some(false),
                    replace: Some(true),
                },
            )
            .unwrap(),
            Method::Post,
            "transfer/create",
            Some(
                json!({"tasks": [{"source": "a"}], "allow_duplicates": false, "replace_duplicates": true}),
            ),
            None,
            None,
        );
        check(
            create(
                "task",
                json!({"source": "a", "destination": "b"}),
                Some(ID),
                Duplicates::default(),
            )
            .unwrap(),
            Method::Post,
            "task/create",
            Some(json!({"tasks": {"source": "a", "destination": "b"}})),
            None,
            Some(ID),
        );
        check(
            create(
                "file",
                json!({"files": ["share=p/a.tif"]}),
                Some(ID),
                // Not a job type: no duplicate policy is sent.
                Duplicates {
                    allow: Some(true),
                    replace: Some(true),
                },
            )
            .unwrap(),
            Method::Post,
            "file/add",
            Some(json!({"files": ["share=p/a.tif"]})),
            None,
            Some(ID),
        );
        assert!(matches!(
            create("user", json!({}), None, Duplicates::default()),
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            create("user", json!("x"), None, Duplicates::default()),
            Err(Error::InvalidArgument(_))
        ));
    }

    #[test]
    fn updates_and_deletes() {
        check(
            update("Transfer", ID, json!({"status": "paused"})).unwrap(),
            Method::Put,
            "transfer/edit",
            Some(json!({"status": "paused"})),
            None,
            Some(ID),
        );
        assert!(update("transfer", ID, json!({})).is_err());
        assert!(update("acl", ID, json!({"read": true})).is_err());
        let tasks = json!([{"id": "cc5f2afa-9ae4-46e0-9273-82ac802b20ff", "status": "onhold"}]);
        check(
            update_many("Task", ID, tasks.clone()).unwrap(),
            Method::Put,
            "task/edit",
            Some(tasks),
            None,
            Some(ID),
        );
        assert!(update_many("transfer", ID, json!([{}])).is_err());
        check(
            delete("transfer", ID, None).unwrap(),
            Method::Delete,
            "transfer/delete",
            None,
            None,
            Some(ID),
        );
        assert!(delete("acl", ID, None).is_err());
        check(
            deactivate("folder", ID).unwrap(),
            Method::Delete,
            "folder/deactivate",
            Some(json!({})),
            None,
            Some(ID),
        );
        check(
            activate("folder", ID).unwrap(),
            Method::Post,
            "folder/activate",
            Some(json!({})),
            None,
            Some(ID),
        );
        check(
            activate("user", " 0123456789ABCDEF01234567\n").unwrap(),
            Method::Post,
            "user/activate",
            Some(json!({})),
            None,
            Some(ID),
        );
        check(
            activate("user", " Lisa@Example.com ").unwrap(),
            Method::Post,
            "user/activate",
            Some(json!({})),
            Some("lisa@example.com"),
            None,
        );
        check(
            activate("user", "lisa@example.com").unwrap(),
            Method::Post,
            "user/activate",
            Some(json!({})),
            Some("lisa@example.com"),
            None,
        );
    }

    #[test]
    fn calls_on_one_entity_refuse_a_missing_id() {
        // The transport drops an empty id from the envelope: each of these would reach the
        // server with no target (a get_entity would answer some other entity).
        for blank in ["", "  "] {
            assert!(matches!(
                get_entity("transfer", blank),
                Err(Error::Model(_))
            ));
            for req in [
                update("transfer", blank, json!({"status": "paused"})),
                delete("transfer", blank, None),
                deactivate("user", blank),
                activate("user", blank),
            ] {
                assert!(
                    matches!(req, Err(Error::InvalidArgument(ref m)) if m.contains("no id")),
                    "{req:?}"
                );
            }
        }
        const PREFIXED: &str = "ObjectId:0123456789abcdef01234567";
        assert_eq!(
            get_entity("transfer", PREFIXED).unwrap().id.as_deref(),
            Some(ID)
        );
        let updates = json!([{"id": "x", "status": "onhold"}]);
        assert_eq!(
            update_many("task", PREFIXED, updates)
                .unwrap()
                .id
                .as_deref(),
            Some(ID)
        );
        for not_an_id in ["", "not-an-id"] {
            assert!(matches!(
                get_entity("transfer", not_an_id),
                Err(Error::Model(_))
            ));
            let updates = json!([{"id": "x", "status": "onhold"}]);
            assert!(matches!(
                update_many("task", not_an_id, updates),
                Err(Error::Model(_))
            ));
        }
    }

    #[test]
    fn find_of_entitytypes_and_attributes_are_the_meta_calls() {
        let none = FindOptions::new();
        check(
            find(&parsed("entitytypes"), &none, false).unwrap(),
            Method::Get,
            "entitytypes",
            Some(json!({})),
            None,
            None,
        );
        check(
            find(&parsed("attributes WHERE entitytype=job"), &none, false).unwrap(),
            Method::Get,
            "attributes",
            Some(json!({"entitytype": "job", "create": false, "update": false})),
            None,
            None,
        );
        for bad in [
            "attributes",
            "attributes WHERE entitytype!=job",
            "attributes WHERE type=job",
        ] {
            assert!(
                matches!(
                    find(&parsed(bad), &none, false),
                    Err(Error::InvalidArgument(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn meta_calls() {
        check(
            entity_types(),
            Method::Get,
            "entitytypes",
            Some(json!({})),
            None,
            None,
        );
        check(
            attributes("Delivery", false, true).unwrap(),
            Method::Get,
            "attributes",
            Some(json!({"entitytype": "delivery", "create": false, "update": true})),
            None,
            None,
        );
    }
}

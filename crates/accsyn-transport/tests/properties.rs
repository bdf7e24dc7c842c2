//! Property tests: no input makes the pure parts panic, and what is encoded decodes back.

use accsyn_transport::{
    ApiRequest, Envelope, Error, EventContext, Method, ProxySetting, Reply, WireRequest,
    decode_reply, percent_encode_json,
};
use proptest::prelude::*;
use serde_json::{Value, json};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(".{0,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_body_decodes_or_errors_without_panicking(body in prop::collection::vec(any::<u8>(), 0..256), status in 100u16..600) {
        let _ = decode_reply("x/find", status, &body);
    }

    #[test]
    fn any_json_reply_is_classified(value in json_value(), status in 200u16..300) {
        let body = value.to_string();
        match (decode_reply("x/find", status, body.as_bytes()), &value) {
            (Ok(reply), Value::Object(map)) => {
                prop_assert!(!map.contains_key("message") && !map.contains_key("exception"));
                prop_assert_eq!(reply, Reply::new(map.clone()));
            }
            (Err(Error::ServerFault { .. }), Value::Object(map)) => prop_assert!(map.contains_key("exception")),
            (Err(Error::Api { .. }), Value::Object(map)) => prop_assert!(map.contains_key("message")),
            (Err(Error::Decode { .. }), v) => prop_assert!(!v.is_object()),
            (other, v) => prop_assert!(false, "{:?} for {}", other, v),
        }
    }

    #[test]
    fn any_proxy_setting_parses_or_errors_without_panicking(s in ".{0,40}") {
        if let Ok(p) = ProxySetting::parse(&s) {
            prop_assert_eq!(ProxySetting::parse(&p.to_string()).unwrap(), p);
        }
    }

    #[test]
    fn envelope_query_string_decodes_back_to_the_request(
        data in json_value(), query in ".{0,30}", id in "[0-9a-f]{0,24}", uri in "[a-z/]{1,20}"
    ) {
        let ctx = EventContext {
            workspace: "acme".into(),
            username: "admin@acme.test".into(),
            session_id: "sess-1".into(),
            hostname: "vm".into(),
        };
        let req = ApiRequest::get(uri.clone()).with_data(data.clone()).with_query(query.clone()).with_id(id.clone());
        let env = Envelope::build(&ctx, &req, "e".into(), "2026-11-23T13:18:43".into()).unwrap();
        let wire = WireRequest::event(Method::Get, &env);
        let qs = wire.path_and_query.split_once('?').unwrap().1;
        prop_assert!(qs.bytes().all(|b| b.is_ascii_alphanumeric() || b"%_.-~/".contains(&b)));
        let text = percent_encoding::percent_decode_str(qs).decode_utf8().unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back["uri"], &json!(uri));
        prop_assert_eq!(&back["data"], &data);
        let (want_query, want_id) = ((!query.is_empty()).then(|| json!(query)), (!id.is_empty()).then(|| json!(id)));
        prop_assert_eq!(back.get("query"), want_query.as_ref());
        prop_assert_eq!(back.get("id"), want_id.as_ref());
        prop_assert_eq!(percent_encode_json(&env.to_json()), qs);
    }
}

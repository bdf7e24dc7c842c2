//! Property tests: printing then parsing gives the same value, and arbitrary text gives an
//! error or a value, never a panic.

mod entities;
mod nulls;
mod payloads;

use accsyn_model::*;
use proptest::prelude::*;

pub(crate) fn entity_id() -> impl Strategy<Value = EntityId> {
    "[0-9a-f]{24}".prop_map(|s| EntityId::parse(&s).unwrap())
}

pub(crate) fn timestamp() -> impl Strategy<Value = Timestamp> {
    timestamp_in(0..=9999)
}

fn timestamp_in(years: std::ops::RangeInclusive<u16>) -> impl Strategy<Value = Timestamp> {
    (
        years,
        1u8..=12,
        1u8..=31,
        0u8..24,
        0u8..60,
        0u8..60,
        proptest::option::of(0u16..1000),
    )
        .prop_filter_map("the day must exist", |(y, mo, d, h, mi, s, ms)| {
            let t = Timestamp::new(y, mo, d, h, mi, s).ok()?;
            Some(match ms {
                Some(ms) => t.with_millis(ms),
                None => t,
            })
        })
}

/// Text without the characters that structure a reference or a location.
fn word() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_.-][A-Za-z0-9_. -]{0,12}"
}

fn hr_ref() -> impl Strategy<Value = HrRef> {
    (
        proptest::option::of("[a-z_]{1,10}"),
        word(),
        proptest::option::of(word()),
        proptest::option::of(entity_id()),
    )
        .prop_map(|(kind, label, role, id)| {
            let mut r = HrRef::new(label);
            if let Some(kind) = kind {
                r = r.with_kind(kind);
            }
            if let Some(role) = role {
                r = r.with_role(role);
            }
            if let Some(id) = id {
                r = r.with_id(id);
            }
            r
        })
}

fn segment() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_.-]{1,10}"
}

fn rel_path() -> impl Strategy<Value = String> {
    proptest::collection::vec(segment(), 1..4).prop_map(|s| s.join("/"))
}

fn path_spec() -> impl Strategy<Value = PathSpec> {
    let share_kind = prop_oneof![
        Just(ShareKind::Share),
        Just(ShareKind::Volume),
        Just(ShareKind::Folder),
        Just(ShareKind::Home),
        Just(ShareKind::Collection),
    ];
    let target = prop_oneof![
        Just(ShareTarget::Default),
        entity_id().prop_map(ShareTarget::Id),
        "[a-z][a-z0-9_]{0,8}".prop_map(ShareTarget::Code),
        "[a-z]{1,6}@[a-z]{1,6}\\.com".prop_map(ShareTarget::Code),
    ];
    let sub = proptest::option::of(prop_oneof![
        rel_path(),
        rel_path().prop_map(|p| p + "/"),
        Just(String::new())
    ]);
    prop_oneof![
        (share_kind, target, sub.clone()).prop_map(|(kind, target, path)| PathSpec::Share {
            kind,
            target,
            path
        }),
        sub.prop_map(|path| PathSpec::UserHome { path }),
        rel_path().prop_map(|p| PathSpec::Absolute(format!("/{p}"))),
        ("[A-Z]", rel_path())
            .prop_map(|(d, p)| PathSpec::Absolute(format!("{d}:\\{}", p.replace('/', "\\")))),
        rel_path().prop_map(PathSpec::Relative),
    ]
}

fn party() -> impl Strategy<Value = Party> {
    prop_oneof![
        "[a-z][a-z0-9_-]{1,8}".prop_map(Party::Workspace),
        (
            "[a-z.]{1,8}@[a-z]{1,6}\\.com",
            proptest::option::of("[A-Za-z0-9-]{1,8}")
        )
            .prop_map(|(email, hostname)| Party::User { email, hostname }),
        "[a-z][a-z0-9]{0,8}".prop_map(Party::Site),
        entity_id().prop_map(Party::Client),
    ]
}

/// The parts of a location, every combination the notation can express: a party and a
/// path, a party alone (except a workspace, whose bare code reads as a relative path), or a
/// path alone. Nothing is filtered, so a parser that mangles some shape fails the tests
/// instead of silently shrinking what they cover.
fn location_parts() -> impl Strategy<Value = (Option<Party>, Option<PathSpec>)> {
    prop_oneof![
        (party(), path_spec()).prop_map(|(party, path)| (Some(party), Some(path))),
        party()
            .prop_filter("a bare workspace code is a relative path", |p| {
                !matches!(p, Party::Workspace(_))
            })
            .prop_map(|party| (Some(party), None)),
        path_spec().prop_map(|path| (None, Some(path))),
    ]
}

proptest! {
    #[test]
    fn entity_ids_round_trip(id in entity_id()) {
        prop_assert_eq!(EntityId::parse(&id.to_string()).unwrap(), id);
        let json = serde_json::to_string(&id).unwrap();
        prop_assert_eq!(serde_json::from_str::<EntityId>(&json).unwrap(), id);
    }

    #[test]
    fn task_ids_round_trip(bytes in any::<[u8; 16]>()) {
        let text = uuid_text(bytes);
        let id = TaskId::parse(&text).unwrap();
        prop_assert_eq!(id.to_string(), text);
    }

    #[test]
    fn entity_ids_strip_the_object_id_prefix_and_refuse_uppercase(id in entity_id()) {
        let prefixed = format!("ObjectId:{id}");
        prop_assert_eq!(EntityId::parse(&prefixed).unwrap(), id);
        let json = serde_json::to_string(&prefixed).unwrap();
        prop_assert_eq!(serde_json::to_string(&serde_json::from_str::<EntityId>(&json).unwrap()).unwrap(), format!("\"{id}\""));
        let upper = id.as_str().to_ascii_uppercase();
        prop_assert_eq!(EntityId::parse(&upper).is_ok(), upper == id.as_str(), "{}", upper);
    }

    #[test]
    fn task_ids_print_lowercase_whatever_the_case(bytes in any::<[u8; 16]>()) {
        let text = uuid_text(bytes);
        let upper = TaskId::parse(&text.to_ascii_uppercase()).unwrap();
        prop_assert_eq!(upper, TaskId::parse(&text).unwrap());
        prop_assert_eq!(upper.to_string(), text);
    }

    #[test]
    fn timestamps_round_trip(t in timestamp()) {
        prop_assert_eq!(Timestamp::parse(&t.to_string()).unwrap(), t);
        // Equality is by instant, so check the text too: the precision must survive.
        prop_assert_eq!(Timestamp::parse(&t.to_string()).unwrap().to_string(), t.to_string());
        let json = serde_json::to_value(t).unwrap();
        prop_assert_eq!(serde_json::from_value::<Timestamp>(json.clone()).unwrap(), t);
        prop_assert_eq!(json, serde_json::Value::String(t.to_string()));
        let printed = t.to_string();
        let whole_seconds = printed.split('.').next().unwrap();
        prop_assert_eq!(Timestamp::from_unix_seconds(t.unix_seconds()).unwrap().to_string(), whole_seconds);
    }

    /// A two-digit year (`26-01-22T08:35:59[.mmm]`) reads as the same instant as the
    /// four-digit form it prints as, over the whole 1969-2068 window.
    #[test]
    fn two_digit_years_read_as_their_four_digit_instant(t in timestamp_in(1969..=2068)) {
        let printed = t.to_string();
        let short = &printed[2..];
        let parsed = Timestamp::parse(short).unwrap();
        prop_assert_eq!(parsed, t);
        prop_assert_eq!(parsed.to_string(), printed.clone());
        let json = serde_json::Value::String(short.to_owned());
        prop_assert_eq!(serde_json::from_value::<Timestamp>(json).unwrap(), t);
    }

    #[test]
    fn hr_refs_round_trip(r in hr_ref()) {
        prop_assert_eq!(HrRef::parse(&r.to_string()).unwrap(), r);
    }

    #[test]
    fn entity_refs_round_trip(kind in "[a-z]{1,10}", id in entity_id()) {
        let r = EntityRef::new(EntityType::from(kind.as_str()), id);
        prop_assert_eq!(EntityRef::parse(&r.to_string()).unwrap(), r);
    }

    #[test]
    fn locations_round_trip((party, path) in location_parts()) {
        // `new` itself checks print-then-parse; it must accept every unambiguous shape.
        let l = Location::new(party.clone(), path.clone());
        prop_assert!(l.is_ok(), "{:?} / {:?}: {:?}", party, path, l);
        let l = l.unwrap();
        prop_assert_eq!(l.party(), party.as_ref());
        prop_assert_eq!(l.path(), path.as_ref());
        let text = l.to_string();
        prop_assert_eq!(Location::parse(&text).unwrap(), l.clone());
        let json = serde_json::to_value(&l).unwrap();
        prop_assert_eq!(serde_json::from_value::<Location>(json).unwrap(), l);
    }

    /// Arbitrary text: an error or a value that prints back exactly, never a panic.
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        if let Ok(l) = Location::parse(&text) {
            prop_assert_eq!(l.to_string(), text.clone());
        }
        if let Ok(r) = HrRef::parse(&text) {
            prop_assert_eq!(r.to_string(), text.clone());
        }
        if let Ok(t) = Timestamp::parse(&text) {
            prop_assert_eq!(Timestamp::parse(&t.to_string()).unwrap(), t);
        }
        if let Ok(id) = EntityId::parse(&text) {
            prop_assert!(text.ends_with(id.as_str()));
        }
        let _ = EntityRef::parse(&text);
        let _ = TaskId::parse(&text);
        let status = JobStatus::from(text.as_str());
        prop_assert_eq!(status.as_str(), text.as_str());
        prop_assert_eq!(EntityType::from(text.as_str()).to_string().to_ascii_lowercase(), text.to_ascii_lowercase());
    }

    /// Text built from the notation's own characters finds the corner cases sooner.
    #[test]
    fn notation_like_text_never_panics(text in "[a-z0-9:=/\\\\~@().\\[\\]A-Z -]{0,30}") {
        if let Ok(l) = Location::parse(&text) {
            prop_assert_eq!(l.to_string(), text.clone());
        }
        if let Ok(r) = HrRef::parse(&text) {
            prop_assert_eq!(r.to_string(), text.clone());
        }
        let _ = Timestamp::parse(&text);
    }

    #[test]
    fn timestamp_like_text_never_panics(text in "[0-9]{0,4}-?[0-9]{0,2}-?[0-9]{0,2}T?[0-9]{0,2}:?[0-9]{0,2}:?[0-9]{0,2}\\.?[0-9]{0,10}") {
        if let Ok(t) = Timestamp::parse(&text) {
            prop_assert_eq!(Timestamp::parse(&t.to_string()).unwrap(), t);
        }
    }
}

pub(crate) fn uuid_text(b: [u8; 16]) -> String {
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

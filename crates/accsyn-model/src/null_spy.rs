//! Reading an entity straight from its deserializer while noting which keys held `null`.
//!
//! The derived field-by-field code reads `"description": null` into `None`, like an absent key.
//! [`NullSpy`] hands that code the real deserializer, wrapped: each key's text is remembered
//! until its value is read (borrowed from the input when the deserializer lends it, as
//! `serde_json::from_slice` does for keys without escapes; else copied into one reused
//! buffer), and a value that turns out to be `null` files its key. Nothing else is buffered or
//! copied; the `wire` module then puts the filed keys back where they would be lost.
//! An error inside a value names its key, as `` `source`: `client`: invalid type ... ``.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// Keys seen with a `null` value, and the key being read now.
#[derive(Default)]
pub(crate) struct Nulls<'de> {
    key: Key<'de>,
    pub(crate) keys: Vec<Cow<'de, str>>,
}

/// The key being read: borrowed from the input, or copied into a buffer reused key to key.
enum Key<'de> {
    Borrowed(&'de str),
    Copied(String),
}

impl Default for Key<'_> {
    fn default() -> Self {
        Key::Borrowed("")
    }
}

impl<'de> Key<'de> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Copied(key) => key,
        }
    }

    fn copy(&mut self, text: &str) {
        match self {
            Key::Copied(buffer) => {
                buffer.clear();
                buffer.push_str(text);
            }
            Key::Borrowed(_) => *self = Key::Copied(text.to_owned()),
        }
    }

    fn to_cow(&self) -> Cow<'de, str> {
        match self {
            Key::Borrowed(key) => Cow::Borrowed(key),
            Key::Copied(key) => Cow::Owned(key.clone()),
        }
    }
}

/// The deserializer of one entity (a JSON object), spied on.
pub(crate) struct NullSpy<'a, 'de, D> {
    pub(crate) inner: D,
    pub(crate) nulls: &'a mut Nulls<'de>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for NullSpy<'_, 'de, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(EntityVisitor {
            inner: visitor,
            nulls: self.nulls,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct enum identifier
        ignored_any
    }
}

/// Wraps the map the entity is read from.
struct EntityVisitor<'a, 'de, V> {
    inner: V,
    nulls: &'a mut Nulls<'de>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for EntityVisitor<'_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(SpyMap {
            inner: map,
            nulls: self.nulls,
        })
    }
}

struct SpyMap<'a, 'de, A> {
    inner: A,
    nulls: &'a mut Nulls<'de>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for SpyMap<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(KeySeed {
            inner: seed,
            key: &mut self.nulls.key,
        })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let mut null = false;
        let value = self
            .inner
            .next_value_seed(ValueSeed {
                inner: seed,
                null: &mut null,
            })
            .map_err(|e| de::Error::custom(format_args!("`{}`: {e}", self.nulls.key.as_str())))?;
        if null {
            self.nulls.keys.push(self.nulls.key.to_cow());
        }
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A key, whose text is copied into `key` on its way to the derived code.
struct KeySeed<'a, 'de, S> {
    inner: S,
    key: &'a mut Key<'de>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(KeyDeserializer {
            inner: deserializer,
            key: self.key,
        })
    }
}

struct KeyDeserializer<'a, 'de, D> {
    inner: D,
    key: &'a mut Key<'de>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyDeserializer<'_, 'de, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(KeyVisitor {
            inner: visitor,
            key: self.key,
        })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_identifier(KeyVisitor {
            inner: visitor,
            key: self.key,
        })
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_str(KeyVisitor {
            inner: visitor,
            key: self.key,
        })
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_string(KeyVisitor {
            inner: visitor,
            key: self.key,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum ignored_any
    }
}

/// Copies a key's text. JSON keys are always strings; anything else goes to the derived
/// visitor's own error.
struct KeyVisitor<'a, 'de, V> {
    inner: V,
    key: &'a mut Key<'de>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.key.copy(v);
        self.inner.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        *self.key = Key::Borrowed(v);
        self.inner.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.key.copy(&v);
        self.inner.visit_string(v)
    }
}

/// A value, which sets `null` when the derived code reads a `null` from it.
struct ValueSeed<'a, S> {
    inner: S,
    null: &'a mut bool,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for ValueSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(ValueDeserializer {
            inner: deserializer,
            null: self.null,
        })
    }
}

struct ValueDeserializer<'a, D> {
    inner: D,
    null: &'a mut bool,
}

/// Forwards deserializer methods untouched: values that are not optional cannot be `null`
/// without failing on their own.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* visitor)
        })*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ValueDeserializer<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(NullVisitor {
            inner: visitor,
            null: self.null,
        })
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_option(NullVisitor {
            inner: visitor,
            null: self.null,
        })
    }

    forward! {
        deserialize_bool(); deserialize_i8(); deserialize_i16(); deserialize_i32();
        deserialize_i64(); deserialize_i128(); deserialize_u8(); deserialize_u16();
        deserialize_u32(); deserialize_u64(); deserialize_u128(); deserialize_f32();
        deserialize_f64(); deserialize_char(); deserialize_str(); deserialize_string();
        deserialize_bytes(); deserialize_byte_buf(); deserialize_unit(); deserialize_seq();
        deserialize_map(); deserialize_identifier(); deserialize_ignored_any();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// Notes a `null` (`visit_none` from `deserialize_option`, `visit_unit` from
/// `deserialize_any`) and passes everything on.
struct NullVisitor<'a, V> {
    inner: V,
    null: &'a mut bool,
}

/// Visitor methods passed on untouched.
macro_rules! pass {
    ($($method:ident($ty:ty);)*) => {
        $(fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.inner.$method(v)
        })*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for NullVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        *self.null = true;
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        *self.null = true;
        self.inner.visit_unit()
    }

    pass! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_f32(f32); visit_f64(f64); visit_char(char);
        visit_str(&str); visit_borrowed_str(&'de str); visit_string(String);
        visit_bytes(&[u8]); visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(deserializer)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(map)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(data)
    }
}

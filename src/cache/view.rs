//! The borrowed view of a cache document: the parts `token` looks at — the
//! `AccessToken` and `Account` entries' fields — borrowed from the
//! document's bytes, in one pass. Nothing else is built: a secret is not
//! copied until it is served, and the other sections are only skipped over,
//! so a command built on the view costs little more than `read`.
//!
//! The fields are raw JSON text; [`text`] and [`time`] read them with the
//! rules of [`super::entry`], so a value means the same here as in a parsed
//! document.

use std::borrow::Cow;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::entry::parse_time;

/// The `AccessToken` and `Account` entries of a document, borrowed.
#[derive(Debug, Default)]
pub struct View<'a> {
    /// The `AccessToken` entries, in document order.
    pub access_tokens: Vec<Fields<'a>>,
    /// The `Account` entries, in document order.
    pub accounts: Vec<Fields<'a>>,
}

/// The fields of one entry that the rules use; each raw JSON text (`None`
/// when absent or `null`).
#[derive(Debug, Default, Deserialize)]
pub struct Fields<'a> {
    /// `credential_type`.
    #[serde(borrow, default)]
    pub credential_type: Option<&'a RawValue>,
    /// `token_type`.
    #[serde(borrow, default)]
    pub token_type: Option<&'a RawValue>,
    /// `secret`.
    #[serde(borrow, default)]
    pub secret: Option<&'a RawValue>,
    /// `home_account_id`.
    #[serde(borrow, default)]
    pub home_account_id: Option<&'a RawValue>,
    /// `client_id`.
    #[serde(borrow, default)]
    pub client_id: Option<&'a RawValue>,
    /// `realm`.
    #[serde(borrow, default)]
    pub realm: Option<&'a RawValue>,
    /// `environment`.
    #[serde(borrow, default)]
    pub environment: Option<&'a RawValue>,
    /// `target`.
    #[serde(borrow, default)]
    pub target: Option<&'a RawValue>,
    /// `expires_on`.
    #[serde(borrow, default)]
    pub expires_on: Option<&'a RawValue>,
    /// `cached_at`.
    #[serde(borrow, default)]
    pub cached_at: Option<&'a RawValue>,
    /// `username`.
    #[serde(borrow, default)]
    pub username: Option<&'a RawValue>,
}

impl<'a> View<'a> {
    /// Look at a validated cache document, in one pass over its bytes.
    /// `None` when it is not a JSON object. A section that is not an object,
    /// or an entry that is not one, holds nothing (as for the other
    /// commands, which warn about it).
    pub fn parse(bytes: &'a [u8]) -> Option<View<'a>> {
        // serde's derived structs also accept arrays (fields by position):
        // only an object is a document.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return None;
        }
        let mut de = serde_json::Deserializer::from_slice(bytes);
        serde::Deserializer::deserialize_map(&mut de, TopVisitor).ok()
    }
}

/// The top level: the two sections looked at, the rest skipped.
struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = View<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a token cache object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<View<'de>, A::Error> {
        let mut view = View::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "AccessToken" => view.access_tokens = map.next_value_seed(Section)?,
                "Account" => view.accounts = map.next_value_seed(Section)?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(view)
    }
}

/// A section: its entries' fields (keys skipped); anything but an object
/// holds nothing.
struct Section;

impl<'de> DeserializeSeed<'de> for Section {
    type Value = Vec<Fields<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(SectionVisitor)
    }
}

/// The visits of a value that is not an object: consume it, yield the
/// default.
macro_rules! anything_else_is_default {
    () => {
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Default::default())
        }
    };
}

struct SectionVisitor;

impl<'de> Visitor<'de> for SectionVisitor {
    type Value = Vec<Fields<'de>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a section")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some((_, entry)) = map.next_entry::<IgnoredAny, Entry<'de>>()? {
            out.push(entry.0);
        }
        Ok(out)
    }

    anything_else_is_default!();
}

/// An entry: its fields if it is an object, else none.
struct Entry<'a>(Fields<'a>);

impl<'de> Deserialize<'de> for Entry<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EntryVisitor).map(Entry)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Fields<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an entry")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Fields::deserialize(serde::de::value::MapAccessDeserializer::new(map))
    }

    anything_else_is_default!();
}

/// A string field's text (unescaped only when it has escapes); `None` for
/// absent, null, empty or non-string values.
pub fn text<'a>(raw: Option<&'a RawValue>) -> Option<Cow<'a, str>> {
    let raw = raw?.get();
    if !raw.starts_with('"') {
        return None;
    }
    let text = match serde_json::from_str::<&'a str>(raw) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(serde_json::from_str::<String>(raw).ok()?),
    };
    (!text.is_empty()).then_some(text)
}

/// A time field, a string or a number as MSAL writes them, read by
/// [`parse_time`].
pub fn time(raw: Option<&RawValue>) -> Option<i64> {
    let raw = raw?.get();
    if raw.starts_with('"') {
        parse_time(serde_json::from_str::<&str>(raw).ok()?)
    } else {
        parse_time(raw)
    }
}

//! Where a value comes from and how far to trust it.
//!
//! Any value in a spec file may be written bare (`fp16 = 148.0`) or as a table that carries its
//! provenance (`fp16 = { value = 148.0, source = "epoch", grade = "analyst" }`). A table without
//! `value` records an explicit unknown: the field was looked for and not found.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// How strong the evidence for a value is, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    /// A vendor document, a regulation, an SEC filing.
    Official,
    /// An analyst dataset or measurement (Epoch AI, TechPowerUp, SemiAnalysis, die shots).
    Analyst,
    /// News reports, leaks, resellers, anonymous sources.
    Press,
    /// Our own derivation from other values; the note says how.
    Estimate,
}

impl Grade {
    /// The grade's name as written in spec files.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Official => "official",
            Grade::Analyst => "analyst",
            Grade::Press => "press",
            Grade::Estimate => "estimate",
        }
    }

    /// The weaker of two grades: a result is only as good as its weakest input.
    #[must_use]
    pub fn weakest(self, other: Grade) -> Grade {
        self.max(other)
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value with its provenance. `value` is `None` for an explicit unknown.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sourced<T> {
    /// The value, if known.
    pub value: Option<T>,
    /// A key of the file's `[sources]` table, or a free-text citation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Strength of the evidence. `None` for a bare value in a user's file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
    /// Conversions, conflicts, doubts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Lower end of a range, for uncertain values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<T>,
    /// Upper end of a range, for uncertain values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<T>,
}

impl<T> Sourced<T> {
    /// A bare value with no provenance (as a user's spec file gives it).
    pub fn bare(value: T) -> Self {
        Sourced { value: Some(value), source: None, grade: None, note: None, low: None, high: None }
    }

    /// A value with a source and grade.
    pub fn graded(value: T, source: impl Into<String>, grade: Grade) -> Self {
        Sourced {
            value: Some(value),
            source: Some(source.into()),
            grade: Some(grade),
            note: None,
            low: None,
            high: None,
        }
    }

    /// The value, if known.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }
}

impl<T: Copy> Sourced<T> {
    /// The value, if known, by copy.
    pub fn known(&self) -> Option<T> {
        self.value
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Sourced<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Sourced_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let value = generator.subschema_for::<T>();
        let grade = generator.subschema_for::<Grade>();
        schemars::json_schema!({
            "description": "a bare value, or a table with its provenance (omit `value` for an explicit unknown)",
            "anyOf": [
                value.clone(),
                {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "value": value.clone(),
                        "source": { "type": "string", "description": "a key of [sources], or a citation" },
                        "grade": grade,
                        "note": { "type": "string" },
                        "low": value.clone(),
                        "high": value,
                    }
                }
            ]
        })
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sourced<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SourcedVisitor(PhantomData))
    }
}

struct SourcedVisitor<T>(PhantomData<T>);

impl<T> SourcedVisitor<T> {
    fn bare<'de, E: de::Error, D: Deserializer<'de, Error = E>>(d: D) -> Result<Sourced<T>, E>
    where
        T: Deserialize<'de>,
    {
        T::deserialize(d).map(Sourced::bare)
    }
}

const KEYS: &[&str] = &["value", "source", "grade", "note", "low", "high"];

impl<'de, T: Deserialize<'de>> Visitor<'de> for SourcedVisitor<T> {
    type Value = Sourced<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value, or a table { value, source, grade, note }")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Self::bare(v.into_deserializer())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Self::bare(v.into_deserializer())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Self::bare(v.into_deserializer())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Self::bare(v.into_deserializer())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Self::bare(v.into_deserializer())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Self::bare(v.into_deserializer())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Sourced { value: None, source: None, grade: None, note: None, low: None, high: None };
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "value" => out.value = map.next_value::<Option<T>>()?,
                "source" => out.source = Some(map.next_value()?),
                "grade" => out.grade = Some(map.next_value()?),
                "note" => out.note = Some(map.next_value()?),
                "low" => out.low = Some(map.next_value()?),
                "high" => out.high = Some(map.next_value()?),
                other => return Err(de::Error::unknown_field(other, KEYS)),
            }
        }
        Ok(out)
    }
}

/// One entry of a file's `[sources]` table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Document title and, where useful, the part of it relied on.
    pub title: String,
    /// Where to find it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication or access date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::GigabytesPerSec;

    #[derive(Deserialize)]
    struct Probe {
        bw: Sourced<GigabytesPerSec>,
    }

    #[test]
    fn bare_and_table_forms() {
        let p: Probe = toml::from_str("bw = 4000").unwrap();
        assert_eq!(p.bw.known(), Some(GigabytesPerSec(4000.0)));
        assert_eq!(p.bw.grade, None);
        let p: Probe = toml::from_str(r#"bw = { value = 4000.0, source = "x", grade = "press" }"#).unwrap();
        assert_eq!(p.bw.grade, Some(Grade::Press));
        let p: Probe = toml::from_str(r#"bw = { source = "x", grade = "press", note = "unknown" }"#).unwrap();
        assert_eq!(p.bw.known(), None);
    }

    /// The stored form of the embedded catalogue is serde's JSON of a spec, where an explicit
    /// unknown is written `"value": null`: it reads back as the same unknown.
    #[test]
    fn json_null_value_is_an_explicit_unknown() {
        let p: Probe = serde_json::from_str(r#"{"bw": {"value": null, "source": "x", "grade": "press"}}"#).unwrap();
        assert_eq!((p.bw.known(), p.bw.grade), (None, Some(Grade::Press)));
        let json =
            serde_json::to_string(&Sourced::<GigabytesPerSec> { value: None, ..Sourced::bare(GigabytesPerSec(1.0)) })
                .unwrap();
        assert_eq!(json, r#"{"value":null}"#);
        let p: Probe = serde_json::from_str(&format!(r#"{{"bw": {json}}}"#)).unwrap();
        assert_eq!(p.bw.known(), None);
    }

    #[test]
    fn refusals_carry_the_unit() {
        let err = toml::from_str::<Probe>("bw = -3").err().unwrap().to_string();
        assert!(err.contains("GB/s"), "{err}");
        let err = toml::from_str::<Probe>(r#"bw = { value = 1, grade = "rumour" }"#).err().unwrap().to_string();
        assert!(err.contains("rumour"), "{err}");
        let err = toml::from_str::<Probe>(r#"bw = { valeu = 1 }"#).err().unwrap().to_string();
        assert!(err.contains("valeu"), "{err}");
    }

    #[test]
    fn weakest_grade() {
        assert_eq!(Grade::Official.weakest(Grade::Press), Grade::Press);
        assert_eq!(Grade::Estimate.weakest(Grade::Analyst), Grade::Estimate);
    }
}

//! Quantities with their unit in the type name.
//!
//! Each newtype checks its value when it is read from a spec file: it must be finite, not
//! negative, and below a ceiling no real accelerator comes near. A value outside that range is
//! refused with the unit it was expected in, so a typo (GB/s written as TB/s, MB/s as GB/s)
//! stops at the door instead of flowing into a verdict.

use serde::{Deserialize, Deserializer, Serialize};

macro_rules! quantity {
    ($(#[$doc:meta])* $name:ident, $unit:literal, $what:literal, min_exclusive: $min_excl:literal, floor: $floor:literal, max: $max:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub f64);

        impl $name {
            /// The unit this quantity is expressed in, as printed in messages.
            pub const UNIT: &'static str = $unit;
            /// The largest accepted value.
            pub const MAX: f64 = $max;
            /// The smallest accepted value other than zero (where zero is accepted): anything
            /// smaller is no physical part, and a denormal here would make a density infinite.
            pub const FLOOR: f64 = $floor;

            /// Checks a raw number, returning why it is refused.
            ///
            /// # Errors
            /// When the number is NaN, infinite, negative (`-0.0` included), zero where zero is
            /// meaningless, below [`Self::FLOOR`] or above [`Self::MAX`].
            pub fn checked(value: f64) -> Result<Self, String> {
                if !value.is_finite() {
                    return Err(format!("{} must be a finite number in {}, got {value}", $what, $unit));
                }
                if value.is_sign_negative() || ($min_excl && value == 0.0) {
                    let (bound, zero) = if $min_excl { ("positive", "") } else { ("non-negative", "0 or ") };
                    return Err(format!(
                        "{} must be a {bound} number in {} ({zero}from {} to {}), got {value:?}",
                        $what, $unit, $floor, $max
                    ));
                }
                if value != 0.0 && value < $floor {
                    let zero = if $min_excl { "" } else { "0 or " };
                    return Err(format!(
                        "{} in {} must be {zero}from {} to {}, got {value:e} (no real part is that small)",
                        $what, $unit, $floor, $max
                    ));
                }
                if value > $max {
                    return Err(format!(
                        "{} in {} must be at most {}, got {value} (wrong unit?)",
                        $what, $unit, $max
                    ));
                }
                Ok(Self(value))
            }

            /// The bare number.
            #[must_use]
            pub fn get(self) -> f64 {
                self.0
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let mut schema = schemars::json_schema!({
                    "type": "number",
                    "maximum": $max,
                    "description": format!("{} in {}", $what, $unit),
                });
                if $min_excl {
                    schema.insert("minimum".into(), $floor.into());
                } else {
                    schema.insert("minimum".into(), 0.into());
                }
                schema
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = f64::deserialize(deserializer)?;
                Self::checked(raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

quantity!(
    /// Dense peak throughput of the whole chip in one data format, in TFLOPS or TOPS (10^12
    /// operations per second, a multiply-accumulate counted as two operations).
    Tops, "TFLOPS/TOPS", "dense throughput", min_exclusive: false, floor: 1.0e-3, max: 1.0e6
);
quantity!(
    /// An area in square millimetres.
    SquareMm, "mm²", "area", min_exclusive: true, floor: 1.0, max: 100_000.0
);
quantity!(
    /// A transfer rate in GB/s (10^9 bytes per second).
    GigabytesPerSec, "GB/s", "bandwidth", min_exclusive: false, floor: 1.0e-3, max: 1.0e6
);
quantity!(
    /// A memory capacity in GB (10^9 bytes).
    Gigabytes, "GB", "capacity", min_exclusive: true, floor: 1.0e-3, max: 100_000.0
);
quantity!(
    /// Power in watts.
    Watts, "W", "power", min_exclusive: true, floor: 0.1, max: 100_000.0
);
quantity!(
    /// A price in US dollars.
    Usd, "USD", "price", min_exclusive: true, floor: 1.0, max: 1.0e8
);
quantity!(
    /// A count in billions (transistors).
    Billions, "billion", "count", min_exclusive: true, floor: 1.0e-3, max: 10_000.0
);

/// A small positive count (dies of one kind, memory stacks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Count(pub u32);

impl schemars::JsonSchema for Count {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Count".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer", "minimum": 1, "maximum": 4096 })
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = i64::deserialize(deserializer)?;
        if (1..=4096).contains(&raw) {
            Ok(Self(u32::try_from(raw).map_err(serde::de::Error::custom)?))
        } else {
            Err(serde::de::Error::custom(format!("expected a count between 1 and 4096, got {raw}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_bad_numbers() {
        assert!(GigabytesPerSec::checked(f64::NAN).is_err());
        assert!(GigabytesPerSec::checked(-1.0).is_err());
        assert!(GigabytesPerSec::checked(0.0).is_ok());
        assert!(SquareMm::checked(0.0).is_err());
        assert!(SquareMm::checked(814.0).is_ok());
        let err = GigabytesPerSec::checked(4.0e9).unwrap_err();
        assert!(err.contains("GB/s"), "{err}");
    }

    /// Regression: a denormal die area (1e-320 mm²) made the density infinite and the
    /// compliance chart allocate without bound; `-0.0` TPP printed as a negative zero.
    #[test]
    fn refuses_denormals_and_negative_zero() {
        for tiny in [1e-320, 5e-324, f64::MIN_POSITIVE, 0.5] {
            let err = SquareMm::checked(tiny).unwrap_err();
            assert!(err.contains("mm²") && err.contains("from 1 to 100000"), "{err}");
        }
        assert!(SquareMm::checked(1.0).is_ok());
        let err = Tops::checked(-0.0).unwrap_err();
        assert!(err.contains("non-negative") && err.contains("-0.0"), "{err}");
        assert!(Tops::checked(0.0).is_ok());
        assert!(Tops::checked(1e-300).is_err());
        assert!(GigabytesPerSec::checked(-0.0).is_err());
        assert!(GigabytesPerSec::checked(1e-310).is_err());
        assert!(Gigabytes::checked(1e-320).is_err());
        assert!(Usd::checked(1e-9).is_err());
    }
}

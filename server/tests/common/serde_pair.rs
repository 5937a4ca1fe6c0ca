//! Comparing a hand-written reader (`domain::map_only`) with a copy of the derived one it
//! replaced, on the same JSON.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Reads `json` as `New` and as `Old`: both fail, or both give the same value (compared as JSON).
pub fn same_json<New, Old>(json: &str) -> Result<Value, String>
where
    New: DeserializeOwned + Serialize,
    Old: DeserializeOwned + Serialize,
{
    let new = serde_json::from_str::<New>(json).map(|v| serde_json::to_value(v).unwrap());
    let old = serde_json::from_str::<Old>(json).map(|v| serde_json::to_value(v).unwrap());
    match (new, old) {
        (Ok(n), Ok(o)) => {
            assert_eq!(n, o, "new and old read differ for {json}");
            Ok(n)
        }
        (Err(n), Err(o)) => {
            // the message names the same problem (positions may differ by a character)
            let cut =
                |e: &serde_json::Error| e.to_string().split(" at line").next().unwrap().to_string();
            // (for an enum of the wrong type the derive said only "expected value"; the new
            // reader names what it expected)
            if cut(&o) != "expected value" {
                assert_eq!(cut(&n), cut(&o), "new and old refuse differently: {json}");
            }
            Err(cut(&n))
        }
        (n, o) => panic!("new {n:?}, old {o:?} for {json}"),
    }
}

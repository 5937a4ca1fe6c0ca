//! The clock: today's date from the server's or the phone's system time (kept out of `domain`,
//! which does no I/O).

use crate::domain::date::Date;

/// Today in Indonesia (WIB), from the server's or the phone's clock.
pub fn today() -> Date {
    #[cfg(feature = "hydrate")]
    let millis = js_sys::Date::now() as i64;
    #[cfg(not(feature = "hydrate"))]
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Date::from_unix_millis_wib(millis)
}

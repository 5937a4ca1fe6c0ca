//! The rate limits in force (the limiter itself is `app::store::limits`, shared with the server
//! functions through context) and the client address they count by.

use app::store::limits::{ClientIp, Clock, Limiter, Limits};
use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// The window of the sign-in limits.
pub const SIGN_IN_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failed sign-ins allowed per login in [`SIGN_IN_WINDOW`].
pub const SIGN_IN_PER_LOGIN: u32 = 5;
/// Failed sign-ins allowed per client address in [`SIGN_IN_WINDOW`].
pub const SIGN_IN_PER_IP: u32 = 20;
/// Accounts one client address may create per hour.
pub const SIGN_UPS_PER_IP_PER_HOUR: u32 = 10;

/// Loket's limits, on `clock`.
/// The limits in force; `submits_per_minute` 0 turns the submission limit off.
pub fn standard(clock: Arc<dyn Clock>, submits_per_minute: u32) -> Limits {
    Limits {
        sign_in_per_login: Limiter::new(SIGN_IN_PER_LOGIN, SIGN_IN_WINDOW, clock.clone()),
        sign_in_per_ip: Limiter::new(SIGN_IN_PER_IP, SIGN_IN_WINDOW, clock.clone()),
        sign_up_per_ip: Limiter::new(SIGN_UPS_PER_IP_PER_HOUR, Duration::from_secs(60 * 60), clock.clone()),
        // Tracking by reference + PIN: five wrong PINs per reference, thirty per address.
        pin_per_reference: Limiter::new(5, SIGN_IN_WINDOW, clock.clone()),
        pin_per_ip: Limiter::new(30, SIGN_IN_WINDOW, clock.clone()),
        submit_per_ip: (submits_per_minute > 0).then(|| Limiter::new(submits_per_minute, Duration::from_secs(60), clock)),
    }
}

/// Middleware: puts the client's address in the request's extensions as [`ClientIp`]. That is
/// the connection's peer, except for a peer on this machine (a reverse proxy in front of
/// Loket), whose last `X-Forwarded-For` entry is taken instead: the address the proxy itself
/// saw. Entries before it could have been written by anyone, so they are never used.
pub async fn client_ip(mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let ip = match peer {
        Some(p) if p.is_loopback() => Some(last_forwarded_for(req.headers()).unwrap_or(p)),
        other => other,
    };
    if let Some(ip) = ip {
        req.extensions_mut().insert(ClientIp(ip));
    }
    next.run(req).await
}

/// The last address in the last `X-Forwarded-For` header, if it reads as one.
fn last_forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last = headers.get_all("x-forwarded-for").iter().next_back()?.to_str().ok()?.rsplit(',').next()?.trim();
    last.parse::<IpAddr>().ok().or_else(|| last.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_the_last_forwarded_hop_counts() {
        let mut h = HeaderMap::new();
        assert_eq!(last_forwarded_for(&h), None);
        h.append("x-forwarded-for", HeaderValue::from_static("1.1.1.1, 203.0.113.7"));
        assert_eq!(last_forwarded_for(&h), Some("203.0.113.7".parse().unwrap()));
        h.append("x-forwarded-for", HeaderValue::from_static("198.51.100.2:5000"));
        assert_eq!(last_forwarded_for(&h), Some("198.51.100.2".parse().unwrap()));
        h.append("x-forwarded-for", HeaderValue::from_static("not an address"));
        assert_eq!(last_forwarded_for(&h), None);
    }
}

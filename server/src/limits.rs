//! The rate limits in force (the limiter itself is `app::store::limits`, shared with the server
//! functions through context and kept in the database) and the client address they count by.

use app::store::limits::{ClientIp, Clock, Limiter, Limits};
use app::store::Db;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// The window of the sign-in limits.
pub const SIGN_IN_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failed sign-ins allowed per login in [`SIGN_IN_WINDOW`]; past them, every try waits
/// [`LOCKED_SIGN_IN_DELAY`] and only the right password gets in.
pub const SIGN_IN_PER_LOGIN: u32 = 5;
/// Failed sign-ins allowed per client address in [`SIGN_IN_WINDOW`].
pub const SIGN_IN_PER_IP: u32 = 20;
/// Accounts one client address may create per hour.
pub const SIGN_UPS_PER_IP_PER_HOUR: u32 = 10;
/// Walk-in satisfaction surveys one client address may send per hour (a counter's tablet on
/// the office network answers for many people; a script answers for none).
pub const SURVEYS_PER_IP_PER_HOUR: u32 = 30;
/// Questions, answers and reports one client address may send per hour (a school or an
/// office shares one address).
pub const QA_PER_IP_PER_HOUR: u32 = 120;
/// Questions, answers and reports one account or device may send per hour.
pub const QA_PER_ASKER_PER_HOUR: u32 = 30;
/// Corrections of the catalogue one client address may send per hour.
pub const CORRECTIONS_PER_IP_PER_HOUR: u32 = 10;
/// Open311 POSTs one partner key may make per minute (the default of
/// `--open311-posts-per-minute`).
pub const OPEN311_POSTS_PER_KEY_PER_MINUTE: u32 = 60;
/// How long a sign-in to a login past its failure budget waits before it is answered.
pub const LOCKED_SIGN_IN_DELAY: Duration = Duration::from_millis(1500);

/// Posts of the server's own application form per address and hour: a long form of six
/// sections, its changes, photos and the submit many times over (an office behind one address
/// included), not a script filling the database with drafts.
pub const WEB_FORM_POSTS_PER_IP_PER_HOUR: u32 = 300;
/// Sign-ins started with an OpenID provider per client address per hour: each asks the provider
/// for its discovery and keys and keeps a pending row, so a loop must not make the server do
/// that without end (a person needs a handful).
pub const OIDC_STARTS_PER_IP_PER_HOUR: u32 = 60;

/// Loket's limits, kept in `pool` and read on `clock`; `submits_per_minute` 0 turns the
/// submission limit off.
pub fn standard(pool: &Db, clock: Arc<dyn Clock>, submits_per_minute: u32) -> Limits {
    let limiter = |name, tries, per| Limiter::new(name, tries, per, pool.clone(), clock.clone());
    Limits {
        sign_in_per_login: limiter("sign_in_per_login", SIGN_IN_PER_LOGIN, SIGN_IN_WINDOW),
        sign_in_per_ip: limiter("sign_in_per_ip", SIGN_IN_PER_IP, SIGN_IN_WINDOW),
        sign_up_per_ip: limiter(
            "sign_up_per_ip",
            SIGN_UPS_PER_IP_PER_HOUR,
            Duration::from_secs(60 * 60),
        ),
        // Tracking by reference + PIN: five wrong PINs per reference, thirty per address.
        pin_per_reference: limiter("pin_per_reference", 5, SIGN_IN_WINDOW),
        pin_per_ip: limiter("pin_per_ip", 30, SIGN_IN_WINDOW),
        submit_per_ip: (submits_per_minute > 0)
            .then(|| limiter("submit_per_ip", submits_per_minute, Duration::from_secs(60))),
        survey_per_ip: limiter(
            "survey_per_ip",
            SURVEYS_PER_IP_PER_HOUR,
            Duration::from_secs(60 * 60),
        ),
        qa_per_ip: limiter(
            "qa_per_ip",
            QA_PER_IP_PER_HOUR,
            Duration::from_secs(60 * 60),
        ),
        qa_per_asker: limiter(
            "qa_per_asker",
            QA_PER_ASKER_PER_HOUR,
            Duration::from_secs(60 * 60),
        ),
        correction_per_ip: limiter(
            "correction_per_ip",
            CORRECTIONS_PER_IP_PER_HOUR,
            Duration::from_secs(60 * 60),
        ),
        open311_per_key: open311(pool, clock.clone(), OPEN311_POSTS_PER_KEY_PER_MINUTE),
        web_form_per_ip: limiter(
            "web_form_per_ip",
            WEB_FORM_POSTS_PER_IP_PER_HOUR,
            Duration::from_secs(60 * 60),
        ),
        oidc_start_per_ip: limiter(
            "oidc_start_per_ip",
            OIDC_STARTS_PER_IP_PER_HOUR,
            Duration::from_secs(60 * 60),
        ),
        locked_sign_in_delay: LOCKED_SIGN_IN_DELAY,
        clock,
    }
}

/// The limit on Open311 POSTs: `per_minute` per partner key (0 counts as 1).
pub fn open311(pool: &Db, clock: Arc<dyn Clock>, per_minute: u32) -> Limiter {
    Limiter::new(
        "open311_per_key",
        per_minute,
        Duration::from_secs(60),
        pool.clone(),
        clock,
    )
}

/// One address or network (`10.0.0.0/8`, `::1/128`) of a trusted proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Net {
    addr: IpAddr,
    bits: u8,
}

impl Net {
    fn contains(self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                masked(u32::from(n).into(), self.bits, 32)
                    == masked(u32::from(a).into(), self.bits, 32)
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                masked(u128::from(n), self.bits, 128) == masked(u128::from(a), self.bits, 128)
            }
            _ => false,
        }
    }
}

/// The first `bits` of a `width`-bit address.
fn masked(addr: u128, bits: u8, width: u8) -> u128 {
    if bits == 0 {
        0
    } else {
        addr >> (width - bits)
    }
}

impl fmt::Display for Net {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.bits)
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed (`--trusted-proxies`): addresses and
/// networks, comma-separated. None by default; loopback is not trusted unless listed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Net>);

impl TrustedProxies {
    /// True when `ip` is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|n| n.contains(ip))
    }
}

impl FromStr for TrustedProxies {
    type Err = String;

    /// `127.0.0.1, 10.0.0.0/8, ::1`; an empty text is no proxy.
    fn from_str(s: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (addr, bits) = part
                .split_once('/')
                .map_or((part, None), |(a, b)| (a, Some(b)));
            let addr = addr
                .parse::<IpAddr>()
                .map_err(|_| format!("not an IP address: {part:?}"))?
                .to_canonical();
            let width = if addr.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                None => width,
                Some(b) => b
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= width)
                    .ok_or_else(|| format!("not a prefix length: {part:?}"))?,
            };
            nets.push(Net { addr, bits });
        }
        Ok(TrustedProxies(nets))
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list: Vec<String> = self.0.iter().map(Net::to_string).collect();
        f.write_str(&list.join(","))
    }
}

/// Middleware: puts the client's address in the request's extensions as [`ClientIp`] (see
/// [`client_address`]).
pub async fn client_ip(
    State(trusted): State<Arc<TrustedProxies>>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if let Some(peer) = peer {
        let ip = client_address(peer, req.headers(), &trusted);
        req.extensions_mut().insert(ClientIp(ip));
    }
    next.run(req).await
}

/// The client behind a connection from `peer`: the peer itself, unless it is a trusted proxy;
/// then `X-Forwarded-For` is read from the right, past every trusted proxy, and the first
/// address that is not one is the client. Entries further left could have been written by
/// anyone, so they are never used; an entry that does not read as an address stops the walk at
/// the last trusted hop (a proxy's own address, never one a client wrote).
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let mut hop = peer.to_canonical();
    if !trusted.contains(hop) {
        return hop;
    }
    let values: Vec<_> = headers.get_all("x-forwarded-for").iter().collect();
    for value in values.into_iter().rev() {
        let Ok(text) = value.to_str() else { return hop };
        for entry in text.rsplit(',') {
            let Some(ip) = forwarded_address(entry.trim()) else {
                return hop;
            };
            if !trusted.contains(ip) {
                return ip;
            }
            hop = ip;
        }
    }
    hop
}

/// An `X-Forwarded-For` entry as an address (`203.0.113.7`, `203.0.113.7:5000`, `[2001:db8::1]:80`).
fn forwarded_address(entry: &str) -> Option<IpAddr> {
    let ip = entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))?;
    Some(ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(values: &[&'static str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_static(v));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn trusted_proxies_read_addresses_and_networks() {
        let t: TrustedProxies = " 127.0.0.1, 10.0.0.0/8,fd00::/8 ,".parse().unwrap();
        assert_eq!(t.to_string(), "127.0.0.1/32,10.0.0.0/8,fd00::/8");
        for yes in ["127.0.0.1", "10.200.3.4", "fd12::1", "::ffff:10.1.1.1"] {
            assert!(t.contains(ip(yes)), "{yes}");
        }
        for no in ["127.0.0.2", "11.0.0.1", "::1", "fe80::1"] {
            assert!(!t.contains(ip(no)), "{no}");
        }
        assert_eq!(
            "".parse::<TrustedProxies>().unwrap(),
            TrustedProxies::default()
        );
        assert!("0.0.0.0/0"
            .parse::<TrustedProxies>()
            .unwrap()
            .contains(ip("8.8.8.8")));
        for bad in ["localhost", "10.0.0.0/33", "::/129", "10.0.0.0/x", "1.2.3"] {
            assert!(bad.parse::<TrustedProxies>().is_err(), "{bad}");
        }
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
        let none = TrustedProxies::default();
        let h = headers(&["1.1.1.1, 203.0.113.7"]);
        assert_eq!(
            client_address(ip("127.0.0.1"), &h, &none),
            ip("127.0.0.1"),
            "loopback is not trusted by default"
        );
        assert_eq!(
            client_address(ip("198.51.100.2"), &h, &none),
            ip("198.51.100.2")
        );
    }

    #[test]
    fn the_rightmost_untrusted_entry_is_the_client() {
        let t: TrustedProxies = "127.0.0.1,10.0.0.0/8".parse().unwrap();
        let peer = ip("127.0.0.1");
        assert_eq!(
            client_address(peer, &headers(&[]), &t),
            peer,
            "no header: the proxy itself"
        );
        assert_eq!(
            client_address(peer, &headers(&["6.6.6.6, 203.0.113.7"]), &t),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_address(peer, &headers(&["6.6.6.6, 203.0.113.7, 10.1.2.3"]), &t),
            ip("203.0.113.7"),
            "past trusted hops"
        );
        let two_headers = headers(&["6.6.6.6", "203.0.113.7:5000, 10.1.2.3"]);
        assert_eq!(
            client_address(peer, &two_headers, &t),
            ip("203.0.113.7"),
            "headers as one list"
        );
        assert_eq!(
            client_address(peer, &headers(&["[2001:db8::1]:443"]), &t),
            ip("2001:db8::1")
        );
        assert_eq!(
            client_address(peer, &headers(&["10.0.0.9, 10.0.0.8"]), &t),
            ip("10.0.0.9"),
            "all trusted: the leftmost hop"
        );
        assert_eq!(
            client_address(ip("::ffff:127.0.0.1"), &headers(&["203.0.113.7"]), &t),
            ip("203.0.113.7"),
            "a mapped peer"
        );
        assert_eq!(
            client_address(ip("198.51.100.2"), &headers(&["203.0.113.7"]), &t),
            ip("198.51.100.2"),
            "an untrusted peer"
        );
    }

    #[test]
    fn a_malformed_entry_stops_the_walk_at_the_last_trusted_hop() {
        let t: TrustedProxies = "127.0.0.1,10.0.0.0/8".parse().unwrap();
        let peer = ip("127.0.0.1");
        assert_eq!(
            client_address(peer, &headers(&["203.0.113.7, unknown"]), &t),
            peer
        );
        assert_eq!(
            client_address(peer, &headers(&["203.0.113.7, garbage, 10.1.2.3"]), &t),
            ip("10.1.2.3")
        );
        assert_eq!(
            client_address(peer, &headers(&["203.0.113.7,"]), &t),
            peer,
            "an empty entry"
        );
        assert_eq!(
            client_address(peer, &headers(&["203.0.113.7", "not an address"]), &t),
            peer
        );
    }
}

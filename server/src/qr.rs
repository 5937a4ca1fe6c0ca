//! `/survei/{service}/qr.svg`: a QR code to print for the counter, pointing at the service's
//! walk-in survey on this site (the address the request was sent to), drawn by the server as
//! SVG (nothing of it reaches the phone's bundle).

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// The QR code of `https://<host>/survei/<slug>` (plain `http` when the site is not served
/// over HTTPS: `https` false). 404 for a slug that cannot name a service, 400 for a `Host`
/// that is not a plain host name.
pub fn survey_qr(https: bool, slug: &str, headers: &HeaderMap) -> Response {
    if !app::domain::catalogue::is_valid_slug(slug) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| is_plain_host(h));
    let Some(host) = host else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let scheme = if https { "https" } else { "http" };
    let url = format!("{scheme}://{host}/survei/{slug}");
    match svg(&url) {
        Some(svg) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "no-cache"),
                (
                    header::CONTENT_DISPOSITION,
                    "inline; filename=\"survei-qr.svg\"",
                ),
            ],
            svg,
        )
            .into_response(),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A `Host` value made only of a host name or address and a port: letters, digits, `.`, `-`,
/// `:`, `[`, `]`, at most 255 bytes (so nothing else can reach the code's text).
fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// `text` as an SVG QR code (error correction M, a quiet zone, black on white), scalable.
pub fn svg(text: &str) -> Option<String> {
    use qrcode::render::svg::Color;
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<Color>()
            .min_dimensions(256, 256)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_hosts_are_put_in_a_code() {
        assert!(is_plain_host("loket.go.id"));
        assert!(is_plain_host("127.0.0.1:3000"));
        assert!(is_plain_host("[::1]:3000"));
        assert!(!is_plain_host("evil.example/x?"));
        assert!(!is_plain_host("a b"));
        assert!(!is_plain_host("<svg>"));
        assert!(!is_plain_host(""));
    }

    #[test]
    fn the_code_is_an_svg() {
        let s = svg("https://loket.go.id/survei/ktp-el").unwrap();
        assert!(s.contains("<svg") && s.contains("</svg>"));
    }
}

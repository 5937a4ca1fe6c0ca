//! A POST to `requests.{fmt}`: the form-encoded fields the specification names, read and judged
//! (everything but the attributes, which the one validator judges with the partner form).

/// The longest `description` Open311 allows, in characters.
pub const DESCRIPTION_MAX: usize = 4000;
/// The longest of the other free-text fields (names, address, e-mail, …), in characters.
pub const FIELD_MAX: usize = 500;

/// The fields of a POST other than `attribute[…]` (an empty value counts as absent, as the
/// specification says of optional parameters).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Post {
    /// The partner's key.
    pub api_key: Option<String>,
    /// The service's code (its slug).
    pub service_code: Option<String>,
    /// WGS84 latitude, as sent.
    pub lat: Option<String>,
    /// WGS84 longitude, as sent.
    pub long: Option<String>,
    /// A free-form address.
    pub address_string: Option<String>,
    /// The partner's own address id.
    pub address_id: Option<String>,
    /// What the citizen wrote.
    pub description: Option<String>,
    /// A link to a photo on the partner's side (stored, never fetched).
    pub media_url: Option<String>,
    /// The citizen's contact as the partner knows it.
    pub email: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// The partner's device id.
    pub device_id: Option<String>,
    /// The partner's account id.
    pub account_id: Option<String>,
}

impl Post {
    /// Reads the known fields from the form's pairs (the first value of each; unknown fields
    /// and `attribute[…]` are left to others).
    pub fn read<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Post {
        let mut p = Post::default();
        for (k, v) in pairs {
            let slot = match k {
                "api_key" => &mut p.api_key,
                "service_code" => &mut p.service_code,
                "lat" => &mut p.lat,
                "long" => &mut p.long,
                "address_string" => &mut p.address_string,
                "address_id" => &mut p.address_id,
                "description" => &mut p.description,
                "media_url" => &mut p.media_url,
                "email" => &mut p.email,
                "first_name" => &mut p.first_name,
                "last_name" => &mut p.last_name,
                "phone" => &mut p.phone,
                "device_id" => &mut p.device_id,
                "account_id" => &mut p.account_id,
                _ => continue,
            };
            if slot.is_none() && !v.trim().is_empty() {
                *slot = Some(v.to_string());
            }
        }
        p
    }

    /// Every problem with the location, the description and the other free text, each as one
    /// Open311 error description (Indonesian: these go to the partner's developers). The
    /// location: `lat` and `long` together and in range, or `address_string`, or `address_id`.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        match (&self.lat, &self.long) {
            (Some(lat), Some(long)) => {
                if coordinate(lat, 90.0).is_none() {
                    out.push("lat: bukan lintang WGS84 (angka -90 sampai 90)".into());
                }
                if coordinate(long, 180.0).is_none() {
                    out.push("long: bukan bujur WGS84 (angka -180 sampai 180)".into());
                }
            }
            (Some(_), None) => out.push("long: wajib bila lat diisi".into()),
            (None, Some(_)) => out.push("lat: wajib bila long diisi".into()),
            (None, None) if self.address_string.is_none() && self.address_id.is_none() => {
                out.push("lokasi wajib: lat dan long, address_string, atau address_id".into())
            }
            (None, None) => {}
        }
        if let Some(d) = &self.description {
            if d.chars().count() > DESCRIPTION_MAX {
                out.push(format!(
                    "description: paling banyak {DESCRIPTION_MAX} karakter (ada {})",
                    d.chars().count()
                ));
            }
            if has_control(d, true) {
                out.push("description: berisi karakter kendali yang tidak diizinkan".into());
            }
            if looks_like_html(d) {
                out.push("description: tidak boleh berisi HTML".into());
            }
        }
        let texts = [
            ("address_string", &self.address_string),
            ("address_id", &self.address_id),
            ("media_url", &self.media_url),
            ("email", &self.email),
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
            ("phone", &self.phone),
            ("device_id", &self.device_id),
            ("account_id", &self.account_id),
        ];
        for (name, v) in texts {
            let Some(v) = v else { continue };
            if v.chars().count() > FIELD_MAX {
                out.push(format!("{name}: paling banyak {FIELD_MAX} karakter"));
            }
            if has_control(v, false) {
                out.push(format!(
                    "{name}: berisi karakter kendali yang tidak diizinkan"
                ));
            }
        }
        if let Some(url) = &self.media_url {
            let lower = url.trim().to_ascii_lowercase();
            if !(lower.starts_with("https://") || lower.starts_with("http://")) {
                out.push("media_url: harus alamat http:// atau https://".into());
            }
        }
        out
    }

    /// The address to keep with the request: `address_string`, else `lat,long`, else the
    /// partner's `address_id`.
    pub fn address(&self) -> String {
        if let Some(a) = &self.address_string {
            return a.trim().to_string();
        }
        if let (Some(lat), Some(long)) = (&self.lat, &self.long) {
            return format!("{},{}", lat.trim(), long.trim());
        }
        self.address_id.clone().unwrap_or_default()
    }
}

/// A coordinate within ±`limit` degrees.
fn coordinate(s: &str, limit: f64) -> Option<f64> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && v.abs() <= limit)
}

/// Control characters (line breaks and tabs allowed in a long text) and bidirectional
/// overrides: the validator's rule for answers, kept for the free text beside them.
fn has_control(s: &str, long: bool) -> bool {
    s.chars().any(|c| {
        (c.is_control() && !(long && matches!(c, '\n' | '\r' | '\t')))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// A tag or an entity: "no HTML", as the specification says of `description`.
fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    let tag = b.windows(2).any(|w| {
        w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!' | b'?'))
    });
    let entity = s.contains(';')
        && b.windows(2)
            .any(|w| w[0] == b'&' && (w[1].is_ascii_alphanumeric() || w[1] == b'#'));
    tag || entity
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(pairs: &[(&str, &str)]) -> Post {
        Post::read(pairs.iter().copied())
    }

    #[test]
    fn reads_the_known_fields_and_treats_empty_as_absent() {
        let p = post(&[
            ("api_key", "k"),
            ("service_code", "ktp-el-baru"),
            ("address_string", ""),
            ("lat", "-6.1754"),
            ("long", "106.8272"),
            ("attribute[x]", "y"),
            ("jurisdiction_id", "loket"),
        ]);
        assert_eq!(p.api_key.as_deref(), Some("k"));
        assert_eq!(p.address_string, None);
        assert!(p.problems().is_empty());
        assert_eq!(p.address(), "-6.1754,106.8272");
    }

    #[test]
    fn the_location_is_required_and_coordinates_come_in_pairs_within_range() {
        assert_eq!(post(&[]).problems().len(), 1);
        assert!(post(&[("lat", "-6.1")]).problems()[0].starts_with("long"));
        assert!(post(&[("long", "106")]).problems()[0].starts_with("lat"));
        assert_eq!(post(&[("lat", "91"), ("long", "181")]).problems().len(), 2);
        assert_eq!(post(&[("lat", "NaN"), ("long", "inf")]).problems().len(), 2);
        assert!(post(&[("address_id", "A-1")]).problems().is_empty());
    }

    #[test]
    fn the_description_is_counted_in_characters_and_kept_free_of_html_and_controls() {
        let ok = "日".repeat(DESCRIPTION_MAX);
        assert!(post(&[("address_id", "1"), ("description", &ok)])
            .problems()
            .is_empty());
        let long = "x".repeat(DESCRIPTION_MAX + 1);
        assert_eq!(
            post(&[("address_id", "1"), ("description", &long)])
                .problems()
                .len(),
            1
        );
        assert!(post(&[
            ("address_id", "1"),
            ("description", "baris\r\nbaru\tok & <3, 1 < 2")
        ])
        .problems()
        .is_empty());
        for bad in [
            "<script>alert(1)</script>",
            "a</b>",
            "x&lt;y;",
            "nul\u{0}",
            "esc\u{1b}[1m",
            "\u{202E}balik",
        ] {
            assert!(
                !post(&[("address_id", "1"), ("description", bad)])
                    .problems()
                    .is_empty(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn other_free_text_has_no_control_characters_and_media_is_a_web_link() {
        assert_eq!(
            post(&[("address_string", "Jl.\nKenari")]).problems().len(),
            1
        );
        assert_eq!(
            post(&[("address_string", "Jl. A"), ("first_name", "a\u{7}")])
                .problems()
                .len(),
            1
        );
        assert_eq!(
            post(&[
                ("address_string", "Jl. A"),
                ("media_url", "javascript:alert(1)")
            ])
            .problems()
            .len(),
            1
        );
        assert!(post(&[
            ("address_string", "Jl. A"),
            ("media_url", "https://mitra.example/f.jpg")
        ])
        .problems()
        .is_empty());
    }
}

//! Content codings: which one a request accepts (`Accept-Encoding`), and compressing to and
//! from brotli and gzip. The site's files are compressed once, as hard as the codings go
//! (`assets::precompress`, `site`); an answer kept per catalogue state (Open311's services
//! list, the catalogue's delta from the start) once per state and coding ([`Coded`]), as hard
//! as the compression layer compresses every other answer.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue};
use std::io::{Read, Write};
use std::sync::OnceLock;

/// A content coding Loket compresses to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Br,
    Gzip,
}

/// How hard to compress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effort {
    /// The smallest result (brotli 11, gzip 9): files compressed once per build.
    Best,
    /// The compression layer's level (5): fast enough to make inside a request.
    Layer,
}

/// The level `http`'s compression layer uses, for both codings.
pub const LAYER_LEVEL: u32 = 5;

/// One value per coding: a file's compressed copies, an answer's.
#[derive(Debug, Default)]
pub struct ByCoding<T> {
    pub br: T,
    pub gzip: T,
}

impl<T> ByCoding<T> {
    /// The value of `coding`.
    pub fn get(&self, coding: Coding) -> &T {
        match coding {
            Coding::Br => &self.br,
            Coding::Gzip => &self.gzip,
        }
    }
}

impl Coding {
    /// Every coding, brotli (the smaller) first.
    pub const ALL: [Coding; 2] = [Coding::Br, Coding::Gzip];

    /// The name in `Content-Encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Coding::Br => "br",
            Coding::Gzip => "gzip",
        }
    }

    /// The extension of a file's copy in this coding (`app.wasm.br`).
    pub fn extension(self) -> &'static str {
        match self {
            Coding::Br => "br",
            Coding::Gzip => "gz",
        }
    }

    /// The coding to answer a request with `headers`: brotli, else gzip, of those `offered`;
    /// `None` for the bytes as they are.
    pub fn chosen(headers: &HeaderMap, offered: impl Fn(Coding) -> bool) -> Option<Coding> {
        Coding::ALL
            .into_iter()
            .find(|&c| offered(c) && accepts(headers, c.name()))
    }
}

/// An answer's bytes, and its compressed copies, each made on the first request that accepts
/// its coding (at the compression layer's level, as every other answer is).
pub struct Coded {
    bytes: Bytes,
    compressed: ByCoding<OnceLock<Bytes>>,
}

impl Coded {
    pub fn new(bytes: impl Into<Bytes>) -> Coded {
        Coded {
            bytes: bytes.into(),
            compressed: ByCoding::default(),
        }
    }

    /// The bytes in `coding` (`None`: as written) if they are made already.
    pub fn ready(&self, coding: Option<Coding>) -> Option<Bytes> {
        match coding {
            None => Some(self.bytes.clone()),
            Some(c) => self.compressed.get(c).get().cloned(),
        }
    }

    /// The bytes in `coding` (`None`: as written), compressed now if they are not made yet.
    pub fn coded(&self, coding: Option<Coding>) -> std::io::Result<Bytes> {
        let Some(coding) = coding else {
            return Ok(self.bytes.clone());
        };
        let slot = self.compressed.get(coding);
        if let Some(body) = slot.get() {
            return Ok(body.clone());
        }
        // Compressed outside the cell (two requests at once may both do it; one is kept).
        let made = Bytes::from(compress(&self.bytes, coding, Effort::Layer)?);
        Ok(slot.get_or_init(|| made).clone())
    }
}

/// Marks an answer whose body is in `coding` already (and differs by `Accept-Encoding`): the
/// compression layer passes it on as it is.
pub fn mark(headers: &mut HeaderMap, coding: Option<Coding>) {
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(c) = coding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(c.name()));
    }
}

/// Whether a request accepts `coding`, by its `Accept-Encoding` (`q=0` refuses one; `*`
/// stands for any not named).
pub fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    let mut star = false;
    for value in headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
    {
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            if name.eq_ignore_ascii_case(coding) {
                return !refused;
            }
            if name == "*" {
                star = !refused;
            }
        }
    }
    star
}

/// `data` compressed with `coding`.
pub fn compress(data: &[u8], coding: Coding, effort: Effort) -> std::io::Result<Vec<u8>> {
    match coding {
        Coding::Br => {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: match effort {
                    Effort::Best => 11,
                    Effort::Layer => LAYER_LEVEL as i32,
                },
                lgwin: 22,
                // The whole input's size, as a streaming encoder (the compression layer's) is
                // told: without it the one-shot encoder at level 5 falls behind gzip past a
                // few megabytes (57 MB of catalogue: 9.4 MB, against 2.5 MB with it).
                size_hint: data.len(),
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
            Ok(out)
        }
        Coding::Gzip => {
            let level = match effort {
                Effort::Best => flate2::Compression::best(),
                Effort::Layer => flate2::Compression::new(LAYER_LEVEL),
            };
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), level);
            enc.write_all(data)?;
            enc.finish()
        }
    }
}

/// `data` decompressed from `coding`; `None` when it is not that coding's.
pub fn decompress(data: &[u8], coding: Coding) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match coding {
        Coding::Br => brotli::Decompressor::new(data, 4096).read_to_end(&mut out),
        Coding::Gzip => flate2::read::GzDecoder::new(data).read_to_end(&mut out),
    }
    .ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_compressed_once_per_coding_and_gives_back_its_bytes() {
        let text = r#"{"service_code":"ktp-el-baru","service_name":"KTP-el baru"},"#.repeat(500);
        let coded = Coded::new(text.clone());
        assert_eq!(coded.coded(None).unwrap(), text.as_bytes());
        for coding in Coding::ALL {
            let first = coded.coded(Some(coding)).unwrap();
            let again = coded.coded(Some(coding)).unwrap();
            // The very bytes kept, not a second compression.
            assert_eq!(first.as_ptr(), again.as_ptr(), "{coding:?}");
            assert!(first.len() < text.len() / 10, "{coding:?}");
            assert_eq!(decompress(&first, coding).unwrap(), text.as_bytes());
        }
    }

    fn asking(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, value.parse().unwrap());
        h
    }

    #[test]
    fn brotli_is_chosen_before_gzip_and_a_refused_or_missing_coding_never() {
        let both = |_| true;
        assert_eq!(
            Coding::chosen(&asking("gzip, deflate, br"), both),
            Some(Coding::Br)
        );
        assert_eq!(
            Coding::chosen(&asking("br;q=0, gzip"), both),
            Some(Coding::Gzip)
        );
        assert_eq!(Coding::chosen(&asking("*"), both), Some(Coding::Br));
        assert_eq!(
            Coding::chosen(&asking("*, br;q=0"), both),
            Some(Coding::Gzip)
        );
        assert_eq!(Coding::chosen(&asking("identity"), both), None);
        assert_eq!(Coding::chosen(&HeaderMap::new(), both), None);
        // Only what is offered.
        assert_eq!(
            Coding::chosen(&asking("br, gzip"), |c| c == Coding::Gzip),
            Some(Coding::Gzip)
        );
    }

    #[test]
    fn each_coding_and_effort_gives_back_the_bytes() {
        let data = "Kartu Tanda Penduduk elektronik. ".repeat(200).into_bytes();
        for coding in Coding::ALL {
            for effort in [Effort::Best, Effort::Layer] {
                let packed = compress(&data, coding, effort).unwrap();
                assert!(packed.len() < data.len() / 10, "{coding:?} {effort:?}");
                assert_eq!(decompress(&packed, coding).as_deref(), Some(&data[..]));
            }
        }
        assert_eq!(decompress(b"not compressed", Coding::Gzip), None);
    }
}

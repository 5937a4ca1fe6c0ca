//! What a call to a server function carries, read from the function itself: the generated
//! argument type (`SubmitApplication` for `submit_application`), its `PATH`, and the codecs
//! it declares (`input = Json`: the arguments as JSON in a POST body; the answer and the error
//! in JSON too). A renamed argument or a changed codec changes these types, so the phone's
//! caller (`local::client`) no longer compiles instead of sending what the server no longer
//! reads. Pure (no network), so it is tested natively.

use serde::de::DeserializeOwned;
use server_fn::codec::{Json, Post};
use server_fn::error::FromServerFnError;
use server_fn::{Bytes, ContentType, Encodes, Http, ServerFn};

/// Arguments that cannot be encoded: the call is not made (never sent as an empty body).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the arguments of {path} cannot be encoded: {reason}")]
pub struct Unsendable {
    /// The server function's path.
    pub path: &'static str,
    /// What the codec said.
    pub reason: String,
}

/// A server function whose arguments travel in a POST body in the codec it declares, and
/// whose answer comes back as JSON (`output = Json`, the default).
pub trait PostFn: ServerFn<Output: DeserializeOwned> {
    /// How the arguments are encoded.
    type In: Encodes<Self> + ContentType;
}

impl<F, I> PostFn for F
where
    F: ServerFn<Protocol = Http<Post<I>, Json>, Output: DeserializeOwned>,
    I: Encodes<F> + ContentType,
{
    type In = I;
}

/// One encoded call: where it goes, its content type and its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The server function's `PATH`.
    pub path: &'static str,
    /// The input codec's content type.
    pub content_type: &'static str,
    /// The arguments, encoded (as text: every function the phone calls takes JSON).
    pub body: String,
}

/// The request that calls `F` with `args`.
pub fn request<F: PostFn>(args: &F) -> Result<Request, Unsendable> {
    Ok(Request {
        path: F::PATH,
        content_type: <F::In as ContentType>::CONTENT_TYPE,
        body: encode::<F::In, F>(F::PATH, args)?,
    })
}

/// Encodes a value with a codec, as text; a failure (or bytes that are not text) is an error
/// naming the path.
fn encode<C: Encodes<T>, T>(path: &'static str, value: &T) -> Result<String, Unsendable> {
    let fail = |reason: String| Unsendable { path, reason };
    let bytes = C::encode(value).map_err(|e| fail(e.to_string()))?;
    String::from_utf8(bytes.to_vec()).map_err(|e| fail(e.to_string()))
}

/// The function's answer from a successful reply's body; `None` when it does not decode.
/// (JSON, as [`PostFn`] requires; read from text, like the phone's own records of the same
/// types, so one decoder serves both.)
pub fn output<F: PostFn>(body: &str) -> Option<F::Output> {
    serde_json::from_str(body).ok()
}

/// The function's error from a refusal's body, decoded by the error type's own codec (a body
/// that is not one, such as a proxy's page, decodes as a deserialisation error).
pub fn error<F: ServerFn>(body: &str) -> F::Error {
    F::Error::de(Bytes::copy_from_slice(body.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::requests::{SubmitApplication, TrackRequest};
    use crate::domain::submission::Envelope;
    use crate::error::AppError;
    use server_fn::codec::JsonEncoding;
    use std::collections::BTreeMap;

    #[test]
    fn a_call_goes_to_the_functions_path_with_its_named_arguments() {
        let call = request(&TrackRequest {
            reference: "LKT-1".into(),
            pin: "123456".into(),
        })
        .unwrap();
        assert_eq!(call.path, "/api/requests/track");
        assert_eq!(call.content_type, "application/json");
        let sent: serde_json::Value = serde_json::from_str(&call.body).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({"reference": "LKT-1", "pin": "123456"})
        );
        let envelope = Envelope {
            id: "x".into(),
            service: "ktp".into(),
            form_version: 1,
            answers: BTreeMap::new(),
            expect: None,
        };
        let call = request(&SubmitApplication { envelope }).unwrap();
        assert_eq!(call.path, "/api/requests/submit");
        let sent: serde_json::Value = serde_json::from_str(&call.body).unwrap();
        assert_eq!(sent["envelope"]["service"], "ktp");
    }

    #[test]
    fn a_value_that_cannot_be_serialised_is_an_error_not_an_empty_body() {
        // JSON object keys must be strings: a map keyed by pairs has no JSON form.
        let value: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        let err = encode::<JsonEncoding, _>("/api/x", &value).unwrap_err();
        assert_eq!(err.path, "/api/x");
        assert!(!err.reason.is_empty());
    }

    #[test]
    fn answers_and_errors_decode_by_their_own_codecs() {
        assert_eq!(
            error::<TrackRequest>(&serde_json::to_string(&AppError::NotFound).unwrap()),
            AppError::NotFound
        );
        assert!(matches!(
            error::<TrackRequest>("<html>502 Bad Gateway</html>"),
            AppError::BadRequest(_)
        ));
        assert!(output::<TrackRequest>("not json").is_none());
    }
}

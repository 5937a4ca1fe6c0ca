//! The names of uploaded files (the SHA-256 of their bytes), for the form's file answers, the
//! upload protocol and the phone alike.

/// A file's name: the SHA-256 of its bytes as 64 hex digits, lowercased; `None` for anything
/// else. The answer to a file field and the name in `/api/files/{sha256}`.
pub fn parse_name(name: &str) -> Option<String> {
    (name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| name.to_ascii_lowercase())
}

/// The name of the file whose SHA-256 is `digest`: its bytes as lowercase hex.
pub fn name_of(digest: &[u8]) -> String {
    hex(digest)
}

/// Bytes as lowercase hex, two digits a byte.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| {
            [
                DIGITS[usize::from(b >> 4)] as char,
                DIGITS[usize::from(b & 15)] as char,
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_64_hex_digits_lowercased() {
        assert_eq!(parse_name(&"AB".repeat(32)), Some("ab".repeat(32)));
        assert_eq!(parse_name(&"ab".repeat(31)), None);
        assert_eq!(parse_name(&"zz".repeat(32)), None);
        assert_eq!(parse_name(&format!("{}/", "a".repeat(63))), None);
    }

    #[test]
    fn hex_is_lowercase_and_two_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(name_of(&[0xab; 32]), "ab".repeat(32));
    }
}

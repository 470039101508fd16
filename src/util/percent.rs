//! Percent-decoding, strictly: every `%` starts two hex digits and the result is UTF-8. Request
//! targets (serve) and links in pages (the link check) decode through it, so a name the link
//! check accepts is one the server finds.

/// Why a string does not percent-decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Error {
    /// A `%` not followed by two hex digits.
    Malformed,
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

/// `s` with every `%XX` escape decoded, once (`%2541` is `%41`, not `A`).
pub(crate) fn decode(s: &str) -> Result<String, Error> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'%') {
        let start = i + at;
        let hex = bytes.get(start + 1..start + 3).ok_or(Error::Malformed)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return Err(Error::Malformed);
        }
        i = start + 3;
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| Error::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_once_into_utf8() {
        assert_eq!(decode("a%20b").as_deref(), Ok("a b"));
        assert_eq!(decode("%E3%81%82.svg").as_deref(), Ok("あ.svg"));
        assert_eq!(decode("%2541").as_deref(), Ok("%41"));
        assert_eq!(decode("plain").as_deref(), Ok("plain"));
        assert_eq!(decode("").as_deref(), Ok(""));
    }

    #[test]
    fn malformed_escapes_and_bad_utf8_are_errors() {
        for bad in ["%", "%2", "a%zz", "%2g", "x%"] {
            assert_eq!(decode(bad), Err(Error::Malformed), "{bad}");
        }
        assert_eq!(decode("%e3"), Err(Error::NotUtf8));
        assert_eq!(decode("%ff%fe"), Err(Error::NotUtf8));
    }
}

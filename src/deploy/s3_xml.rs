//! The little XML the raw S3 requests need: the text of each leaf element of a response (with
//! its element path), the DeleteObjects request body, and the message of an S3 error body.

use crate::diag::Diagnostic;
use quick_xml::events::Event;
use quick_xml::Reader;

/// `(path, text)` for every element that holds text, in document order; the path is the
/// element names from the root, joined by `/` (`ListBucketResult/Contents/Key`). Entity and
/// character references are resolved.
pub(super) fn leaves(xml: &[u8]) -> Result<Vec<(String, String)>, Diagnostic> {
    let bad = |e: &dyn std::fmt::Display| {
        Diagnostic::error(format!(
            "the S3 endpoint sent a response that is not XML: {e}"
        ))
    };
    let text = std::str::from_utf8(xml).map_err(|e| bad(&e))?;
    let mut reader = Reader::from_str(text);
    let (mut path, mut out, mut buf) = (Vec::<String>::new(), Vec::new(), String::new());
    loop {
        match reader.read_event().map_err(|e| bad(&e))? {
            Event::Start(e) => {
                path.push(e.local_name().as_ref().to_string());
                buf.clear();
            }
            Event::Text(t) => buf.push_str(&t.xml10_content()),
            Event::CData(t) => buf.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let named = format!("&{};", r.xml10_content());
                buf.push_str(&quick_xml::escape::unescape(&named).map_err(|e| bad(&e))?);
            }
            Event::End(_) => {
                if !buf.is_empty() {
                    out.push((path.join("/"), std::mem::take(&mut buf)));
                }
                path.pop();
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Whether `key` can be named in a DeleteObjects body: XML 1.0 cannot carry most control
/// characters, even as references.
pub(super) fn deletable(key: &str) -> bool {
    key.chars().all(|c| {
        matches!(c, '\t' | '\n' | '\r')
            || matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    })
}

/// The DeleteObjects body for `keys` (all [`deletable`]), quiet: the reply lists only failures.
/// Tabs and line breaks are written as references so no XML parser normalises them away.
pub(super) fn delete_body(keys: &[String]) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>",
    );
    for key in keys {
        let escaped = quick_xml::escape::escape(key.as_str())
            .replace('\t', "&#9;")
            .replace('\n', "&#10;")
            .replace('\r', "&#13;");
        xml.push_str(&format!("<Object><Key>{escaped}</Key></Object>"));
    }
    xml.push_str("</Delete>");
    xml.into_bytes()
}

/// `Code: Message` of an S3 error body, or a short excerpt of whatever came back.
pub(super) fn s3_error(body: &[u8]) -> String {
    let leaves = leaves(body).unwrap_or_default();
    let get = |name: &str| {
        leaves
            .iter()
            .find(|(p, _)| p == &format!("Error/{name}"))
            .map(|(_, t)| t.as_str())
    };
    match (get("Code"), get("Message")) {
        (Some(c), Some(m)) => format!("{c}: {m}"),
        (Some(c), None) => c.to_string(),
        _ => String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_resolve_references_and_keep_paths() {
        let xml = b"<?xml version=\"1.0\"?><ListBucketResult><Contents><Key>a&amp;b&#47;c</Key>\
                    </Contents><IsTruncated>false</IsTruncated></ListBucketResult>";
        assert_eq!(
            leaves(xml).unwrap(),
            [
                ("ListBucketResult/Contents/Key".into(), "a&b/c".into()),
                ("ListBucketResult/IsTruncated".into(), "false".into())
            ]
        );
        assert!(leaves(b"<a><b></a>").is_err());
    }

    #[test]
    fn delete_bodies_round_trip_every_deletable_key() {
        let keys: Vec<String> = ["site//x", "site/../a<&>\"'", "site/f/", "a\tb\r\nc"]
            .map(String::from)
            .to_vec();
        let got: Vec<String> = leaves(&delete_body(&keys))
            .unwrap()
            .into_iter()
            .filter(|(p, _)| p == "Delete/Object/Key")
            .map(|(_, k)| k)
            .collect();
        assert_eq!(got, keys);
        assert!(!deletable("a\u{1}b") && deletable("ガ\r\n"));
    }

    #[test]
    fn errors_name_code_and_message() {
        let body = b"<Error><Code>AccessDenied</Code><Message>no</Message></Error>";
        assert_eq!(s3_error(body), "AccessDenied: no");
        assert_eq!(s3_error(b"oops"), "oops");
    }
}

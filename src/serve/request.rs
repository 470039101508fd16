//! HTTP/1.1 request heads: read with a size limit, parsed strictly (GET and HEAD carry no
//! body here, so a request with one is refused rather than half-read).

use std::io::{BufRead, Read};

/// Largest request head (request line and headers) accepted.
const MAX_HEAD: u64 = 16 * 1024;
const MAX_HEADERS: usize = 100;

/// A parsed request head.
#[derive(Debug)]
pub(super) struct Request {
    pub method: String,
    pub target: String,
    /// Header names lowercased, in arrival order.
    pub headers: Vec<(String, String)>,
    pub http11: bool,
}

impl Request {
    /// The value of header `name` (lowercase) if it occurs exactly once.
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        let mut found = self.headers.iter().filter(|(n, _)| n == name);
        match (found.next(), found.next()) {
            (Some((_, v)), None) => Some(v),
            _ => None,
        }
    }

    pub(super) fn count(&self, name: &str) -> usize {
        self.headers.iter().filter(|(n, _)| n == name).count()
    }

    pub(super) fn keep_alive(&self) -> bool {
        let conn = self.header("connection").unwrap_or("").to_ascii_lowercase();
        if self.http11 {
            !conn.contains("close")
        } else {
            conn.contains("keep-alive")
        }
    }
}

pub(super) type HeadError = (u16, &'static str);

/// Read one request head. `Ok(None)`: the client closed or went idle between requests.
pub(super) fn read_request(reader: &mut impl BufRead) -> Result<Option<Request>, HeadError> {
    let mut limited = reader.take(MAX_HEAD);
    let mut lines: Vec<String> = Vec::new();
    loop {
        let mut line = Vec::new();
        match limited.read_until(b'\n', &mut line) {
            Ok(0) if lines.is_empty() && line.is_empty() => return Ok(None),
            Ok(_) if line.ends_with(b"\n") => {}
            Ok(_) if limited.limit() == 0 => return Err((431, "request head too large")),
            Ok(_) => return Err((400, "incomplete request")),
            Err(_) if lines.is_empty() && line.is_empty() => return Ok(None),
            Err(_) => return Err((408, "request timed out")),
        }
        let text = String::from_utf8(line).map_err(|_| (400, "request head is not UTF-8"))?;
        let text = text.trim_end_matches('\n').trim_end_matches('\r');
        if text.is_empty() {
            if lines.is_empty() {
                continue; // a stray CRLF between requests is allowed
            }
            return parse_head(&lines).map(Some);
        }
        if lines.len() > MAX_HEADERS {
            return Err((431, "too many headers"));
        }
        lines.push(text.to_string());
    }
}

fn parse_head(lines: &[String]) -> Result<Request, HeadError> {
    const BAD: HeadError = (400, "malformed request");
    let mut parts = lines[0].split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(BAD);
    };
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err((505, "only HTTP/1.0 and HTTP/1.1 are spoken here")),
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(BAD);
    }
    if target.is_empty() || target.chars().any(char::is_control) {
        return Err(BAD);
    }
    let mut headers = Vec::with_capacity(lines.len() - 1);
    for line in &lines[1..] {
        let (name, value) = line.split_once(':').ok_or(BAD)?;
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(BAD); // also rejects obsolete line folding (leading whitespace)
        }
        let value = value.trim_matches(|c| c == ' ' || c == '\t');
        if value.chars().any(char::is_control) {
            return Err(BAD);
        }
        headers.push((name.to_ascii_lowercase(), value.to_string()));
    }
    let req = Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
        http11,
    };
    let has_body = req.count("transfer-encoding") > 0
        || req
            .headers
            .iter()
            .any(|(n, v)| n == "content-length" && v != "0");
    if has_body {
        return Err((400, "request bodies are not accepted"));
    }
    Ok(req)
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    fn parse(raw: &str) -> Result<Option<Request>, HeadError> {
        read_request(&mut BufReader::new(raw.as_bytes()))
    }

    #[test]
    fn parses_a_request_head() {
        let r = parse("GET /ja/ HTTP/1.1\r\nHost: 127.0.0.1:1\r\nX-A:  b \r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!(
            (r.method.as_str(), r.target.as_str(), r.http11),
            ("GET", "/ja/", true)
        );
        assert_eq!(r.header("host"), Some("127.0.0.1:1"));
        assert_eq!(r.header("x-a"), Some("b"));
    }

    #[test]
    fn garbage_is_rejected() {
        assert_eq!(parse("").unwrap().map(|r| r.method), None);
        for bad in [
            "\x16\x03\x01\x02\x00\x01\r\n\r\n",
            "GET / HTTP/1.1 extra\r\n\r\n",
            "GET / HTTP/2\r\n\r\n",
            "GET / HTTP/1.1\r\n folded\r\n\r\n",
            "GET / HTTP/1.1\r\nHost\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
            "GET / HTTP/1.1\r\nHost: a",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(20_000));
        assert_eq!(parse(&huge).unwrap_err().0, 431);
    }
}

//! PDF post-processing without a PDF library: the page count, and the document metadata Chromium
//! leaves out (Author), added as a standard incremental update so Chromium's bytes stay as they are.
//! Chromium already writes the Title (from `<title>`) and the catalog's `/Lang` (from `<html lang>`).

/// Metadata for the document information dictionary.
pub(crate) struct Metadata {
    pub title: String,
    pub author: Option<String>,
}

/// The PDF with `meta` applied, or the reason it could not be (the PDF is then left as it was).
pub(crate) fn finish(pdf: &[u8], meta: &Metadata) -> Result<Vec<u8>, String> {
    let t = Trailer::parse(pdf).ok_or("no classic trailer (xref streams are not handled)")?;
    let info = object_body(pdf, &t, t.info).ok_or("the /Info dictionary was not found")?;
    let mut entries: Vec<(String, String)> = dict_entries(&info)
        .ok_or("the /Info dictionary could not be read")?
        .into_iter()
        .filter(|(k, _)| k != "/Title" && k != "/Author")
        .collect();
    entries.insert(0, ("/Title".into(), text_string(&meta.title)));
    if let Some(a) = &meta.author {
        entries.insert(1, ("/Author".into(), text_string(a)));
    }
    let dict: Vec<String> = entries.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let mut out = pdf.to_vec();
    if out.last() != Some(&b'\n') {
        out.push(b'\n');
    }
    let obj_at = out.len();
    out.extend(format!("{} 0 obj\n<<{}>>\nendobj\n", t.info, dict.join("\n")).into_bytes());
    let xref_at = out.len();
    out.extend(
        format!(
            "xref\n{} 1\n{obj_at:010} 00000 n \ntrailer\n<</Size {}\n/Root {} 0 R\n/Info {} 0 R\n/Prev {}>>\nstartxref\n{xref_at}\n%%EOF\n",
            t.info, t.size, t.root, t.info, t.xref
        )
        .into_bytes(),
    );
    Ok(out)
}

/// Pages: `/Type /Page` dictionaries (not `/Pages`).
pub(crate) fn page_count(pdf: &[u8]) -> usize {
    let pat = b"/Type /Page";
    pdf.windows(pat.len() + 1)
        .filter(|w| &w[..pat.len()] == pat && !w[pat.len()].is_ascii_alphanumeric())
        .count()
}

/// The last trailer of a PDF with a classic cross-reference table.
struct Trailer {
    size: u64,
    root: u64,
    info: u64,
    xref: usize,
}

impl Trailer {
    fn parse(pdf: &[u8]) -> Option<Trailer> {
        let tail = &pdf[pdf.len().saturating_sub(4096)..];
        let tail = String::from_utf8_lossy(tail);
        let xref: usize = tail
            .rsplit_once("startxref")?
            .1
            .split_whitespace()
            .next()?
            .parse()
            .ok()?;
        if !pdf.get(xref..)?.starts_with(b"xref") {
            return None;
        }
        let trailer = &tail[tail.rfind("trailer")?..];
        let num = |key: &str| -> Option<u64> {
            let rest = &trailer[trailer.find(key)? + key.len()..];
            rest.split_whitespace()
                .next()?
                .trim_end_matches(">>")
                .parse()
                .ok()
        };
        Some(Trailer {
            size: num("/Size")?,
            root: num("/Root")?,
            info: num("/Info")?,
            xref,
        })
    }
}

/// The dictionary text of object `id` (found through the xref table), without `<<` `>>`.
fn object_body(pdf: &[u8], t: &Trailer, id: u64) -> Option<String> {
    let table =
        String::from_utf8_lossy(&pdf[t.xref..(t.xref + 64 + 20 * t.size as usize).min(pdf.len())]);
    let mut lines = table.lines().skip(1);
    let first: u64 = lines.next()?.split_whitespace().next()?.parse().ok()?;
    let entry = lines.nth(id.checked_sub(first)? as usize)?;
    let offset: usize = entry.split_whitespace().next()?.parse().ok()?;
    let obj = &pdf[offset..];
    let end = obj.windows(6).position(|w| w == b"endobj")?;
    let text = String::from_utf8_lossy(&obj[..end]).into_owned();
    let start = text.find("<<")? + 2;
    let stop = text.rfind(">>")?;
    Some(text.get(start..stop)?.to_string())
}

/// `/Key value` pairs of a flat dictionary whose values are strings, names or numbers.
fn dict_entries(body: &str) -> Option<Vec<(String, String)>> {
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            return Some(out);
        }
        let key_end = i
            + 1
            + b[i + 1..]
                .iter()
                .position(|c| c.is_ascii_whitespace() || b"(<[/".contains(c))?;
        let key = body.get(i..key_end)?.to_string();
        let mut j = key_end;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let end = value_end(b, j)?;
        out.push((key, body.get(j..end)?.to_string()));
        i = end;
    }
}

/// End of the value starting at `j`: a literal string (balanced, with escapes), a hex string,
/// or a token up to the next whitespace or `/`.
fn value_end(b: &[u8], j: usize) -> Option<usize> {
    match b.get(j)? {
        b'(' => {
            let (mut depth, mut k) = (0usize, j);
            while k < b.len() {
                match b[k] {
                    b'\\' => k += 1,
                    b'(' => depth += 1,
                    b')' if depth == 1 => return Some(k + 1),
                    b')' => depth -= 1,
                    _ => {}
                }
                k += 1;
            }
            None
        }
        b'<' => Some(j + b[j..].iter().position(|&c| c == b'>')? + 1),
        _ => {
            let n = b[j + 1..]
                .iter()
                .position(|c| c.is_ascii_whitespace() || *c == b'/');
            Some(n.map_or(b.len(), |n| j + 1 + n))
        }
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, as hex (safe for any text).
fn text_string(s: &str) -> String {
    let hex: String = s.encode_utf16().map(|u| format!("{u:04X}")).collect();
    format!("<FEFF{hex}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_info_entries() {
        let body = "/Title <FEFF0041>\n/Creator (a \\(b\\) (c))\n/N 3/Producer (Skia)";
        let e = dict_entries(body).unwrap();
        let keys: Vec<&str> = e.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["/Title", "/Creator", "/N", "/Producer"]);
        assert_eq!(e[1].1, "(a \\(b\\) (c))");
        assert_eq!(text_string("日本"), "<FEFF65E5672C>");
    }
}

//! A tolerant scan of built HTML: start tags with their (entity-decoded) attributes and byte
//! offsets. Enough for link checking of pages we generated ourselves; not a full HTML parser
//! (no tree, no error recovery beyond skipping what it does not understand).

/// One start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    /// Lower-case tag name (`a`, `img`, `use`, ...).
    pub name: String,
    /// Attributes in source order: lower-case name, decoded value (`""` when bare).
    pub attrs: Vec<(String, String)>,
    /// Byte offset of the `<`.
    pub offset: usize,
}

impl Tag {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of `html`, in order. Comments are skipped, and so is the raw text of
/// `<script>`, `<style>`, `<textarea>` and `<title>` (which may contain `<` freely).
pub(crate) fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let at = i + rel;
        if html[at..].starts_with("<!--") {
            i = html[at + 4..]
                .find("-->")
                .map_or(b.len(), |e| at + 4 + e + 3);
            continue;
        }
        if !b.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = at + 1;
            continue;
        }
        let (tag, end) = start_tag(html, at);
        i = end;
        if matches!(tag.name.as_str(), "script" | "style" | "textarea" | "title") {
            i = skip_raw_text(html, end, &tag.name);
        }
        out.push(tag);
    }
    out
}

/// Parse the start tag at `at` (a `<` followed by a letter); returns it and the offset after it.
fn start_tag(html: &str, at: usize) -> (Tag, usize) {
    let b = html.as_bytes();
    let mut i = at + 1;
    while i < b.len() && !is_space(b[i]) && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = html[at + 1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            break;
        }
        let start = i;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attr = html[start..i].to_ascii_lowercase();
        let (value, next) = attr_value(html, i);
        i = next;
        if !attr.is_empty() {
            attrs.push((attr, decode(&value)));
        } else {
            i += 1; // a stray `=`: step over it
        }
    }
    let tag = Tag {
        name,
        attrs,
        offset: at,
    };
    (tag, (i + 1).min(b.len()))
}

/// The value after an attribute name at `i` (`= "v"`, `='v'`, `=v` or nothing).
fn attr_value(html: &str, mut i: usize) -> (String, usize) {
    let b = html.as_bytes();
    let mut j = i;
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    if b.get(j) != Some(&b'=') {
        return (String::new(), i);
    }
    j += 1;
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    match b.get(j) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let end = html[j + 1..].find(q as char).map_or(b.len(), |e| j + 1 + e);
            let v = html[j + 1..end].to_string();
            (v, (end + 1).min(b.len()))
        }
        _ => {
            i = j;
            while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                i += 1;
            }
            (html[j..i].to_string(), i)
        }
    }
}

/// Offset of the end tag `</name` (any case) of a raw-text element whose text starts at `from`.
fn skip_raw_text(html: &str, from: usize, name: &str) -> usize {
    let b = html.as_bytes();
    let mut i = from;
    while let Some(rel) = html[i..].find("</") {
        let at = i + rel;
        let tail = &b[at + 2..];
        if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return at;
        }
        i = at + 2;
    }
    html.len()
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Decode character references in an attribute value.
fn decode(v: &str) -> String {
    if v.contains('&') {
        html_escape::decode_html_entities(v).into_owned()
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes_in_every_quoting() {
        let t = tags(r#"x <a href="a.html#b" class=x data-y='1 2' hidden>y</a><IMG SRC=p.png/>"#);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].attr("href"), Some("a.html#b"));
        assert_eq!(t[0].attr("class"), Some("x"));
        assert_eq!(t[0].attr("data-y"), Some("1 2"));
        assert_eq!(t[0].attr("hidden"), Some(""));
        assert_eq!(t[1].name, "img");
        assert_eq!(t[1].attr("src"), Some("p.png/"));
    }

    #[test]
    fn skips_comments_scripts_and_text() {
        let html = "a < b <!-- <a href=x> --><script>if (a<b) '<a href=\"y\">'</script>\
                    <p title=\"&lt;a&gt; &amp; &quot;\">";
        let t = tags(html);
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["script", "p"]);
        assert_eq!(t[1].attr("title"), Some("<a> & \""));
    }

    #[test]
    fn many_raw_text_elements_stay_linear() {
        let html = "<svg><title>t</title><a href=\"#x\">x</a></svg>".repeat(50_000);
        let t = std::time::Instant::now();
        assert_eq!(tags(&html).len(), 150_000);
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
    }

    #[test]
    fn survives_truncated_input() {
        for html in [
            "<a href=\"x",
            "<a href=",
            "<a",
            "<!--",
            "<script>x",
            "<a =x>",
        ] {
            let _ = tags(html);
        }
    }
}

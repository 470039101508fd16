//! A tolerant scan of built HTML: start tags with their (entity-decoded) attributes and byte
//! offsets. Enough for link checking of pages we generated ourselves; not a full HTML parser
//! (no tree, no error recovery beyond skipping what it does not understand).
//!
//! [`visit`] lends each tag to a callback with names and values borrowed from the text (a copy
//! only for an upper-case name or a value with a character reference): the link check scans
//! megabytes of highlighted code, thousands of `<span>`s a page. [`tags`] is the owned form.

use std::borrow::Cow;

/// One start tag, owned.
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

/// One attribute of a [`TagRef`].
#[derive(Debug)]
pub(crate) struct Attr<'a> {
    /// Lower-case name.
    pub name: Cow<'a, str>,
    /// Decoded value (`""` when bare).
    pub value: Cow<'a, str>,
    /// Byte offset of the raw value's first character, inside its quotes if quoted.
    pub value_at: usize,
    /// Whether the value is in double quotes (so text inserted at `value_at` stays inside it).
    pub double_quoted: bool,
}

/// One start tag, borrowed from the text it was found in.
#[derive(Debug)]
pub(crate) struct TagRef<'a, 'b> {
    /// Lower-case tag name.
    pub name: &'b str,
    /// Attributes in source order.
    pub attrs: &'b [Attr<'a>],
    /// Byte offset of the `<`.
    pub offset: usize,
}

impl TagRef<'_, '_> {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_ref())
    }
}

/// Every start tag of `html`, in order. Comments are skipped, and so is the raw text of
/// `<script>`, `<style>`, `<textarea>` and `<title>` (which may contain `<` freely).
pub(crate) fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    visit(html, |t| {
        out.push(Tag {
            name: t.name.to_string(),
            attrs: t
                .attrs
                .iter()
                .map(|a| (a.name.to_string(), a.value.to_string()))
                .collect(),
            offset: t.offset,
        })
    });
    out
}

/// Call `f` with every start tag of `html`, in order (what [`tags`] returns, borrowed).
pub(crate) fn visit<'a>(html: &'a str, mut f: impl FnMut(&TagRef<'a, '_>)) {
    let b = html.as_bytes();
    // One buffer for every tag's attributes: no allocation per tag once it has grown.
    let mut attrs: Vec<Attr<'a>> = Vec::new();
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let at = i + rel;
        if b[at..].starts_with(b"<!--") {
            i = html[at + 4..]
                .find("-->")
                .map_or(b.len(), |e| at + 4 + e + 3);
            continue;
        }
        if !b.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = at + 1;
            continue;
        }
        attrs.clear();
        let (name, end) = start_tag(html, at, &mut attrs);
        i = end;
        f(&TagRef {
            name: &name,
            attrs: &attrs,
            offset: at,
        });
        if matches!(name.as_ref(), "script" | "style" | "textarea" | "title") {
            i = skip_raw_text(html, end, &name);
        }
    }
}

/// Parse the start tag at `at` (a `<` followed by a letter) into its name and `attrs`; returns
/// the name and the offset after the tag.
fn start_tag<'a>(html: &'a str, at: usize, attrs: &mut Vec<Attr<'a>>) -> (Cow<'a, str>, usize) {
    let b = html.as_bytes();
    let mut i = at + 1;
    while i < b.len() && !is_space(b[i]) && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = lower(&html[at + 1..i]);
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
        let attr = &html[start..i];
        let (value, next) = attr_value(html, i);
        i = next;
        if !attr.is_empty() {
            attrs.push(Attr {
                name: lower(attr),
                value: html_escape::decode_html_entities(value.text),
                value_at: value.at,
                double_quoted: value.double_quoted,
            });
        } else {
            i += 1; // a stray `=`: step over it
        }
    }
    (name, (i + 1).min(b.len()))
}

/// An attribute's raw value and where it starts.
struct RawValue<'a> {
    text: &'a str,
    at: usize,
    double_quoted: bool,
}

/// The value after an attribute name at `i` (`= "v"`, `='v'`, `=v` or nothing).
fn attr_value(html: &str, mut i: usize) -> (RawValue<'_>, usize) {
    let b = html.as_bytes();
    let mut j = i;
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    if b.get(j) != Some(&b'=') {
        let none = RawValue {
            text: "",
            at: i,
            double_quoted: false,
        };
        return (none, i);
    }
    j += 1;
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    match b.get(j) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let end = html[j + 1..].find(q as char).map_or(b.len(), |e| j + 1 + e);
            let v = RawValue {
                text: &html[j + 1..end],
                at: j + 1,
                double_quoted: q == b'"',
            };
            (v, (end + 1).min(b.len()))
        }
        _ => {
            i = j;
            while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                i += 1;
            }
            let v = RawValue {
                text: &html[j..i],
                at: j,
                double_quoted: false,
            };
            (v, i)
        }
    }
}

/// `s` in lower case, borrowed when it already is.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
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

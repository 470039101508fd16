//! A tolerant tree of a rendered slide's HTML (what pulldown-cmark, the directive templates and
//! trusted author HTML produce): elements, text and inline SVG kept as source. Not a general
//! HTML5 parser: unknown end tags are ignored, an end tag closes every element opened after its
//! start, and void elements never take children.

/// A node of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    Element(Element),
    /// Text with character references decoded.
    Text(String),
    /// An inline `<svg>`: its attributes and its whole source, `<svg` to `</svg>`.
    Svg(Vec<(String, String)>, String),
}

/// An element with its lower-case name, decoded attributes and children.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        attr(&self.attrs, name)
    }

    /// Whether the `class` attribute lists `class`.
    pub(crate) fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }
}

/// The value of attribute `name` in `attrs`.
pub(crate) fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Parse `html` into its top-level nodes.
pub(crate) fn parse(html: &str) -> Vec<Node> {
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut i = 0;
    while i < html.len() {
        let Some(rel) = html[i..].find('<') else {
            push_text(&mut stack, &html[i..]);
            break;
        };
        let at = i + rel;
        push_text(&mut stack, &html[i..at]);
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| at + e + 3);
        } else if let Some(name) = end_tag_name(rest) {
            close(&mut stack, &name);
            i = rest.find('>').map_or(html.len(), |e| at + e + 1);
        } else if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            i = open(&mut stack, html, at);
        } else {
            push_text(&mut stack, "<");
            i = at + 1;
        }
    }
    while stack.len() > 1 {
        pop(&mut stack);
    }
    stack.pop().map(|root| root.children).unwrap_or_default()
}

/// Handle the start tag at `at`; returns where parsing goes on.
fn open(stack: &mut Vec<Element>, html: &str, at: usize) -> usize {
    let (name, attrs, end, self_closing) = start_tag(html, at);
    if name == "svg" {
        let close = find_ci(html, end, "</svg").map_or(html.len(), |c| {
            html[c..].find('>').map_or(html.len(), |g| c + g + 1)
        });
        let stop = if self_closing { end } else { close };
        let node = Node::Svg(attrs, html[at..stop].to_string());
        if let Some(top) = stack.last_mut() {
            top.children.push(node);
        }
        return stop;
    }
    let raw = matches!(name.as_str(), "script" | "style" | "textarea" | "title");
    let el = Element {
        name: name.clone(),
        attrs,
        children: Vec::new(),
    };
    if self_closing || VOID.contains(&name.as_str()) {
        if let Some(top) = stack.last_mut() {
            top.children.push(Node::Element(el));
        }
        return end;
    }
    stack.push(el);
    if raw {
        let stop = find_ci(html, end, &format!("</{name}")).unwrap_or(html.len());
        push_text(stack, &html[end..stop]);
        return stop;
    }
    end
}

fn push_text(stack: &mut [Element], text: &str) {
    if text.is_empty() {
        return;
    }
    let decoded = html_escape::decode_html_entities(text).into_owned();
    if let Some(top) = stack.last_mut() {
        match top.children.last_mut() {
            Some(Node::Text(t)) => t.push_str(&decoded),
            _ => top.children.push(Node::Text(decoded)),
        }
    }
}

/// Close `name` if it is open (with everything opened after it); otherwise ignore the tag.
fn close(stack: &mut Vec<Element>, name: &str) {
    if let Some(pos) = stack.iter().rposition(|e| e.name == name) {
        if pos == 0 {
            return;
        }
        while stack.len() > pos {
            pop(stack);
        }
    }
}

fn pop(stack: &mut Vec<Element>) {
    if let Some(el) = stack.pop() {
        if let Some(parent) = stack.last_mut() {
            parent.children.push(Node::Element(el));
        }
    }
}

/// `name` of an end tag `</name ...>` at the start of `rest`.
fn end_tag_name(rest: &str) -> Option<String> {
    let tail = rest.strip_prefix("</")?;
    let end = tail
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != ':')
        .unwrap_or(tail.len());
    (end > 0).then(|| tail[..end].to_ascii_lowercase())
}

/// Offset of `needle` (ASCII, any case) in `hay` at or after `from`.
fn find_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    (from..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

type StartTag = (String, Vec<(String, String)>, usize, bool);

/// Parse the start tag at `at`: name, attributes, the offset after it, whether it ends in `/>`.
fn start_tag(html: &str, at: usize) -> StartTag {
    let b = html.as_bytes();
    let mut i = at + 1;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = html[at + 1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            break;
        }
        self_closing = false;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = html[start..i].to_ascii_lowercase();
        let (value, next) = attr_value(html, i);
        i = next.max(i + usize::from(key.is_empty()));
        if !key.is_empty() {
            attrs.push((key, html_escape::decode_html_entities(&value).into_owned()));
        }
    }
    (name, attrs, (i + 1).min(b.len()), self_closing)
}

/// The value after an attribute name at `i` (`="v"`, `='v'`, `=v` or none).
fn attr_value(html: &str, i: usize) -> (String, usize) {
    let b = html.as_bytes();
    let mut j = i;
    while j < b.len() && b[j].is_ascii_whitespace() {
        j += 1;
    }
    if b.get(j) != Some(&b'=') {
        return (String::new(), i);
    }
    j += 1;
    while j < b.len() && b[j].is_ascii_whitespace() {
        j += 1;
    }
    match b.get(j) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let end = html[j + 1..].find(q as char).map_or(b.len(), |e| j + 1 + e);
            (html[j + 1..end].to_string(), (end + 1).min(b.len()))
        }
        _ => {
            let mut k = j;
            while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b'>' {
                k += 1;
            }
            (html[j..k].to_string(), k)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(n: &Node) -> &Element {
        match n {
            Node::Element(e) => e,
            other => panic!("not an element: {other:?}"),
        }
    }

    #[test]
    fn nests_and_decodes() {
        let t = parse("<ul><li>a &amp; <b>b</b><br>c<ul><li>d</li></ul></li></ul>");
        let ul = el(&t[0]);
        let li = el(&ul.children[0]);
        assert_eq!(li.children[0], Node::Text("a & ".into()));
        assert_eq!(el(&li.children[1]).name, "b");
        assert_eq!(el(&li.children[2]).name, "br");
        assert_eq!(el(&li.children[4]).name, "ul");
    }

    #[test]
    fn keeps_svg_source_and_survives_junk() {
        let t = parse("<p>x</p><svg viewBox=\"0 0 1 1\"><rect/></svg><p>y");
        assert!(
            matches!(&t[1], Node::Svg(a, s) if attr(a, "viewbox").is_some() && s.ends_with("</svg>"))
        );
        assert_eq!(el(&t[2]).children, vec![Node::Text("y".into())]);
        for junk in [
            "<",
            "<a",
            "</",
            "<a href=\"x",
            "a < b",
            "</p></p>",
            "<svg",
            "<!--",
        ] {
            let _ = parse(junk);
        }
    }
}

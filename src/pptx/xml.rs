//! A thin layer over quick-xml's writer for the parts we generate: open, close, empty and text
//! events with escaping done by quick-xml, into memory (so writes cannot fail).

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// One XML part being written.
pub(super) struct X {
    w: Writer<Vec<u8>>,
}

impl X {
    /// A part with the `standalone="yes"` declaration Office writes.
    pub(super) fn new() -> X {
        let mut w = Writer::new(Vec::new());
        let decl = BytesDecl::new("1.0", Some("UTF-8"), Some("yes"));
        // Writing into a Vec cannot fail.
        let _ = w.write_event(Event::Decl(decl));
        w.get_mut().extend_from_slice(b"\r\n");
        X { w }
    }

    fn start<'a>(name: &'a str, attrs: &[(&'a str, &'a str)]) -> BytesStart<'a> {
        let mut s = BytesStart::new(name);
        for (k, v) in attrs {
            s.push_attribute((*k, *v));
        }
        s
    }

    pub(super) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut X {
        let _ = self.w.write_event(Event::Start(X::start(name, attrs)));
        self
    }

    pub(super) fn close(&mut self, name: &str) -> &mut X {
        let _ = self.w.write_event(Event::End(BytesEnd::new(name)));
        self
    }

    pub(super) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut X {
        let _ = self.w.write_event(Event::Empty(X::start(name, attrs)));
        self
    }

    pub(super) fn text(&mut self, text: &str) -> &mut X {
        let _ = self.w.write_event(Event::Text(BytesText::new(text)));
        self
    }

    /// `<name attrs>text</name>`.
    pub(super) fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> &mut X {
        self.open(name, attrs).text(text).close(name)
    }

    /// Markup we wrote ourselves (fixed parts of the templates in `parts`).
    pub(super) fn raw(&mut self, xml: &str) -> &mut X {
        self.w.get_mut().extend_from_slice(xml.as_bytes());
        self
    }

    pub(super) fn finish(self) -> Vec<u8> {
        self.w.into_inner()
    }
}

/// Text for an XML attribute or element (for the few parts written from fixed templates).
pub(super) fn esc(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// An `<a:solidFill>` of `RRGGBB`.
pub(super) fn fill(x: &mut X, rgb: &str) {
    x.open("a:solidFill", &[])
        .empty("a:srgbClr", &[("val", rgb)])
        .close("a:solidFill");
}

/// Relationship type URIs.
pub(super) mod rel {
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    pub(crate) fn of(kind: &str) -> String {
        format!("{R}/{kind}")
    }
}

/// A part's relationships, numbered `rId1`... in the order they are added.
#[derive(Debug, Default, Clone)]
pub(super) struct Rels {
    items: Vec<(String, String, bool)>,
}

impl Rels {
    /// Add (or find) a relationship of type `kind` (`slideLayout`, `image`, `hyperlink`...)
    /// to `target`; returns its id.
    pub(super) fn add(&mut self, kind: &str, target: &str, external: bool) -> String {
        let t = rel::of(kind);
        if let Some(i) = self
            .items
            .iter()
            .position(|(k, g, e)| *k == t && g == target && *e == external)
        {
            return format!("rId{}", i + 1);
        }
        self.items.push((t, target.to_string(), external));
        format!("rId{}", self.items.len())
    }

    pub(super) fn xml(&self) -> Vec<u8> {
        let mut x = X::new();
        let ns = "http://schemas.openxmlformats.org/package/2006/relationships";
        x.open("Relationships", &[("xmlns", ns)]);
        for (i, (kind, target, external)) in self.items.iter().enumerate() {
            let id = format!("rId{}", i + 1);
            let mut attrs = vec![("Id", id.as_str()), ("Type", kind), ("Target", target)];
            if *external {
                attrs.push(("TargetMode", "External"));
            }
            x.empty("Relationship", &attrs);
        }
        x.close("Relationships");
        x.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_numbers_relationships() {
        let mut x = X::new();
        x.leaf("a:t", &[("k", "\"<&")], "a < b & c");
        let s = String::from_utf8(x.finish()).unwrap();
        assert!(
            s.contains("<a:t k=\"&quot;&lt;&amp;\">a &lt; b &amp; c</a:t>"),
            "{s}"
        );
        let mut r = Rels::default();
        assert_eq!(r.add("image", "../media/image1.png", false), "rId1");
        assert_eq!(r.add("hyperlink", "https://x/?a&b", true), "rId2");
        assert_eq!(r.add("image", "../media/image1.png", false), "rId1");
        let s = String::from_utf8(r.xml()).unwrap();
        assert!(s.contains("TargetMode=\"External\""), "{s}");
        assert!(s.contains("a&amp;b"), "{s}");
    }
}

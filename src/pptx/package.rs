//! The package: every part by name, `[Content_Types].xml` derived from the names, notes pages,
//! media named by first use, and the zip (sorted entries, one fixed timestamp, so the same deck
//! gives the same bytes).

use super::model::Para;
use super::parts::{notes_image, NOTES_BODY};
use super::text::{paragraphs, Base, TextCtx};
use super::xml::X;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// Part name (no leading `/`) -> bytes.
pub(super) type Parts = BTreeMap<String, Vec<u8>>;

/// Pictures of a package: one part per distinct content, `ppt/media/imageN.ext` in order of
/// first use.
#[derive(Debug, Default)]
pub(super) struct Media {
    by_content: HashMap<Vec<u8>, String>,
    pub parts: Parts,
}

impl Media {
    /// The target of `bytes` relative to a slide (`../media/image3.png`).
    pub(super) fn add(&mut self, bytes: &[u8], ext: &str) -> String {
        let mut key = ext.as_bytes().to_vec();
        key.extend_from_slice(bytes);
        if let Some(name) = self.by_content.get(&key) {
            return format!("../media/{name}");
        }
        let name = format!("image{}.{ext}", self.parts.len() + 1);
        self.parts
            .insert(format!("ppt/media/{name}"), bytes.to_vec());
        self.by_content.insert(key, name.clone());
        format!("../media/{name}")
    }
}

/// `ppt/notesSlides/notesSlideN.xml` holding `notes`.
pub(super) fn notes_slide(notes: &[Para], base: Base, ctx: &mut TextCtx) -> Vec<u8> {
    let mut x = super::slide::shape_tree("p:notes");
    x.raw(&notes_image(2));
    let (bx, by, bw, bh) = NOTES_BODY;
    x.raw(&format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes Placeholder 2\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/>\
         </p:cNvSpPr><p:nvPr><p:ph type=\"body\" idx=\"1\"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm>\
         <a:off x=\"{bx}\" y=\"{by}\"/><a:ext cx=\"{bw}\" cy=\"{bh}\"/></a:xfrm></p:spPr>"
    ));
    x.open("p:txBody", &[]);
    x.open("a:bodyPr", &[])
        .empty("a:normAutofit", &[])
        .close("a:bodyPr");
    x.empty("a:lstStyle", &[]);
    paragraphs(&mut x, notes, base, ctx);
    x.close("p:txBody").close("p:sp");
    x.close("p:spTree").close("p:cSld");
    x.raw("<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>");
    x.close("p:notes");
    x.finish()
}

const PML: &str = "application/vnd.openxmlformats-officedocument.presentationml.";

/// The content type of a part, by its folder.
fn content_type(part: &str) -> Option<String> {
    let pml = |t: &str| Some(format!("{PML}{t}+xml"));
    let folder = part.rsplit_once('/').map_or("", |(f, _)| f);
    match (folder, part) {
        (_, "ppt/presentation.xml") => pml("presentation.main"),
        (_, "ppt/presProps.xml") => pml("presProps"),
        (_, "ppt/viewProps.xml") => pml("viewProps"),
        (_, "ppt/tableStyles.xml") => pml("tableStyles"),
        (_, "docProps/core.xml") => {
            Some("application/vnd.openxmlformats-package.core-properties+xml".into())
        }
        (_, "docProps/app.xml") => {
            Some("application/vnd.openxmlformats-officedocument.extended-properties+xml".into())
        }
        ("ppt/slides", _) => pml("slide"),
        ("ppt/slideLayouts", _) => pml("slideLayout"),
        ("ppt/slideMasters", _) => pml("slideMaster"),
        ("ppt/notesSlides", _) => pml("notesSlide"),
        ("ppt/notesMasters", _) => pml("notesMaster"),
        ("ppt/theme", _) => Some("application/vnd.openxmlformats-officedocument.theme+xml".into()),
        _ => None,
    }
}

/// `[Content_Types].xml` for `parts`.
pub(super) fn content_types(parts: &Parts) -> Vec<u8> {
    let mut x = X::new();
    let ns = "http://schemas.openxmlformats.org/package/2006/content-types";
    x.open("Types", &[("xmlns", ns)]);
    let defaults = [
        (
            "rels",
            "application/vnd.openxmlformats-package.relationships+xml",
        ),
        ("xml", "application/xml"),
        ("png", "image/png"),
        ("jpeg", "image/jpeg"),
        ("gif", "image/gif"),
        ("svg", "image/svg+xml"),
    ];
    for (ext, t) in defaults {
        x.empty("Default", &[("Extension", ext), ("ContentType", t)]);
    }
    for name in parts.keys() {
        if let Some(t) = content_type(name) {
            let p = format!("/{name}");
            x.empty("Override", &[("PartName", &p), ("ContentType", &t)]);
        }
    }
    x.close("Types");
    x.finish()
}

/// Zip `parts` (with `[Content_Types].xml` added): entries in name order, deflated, all dated
/// 1980-01-01 00:00 (the zip epoch), so equal parts give equal bytes.
pub(super) fn zip(mut parts: Parts) -> std::io::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let types = content_types(&parts);
    parts.insert("[Content_Types].xml".into(), types);
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in &parts {
        z.start_file(name.as_str(), opts)
            .map_err(std::io::Error::other)?;
        z.write_all(bytes)?;
    }
    Ok(z.finish().map_err(std::io::Error::other)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_parts_same_bytes_and_types_listed() {
        let mut p = Parts::new();
        p.insert("ppt/slides/slide1.xml".into(), b"<x/>".to_vec());
        p.insert("ppt/presentation.xml".into(), b"<y/>".to_vec());
        let a = zip(p.clone()).unwrap();
        assert_eq!(a, zip(p.clone()).unwrap());
        let t = String::from_utf8(content_types(&p)).unwrap();
        assert!(t.contains("PartName=\"/ppt/slides/slide1.xml\""), "{t}");
        assert!(t.contains("presentation.main+xml"), "{t}");
        let mut m = Media::default();
        assert_eq!(m.add(b"a", "png"), "../media/image1.png");
        assert_eq!(m.add(b"b", "png"), "../media/image2.png");
        assert_eq!(m.add(b"a", "png"), "../media/image1.png");
    }
}

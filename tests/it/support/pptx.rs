//! Helpers for the `pptx` tests: python-pptx reading a file back as JSON, LibreOffice converting
//! it to PDF, and a loud skip when those tools are missing (a failure under KUMO_REQUIRE_PPTX=1).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// python-pptx's view of a file: per slide its layout, title, text paragraphs (text, level),
/// tables (cell texts), code boxes, pictures (with or without an SVG) and notes, plus run checks.
const READ: &str = r#"
import json, sys
from pptx import Presentation
from lxml import etree
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
p = Presentation(sys.argv[1])
out = {"width": p.slide_width, "height": p.slide_height, "title": p.core_properties.title,
       "author": p.core_properties.author, "language": p.core_properties.language, "slides": []}
for s in p.slides:
    d = {"layout": s.slide_layout.name, "title": s.shapes.title.text if s.shapes.title else None,
         "paras": [], "tables": [], "code": [], "pictures": [], "links": [], "notes": None,
         "runs_without_ea": 0, "langs": []}
    for sh in s.shapes:
        if sh.has_text_frame and sh != s.shapes.title:
            key = "code" if sh.name.startswith("Code") else "paras"
            for para in sh.text_frame.paragraphs:
                d[key].append([para.text, para.level])
                for r in para.runs:
                    if r.hyperlink.address:
                        d["links"].append(r.hyperlink.address)
        if sh.has_table:
            d["tables"].append([[c.text for c in row.cells] for row in sh.table.rows])
        if sh.shape_type == 13:
            svg = sh._element.xpath(".//*[local-name()='svgBlip']")
            d["pictures"].append({"name": sh.name, "svg": len(svg) > 0, "w": sh.width, "h": sh.height})
    for rpr in s._element.iter(A + "rPr"):
        if rpr.find(A + "ea") is None or rpr.find(A + "latin") is None:
            d["runs_without_ea"] += 1
        d["langs"].append(rpr.get("lang"))
    if s.has_notes_slide:
        d["notes"] = s.notes_slide.notes_text_frame.text
    out["slides"].append(d)
print(json.dumps(out))
"#;

/// Whether the tools this test needs are here; a loud skip (or, when required, a panic) if not.
pub fn tools_or_skip(test: &str, tools: &[&str]) -> bool {
    let mut missing = Vec::new();
    for t in tools {
        let ok = match *t {
            "python-pptx" => Command::new("python3")
                .args(["-c", "import pptx"])
                .output()
                .is_ok_and(|o| o.status.success()),
            exe => Command::new("sh")
                .args(["-c", &format!("command -v {exe}")])
                .output()
                .is_ok_and(|o| o.status.success()),
        };
        if !ok {
            missing.push(*t);
        }
    }
    if missing.is_empty() {
        return true;
    }
    let msg = format!(
        "SKIPPED {test}: missing {} (pip install python-pptx; apt-get install libreoffice-impress poppler-utils)",
        missing.join(", ")
    );
    if std::env::var("KUMO_REQUIRE_PPTX").as_deref() == Ok("1") {
        panic!("{msg}\nKUMO_REQUIRE_PPTX=1: pptx tests must not be skipped");
    }
    eprintln!("\n*** {msg} ***\n");
    false
}

/// python-pptx's reading of `file`.
pub fn read(file: &Path) -> Value {
    let o = Command::new("python3")
        .arg("-c")
        .arg(READ)
        .arg(file)
        .output()
        .expect("run python3");
    assert!(
        o.status.success(),
        "python-pptx could not open {}: {}",
        file.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON from the reader")
}

/// Convert `file` to PDF with LibreOffice Impress (headless, its own profile) into `dir`.
pub fn to_pdf(file: &Path, dir: &Path) -> PathBuf {
    let profile = dir.join("lo-profile");
    let o = Command::new("soffice")
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .expect("run soffice");
    let pdf = dir.join(file.with_extension("pdf").file_name().unwrap());
    assert!(
        o.status.success() && pdf.exists(),
        "LibreOffice could not convert {}: {}{}",
        file.display(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    pdf
}

/// `pdftotext` of a PDF.
pub fn pdf_text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(o.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

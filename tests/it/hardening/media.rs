//! Images and media an author (or a download) brings in: damaged files, decompression bombs,
//! SVG that runs script or reaches outside itself, image paths that climb out of the assets
//! folder, and symlinks out of the project. Each is a located error, `dist/` stays as it was,
//! and nothing crashes or eats the machine's memory.

use crate::support::*;
use std::path::Path;

/// Add an image reference to the first English slide and `file` (with `bytes`) to the assets.
fn with_image(root: &Path, file: &str, bytes: &[u8], reference: &str) {
    let p = root.join("content/assets").join(file);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
    append(root, &format!("\n\n![picture]({reference})\n"));
}

fn append(root: &Path, text: &str) {
    let slide = root.join("content/en/01-intro.md");
    let mut s = std::fs::read_to_string(&slide).unwrap();
    s.push_str(text);
    std::fs::write(slide, s).unwrap();
}

/// `build` fails with `want` in its message (and no panic), leaving the earlier dist/ as it was.
fn refused(root: &Path, want: &str) -> String {
    let before = read_tree(&root.join("dist"));
    let o = kumo(root, &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(want), "wanted `{want}` in\n{err}");
    assert_eq!(read_tree(&root.join("dist")), before, "dist/ changed");
    err
}

fn project() -> Project {
    let p = fixture("basic");
    build_ok(p.path());
    p
}

#[test]
fn a_damaged_or_misnamed_raster_image_is_refused() {
    let p = project();
    with_image(
        p.path(),
        "cut.png",
        b"\x89PNG\r\n\x1a\nGARBAGE",
        "assets/cut.png",
    );
    refused(
        p.path(),
        "content/assets/cut.png: cannot read this image's size",
    );
    let p = project();
    with_image(p.path(), "text.jpg", b"just some text", "assets/text.jpg");
    refused(p.path(), "content/assets/text.jpg");
}

/// A PNG whose header claims 60000x60000 pixels (10 GB decoded) over a few KiB of data.
fn bomb() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    let mut ihdr = Vec::new();
    ihdr.extend(60_000u32.to_be_bytes());
    ihdr.extend(60_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut png, b"IEND", b"");
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xffff_ffffu32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

#[test]
fn a_decompression_bomb_is_an_error_in_bounded_memory() {
    let p = project();
    with_image(p.path(), "bomb.png", &bomb(), "assets/bomb.png");
    let start = std::time::Instant::now();
    let err = refused(p.path(), "content/assets/bomb.png");
    assert!(err.contains("limit"), "{err}");
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
}

#[test]
fn svg_that_reaches_outside_itself_is_refused_at_its_place() {
    for (svg, want) in [
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<image href=\"https://evil.example/t.png\"/></svg>",
            "content/assets/x.svg:2:14: SVG file holds a reference to `https://evil.example/t.png`",
        ),
        (
            "<svg>\n<use xlink:href=\"file:///etc/passwd#a\"/></svg>",
            "content/assets/x.svg:2:18",
        ),
        (
            "<!DOCTYPE svg [<!ENTITY a \"aaaa\">]>\n<svg>&a;</svg>",
            "content/assets/x.svg:1:16: SVG file holds an entity declaration",
        ),
        (
            "<svg><style>@import url(//evil.example/a.css);</style></svg>",
            "SVG file holds a CSS @import",
        ),
    ] {
        let p = project();
        with_image(p.path(), "x.svg", svg.as_bytes(), "assets/x.svg");
        refused(p.path(), want);
    }
    // Fragments and data: URIs stay inside the file.
    let p = project();
    let ok = "<svg viewBox=\"0 0 4 4\"><defs><rect id=\"r\" width=\"1\" height=\"1\"/></defs>\
              <use href=\"#r\"/><rect fill=\"url(#g)\" width=\"1\" height=\"1\"/></svg>";
    with_image(p.path(), "ok.svg", ok.as_bytes(), "assets/ok.svg");
    build_ok(p.path());
}

#[test]
fn image_paths_cannot_climb_out_of_the_assets_or_the_site() {
    let p = project();
    append(p.path(), "\n\n![t](assets/../../deck.toml)\n");
    refused(p.path(), "content/en/01-intro.md:");
    let p = project();
    append(p.path(), "\n\n![u](../../../../etc/passwd)\n");
    refused(p.path(), "leaves the site");
}

#[test]
fn symlinks_out_of_the_project_are_refused_in_the_assets() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), b"SECRET").unwrap();
    let p = project();
    std::fs::create_dir_all(p.path().join("content/assets")).unwrap();
    let link = p.path().join("content/assets/l.png");
    std::os::unix::fs::symlink(outside.path().join("secret.png"), &link).unwrap();
    append(p.path(), "\n\n![s](assets/l.png)\n");
    refused(p.path(), "refusing to follow a symlink out of the project");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(outside.path(), &link).unwrap();
    refused(p.path(), "refusing to follow a symlink out of the project");
}

//! Glyph coverage of the theme's bundled fonts, and the characters of the slides that none of
//! them has (a warning each, with file, line and column): such a character falls back to
//! whatever the viewer's system has, so the deck would look different on every machine.
//!
//! Coverage is read from the fonts' `cmap` tables (ttf-parser). A WOFF2 file is its table
//! directory and one brotli stream holding the tables back to back; `cmap` is never transformed,
//! so it is cut out of the decompressed stream as it is. TrueType and OpenType files are read
//! directly. The built-in default theme's fonts, when a theme's are byte for byte those, take
//! their coverage from a generated table instead ([`known`]): no brotli stream is decoded then.

pub(super) mod known;

use crate::content::Slide;
use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::io::Read;

/// The code points the fonts have, as sorted, merged, inclusive ranges.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Coverage {
    ranges: Vec<(u32, u32)>,
    /// The same for the Basic Multilingual Plane as a bit set (8 KiB): `missing` asks about
    /// every character of every slide, and a bit test beats a search of thousands of ranges.
    bmp: Vec<u64>,
    /// How many font files were read.
    pub fonts: usize,
}

impl Coverage {
    /// The coverage of every font file (`.woff2`, `.ttf`, `.otf`) among `files`. A file that is
    /// byte for byte a built-in font takes its code points from [`known`]'s table instead of
    /// being decoded (the same set: a unit test decodes them and compares).
    pub fn of(files: &BTreeMap<String, Vec<u8>>) -> Coverage {
        Coverage::of_fonts(files, |name, bytes| known::proven(name, bytes)?.ranges())
    }

    /// `of`, with `table` saying what is known of a font without decoding it.
    pub(super) fn of_fonts(
        files: &BTreeMap<String, Vec<u8>>,
        table: impl Fn(&str, &[u8]) -> Option<Vec<(u32, u32)>>,
    ) -> Coverage {
        let mut each = Vec::new();
        let mut unknown = Vec::new();
        for (name, bytes) in files.iter().filter(|(name, _)| font_kind(name).is_some()) {
            match table(name, bytes) {
                Some(ranges) => each.push(ranges),
                None => unknown.push((name, bytes)),
            }
        }
        // Each decoded font's cmap on its own core: two of the default theme's fonts are a
        // megabyte of brotli each, and decoding their stream up to the cmap is most of the cost.
        let decoded = crate::util::par_map(&unknown, |(name, bytes)| decoded_ranges(name, bytes));
        each.extend(decoded.into_iter().flatten());
        Coverage::union(each)
    }

    /// The union of each font's sorted, merged ranges, `fonts` counting them.
    fn union(each: Vec<Vec<(u32, u32)>>) -> Coverage {
        let fonts = each.len();
        let mut all: Vec<(u32, u32)> = each.into_iter().flatten().collect();
        all.sort_unstable();
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        let mut bmp = vec![0u64; 0x10000 / 64];
        for (start, end) in all {
            for p in start..=end.min(0xFFFF) {
                bmp[p as usize / 64] |= 1 << (p % 64);
            }
            match ranges.last_mut() {
                Some((_, last)) if start <= last.saturating_add(1) => *last = end.max(*last),
                _ => ranges.push((start, end)),
            }
        }
        Coverage { ranges, bmp, fonts }
    }

    pub fn has(&self, c: char) -> bool {
        let c = c as u32;
        if let Some(word) = self.bmp.get(c as usize / 64) {
            return word & (1 << (c % 64)) != 0;
        }
        let i = self.ranges.partition_point(|&(_, end)| end < c);
        self.ranges.get(i).is_some_and(|&(start, _)| start <= c)
    }
}

enum Kind {
    Woff2,
    Sfnt,
}

/// Which kind of font file `name` is, by its extension (`None`: not a font).
fn font_kind(name: &str) -> Option<Kind> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".woff2") {
        Some(Kind::Woff2)
    } else if lower.ends_with(".ttf") || lower.ends_with(".otf") {
        Some(Kind::Sfnt)
    } else {
        None
    }
}

/// The code points a font file's cmap maps (Unicode subtables), as sorted, merged, inclusive
/// ranges; `None` when the file cannot be read as a font.
fn decoded_ranges(name: &str, bytes: &[u8]) -> Option<Vec<(u32, u32)>> {
    let sfnt = match font_kind(name) {
        Some(Kind::Woff2) => woff2_cmap(bytes),
        _ => sfnt_cmap(bytes),
    };
    let cmap = sfnt.as_deref().and_then(ttf_parser::cmap::Table::parse)?;
    let mut points = Vec::new();
    for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
        sub.codepoints(|c| points.push(c));
    }
    points.sort_unstable();
    points.dedup();
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for p in points {
        match ranges.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(p) => *end = p,
            _ => ranges.push((p, p)),
        }
    }
    Some(ranges)
}

/// Characters that need no glyph of their own (spaces, controls, joiners, selectors).
fn needs_glyph(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}' | '\u{E0100}'..='\u{E01EF}'))
}

/// One warning per character of `slides` that no bundled font has, at its first place in each
/// file. Nothing when the theme bundles no font at all (it relies on system fonts by design).
pub(crate) fn missing<'a>(
    cov: &Coverage,
    slides: impl IntoIterator<Item = &'a Slide>,
) -> Vec<Diagnostic> {
    if cov.fonts == 0 {
        return Vec::new();
    }
    let mut seen: BTreeMap<(&std::path::Path, char), ()> = BTreeMap::new();
    let mut out = Vec::new();
    for s in slides {
        for (at, c) in s.source.char_indices() {
            if !needs_glyph(c) || cov.has(c) || seen.insert((&s.file, c), ()).is_some() {
                continue;
            }
            out.push(
                Diagnostic::warning(format!(
                    "no bundled font has `{c}` (U+{:04X}); it is drawn with whatever font the viewer's system has",
                    c as u32
                ))
                .in_file(&s.file)
                .at_offset(&s.file_text, s.offset + at)
                .hint("use another character, or add a font that has it to the theme's fonts/"),
            );
        }
    }
    out
}

/// The `cmap` table of a TrueType/OpenType file.
fn sfnt_cmap(bytes: &[u8]) -> Option<Vec<u8>> {
    let face = ttf_parser::RawFace::parse(bytes, 0).ok()?;
    face.table(ttf_parser::Tag::from_bytes(b"cmap"))
        .map(<[u8]>::to_vec)
}

/// The `cmap` table of a WOFF2 file (single fonts; collections are not read).
fn woff2_cmap(bytes: &[u8]) -> Option<Vec<u8>> {
    woff2_table_cmap(bytes, false)
}

/// `woff2_cmap`, the stream decoded only as far as cmap's end, or (`whole`) to its end.
fn woff2_table_cmap(bytes: &[u8], whole: bool) -> Option<Vec<u8>> {
    let mut r = Reader { b: bytes, at: 0 };
    if r.u32()? != u32::from_be_bytes(*b"wOF2") || r.u32()? == u32::from_be_bytes(*b"ttcf") {
        return None;
    }
    r.at = 12;
    let tables = r.u16()?;
    r.at = 20;
    let compressed = r.u32()? as usize;
    r.at = 48;
    let (mut offset, mut cmap) = (0usize, None);
    for _ in 0..tables {
        let flags = r.u8()?;
        let tag = match flags & 0x3f {
            0x3f => r.u32()?.to_be_bytes(),
            known => *KNOWN_TAGS.get(known as usize)?,
        };
        let orig = r.base128()?;
        let version = flags >> 6;
        // glyf and loca are transformed unless version 3; every other table only if not 0.
        let transformed = if &tag == b"glyf" || &tag == b"loca" {
            version != 3
        } else {
            version != 0
        };
        let len = if transformed { r.base128()? } else { orig };
        if &tag == b"cmap" {
            cmap = Some((offset, len as usize));
        }
        offset += len as usize;
    }
    let (start, len) = cmap?;
    let stream = bytes.get(r.at..r.at.checked_add(compressed)?)?;
    let mut tables = Vec::with_capacity(offset);
    // Only as far as cmap's end: the (large) glyph data after it need not be decompressed.
    let upto = if whole {
        u64::MAX
    } else {
        (start + len) as u64
    };
    brotli_decompressor::Decompressor::new(stream, 64 * 1024)
        .take(upto)
        .read_to_end(&mut tables)
        .ok()?;
    tables.get(start..start + len).map(<[u8]>::to_vec)
}

/// The first tags of WOFF2's known-table list (index = the directory entry's flags & 0x3f).
const KNOWN_TAGS: [[u8; 4]; 63] = [
    *b"cmap", *b"head", *b"hhea", *b"hmtx", *b"maxp", *b"name", *b"OS/2", *b"post", *b"cvt ",
    *b"fpgm", *b"glyf", *b"loca", *b"prep", *b"CFF ", *b"VORG", *b"EBDT", *b"EBLC", *b"gasp",
    *b"hdmx", *b"kern", *b"LTSH", *b"PCLT", *b"VDMX", *b"vhea", *b"vmtx", *b"BASE", *b"GDEF",
    *b"GPOS", *b"GSUB", *b"EBSC", *b"JSTF", *b"MATH", *b"CBDT", *b"CBLC", *b"COLR", *b"CPAL",
    *b"SVG ", *b"sbix", *b"acnt", *b"avar", *b"bdat", *b"bloc", *b"bsln", *b"cvar", *b"fdsc",
    *b"feat", *b"fmtx", *b"fvar", *b"gvar", *b"hsty", *b"just", *b"lcar", *b"mort", *b"morx",
    *b"opbd", *b"prop", *b"trak", *b"Zapf", *b"Silf", *b"Glat", *b"Gloc", *b"Feat", *b"Sill",
];

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let v = self.b.get(self.at..self.at + N)?.try_into().ok()?;
        self.at += N;
        Some(v)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take().map(u16::from_be_bytes)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_be_bytes)
    }
    /// WOFF2's UIntBase128: at most five bytes of seven bits, high bit = more follows.
    fn base128(&mut self) -> Option<u32> {
        let mut v: u32 = 0;
        for i in 0..5 {
            let b = self.u8()?;
            if i == 0 && b == 0x80 {
                return None; // leading zeros are invalid
            }
            v = v.checked_mul(128)? | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_fonts() -> BTreeMap<String, Vec<u8>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/fonts");
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                (name, std::fs::read(&p).unwrap())
            })
            .collect()
    }

    #[test]
    fn the_default_theme_fonts_cover_japanese_latin_and_the_deck_marks() {
        let cov = Coverage::of(&theme_fonts());
        assert!(cov.fonts >= 8, "{}", cov.fonts);
        for c in "あア漢字※→ÉéAz0%“”–—…€™".chars() {
            assert!(cov.has(c), "{c} U+{:04X}", c as u32);
        }
        for c in ['\u{1F600}', '\u{0E01}', '\u{10FFFF}'] {
            assert!(!cov.has(c), "{c}");
        }
    }

    #[test]
    fn the_cmap_cut_from_the_stream_prefix_is_the_one_the_whole_stream_holds() {
        let fonts = theme_fonts();
        let woff2: Vec<_> = fonts
            .iter()
            .filter(|(n, _)| n.ends_with(".woff2"))
            .collect();
        assert!(woff2.len() >= 8, "{}", woff2.len());
        for (name, bytes) in woff2 {
            let cut = woff2_cmap(bytes).unwrap_or_else(|| panic!("{name}: no cmap"));
            assert_eq!(Some(&cut), woff2_table_cmap(bytes, true).as_ref(), "{name}");
            // And the coverage of the font alone is that of its cmap's Unicode subtables.
            let one = BTreeMap::from([(name.clone(), bytes.clone())]);
            let cmap = ttf_parser::cmap::Table::parse(&cut).unwrap();
            let mut want = Vec::new();
            for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|c| want.push(c));
            }
            let cov = Coverage::of(&one);
            assert_eq!(cov.fonts, 1, "{name}");
            assert!(
                want.iter()
                    .filter_map(|&c| char::from_u32(c))
                    .all(|c| cov.has(c)),
                "{name}"
            );
        }
    }

    #[test]
    fn built_in_fonts_cover_what_decoding_them_gives() {
        let fonts: BTreeMap<String, Vec<u8>> = theme_fonts()
            .into_iter()
            .map(|(name, bytes)| (format!("fonts/{name}"), bytes))
            .collect();
        let decoded = Coverage::of_fonts(&fonts, |_, _| None);
        assert_eq!(Coverage::of(&fonts), decoded);
        assert_eq!(decoded.fonts, 11);
        // A font's bytes under another built-in font's name are decoded as what they are.
        let mut swapped = fonts.clone();
        swapped.remove("fonts/noto-sans-jp-japanese-700.woff2");
        let latin = fonts["fonts/noto-sans-latin-400.woff2"].clone();
        swapped.insert("fonts/noto-sans-jp-japanese-400.woff2".into(), latin);
        let cov = Coverage::of(&swapped);
        assert_eq!(cov, Coverage::of_fonts(&swapped, |_, _| None));
        assert!(!cov.has('漢') && cov.has('A'));
    }

    #[test]
    fn the_union_merges_overlapping_and_adjacent_ranges() {
        let cov = Coverage::union(vec![
            vec![(0x41, 0x43), (0x50, 0x50)],
            vec![(0x44, 0x45), (0x42, 0x42)],
        ]);
        assert_eq!(cov.ranges, vec![(0x41, 0x45), (0x50, 0x50)]);
        assert_eq!(cov.fonts, 2);
        assert!(cov.has('E') && !cov.has('F') && cov.has('P'));
        let top = Coverage::union(vec![vec![(0x10FFFF, u32::MAX)], vec![(0x1F600, 0x1F600)]]);
        assert_eq!(top.ranges, vec![(0x1F600, 0x1F600), (0x10FFFF, u32::MAX)]);
        assert!(top.has('\u{1F600}') && !top.has('\u{1F601}'));
    }

    #[test]
    fn broken_font_files_cover_nothing_and_do_not_panic() {
        let mut files = BTreeMap::new();
        for (i, bad) in [
            &b""[..],
            b"wOF2",
            b"wOF2\0\0\0\0\0\0\0\0\0\x01",
            &[0xff; 64],
        ]
        .iter()
        .enumerate()
        {
            files.insert(format!("f{i}.woff2"), bad.to_vec());
            files.insert(format!("f{i}.ttf"), bad.to_vec());
        }
        let mut real = theme_fonts()["noto-sans-latin-400.woff2"].clone();
        real.truncate(200);
        files.insert("cut.woff2".into(), real);
        let cov = Coverage::of(&files);
        assert_eq!(cov.fonts, 0);
        assert!(!cov.has('A'));
    }
}

//! What is known of the built-in default theme's fonts without reading them: each one's SHA-256
//! and the code points its cmap maps, from `builtin.txt` (generated from the compiled-in bytes
//! and committed). A theme font takes these only when its bytes are the compiled-in bytes of the
//! built-in file of the same name, compared byte for byte: a project's copy of the default theme
//! (every `init` project has one) then costs a comparison instead of a brotli decode and a hash.
//!
//! The table's format: a line `<logical name> <SHA-256, hex>` per font, then that font's ranges
//! on lines that start with a space, each `start-end` or a lone code point, in hex.

use crate::util::hex;

/// The table (see the module docs). `the_table_is_what_decoding_the_built_in_fonts_gives`
/// regenerates it.
const TABLE: &str = include_str!("builtin.txt");

/// A built-in font's entry in the table.
pub(crate) struct Known {
    /// The SHA-256 of the font file.
    pub(crate) sha256: [u8; 32],
    /// Its range lines.
    body: &'static str,
}

impl Known {
    /// The font's code points as sorted, merged, inclusive ranges (`None`: the table is not one
    /// this module writes; the caller then decodes the font).
    pub(crate) fn ranges(&self) -> Option<Vec<(u32, u32)>> {
        let hex = |s: &str| u32::from_str_radix(s, 16).ok();
        self.body
            .split_ascii_whitespace()
            .map(|r| match r.split_once('-') {
                Some((a, b)) => Some((hex(a)?, hex(b)?)),
                None => hex(r).map(|p| (p, p)),
            })
            .collect()
    }
}

/// The table's entry for theme file `name` when `bytes` are byte for byte the built-in file of
/// that name, whose bytes the table describes.
pub(crate) fn proven(name: &str, bytes: &[u8]) -> Option<Known> {
    // The comparison first: most theme files are not fonts, and are then never looked up.
    if super::font_kind(name).is_none() || super::super::assets::builtin(name)? != bytes {
        return None;
    }
    entry(TABLE, name)
}

/// The entry of `name` in `table`.
fn entry(table: &'static str, name: &str) -> Option<Known> {
    // A name line starts the table or follows a newline; range lines start with a space.
    let head = format!("{name} ");
    let at = match table.starts_with(&head) {
        true => 0,
        false => table.find(&format!("\n{head}"))? + 1,
    };
    let line_end = table[at..].find('\n').map_or(table.len(), |i| at + i + 1);
    let digest = table[at + head.len()..line_end].trim_end();
    if !hex::is_lower(digest, 64) {
        return None;
    }
    let mut sha256 = [0u8; 32];
    for (i, b) in sha256.iter_mut().enumerate() {
        *b = u8::from_str_radix(&digest[2 * i..2 * i + 2], 16).ok()?;
    }
    let rest = &table[line_end..];
    let end = rest
        .split_inclusive('\n')
        .take_while(|l| l.starts_with(' '))
        .map(str::len)
        .sum();
    Some(Known {
        sha256,
        body: &rest[..end],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    /// The table as decoding and hashing every built-in font gives it.
    fn generate() -> String {
        let mut out = String::from(
            "# Generated from the built-in default theme's fonts (src/render/glyphs/known.rs):\n\
             # `<name> <SHA-256>`, then the code points of its cmap as hex ranges. Regenerate with\n\
             # cargo test --lib render::glyphs::known\n",
        );
        for (name, bytes) in super::super::super::assets::BUILTIN {
            let Some(ranges) = super::super::font_kind(name)
                .and_then(|_| super::super::decoded_ranges(name, bytes))
            else {
                continue;
            };
            writeln!(out, "{name} {}", hex::sha256_hex(bytes)).unwrap();
            let mut line = String::new();
            for (a, b) in ranges {
                let r = if a == b {
                    format!("{a:x}")
                } else {
                    format!("{a:x}-{b:x}")
                };
                if line.len() + r.len() > 98 {
                    writeln!(out, "{line}").unwrap();
                    line.clear();
                }
                write!(line, " {r}").unwrap();
            }
            if !line.is_empty() {
                writeln!(out, "{line}").unwrap();
            }
        }
        out
    }

    #[test]
    fn the_table_is_what_decoding_the_built_in_fonts_gives() {
        let want = generate();
        if want != TABLE {
            let path =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/builtin-fonts.txt");
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &want).unwrap();
            panic!(
                "src/render/glyphs/builtin.txt is not what the built-in fonts give (a font \
                 changed?); the expected table is in {}: copy it to src/render/glyphs/builtin.txt",
                path.display()
            );
        }
        // Every built-in font is in it, and each entry reads back as what decoding gives.
        let mut fonts = 0;
        for (name, bytes) in super::super::super::assets::BUILTIN {
            if super::super::font_kind(name).is_none() {
                assert!(proven(name, bytes).is_none(), "{name}");
                continue;
            }
            fonts += 1;
            let known = proven(name, bytes).unwrap_or_else(|| panic!("{name} not in the table"));
            assert_eq!(known.sha256, hex::sha256(bytes), "{name}");
            assert_eq!(
                known.ranges(),
                super::super::decoded_ranges(name, bytes),
                "{name}"
            );
        }
        assert!(fonts >= 11, "{fonts}");
    }

    #[test]
    fn only_the_built_in_bytes_under_their_own_name_are_known() {
        let name = "fonts/noto-sans-latin-400.woff2";
        let bytes = super::super::super::assets::builtin(name).unwrap();
        assert!(proven(name, bytes).is_some());
        let mut changed = bytes.to_vec();
        *changed.last_mut().unwrap() ^= 1;
        assert!(proven(name, &changed).is_none());
        assert!(proven(name, &bytes[..bytes.len() - 1]).is_none());
        // The same bytes under another name are not looked up (another name, another file).
        assert!(proven("fonts/noto-sans-latin-700.woff2", bytes).is_none());
        assert!(proven("fonts/other.woff2", bytes).is_none());
        // A name that only starts like a table line's is no entry.
        assert!(proven("fonts/noto-sans-latin-400", bytes).is_none());
    }

    #[test]
    fn a_malformed_entry_reads_as_unknown() {
        let digest = "ab".repeat(32);
        let table: &'static str =
            Box::leak(format!("a.woff2 {digest}\n 20-7e zz\nb.woff2 {digest}\n 41\ne.woff2 {digest}\nf {digest}\n 42").into());
        assert_eq!(entry(table, "a.woff2").unwrap().ranges(), None);
        assert_eq!(
            entry(table, "b.woff2").unwrap().ranges(),
            Some(vec![(0x41, 0x41)])
        );
        // An entry without ranges covers nothing (and does not run into the next one).
        assert_eq!(entry(table, "e.woff2").unwrap().ranges(), Some(vec![]));
        assert_eq!(
            entry(table, "f").unwrap().ranges(),
            Some(vec![(0x42, 0x42)])
        );
        assert!(entry(table, "c.woff2").is_none());
        assert!(entry("a.woff2 12\n", "a.woff2").is_none());
    }
}

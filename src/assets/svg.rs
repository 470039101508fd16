//! SVG files: refused when they can run script (a `<script>` element, an `on…=` event attribute,
//! a `javascript:` URL), since an SVG opened from the site runs with the site's origin; refused
//! when they reach outside the file (an `href`, `src` or `url()` that is not `#…` or `data:`, a
//! CSS `@import`, an entity declaration), since an SVG opened on its own fetches those, a slide
//! shows them broken, and entities are how XML bombs and file reads start; and their size, from
//! the root element's `width`/`height` or `viewBox`.

/// The byte offset and a description of the first script-capable construct in `text`, if any.
pub(crate) fn find_script(text: &str) -> Option<(usize, String)> {
    let lower = text.to_ascii_lowercase();
    if let Some(i) = lower.find("<script") {
        return Some((i, "a <script> element".into()));
    }
    if let Some(i) = lower.find("javascript:") {
        return Some((i, "a javascript: URL".into()));
    }
    event_attribute(&lower).map(|(i, name)| (i, format!("an event attribute `{name}`")))
}

/// The byte offset and a description of the first reference out of `text`, if any.
pub(crate) fn find_external(text: &str) -> Option<(usize, String)> {
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<(usize, String)> = Vec::new();
    if let Some(i) = lower.find("<!entity") {
        found.push((i, "an entity declaration".into()));
    }
    if let Some(i) = lower.find("@import") {
        found.push((i, "a CSS @import".into()));
    }
    let inside = |v: &str| {
        let v = v.trim();
        v.is_empty() || v.starts_with('#') || v.starts_with("data:")
    };
    for (at, end) in references(&lower) {
        if !inside(&lower[at..end]) {
            let shown: String = text[at..end].chars().take(80).collect();
            found.push((at, format!("a reference to `{shown}` outside the file")));
            break;
        }
    }
    found.into_iter().min_by_key(|(i, _)| *i)
}

/// The `(start, end)` of every `href`/`src` attribute value and `url(…)` argument in `lower`.
fn references(lower: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for name in ["href", "src"] {
        for (i, _) in lower.match_indices(name) {
            let before = lower[..i].chars().last();
            if !before.is_some_and(|c| c.is_ascii_whitespace() || c == ':') {
                continue;
            }
            let rest = lower[i + name.len()..].trim_start();
            let Some(v) = rest.strip_prefix('=').map(str::trim_start) else {
                continue;
            };
            let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let start = lower.len() - v.len() + 1;
            let end = lower[start..].find(q).map_or(lower.len(), |e| start + e);
            out.push((start, end));
        }
    }
    for (i, _) in lower.match_indices("url(") {
        let start = i + 4;
        let end = lower[start..].find(')').map_or(lower.len(), |e| start + e);
        let v = &lower[start..end];
        let trimmed = v.trim().trim_matches(['"', '\'']);
        let offset = start + v.find(trimmed).unwrap_or(0);
        out.push((offset, offset + trimmed.len()));
    }
    out.sort_unstable();
    out
}

/// The first `on…=` attribute inside a tag: offset and name.
fn event_attribute(lower: &str) -> Option<(usize, String)> {
    let b = lower.as_bytes();
    let mut in_tag = false;
    let mut quote: Option<u8> = None;
    for i in 0..b.len() {
        let c = b[i];
        match (in_tag, quote) {
            (_, Some(q)) if c == q => quote = None,
            (_, Some(_)) => {}
            (false, None) if c == b'<' => in_tag = true,
            (true, None) if c == b'>' => in_tag = false,
            (true, None) if c == b'"' || c == b'\'' => quote = Some(c),
            (true, None) if c.is_ascii_whitespace() && lower[i + 1..].starts_with("on") => {
                let name: String = lower[i + 1..]
                    .chars()
                    .take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '-' || *ch == ':')
                    .collect();
                let after = lower[i + 1 + name.len()..].trim_start();
                if name.len() > 2 && after.starts_with('=') {
                    return Some((i + 1, name));
                }
            }
            _ => {}
        }
    }
    None
}

/// The size of the SVG: `width`/`height` of the root element in plain numbers or `px`, else
/// its `viewBox`.
pub(crate) fn size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let num = |v: &str| -> Option<f64> { v.trim().trim_end_matches("px").trim().parse().ok() };
    let dims = match (attr(tag, "width"), attr(tag, "height")) {
        (Some(w), Some(h)) => num(w).zip(num(h)),
        _ => None,
    };
    let dims = dims.or_else(|| {
        let v: Vec<f64> = attr(tag, "viewBox")?
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        (v.len() == 4).then(|| (v[2], v[3]))
    })?;
    let px = |f: f64| (1.0..=100_000.0).contains(&f).then(|| f.round() as u32);
    px(dims.0).zip(px(dims.1))
}

/// The value of attribute `name` in the tag text `tag` (quoted with `"` or `'`).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().last();
        let after = rest[i + name.len()..].trim_start();
        rest = &rest[i + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(v) = after.strip_prefix('=') else {
            continue;
        };
        let v = v.trim_start();
        let q = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let v = &v[1..];
        return v.find(q).map(|end| &v[..end]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_event_attributes_are_found() {
        let s = "<svg><script>alert(1)</script></svg>";
        assert_eq!(find_script(s).unwrap().0, 5);
        let e = "<svg viewBox=\"0 0 1 1\"><rect ONload = 'x()'/></svg>";
        assert!(
            find_script(e).unwrap().1.contains("onload"),
            "{:?}",
            find_script(e)
        );
        assert!(find_script("<svg><a href=\"javascript:x()\">a</a></svg>").is_some());
        // Text and attribute values that merely contain "on" are fine.
        let ok =
            "<svg data-x=\" onclick=1\"><text>press on = go</text><g font-family=\"x\"/></svg>";
        assert_eq!(find_script(ok), None);
    }

    #[test]
    fn references_out_of_the_file_are_found() {
        let ext = [
            "<svg><image href=\"https://evil.example/x.png\"/></svg>",
            "<svg><use xlink:href='file:///etc/passwd#a'/></svg>",
            "<svg><image href=\"../../secret.png\"/></svg>",
            "<svg><rect style=\"fill: url( 'http://x/p' )\"/></svg>",
            "<svg><style>@import 'http://x/a.css';</style></svg>",
            "<!DOCTYPE svg [<!ENTITY a \"x\">]><svg>&a;</svg>",
            "<svg><img src=\"//evil.example/t.gif\"/></svg>",
        ];
        for s in ext {
            assert!(find_external(s).is_some(), "{s}");
        }
        let (at, what) = find_external(ext[0]).unwrap();
        assert!(ext[0][at..].starts_with("https://evil"), "{what}");
        let ok = "<svg><use href=\"#shape\"/><rect fill=\"url(#g)\"/>\
                  <image href=\"data:image/png;base64,AAAA\"/><text>href=\"x\"</text></svg>";
        assert_eq!(find_external(ok), None);
    }

    #[test]
    fn size_from_width_height_or_viewbox() {
        assert_eq!(size("<svg width=\"200px\" height='100'>"), Some((200, 100)));
        assert_eq!(
            size("<?xml?><svg viewBox=\"0 0 800 318\">"),
            Some((800, 318))
        );
        assert_eq!(
            size("<svg width=\"100%\" viewBox=\"0,0,40,20\">"),
            Some((40, 20))
        );
        assert_eq!(size("<svg>"), None);
    }
}

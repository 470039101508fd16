//! Which fonts the browser really used for Japanese text (`CSS.getPlatformFontsForNode`), so a
//! machine without a CJK font fails loudly instead of printing tofu.

use super::cdp::{Cdp, CdpError};
use crate::diag::Diagnostic;
use serde_json::json;
use std::collections::BTreeSet;
use std::time::Instant;

/// Family-name fragments of fonts with Japanese glyphs (lower case).
const JAPANESE: &[&str] = &[
    "cjk jp",
    "jp",
    "japanese",
    "gothic",
    "mincho",
    "hiragino",
    "meiryo",
    "yu gothic",
    "ipa",
    "takao",
    "vl ",
    "ume",
    "sazanami",
    "kochi",
    "source han",
    "han sans",
    "han serif",
    "biz ud",
    "m+",
    "migu",
    "morisawa",
    "kosugi",
    "sawarabi",
];
/// Fragments of CJK fonts with Chinese or Korean glyph shapes (wrong for `lang="ja"`).
const OTHER_CJK: &[&str] = &[" sc", " tc", " hk", " kr", "cjk sc", "cjk tc", "cjk kr"];

/// Check the probe elements (indices into `selector`'s matches) that hold CJK text.
/// `Err` is a protocol failure; `Ok(Err)` is the verdict that no Japanese font was used.
pub(super) fn check_cjk(
    cdp: &mut Cdp,
    session: &str,
    probes: &[usize],
    selector: &str,
    deadline: Instant,
) -> Result<Result<(), Diagnostic>, CdpError> {
    let s = Some(session);
    cdp.call(s, "DOM.enable", json!({}), deadline)?;
    cdp.call(s, "CSS.enable", json!({}), deadline)?;
    let doc = cdp.call(s, "DOM.getDocument", json!({"depth": 0}), deadline)?;
    let root = doc["root"]["nodeId"].clone();
    let q = json!({"nodeId": root, "selector": selector});
    let nodes = cdp.call(s, "DOM.querySelectorAll", q, deadline)?;
    let ids = nodes["nodeIds"].as_array().cloned().unwrap_or_default();
    let mut used = BTreeSet::new();
    for &i in probes {
        let Some(id) = ids.get(i) else { continue };
        let r = cdp.call(
            s,
            "CSS.getPlatformFontsForNode",
            json!({"nodeId": id}),
            deadline,
        )?;
        for f in r["fonts"].as_array().map(Vec::as_slice).unwrap_or_default() {
            if f["glyphCount"].as_u64().unwrap_or(0) > 0 {
                used.insert(f["familyName"].as_str().unwrap_or_default().to_string());
            }
        }
    }
    Ok(verdict(&used))
}

fn verdict(used: &BTreeSet<String>) -> Result<(), Diagnostic> {
    let has = |f: &str, list: &[&str]| {
        let l = format!("{} ", f.to_lowercase());
        list.iter().any(|k| l.contains(k))
    };
    let japanese = used.iter().any(|f| has(f, JAPANESE) && !has(f, OTHER_CJK));
    if japanese {
        return Ok(());
    }
    let names: Vec<&str> = used.iter().map(String::as_str).collect();
    let used = if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    };
    Err(Diagnostic::error(format!(
        "Japanese text is not rendered with a Japanese font (fonts used: {used}); \
         the PDF would show missing-glyph boxes or Chinese glyph shapes"
    ))
    .hint("install a Japanese font, e.g. `apt-get install fonts-noto-cjk`, and keep `lang=\"ja\"` on the page"))
}

#[cfg(test)]
mod tests {
    use super::verdict;

    fn set(names: &[&str]) -> std::collections::BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn japanese_fonts_pass_others_fail() {
        assert!(verdict(&set(&["Noto Sans CJK JP", "Noto Sans"])).is_ok());
        assert!(verdict(&set(&["IPAexGothic"])).is_ok());
        assert!(verdict(&set(&["DejaVu Sans"])).is_err());
        assert!(verdict(&set(&["Noto Sans CJK SC"])).is_err());
        assert!(verdict(&set(&[])).is_err());
    }
}

//! Japanese line breaking by phrase, at build time: `<wbr>` between the BudouX phrases of the
//! text in rendered HTML, so a browser told `word-break: keep-all` (the theme's `:lang(ja)` block)
//! breaks Japanese only between phrases, in Firefox and Safari and the PDF alike.
//!
//! The HTML is scanned, not parsed into a tree: tags, comments and attributes are copied as they
//! are, and text inside `<code>`, `<pre>`, `<svg>`, `<script>`, `<style>` and the like is never
//! touched. The text of one block (a paragraph, a heading, a table cell), across its inline
//! elements (`<strong>`, `<a>`...), is segmented as one sentence. A boundary is kept only where it
//! cannot split a word: never between two Latin letters or digits, never inside a katakana word,
//! never next to a space (already a break), never before closing punctuation, small kana or
//! "ー", never after an opening bracket.

#[path = "phrase_model.rs"]
mod model;

use model::Feature;
use std::borrow::Cow;

/// Elements whose content is left exactly as written.
const OPAQUE: &[&str] = &[
    "code", "pre", "kbd", "samp", "svg", "math", "script", "style", "textarea", "title", "template",
];

/// Elements a sentence runs through; every other tag ends the sentence.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "data", "del", "dfn", "em", "i", "ins", "mark", "q",
    "s", "small", "span", "strong", "sub", "sup", "time", "u", "wbr",
];

/// Inline elements whose text stays with what precedes it.
const GLUED: &[&str] = &["sup", "sub"];

/// A character of a sentence: where its source starts in the HTML, and whether it is glued to
/// the character before it.
struct Char {
    c: char,
    at: usize,
    glued: bool,
}

/// What goes where in the HTML: a `<wbr>` inserted, or the space there made a no-break space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Edit {
    Wbr,
    NoBreakSpace,
}

/// Sentences this short (in characters) are labels: no phrase breaks, so a table column or a
/// box is sized to hold them on one line instead of leaving one or two characters below.
const SHORT: usize = 8;

/// `html` with `<wbr>` at the phrase boundaries of its Japanese text. Text without Japanese,
/// and every tag, comment and attribute, comes out byte for byte.
pub(crate) fn break_phrases(html: &str) -> String {
    let mut scan = Scan {
        at: Vec::new(),
        run: Vec::new(),
        opaque: None,
        glued: 0,
        text: Vec::new(),
        features: Vec::new(),
    };
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        if let Some(len) = markup_len(rest) {
            scan.tag(html, &rest[..len]);
            i += len;
            continue;
        }
        let (c, len) = text_char(rest);
        if scan.opaque.is_none() {
            scan.run.push(Char {
                c,
                at: i,
                glued: scan.glued > 0,
            });
        }
        i += len;
    }
    scan.flush(html);
    if scan.at.is_empty() {
        return html.to_string();
    }
    apply(html, scan.at)
}

/// The scan's state between tags.
struct Scan {
    /// Edits found so far, by byte offset.
    at: Vec<(usize, Edit)>,
    /// The sentence being collected.
    run: Vec<Char>,
    /// The opaque element being skipped, and how deeply it nests in itself.
    opaque: Option<(String, usize)>,
    /// Inside <sup>/<sub> (footnote marks): no break before or inside them.
    glued: usize,
    /// The sentence's characters and their model features (kept to reuse their memory).
    text: Vec<char>,
    features: Vec<Feature>,
}

impl Scan {
    /// A tag: it may end the sentence, open or close an opaque element, or glue its text.
    fn tag(&mut self, html: &str, tag: &str) {
        let (name, closing) = tag_name(tag);
        let self_closing = tag.ends_with("/>");
        match self.opaque.as_mut() {
            Some((n, depth)) if *n == *name => {
                if closing {
                    *depth -= 1;
                } else if !self_closing {
                    *depth += 1;
                }
                if *depth == 0 {
                    self.opaque = None;
                }
            }
            Some(_) => {}
            None if !INLINE.contains(&&*name) => {
                self.flush(html);
                if !closing && !self_closing && OPAQUE.contains(&&*name) {
                    self.opaque = Some((name.into_owned(), 1));
                }
            }
            None if GLUED.contains(&&*name) && !self_closing => {
                self.glued = if closing {
                    self.glued.saturating_sub(1)
                } else {
                    self.glued + 1
                };
            }
            None => {}
        }
    }
}

/// `html` with the edits `at` made, in order of offset.
fn apply(html: &str, mut at: Vec<(usize, Edit)>) -> String {
    at.sort_unstable();
    let mut out = String::with_capacity(html.len() + at.len() * 5);
    let mut from = 0;
    for (p, edit) in at {
        out.push_str(&html[from..p]);
        match edit {
            Edit::Wbr => {
                out.push_str("<wbr>");
                from = p;
            }
            Edit::NoBreakSpace => {
                out.push('\u{a0}');
                from = p + 1;
            }
        }
    }
    out.push_str(&html[from..]);
    out
}

/// Length of the tag or comment `s` starts with, if it starts with one.
fn markup_len(s: &str) -> Option<usize> {
    if let Some(body) = s.strip_prefix("<!--") {
        return Some(body.find("-->").map_or(s.len(), |e| e + 4 + 3));
    }
    let b = s.as_bytes();
    let starts_tag = b.len() > 1
        && b[0] == b'<'
        && (b[1].is_ascii_alphabetic() || matches!(b[1], b'/' | b'!' | b'?'));
    if !starts_tag {
        return None;
    }
    let mut quote = None;
    for (k, &c) in b.iter().enumerate().skip(1) {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => return Some(k + 1),
            _ => {}
        }
    }
    Some(s.len())
}

/// Lower-cased element name of a tag (borrowed from the tag unless it has capitals), and
/// whether it is an end tag.
fn tag_name(tag: &str) -> (Cow<'_, str>, bool) {
    let body = tag.trim_start_matches('<');
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(body.len());
    let name = &body[..end];
    let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    };
    (name, closing)
}

/// The character `s` starts with and the bytes it takes; an entity (`&amp;`) counts as the one
/// character it stands for, so no boundary can fall inside it.
fn text_char(s: &str) -> (char, usize) {
    let c = s.chars().next().unwrap_or('\0');
    if c == '&' {
        if let Some(end) = s.as_bytes().iter().take(12).position(|&b| b == b';') {
            let decoded = html_escape::decode_html_entities(&s[..=end]);
            if let Some(d) = decoded.chars().next().filter(|_| decoded != s[..=end]) {
                return (d, end + 1);
            }
        }
    }
    (c, c.len_utf8())
}

impl Scan {
    /// Segment the sentence collected and record where `<wbr>` goes.
    fn flush(&mut self, html: &str) {
        let (run, at) = (&self.run, &mut self.at);
        // A number keeps its unit: "30 分", "1 時間" (the space after the digit cannot break).
        for w in run.windows(3) {
            let unit = w[0].c.is_ascii_digit() && is_japanese(w[2].c) && !w[2].glued;
            if unit && w[1].c == ' ' && html.as_bytes().get(w[1].at) == Some(&b' ') {
                at.push((w[1].at, Edit::NoBreakSpace));
            }
        }
        let letters = run.iter().filter(|ch| !ch.c.is_whitespace()).count();
        if letters > SHORT && run.iter().any(|ch| is_japanese(ch.c)) {
            let model = model::japanese();
            self.text.clear();
            self.text.extend(run.iter().map(|ch| ch.c));
            model.features(&self.text, &mut self.features);
            for k in 1..run.len() {
                let (a, b) = (&run[k - 1], &run[k]);
                // Already there (the input was processed before): keep one.
                let placed = |p: usize| html[..p].ends_with("<wbr>");
                if model.starts_phrase(&self.features, k)
                    && !b.glued
                    && breakable(a.c, b.c)
                    && !placed(b.at)
                {
                    at.push((b.at, Edit::Wbr));
                }
            }
        }
        self.run.clear();
    }
}

/// Whether a line may break between `a` and `b` at a phrase boundary.
fn breakable(a: char, b: char) -> bool {
    const NO_START: &str = "、。，．,.)）]］}｝」』】〕〉》〙〗’”!！?？:：;；ーｰ〜～…‥・\
        ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々ゝゞヽヾ%％";
    const NO_END: &str = "(（[［{｛「『【〔〈《〘〖‘“¥￥$＄#＃";
    (is_japanese(a) || is_japanese(b))
        && !a.is_whitespace()
        && !b.is_whitespace()
        && !(is_katakana(a) && is_katakana(b))
        && !(is_word(a) && is_word(b))
        && !NO_START.contains(b)
        && !NO_END.contains(a)
}

/// Kana, kanji, and CJK or full-width punctuation.
pub(crate) fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// A katakana letter or the prolonged sound mark (the middle dot "・" separates words).
fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}'
        | '\u{FF66}'..='\u{FF9F}')
}

/// A letter or digit of a Latin word (half- or full-width), or a character that joins one.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{C0}'..='\u{24F}' | '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}'
            | '\u{FF41}'..='\u{FF5A}' | '-' | '_' | '\'' | '/' | '.')
}

#[cfg(test)]
#[path = "phrase_tests.rs"]
mod tests;

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

use budoux_phf_rs::Parser;

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
pub fn break_phrases(html: &str) -> String {
    let parser = Parser::japanese_parser();
    let mut at = Vec::new();
    let mut run: Vec<Char> = Vec::new();
    let mut opaque: Option<(String, usize)> = None;
    // Inside <sup>/<sub> (footnote marks): no break before or inside them.
    let mut glued = 0usize;
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        if let Some(len) = markup_len(rest) {
            let (name, closing) = tag_name(&rest[..len]);
            let self_closing = rest[..len].ends_with("/>");
            match opaque.as_mut() {
                Some((n, depth)) if *n == name => {
                    if closing {
                        *depth -= 1;
                    } else if !self_closing {
                        *depth += 1;
                    }
                    if *depth == 0 {
                        opaque = None;
                    }
                }
                Some(_) => {}
                None if !INLINE.contains(&name.as_str()) => {
                    flush(&parser, html, &mut run, &mut at);
                    if !closing && !self_closing && OPAQUE.contains(&name.as_str()) {
                        opaque = Some((name, 1));
                    }
                }
                None if GLUED.contains(&name.as_str()) && !self_closing => {
                    glued = if closing {
                        glued.saturating_sub(1)
                    } else {
                        glued + 1
                    };
                }
                None => {}
            }
            i += len;
            continue;
        }
        let (c, len) = text_char(rest);
        if opaque.is_none() {
            run.push(Char {
                c,
                at: i,
                glued: glued > 0,
            });
        }
        i += len;
    }
    flush(&parser, html, &mut run, &mut at);
    if at.is_empty() {
        return html.to_string();
    }
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

/// Lower-cased element name of a tag, and whether it is an end tag.
fn tag_name(tag: &str) -> (String, bool) {
    let body = tag.trim_start_matches('<');
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let name = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
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

/// Segment one sentence and record where `<wbr>` goes.
fn flush(parser: &Parser, html: &str, run: &mut Vec<Char>, at: &mut Vec<(usize, Edit)>) {
    // A number keeps its unit: "30 分", "1 時間" (the space after the digit cannot break).
    for w in run.windows(3) {
        let unit = w[0].c.is_ascii_digit() && is_japanese(w[2].c) && !w[2].glued;
        if unit && w[1].c == ' ' && html.as_bytes().get(w[1].at) == Some(&b' ') {
            at.push((w[1].at, Edit::NoBreakSpace));
        }
    }
    let letters = run.iter().filter(|ch| !ch.c.is_whitespace()).count();
    if letters > SHORT && run.iter().any(|ch| is_japanese(ch.c)) {
        let text: String = run.iter().map(|ch| ch.c).collect();
        let mut k = 0;
        let mut bounds = Vec::new();
        parser.parse_with(&text, |phrase| {
            k += phrase.chars().count();
            bounds.push(k);
        });
        for k in bounds {
            // Already there (the input was processed before): keep one.
            let placed = |p: usize| html[..p].ends_with("<wbr>");
            let Some((a, b)) = k.checked_sub(1).and_then(|j| run.get(j)).zip(run.get(k)) else {
                continue;
            };
            if !b.glued && breakable(a.c, b.c) && !placed(b.at) {
                at.push((b.at, Edit::Wbr));
            }
        }
    }
    run.clear();
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
pub fn is_japanese(c: char) -> bool {
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
mod tests {
    use super::*;

    fn phrases(html: &str) -> Vec<String> {
        break_phrases(html)
            .split("<wbr>")
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_japanese_sentence_breaks_between_phrases() {
        let p = phrases("<p>今日はとても良い天気です。</p>");
        assert_eq!(p.first().map(String::as_str), Some("<p>今日は"), "{p:?}");
        assert_eq!(
            p.last().map(String::as_str),
            Some("天気です。</p>"),
            "{p:?}"
        );
        assert!(p.len() >= 3, "{p:?}");
        assert_eq!(p.concat(), "<p>今日はとても良い天気です。</p>");
    }

    #[test]
    fn tags_code_and_attributes_are_untouched() {
        let html = "<p title=\"今日は天気です。\"><code>今日は天気です。</code></p>\n\
            <pre class=\"code\"><code>今日は<span>天気です。</span></code></pre>\
            <svg><text>今日は天気です。</text></svg><!-- 今日は天気です。 -->";
        assert_eq!(break_phrases(html), html);
    }

    #[test]
    fn text_without_japanese_is_byte_for_byte_the_same() {
        let html = "<h2>ECS, EKS or ROSA?</h2><p>a &amp; b &lt; c</p>";
        assert_eq!(break_phrases(html), html);
    }

    #[test]
    fn katakana_and_latin_words_are_never_split() {
        let out = break_phrases(
            "<li>コンテナオーケストレーションのサポートはRed Hat OpenShift Serviceが提供します</li>",
        );
        for word in [
            "コンテナオーケストレーション",
            "サポート",
            "Red Hat OpenShift Service",
        ] {
            assert!(out.contains(word), "{word} split in {out}");
        }
        assert!(out.contains("<wbr>"), "{out}");
    }

    #[test]
    fn a_sentence_runs_through_inline_elements_and_stops_at_blocks() {
        let out = break_phrases(
            "<td><strong>今日は</strong>とても良い天気です。</td><td>明日はきっと雨が降るでしょう。</td>",
        );
        assert!(out.contains("</strong><wbr>とても"), "{out}");
        assert!(out.contains("<td>明日は<wbr>"), "{out}");
        // No boundary is placed where one block ends and the next begins.
        assert!(!out.contains("</td><wbr>"), "{out}");
    }

    #[test]
    fn a_footnote_mark_stays_with_its_word() {
        let out = break_phrases(
            "<p>本文が続く<sup class=\"fnref\">1</sup>今日はとても良い天気です。</p>",
        );
        assert!(out.contains("続く<sup class=\"fnref\">1</sup>"), "{out}");
    }

    #[test]
    fn short_labels_stay_whole_and_numbers_keep_their_units() {
        assert_eq!(break_phrases("<td>時間の範囲</td>"), "<td>時間の範囲</td>");
        let out = break_phrases("<td>カスタム時間範囲、最後の 5 分、1 時間、2 週間</td>");
        assert!(
            out.contains("5\u{a0}分") && out.contains("2\u{a0}週間"),
            "{out}"
        );
        assert!(out.contains("最後の 5"), "{out}");
        assert!(out.contains("<wbr>"), "{out}");
    }

    #[test]
    fn entities_stay_whole() {
        let out = break_phrases("<p>料金&amp;サポートの比較&#x3002;今日は天気です&#12290;</p>");
        assert!(out.contains("&amp;"), "{out}");
        assert!(
            out.contains("&#x3002;") && out.contains("&#12290;"),
            "{out}"
        );
        assert_eq!(
            out.replace("<wbr>", ""),
            "<p>料金&amp;サポートの比較&#x3002;今日は天気です&#12290;</p>"
        );
    }

    #[test]
    fn closing_punctuation_and_small_kana_never_start_a_line() {
        assert!(!breakable('す', '。'));
        assert!(!breakable('ン', 'ー'));
        assert!(!breakable('「', '今'));
        assert!(!breakable('は', ' '));
        assert!(breakable('は', '天'));
        assert!(breakable('A', 'の'));
    }

    #[test]
    fn rebuilding_gives_the_same_bytes_and_its_own_output_is_left_alone() {
        let html = "<h2>コンテナサービスの選び方と料金の考え方</h2>";
        let once = break_phrases(html);
        assert!(once.contains("<wbr>"), "{once}");
        assert_eq!(once, break_phrases(html));
        assert_eq!(break_phrases(&once), once);
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for bad in [
            "<",
            "<p",
            "<p title=\"今日",
            "&",
            "&amp",
            "今日は<!--",
            "</>",
            "<svg>今日は",
        ] {
            let _ = break_phrases(bad);
        }
    }
}

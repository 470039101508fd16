//! Tests of the phrase breaker: where `<wbr>` goes, and what is never touched.

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
    let out =
        break_phrases("<p>本文が続く<sup class=\"fnref\">1</sup>今日はとても良い天気です。</p>");
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

/// Phrase starts (in characters) by the crate's own parser.
fn crate_bounds(text: &str) -> Vec<usize> {
    let mut k = 0;
    let mut out = Vec::new();
    budoux_phf_rs::Parser::japanese_parser().parse_with(text, |p| {
        k += p.chars().count();
        out.push(k);
    });
    out.pop();
    out
}

/// Phrase starts (in characters) by the tables of `model`.
fn model_bounds(text: &str) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let model = model::japanese();
    let mut features = Vec::new();
    model.features(&chars, &mut features);
    (1..chars.len())
        .filter(|&k| model.starts_phrase(&features, k))
        .collect()
}

#[test]
fn the_model_tables_break_where_the_crate_does() {
    let mut texts: Vec<String> = [
        "",
        "あ",
        "今日",
        "ab",
        "雀の宿",
        "来ていた。",
        "駒子はもう来ていた。",
        "今日はとても良い天気です。",
        "ROSA HCP の料金は 1 時間あたり $0.25 です",
        "コンテナオーケストレーション",
        "「ふだんどおり」を保つ",
        "🍣を食べた🍺。𠮷野家",
        "a\u{0}b\u{0}今日は",
        "ｱｲｳｴｵ半角カナ、ＡＢＣ全角英字",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for text in super::super::bundled_markdown("ja") {
        texts.extend(text.lines().map(str::to_string));
        // The whole file as one sentence: every window of the model over long text.
        texts.push(text);
    }
    assert!(
        texts.len() > 300,
        "the bundled deck's Japanese text is read"
    );
    let mut breaks = 0;
    for t in &texts {
        let want = crate_bounds(t);
        assert_eq!(model_bounds(t), want, "{t}");
        breaks += want.len();
    }
    assert!(breaks > 1000, "only {breaks} boundaries compared");
}

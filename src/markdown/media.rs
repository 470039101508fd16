//! Images and files in slides: `assets/…` references (Markdown images and links, `src`/`href` in
//! raw HTML) resolved to the language's file or the neutral one and rewritten to its hashed site
//! path; images get their size, `srcset`, lazy loading and async decoding; an image alone in a
//! paragraph becomes a figure, captioned by its title; missing alt text is a warning.

use super::Renderer;
use crate::assets::{self, Asset, Index};
use pulldown_cmark::{CowStr, Event};
use std::sync::Arc;

/// What slides need to resolve asset references, for one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Media<'a> {
    /// `None`: the project has no assets (every `assets/…` reference is an error).
    pub index: Option<&'a Index>,
    pub lang: &'a str,
    /// Load images at once (the first slides) rather than lazily.
    pub eager: bool,
}

/// The alt text that marks an image as decorative: `![-](assets/rule.png)` gives `alt=""`.
pub(crate) const DECORATIVE: &str = "-";

/// A Markdown image being read: its events up to the end tag give its alt text.
#[derive(Debug)]
pub(super) struct Capture {
    url: String,
    title: String,
    at: usize,
    alt: String,
}

/// The last image written: where it is in the events, its HTML without title, its caption.
#[derive(Debug)]
pub(super) struct Written {
    index: usize,
    bare: String,
    caption: String,
}

/// Characters percent-encoded in the site paths written into pages (non-ASCII always is).
const PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`');

impl<'a> Renderer<'a, '_> {
    pub(super) fn start_image(&mut self, url: CowStr<'a>, title: CowStr<'a>, at: usize) {
        let url = self.safe_url(url, at).to_string();
        self.image = Some(Capture {
            url,
            title: title.to_string(),
            at,
            alt: String::new(),
        });
    }

    /// Feed an event inside an image; returns the image's HTML at its end tag.
    pub(super) fn image_event(&mut self, ev: &Event<'a>, next_index: usize) -> Option<Event<'a>> {
        let cap = self.image.as_mut()?;
        match ev {
            Event::Text(t) | Event::Code(t) => cap.alt.push_str(t),
            Event::SoftBreak | Event::HardBreak => cap.alt.push(' '),
            Event::End(pulldown_cmark::TagEnd::Image) => {
                let cap = self.image.take()?;
                let bare = self.image_html(&cap);
                let html = match cap.title.is_empty() {
                    true => bare.clone(),
                    false => {
                        bare.replacen("<img ", &format!("<img title=\"{}\" ", attr(&cap.title)), 1)
                    }
                };
                self.written = Some(Written {
                    index: next_index,
                    bare,
                    caption: cap.title,
                });
                return Some(Event::InlineHtml(CowStr::from(html)));
            }
            _ => {}
        }
        None
    }

    /// At the end of a paragraph starting at `start` that holds nothing but the last image: make
    /// it a figure (captioned by the image's title). Returns whether it did.
    pub(super) fn figure(&mut self, out: &mut [Event<'a>], start: usize) -> Option<Event<'a>> {
        let w = self
            .written
            .take_if(|w| w.index == start + 1 && out.len() == start + 2)?;
        out[start] = Event::Html(CowStr::from("<figure class=\"media\">"));
        out[start + 1] = Event::Html(CowStr::from(w.bare));
        let caption = match w.caption.is_empty() {
            true => String::new(),
            false => format!(
                "<figcaption>{}</figcaption>",
                html_escape::encode_text(&w.caption)
            ),
        };
        Some(Event::Html(CowStr::from(format!("{caption}</figure>\n"))))
    }

    /// `<img …>` for a captured image, without its title.
    fn image_html(&mut self, cap: &Capture) -> String {
        let alt = cap.alt.trim();
        if alt.is_empty() {
            let d =
                crate::diag::Diagnostic::warning(format!("image `{}` has no alt text", cap.url))
                    .in_file(&self.slide.file)
                    .at_offset(&self.slide.file_text, self.slide.offset + cap.at)
                    .hint("describe what it shows, or mark it decorative with `![-](…)`");
            self.diags.push(d);
        }
        let alt = if alt == DECORATIVE { "" } else { alt };
        let mut out = String::from("<img ");
        match self.resolve(&cap.url, cap.at) {
            Some((asset, suffix)) => out.push_str(&sized(&asset, suffix)),
            None => out.push_str(&format!("src=\"{}\"", attr(&cap.url))),
        }
        out.push_str(&format!(" alt=\"{}\"", attr(alt)));
        if !self.media.eager {
            out.push_str(" loading=\"lazy\"");
        }
        out.push_str(" decoding=\"async\">");
        out
    }

    /// An event of speaker notes, with `assets/…` URLs of images and links resolved (notes are
    /// plain Markdown: no figures, sizes or warnings). Errors point at the notes fence `at`.
    pub(super) fn note_event<'n>(&mut self, e: Event<'n>, at: usize) -> Event<'n> {
        let mut url = |u: CowStr<'n>, image: bool| match self.resolve(&u, at) {
            Some((a, suffix)) => {
                let path = if image { a.src_path() } else { &a.site_path };
                CowStr::from(site_url(path, suffix))
            }
            None => u,
        };
        match e {
            Event::Start(pulldown_cmark::Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = url(dest_url, true);
                Event::Start(pulldown_cmark::Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(pulldown_cmark::Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = url(dest_url, false);
                Event::Start(pulldown_cmark::Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        }
    }

    /// A link's URL: an asset's site path when it names one.
    pub(super) fn link_url(&mut self, url: CowStr<'a>, at: usize) -> CowStr<'a> {
        let url = self.safe_url(url, at);
        match self.resolve(&url, at) {
            Some((asset, suffix)) => CowStr::from(site_url(&asset.site_path, suffix)),
            None => url,
        }
    }

    /// Raw HTML with the `src="assets/…"` and `href="assets/…"` values rewritten.
    pub(super) fn raw_html(&mut self, html: CowStr<'a>, at: usize) -> CowStr<'a> {
        if !html.contains("assets/") {
            return html;
        }
        let mut out = String::with_capacity(html.len());
        let mut done = 0;
        for (start, end) in url_values(&html) {
            let value = &html[start..end];
            if let Some((asset, suffix)) = self.resolve(value, at + start) {
                out.push_str(&html[done..start]);
                let path = if is_src(&html[..start]) {
                    asset.src_path()
                } else {
                    &asset.site_path
                };
                out.push_str(&site_url(path, suffix));
                done = end;
            }
        }
        out.push_str(&html[done..]);
        CowStr::from(out)
    }

    /// The asset `url` names (and the rest of the URL), recorded as used; an error at `at` when
    /// it names an asset that does not exist. `None` for URLs that are not asset references.
    fn resolve<'u>(&mut self, url: &'u str, at: usize) -> Option<(Arc<Asset>, &'u str)> {
        let (name, suffix) = assets::reference(url)?;
        let found = match self.media.index {
            Some(index) => index.lookup(self.media.lang, &name).cloned(),
            None => Index::default().lookup(self.media.lang, &name).cloned(),
        };
        match found {
            Ok(a) => {
                if !self.used.contains(&a.rel) {
                    self.used.push(a.rel.clone());
                }
                Some((a, suffix))
            }
            Err(e) => {
                let path = url.split(['#', '?']).next().unwrap_or(url);
                self.error(at, e.message(path));
                None
            }
        }
    }
}

/// `src`, `width`, `height` (and `srcset`, `sizes` for resized images) of an asset image.
fn sized(a: &Asset, suffix: &str) -> String {
    let mut out = format!("src=\"{}\"", attr(&site_url(a.src_path(), suffix)));
    let size = a.variants.last().map(|v| (v.width, v.height)).or(a.size);
    if let Some((w, h)) = size {
        out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    if !a.variants.is_empty() {
        let set: Vec<String> = a
            .variants
            .iter()
            .map(|v| format!("{} {}w", site_url(&v.site_path, ""), v.width))
            .collect();
        out.push_str(&format!(
            " srcset=\"{}\" sizes=\"(max-width: 1920px) 100vw, 1920px\"",
            attr(&set.join(", "))
        ));
    }
    out
}

/// The URL of a site file from a slide: slides are only ever shown on pages one folder down
/// (`<lang>/…`), so `../` reaches the site root.
fn site_url(path: &str, suffix: &str) -> String {
    format!(
        "../{}{suffix}",
        percent_encoding::utf8_percent_encode(path, PATH)
    )
}

fn attr(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).to_string()
}

/// Whether the attribute whose value starts right after `before` is a `src`.
fn is_src(before: &str) -> bool {
    before
        .trim_end_matches(['"', '\''])
        .trim_end()
        .trim_end_matches('=')
        .trim_end()
        .ends_with("src")
}

/// Byte ranges of the quoted values of `src=` and `href=` attributes in raw HTML.
fn url_values(html: &str) -> Vec<(usize, usize)> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find('=').map(|i| i + from) {
        from = i + 1;
        let name = lower[..i].trim_end();
        let is_url = ["src", "href"].iter().any(|n| {
            name.ends_with(n)
                && name[..name.len() - n.len()].ends_with(|c: char| c.is_ascii_whitespace())
        });
        let rest = &html[i + 1..];
        let skip = rest.len() - rest.trim_start().len();
        let Some(q) = rest
            .trim_start()
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
        else {
            continue;
        };
        let start = i + 1 + skip + 1;
        if let Some(len) = html[start..].find(q) {
            if is_url {
                out.push((start, start + len));
            }
            from = start + len;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_values_of_src_and_href_only() {
        let h = "<img data-src=\"assets/n.png\" src=\"assets/a.png\" alt='assets/b'><a HREF = 'assets/r.pdf'>";
        let got: Vec<&str> = url_values(h).into_iter().map(|(s, e)| &h[s..e]).collect();
        assert_eq!(got, ["assets/a.png", "assets/r.pdf"]);
        assert!(is_src("<img src=\"") && !is_src("<a href='"));
    }

    #[test]
    fn site_urls_are_percent_encoded() {
        assert_eq!(
            site_url("assets/media/a b.1.png", "#x"),
            "../assets/media/a%20b.1.png#x"
        );
        assert_eq!(
            site_url("assets/media/画.1.png", ""),
            "../assets/media/%E7%94%BB.1.png"
        );
    }
}

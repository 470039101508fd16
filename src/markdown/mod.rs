//! Markdown to HTML for one slide: pulldown-cmark events, transformed on the way (slide head,
//! highlighted fences, directive fences, speaker notes, per-slide footnotes, unsafe link schemes),
//! then pulldown-cmark's HTML writer.

pub mod directive;
pub mod highlight;
pub mod media;
pub mod phrase;

use crate::content::split::{options, parse_marker};
use crate::content::Slide;
use crate::diag::Diagnostic;
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use media::Media;

/// Renders directive fences (`cost-table <scenario>`, ...). Implemented over the data set by the
/// caller, so this layer does not depend on it.
pub trait Directives {
    fn is_directive(&self, name: &str) -> bool;
    fn render(&self, name: &str, arg: &str) -> Result<String, String>;
}

/// The HTML of one slide.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedSlide {
    /// Audience HTML (never contains the notes).
    pub html: String,
    /// Speaker notes HTML (presenter view only).
    pub notes: String,
    /// Content assets the slide uses (project-relative paths), in order of first use.
    pub assets: Vec<PathBuf>,
}

/// Render `slide`; problems go to `diags` (errors stop the build, warnings do not).
pub fn render_slide(
    slide: &Slide,
    directives: &dyn Directives,
    highlights: &highlight::Highlights,
    media: &Media,
    diags: &mut Vec<Diagnostic>,
) -> RenderedSlide {
    let mut r = Renderer {
        slide,
        directives,
        highlights,
        media: *media,
        diags,
        notes: String::new(),
        footnotes: BTreeMap::new(),
        fn_order: Vec::new(),
        used: Vec::new(),
        image: None,
        written: None,
    };
    let events = r.transform();
    let mut out = String::with_capacity(slide.source.len() * 2);
    html::push_html(&mut out, events.into_iter());
    out.push_str(&r.footnote_list());
    if out.len() > 256 * 1024 && out.len() > 8 * slide.source.len() {
        r.warn(
            0,
            format!(
                "slide `{}` grew from {} to {} bytes of HTML; check for runaway nesting",
                slide.id,
                slide.source.len(),
                out.len()
            ),
        );
    }
    RenderedSlide {
        html: out,
        notes: r.notes,
        assets: r.used,
    }
}

struct Renderer<'a, 'd> {
    slide: &'a Slide,
    directives: &'a dyn Directives,
    highlights: &'a highlight::Highlights,
    media: Media<'a>,
    diags: &'d mut Vec<Diagnostic>,
    /// Assets referenced so far.
    used: Vec<PathBuf>,
    /// The image being read, and the last one written (for figures).
    image: Option<media::Capture>,
    written: Option<media::Written>,
    notes: String,
    /// Footnote label -> its events.
    footnotes: BTreeMap<String, Vec<Event<'a>>>,
    /// Labels in order of first reference.
    fn_order: Vec<String>,
}

impl<'a> Renderer<'a, '_> {
    fn transform(&mut self) -> Vec<Event<'a>> {
        let slide: &'a Slide = self.slide;
        let src: &'a str = &slide.source;
        let mut out = Vec::new();
        let mut head_done = false;
        let mut fence: Option<(String, usize, String)> = None;
        let mut footnote: Option<(String, Vec<Event<'a>>)> = None;
        let mut para: Option<usize> = None;
        for (ev, range) in Parser::new_ext(src, options()).into_offset_iter() {
            if self.image.is_some() {
                let next = footnote.as_ref().map_or(out.len(), |_| usize::MAX);
                if let Some(e) = self.image_event(&ev, next) {
                    push(&mut out, &mut footnote, e);
                }
                continue;
            }
            if let Some((info, at, code)) = fence.as_mut() {
                match ev {
                    Event::Text(t) => code.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let (info, at, code) = (info.clone(), *at, std::mem::take(code));
                        fence = None;
                        if let Some(e) = self.fence(&info, at, &code) {
                            push(&mut out, &mut footnote, e);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            let ev = match ev {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match kind {
                        CodeBlockKind::Fenced(i) => i.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    fence = Some((info, range.start, String::new()));
                    continue;
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) if !head_done => {
                    head_done = true;
                    let _ = (id, classes);
                    Event::Start(Tag::Heading {
                        level,
                        id: None,
                        classes: Vec::new(),
                        attrs,
                    })
                }
                Event::Html(ref h) if !head_done && parse_marker(h).is_some() => {
                    head_done = true;
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Link {
                    link_type,
                    dest_url: self.link_url(dest_url, range.start),
                    title,
                    id,
                }),
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    self.start_image(dest_url, title, range.start);
                    continue;
                }
                Event::Html(h) => Event::Html(self.raw_html(h, range.start)),
                Event::InlineHtml(h) => Event::InlineHtml(self.raw_html(h, range.start)),
                Event::Start(Tag::Paragraph) => {
                    para = footnote.is_none().then_some(out.len());
                    Event::Start(Tag::Paragraph)
                }
                Event::End(TagEnd::Paragraph) => match para.take() {
                    Some(start) => self
                        .figure(&mut out, start)
                        .unwrap_or(Event::End(TagEnd::Paragraph)),
                    None => Event::End(TagEnd::Paragraph),
                },
                Event::FootnoteReference(label) => {
                    let n = self.footnote_number(&label);
                    Event::InlineHtml(CowStr::from(format!("<sup class=\"fnref\">{n}</sup>")))
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    footnote = Some((label.to_string(), Vec::new()));
                    continue;
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((label, evs)) = footnote.take() {
                        self.footnotes.insert(label, evs);
                    }
                    continue;
                }
                other => other,
            };
            push(&mut out, &mut footnote, ev);
        }
        out
    }

    /// A fenced or indented code block: notes, a directive, or highlighted code.
    fn fence(&mut self, info: &str, at: usize, code: &str) -> Option<Event<'a>> {
        let mut words = info.split_whitespace();
        let name = words.next().unwrap_or("");
        let arg = words.collect::<Vec<_>>().join(" ");
        if name == "notes" {
            let mut html_out = String::new();
            let events: Vec<Event> = Parser::new_ext(code, options())
                .map(|e| self.note_event(e, at))
                .collect();
            html::push_html(&mut html_out, events.into_iter());
            self.notes.push_str(&html_out);
            return None;
        }
        if self.directives.is_directive(name) {
            return match self.directives.render(name, &arg) {
                Ok(h) => Some(Event::Html(CowStr::from(h))),
                Err(e) => {
                    self.error(at, e);
                    None
                }
            };
        }
        let body = match highlight::find(name) {
            Some(syntax) if !name.is_empty() => self.highlights.get(code, syntax),
            _ => {
                if !name.is_empty() {
                    if !arg.is_empty() {
                        self.error(at, format!("unknown directive `{name}`"));
                        return None;
                    }
                    self.warn(
                        at,
                        format!("unknown code language `{name}`; shown as plain text"),
                    );
                }
                html_escape::encode_text(code).into()
            }
        };
        let lang = if name.is_empty() { "text" } else { name };
        Some(Event::Html(CowStr::from(format!(
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"{}\"><code>{body}</code></pre>\n",
            html_escape::encode_double_quoted_attribute(lang)
        ))))
    }

    /// Neutralise script-capable URL schemes; everything else passes (authors are trusted,
    /// but a Markdown link is not the place for script).
    fn safe_url(&mut self, url: CowStr<'a>, at: usize) -> CowStr<'a> {
        let lower: String = url
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase();
        let bad = ["javascript:", "vbscript:", "data:text/html"];
        if bad.iter().any(|b| lower.starts_with(b)) {
            self.warn(at, format!("unsafe link `{url}` removed"));
            CowStr::from("#")
        } else {
            url
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        match self.fn_order.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.fn_order.push(label.to_string());
                self.fn_order.len()
            }
        }
    }

    /// The footnotes of this slide as an ordered list, in reference order.
    fn footnote_list(&mut self) -> String {
        let mut labels = self.fn_order.clone();
        labels.extend(
            self.footnotes
                .keys()
                .filter(|k| !self.fn_order.contains(k))
                .cloned(),
        );
        if labels.is_empty() {
            return String::new();
        }
        let mut out = String::from("<ol class=\"footnotes\">\n");
        for (i, label) in labels.iter().enumerate() {
            let Some(evs) = self.footnotes.remove(label) else {
                self.warn(
                    0,
                    format!("footnote `[^{label}]` is used but not defined on this slide"),
                );
                continue;
            };
            out.push_str(&format!("<li value=\"{}\">", i + 1));
            html::push_html(&mut out, evs.into_iter());
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
        out
    }

    fn error(&mut self, at: usize, msg: String) {
        let d = Diagnostic::error(msg)
            .in_file(&self.slide.file)
            .at_offset(&self.slide.file_text, self.slide.offset + at);
        self.diags.push(d);
    }

    fn warn(&mut self, at: usize, msg: String) {
        let d = Diagnostic::warning(msg)
            .in_file(&self.slide.file)
            .at_offset(&self.slide.file_text, self.slide.offset + at);
        self.diags.push(d);
    }
}

fn push<'a>(
    out: &mut Vec<Event<'a>>,
    footnote: &mut Option<(String, Vec<Event<'a>>)>,
    e: Event<'a>,
) {
    match footnote {
        Some((_, evs)) => evs.push(e),
        None => out.push(e),
    }
}

//! Markdown to HTML for one slide: pulldown-cmark events, transformed on the way (slide head,
//! highlighted fences, directive fences, speaker notes, per-slide footnotes, unsafe link schemes),
//! then pulldown-cmark's HTML writer.

pub(crate) mod directive;
pub(crate) mod highlight;
pub(crate) mod media;
pub(crate) mod phrase;

/// The texts of the bundled deck's Markdown files in `content/<lang>/`, in name order (the
/// tests that compare a fast path with its reference run over real slides).
#[cfg(test)]
pub(crate) fn bundled_markdown(lang: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content")
        .join(lang);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("content/<lang> of the bundled deck")
        .map(|e| e.expect("a directory entry").path())
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("a readable Markdown file"))
        .collect()
}

use crate::content::split::{options, parse_marker};
use crate::content::Slide;
use crate::diag::Diagnostic;
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub(crate) use media::Media;

/// Renders directive fences (`cost-table <scenario>`, ...). Implemented over the data set by the
/// caller, so this layer does not depend on it.
pub(crate) trait Directives {
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
pub(crate) fn render_slide(
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

/// What `transform` carries from one event to the next.
#[derive(Default)]
struct Walk<'a> {
    out: Vec<Event<'a>>,
    /// The slide head (first heading or id marker) was seen.
    head_done: bool,
    /// An open code block: info string, offset, text so far.
    fence: Option<(String, usize, String)>,
    /// An open footnote definition: its label and events so far.
    footnote: Option<(String, Vec<Event<'a>>)>,
    /// Where the open paragraph starts in `out` (none inside footnotes).
    para: Option<usize>,
}

impl<'a> Walk<'a> {
    /// Append `e` to the open footnote definition, else to the output.
    fn push(&mut self, e: Event<'a>) {
        match &mut self.footnote {
            Some((_, evs)) => evs.push(e),
            None => self.out.push(e),
        }
    }
}

impl<'a> Renderer<'a, '_> {
    fn transform(&mut self) -> Vec<Event<'a>> {
        let slide: &'a Slide = self.slide;
        let src: &'a str = &slide.source;
        let mut w = Walk::default();
        for (ev, range) in Parser::new_ext(src, options()).into_offset_iter() {
            if self.image.is_some() {
                let next = w.footnote.as_ref().map_or(w.out.len(), |_| usize::MAX);
                if let Some(e) = self.image_event(&ev, next) {
                    w.push(e);
                }
            } else if w.fence.is_some() {
                self.in_fence(&mut w, ev);
            } else if let Some(e) = self.event(&mut w, ev, range.start) {
                w.push(e);
            }
        }
        w.out
    }

    /// Inside a code block: collect its text; at its end, render it.
    fn in_fence(&mut self, w: &mut Walk<'a>, ev: Event<'a>) {
        let Some((info, at, code)) = w.fence.as_mut() else {
            return;
        };
        match ev {
            Event::Text(t) => code.push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                let (info, at, code) = (info.clone(), *at, std::mem::take(code));
                w.fence = None;
                if let Some(e) = self.fence(&info, at, &code) {
                    w.push(e);
                }
            }
            _ => {}
        }
    }

    /// One event outside code blocks and images, at byte `at`: rewritten, or `None` when it
    /// was taken into state (a fence, an image, a footnote definition) or dropped.
    fn event(&mut self, w: &mut Walk<'a>, ev: Event<'a>, at: usize) -> Option<Event<'a>> {
        Some(match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(i) => i.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                w.fence = Some((info, at, String::new()));
                return None;
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) if !w.head_done => {
                w.head_done = true;
                let _ = (id, classes);
                Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes: Vec::new(),
                    attrs,
                })
            }
            Event::Html(ref h) if !w.head_done && parse_marker(h).is_some() => {
                w.head_done = true;
                return None;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.link_url(dest_url, at),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                self.start_image(dest_url, title, at);
                return None;
            }
            Event::Html(h) => Event::Html(self.raw_html(h, at)),
            Event::InlineHtml(h) => Event::InlineHtml(self.raw_html(h, at)),
            other => return self.block_event(w, other),
        })
    }

    /// Paragraphs (a lone image becomes a figure) and footnotes (numbered per slide).
    fn block_event(&mut self, w: &mut Walk<'a>, ev: Event<'a>) -> Option<Event<'a>> {
        Some(match ev {
            Event::Start(Tag::Paragraph) => {
                w.para = w.footnote.is_none().then_some(w.out.len());
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::Paragraph) => match w.para.take() {
                Some(start) => self
                    .figure(&mut w.out, start)
                    .unwrap_or(Event::End(TagEnd::Paragraph)),
                None => Event::End(TagEnd::Paragraph),
            },
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                Event::InlineHtml(CowStr::from(format!("<sup class=\"fnref\">{n}</sup>")))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                w.footnote = Some((label.to_string(), Vec::new()));
                return None;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, evs)) = w.footnote.take() {
                    self.footnotes.insert(label, evs);
                }
                return None;
            }
            other => other,
        })
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

//! The fixed parts of the package: presentation, slide master with its four layouts (title,
//! content, section, closing), theme (colours from the deck's theme, fonts by name), notes
//! master, document properties. Templates here are our own markup with escaped values put in.

use super::layout::{SLIDE_H, SLIDE_W};
use super::slide::{NS_A, NS_P, NS_R};
use super::theme::{Colours, FONTS};
use super::xml::{esc, Rels, X};

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

fn ns() -> String {
    format!("xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"")
}

/// The layouts of the master, in order: (file stem number, name, type, background).
pub(super) const LAYOUTS: &[(&str, &str)] = &[
    ("Title Slide", "title"),
    ("Title and Content", "obj"),
    ("Section Header", "secHead"),
    ("Closing", "obj"),
];

/// `ppt/presentation.xml` for `slides` slides (slide i has relationship `rId{i+3}`).
pub(super) fn presentation(slides: usize) -> Vec<u8> {
    let mut x = X::new();
    x.raw(&format!("<p:presentation {} saveSubsetFonts=\"1\">", ns()));
    x.raw("<p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst>");
    x.raw("<p:notesMasterIdLst><p:notesMasterId r:id=\"rId2\"/></p:notesMasterIdLst>");
    x.open("p:sldIdLst", &[]);
    for i in 0..slides {
        let id = (256 + i).to_string();
        let rid = format!("rId{}", i + 3);
        x.empty("p:sldId", &[("id", &id), ("r:id", &rid)]);
    }
    x.close("p:sldIdLst");
    x.raw(&format!(
        "<p:sldSz cx=\"{SLIDE_W}\" cy=\"{SLIDE_H}\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/>\
         <p:defaultTextStyle><a:defPPr><a:defRPr lang=\"ja-JP\"/></a:defPPr></p:defaultTextStyle>\
         </p:presentation>"
    ));
    x.finish()
}

/// Relationships of `ppt/presentation.xml`.
pub(super) fn presentation_rels(slides: usize) -> Vec<u8> {
    let mut r = Rels::default();
    r.add("slideMaster", "slideMasters/slideMaster1.xml", false);
    r.add("notesMaster", "notesMasters/notesMaster1.xml", false);
    for i in 1..=slides {
        r.add("slide", &format!("slides/slide{i}.xml"), false);
    }
    r.add("theme", "theme/theme1.xml", false);
    r.add("presProps", "presProps.xml", false);
    r.add("viewProps", "viewProps.xml", false);
    r.add("tableStyles", "tableStyles.xml", false);
    r.xml()
}

fn latin_ea() -> String {
    format!(
        "<a:latin typeface=\"{}\"/><a:ea typeface=\"{}\"/><a:cs typeface=\"{}\"/>",
        esc(FONTS.latin),
        esc(FONTS.ea),
        esc(FONTS.latin)
    )
}

/// `ppt/theme/theme1.xml`: the deck's colours and the named fonts (with a Japanese font for
/// the Jpan script, which PowerPoint uses when a run names none).
pub(super) fn theme(c: &Colours, name: &str) -> Vec<u8> {
    let clr = |n: &str, v: &str| format!("<a:{n}><a:srgbClr val=\"{v}\"/></a:{n}>");
    let fonts = |kind: &str| {
        format!(
            "<a:{kind}><a:latin typeface=\"{l}\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>\
             <a:font script=\"Jpan\" typeface=\"{e}\"/></a:{kind}>",
            l = esc(FONTS.latin),
            e = esc(FONTS.ea)
        )
    };
    let solid = |v: &str| format!("<a:solidFill><a:srgbClr val=\"{v}\"/></a:solidFill>");
    let ln = |w: u32| {
        format!("<a:ln w=\"{w}\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>")
    };
    let ph = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let xml = format!(
        "{DECL}<a:theme xmlns:a=\"{NS_A}\" name=\"{name}\"><a:themeElements>\
         <a:clrScheme name=\"{name}\">{dk1}{lt1}{dk2}{lt2}{a1}{a2}{a3}{a4}{a5}{a6}{hl}{fhl}</a:clrScheme>\
         <a:fontScheme name=\"{name}\">{major}{minor}</a:fontScheme>\
         <a:fmtScheme name=\"{name}\"><a:fillStyleLst>{ph}{ph}{ph}</a:fillStyleLst>\
         <a:lnStyleLst>{l1}{l2}{l3}</a:lnStyleLst>\
         <a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>\
         <a:bgFillStyleLst>{ph}{ph}{ph}</a:bgFillStyleLst></a:fmtScheme>\
         </a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>",
        name = esc(name),
        dk1 = clr("dk1", &c.ink),
        lt1 = clr("lt1", &c.background),
        dk2 = clr("dk2", &c.navy),
        lt2 = clr("lt2", &c.tint),
        a1 = clr("accent1", &c.accent),
        a2 = clr("accent2", &c.navy),
        a3 = clr("accent3", &c.accent_bright),
        a4 = clr("accent4", &c.link),
        a5 = clr("accent5", &c.rule),
        a6 = clr("accent6", &c.th),
        hl = clr("hlink", &c.link),
        fhl = clr("folHlink", &c.link),
        major = fonts("majorFont"),
        minor = fonts("minorFont"),
        l1 = ln(9525),
        l2 = ln(19050),
        l3 = ln(28575),
    );
    let _ = solid;
    xml.into_bytes()
}

fn sp_tree_open() -> &'static str {
    "<p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>\
     <p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/>\
     <a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>"
}

/// A placeholder shape with a position (EMU) and an empty paragraph.
fn ph(
    id: u32,
    name: &str,
    kind: &str,
    idx: Option<u32>,
    (x, y, w, h): (i64, i64, i64, i64),
) -> String {
    let idx = idx.map(|i| format!(" idx=\"{i}\"")).unwrap_or_default();
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{name}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"{kind}\"{idx}/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"{x}\" y=\"{y}\"/>\
         <a:ext cx=\"{w}\" cy=\"{h}\"/></a:xfrm></p:spPr><p:txBody><a:bodyPr><a:normAutofit/></a:bodyPr>\
         <a:lstStyle/><a:p><a:endParaRPr lang=\"ja-JP\"/></a:p></p:txBody></p:sp>"
    )
}

fn bg(rgb: &str) -> String {
    format!("<p:bg><p:bgPr><a:solidFill><a:srgbClr val=\"{rgb}\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>")
}

const IN: i64 = 914_400;

/// `ppt/slideMasters/slideMaster1.xml`: title and body placeholders, text styles in the deck's
/// colours and fonts.
pub(super) fn master(c: &Colours) -> Vec<u8> {
    let w = SLIDE_W - IN;
    let lvl = |n: u32, sz: u32| {
        let mar = 342_900 * n;
        format!(
            "<a:lvl{n}pPr marL=\"{mar}\" indent=\"-257175\"><a:buFont typeface=\"Arial\"/><a:buChar char=\"•\"/>\
             <a:defRPr sz=\"{sz}\"><a:solidFill><a:srgbClr val=\"{ink}\"/></a:solidFill>{f}</a:defRPr></a:lvl{n}pPr>",
            ink = c.ink,
            f = latin_ea()
        )
    };
    let body: String = (1..=5)
        .map(|n| lvl(n, 2000 - 200 * (n.min(4) - 1)))
        .collect();
    let ids: String = (1..=LAYOUTS.len())
        .map(|i| {
            format!(
                "<p:sldLayoutId id=\"{}\" r:id=\"rId{i}\"/>",
                2147483648u64 + i as u64
            )
        })
        .collect();
    let xml = format!(
        "{DECL}<p:sldMaster {ns}><p:cSld>{bg}{tree}{t}{b}</p:spTree></p:cSld>\
         <p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" \
         accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>\
         <p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst>\
         <p:txStyles><p:titleStyle><a:lvl1pPr><a:defRPr sz=\"2800\" b=\"1\"><a:solidFill><a:srgbClr val=\"{navy}\"/></a:solidFill>{f}</a:defRPr></a:lvl1pPr></p:titleStyle>\
         <p:bodyStyle>{body}</p:bodyStyle><p:otherStyle><a:lvl1pPr><a:defRPr>{f}</a:defRPr></a:lvl1pPr></p:otherStyle></p:txStyles></p:sldMaster>",
        ns = ns(),
        bg = bg(&c.background),
        tree = sp_tree_open(),
        t = ph(2, "Title Placeholder 1", "title", None, (IN / 2, 3 * IN / 10, w, 85 * IN / 100)),
        b = ph(3, "Text Placeholder 2", "body", Some(1), (IN / 2, 125 * IN / 100, w, 59 * IN / 10)),
        navy = c.navy,
        f = latin_ea(),
    );
    xml.into_bytes()
}

pub(super) fn master_rels() -> Vec<u8> {
    let mut r = Rels::default();
    for i in 1..=LAYOUTS.len() {
        r.add(
            "slideLayout",
            &format!("../slideLayouts/slideLayout{i}.xml"),
            false,
        );
    }
    r.add("theme", "../theme/theme1.xml", false);
    r.xml()
}

/// `ppt/slideLayouts/slideLayoutN.xml` (N from 1) in the deck's colours.
pub(super) fn layout(n: usize, c: &Colours) -> Vec<u8> {
    let (name, kind) = LAYOUTS[n - 1];
    let background = match n {
        1 | 3 => bg(&c.navy),
        4 => bg(&c.tint),
        _ => String::new(),
    };
    let (title, body) = layout_placeholders(n);
    let xml = format!(
        "{DECL}<p:sldLayout {ns} type=\"{kind}\" preserve=\"1\"><p:cSld name=\"{name}\">{background}{tree}{title}{body}</p:spTree></p:cSld>\
         <p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>",
        ns = ns(),
        tree = sp_tree_open(),
    );
    xml.into_bytes()
}

/// Layout `n`'s title and body placeholders, in the boxes `slide` puts their text in.
fn layout_placeholders(n: usize) -> (String, String) {
    let w = SLIDE_W - IN;
    let (title_kind, title_y, title_h) = match n {
        1 => ("ctrTitle", 17 * IN / 10, 2 * IN),
        3 => ("title", 5 * IN / 2, 3 * IN / 2),
        _ => ("title", 3 * IN / 10, 85 * IN / 100),
    };
    let (body_name, body_kind, body_y, body_h) = match n {
        1 => ("Subtitle 2", "subTitle", 39 * IN / 10, 31 * IN / 10),
        3 => ("Text 2", "body", 41 * IN / 10, 29 * IN / 10),
        _ => ("Content 2", "body", 125 * IN / 100, 59 * IN / 10),
    };
    (
        ph(
            2,
            "Title 1",
            title_kind,
            None,
            (IN / 2, title_y, w, title_h),
        ),
        ph(
            3,
            body_name,
            body_kind,
            Some(1),
            (IN / 2, body_y, w, body_h),
        ),
    )
}

pub(super) fn layout_rels() -> Vec<u8> {
    let mut r = Rels::default();
    r.add("slideMaster", "../slideMasters/slideMaster1.xml", false);
    r.xml()
}

/// `ppt/notesMasters/notesMaster1.xml`: a slide image above the notes text.
pub(super) fn notes_master() -> Vec<u8> {
    let xml = format!(
        "{DECL}<p:notesMaster {ns}><p:cSld>{tree}{img}{body}</p:spTree></p:cSld>\
         <p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" \
         accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>\
         <p:notesStyle><a:lvl1pPr><a:defRPr sz=\"1200\">{f}</a:defRPr></a:lvl1pPr></p:notesStyle></p:notesMaster>",
        ns = ns(),
        tree = sp_tree_open(),
        img = notes_image(2),
        body = ph(3, "Notes Placeholder 2", "body", Some(1), NOTES_BODY),
        f = latin_ea(),
    );
    xml.into_bytes()
}

/// Where notes pages put the notes text (EMU on a portrait 7.5 x 10 in page).
pub(super) const NOTES_BODY: (i64, i64, i64, i64) = (685_800, 4_400_550, 5_486_400, 3_600_450);

/// The slide image placeholder of a notes page.
pub(super) fn notes_image(id: u32) -> String {
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Slide Image Placeholder {}\"/><p:cNvSpPr>\
         <a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"sldImg\" idx=\"2\"/></p:nvPr>\
         </p:nvSpPr><p:spPr><a:xfrm><a:off x=\"381000\" y=\"685800\"/><a:ext cx=\"6096000\" cy=\"3429000\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:sp>",
        id - 1
    )
}

pub(super) fn notes_master_rels() -> Vec<u8> {
    let mut r = Rels::default();
    r.add("theme", "../theme/theme2.xml", false);
    r.xml()
}

pub(super) fn pres_props() -> Vec<u8> {
    format!("{DECL}<p:presentationPr {}/>", ns()).into_bytes()
}

pub(super) fn view_props() -> Vec<u8> {
    format!(
        "{DECL}<p:viewPr {}><p:normalViewPr/><p:gridSpacing cx=\"76200\" cy=\"76200\"/></p:viewPr>",
        ns()
    )
    .into_bytes()
}

pub(super) fn table_styles() -> Vec<u8> {
    format!(
        "{DECL}<a:tblStyleLst xmlns:a=\"{NS_A}\" def=\"{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}\"/>"
    )
    .into_bytes()
}

/// Document properties: what `docProps/core.xml` says.
pub(super) struct Core<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub lang: &'a str,
}

/// A fixed timestamp, so that two exports of the same deck are the same bytes.
pub(super) const TIMESTAMP: &str = "2000-01-01T00:00:00Z";

pub(super) fn core(c: &Core) -> Vec<u8> {
    format!(
        "{DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator>\
         <cp:lastModifiedBy>{}</cp:lastModifiedBy><dc:language>{}</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{TIMESTAMP}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{TIMESTAMP}</dcterms:modified></cp:coreProperties>",
        esc(c.title),
        esc(c.author),
        esc(c.author),
        esc(c.lang)
    )
    .into_bytes()
}

pub(super) fn app(slides: usize, notes: usize) -> Vec<u8> {
    format!(
        "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>kumo-deck</Application><PresentationFormat>On-screen Show (16:9)</PresentationFormat>\
         <Slides>{slides}</Slides><Notes>{notes}</Notes></Properties>"
    )
    .into_bytes()
}

pub(super) fn root_rels() -> Vec<u8> {
    let mut r = Rels::default();
    r.add("officeDocument", "ppt/presentation.xml", false);
    let mut xml = String::from_utf8_lossy(&r.xml()).into_owned();
    // The two property parts have package-level relationship types.
    let extra = "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
                 <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>";
    xml = xml.replace("</Relationships>", &format!("{extra}</Relationships>"));
    xml.into_bytes()
}

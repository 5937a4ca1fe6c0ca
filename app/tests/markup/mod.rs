//! Reads rendered HTML the way a browser splits it into tags and attributes, to find what a
//! hostile value could have made: a tag or attribute of its own, or a `javascript:` link.
//! Shared by `app/tests/hostile_pages.rs` and `server/tests/hostile_catalogue.rs`.

/// The payloads every data field carries (and `javascript:alert(1)` in every URL).
pub const SCRIPT: &str = "<script>alert(1)</script>";
/// Closes an attribute and opens an image with a handler.
pub const IMG: &str = "\"><img src=x onerror=alert(1)>";
/// Closes a single-quoted attribute and adds a handler.
pub const QUOTE: &str = "' onmouseover='x";
/// A link that runs script.
pub const JS_URL: &str = "javascript:alert(1)";
/// All three text payloads together.
pub fn payload() -> String {
    format!("{SCRIPT}{IMG}{QUOTE}")
}

/// Tags the page renderers write; anything else was made by data.
const TAGS: &[&str] = &[
    "a",
    "article",
    "br",
    "button",
    "caption",
    "code",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "form",
    "h1",
    "h2",
    "h3",
    "input",
    "label",
    "legend",
    "li",
    "nav",
    "noscript",
    "ol",
    "option",
    "p",
    "section",
    "select",
    "small",
    "span",
    "strong",
    "summary",
    "table",
    "tbody",
    "td",
    "textarea",
    "th",
    "thead",
    "time",
    "tr",
    "ul",
    // the charts (SVG)
    "g",
    "line",
    "rect",
    "svg",
    "text",
];

/// Attributes the renderers write (besides `data-*` and `aria-*`).
const ATTRS: &[&str] = &[
    "accept",
    "action",
    "autocapitalize",
    "autocomplete",
    "checked",
    "class",
    "datetime",
    "download",
    "enterkeyhint",
    "for",
    "hidden",
    "href",
    "id",
    "inputmode",
    "maxlength",
    "method",
    "name",
    "novalidate",
    "rel",
    "required",
    "role",
    "rows",
    "scope",
    "selected",
    "spellcheck",
    "tabindex",
    "target",
    "type",
    "value",
    // the charts (SVG)
    "font-size",
    "height",
    "text-anchor",
    "viewBox",
    "width",
    "x",
    "x1",
    "x2",
    "y",
    "y1",
    "y2",
];

/// What is wrong in `html` (empty: nothing a payload made).
pub fn problems(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if b.get(i) == Some(&b'!') {
            // A comment or a hydration marker: skip to its end.
            i += html[i..].find('>').unwrap_or(html.len() - i);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let name = take(html, &mut i, |c| c.is_ascii_alphanumeric());
        if !TAGS.contains(&name) {
            out.push(format!("tag <{name}> at {i}: {}", near(html, i)));
        }
        if !closing {
            attributes(html, &mut i, name, &mut out);
        } else if b.get(i) != Some(&b'>') {
            out.push(format!("broken closing tag at {i}"));
        }
    }
    for p in [SCRIPT, IMG] {
        if html.contains(p) {
            out.push(format!("raw payload {p}"));
        }
    }
    out
}

/// Reads the attributes of the tag at `i` (after its name) up to its `>`.
fn attributes(html: &str, i: &mut usize, tag: &str, out: &mut Vec<String>) {
    let b = html.as_bytes();
    loop {
        take(html, i, |c| c == ' ' || c == '\n');
        match b.get(*i) {
            None => return out.push(format!("<{tag}> never closed")),
            Some(b'>') => return,
            _ => {}
        }
        let name = take(html, i, |c| c.is_ascii_alphanumeric() || c == '-');
        if name.is_empty() {
            return out.push(format!("junk in <{tag}> at {i}: {}", near(html, *i)));
        }
        let known = ATTRS.contains(&name) || name.starts_with("data-") || name.starts_with("aria-");
        if !known || name.starts_with("on") {
            out.push(format!("attribute {name} on <{tag}>: {}", near(html, *i)));
        }
        if b.get(*i) != Some(&b'=') {
            continue;
        }
        if b.get(*i + 1) != Some(&b'"') {
            return out.push(format!("unquoted {name} on <{tag}>: {}", near(html, *i)));
        }
        *i += 2;
        let value = take(html, i, |c| c != '"');
        *i += 1;
        if value.contains('<') || value.contains('>') {
            out.push(format!("markup inside {name}=\"{value}\""));
        }
        if name == "href" && value.trim().to_ascii_lowercase().starts_with("javascript:") {
            out.push(format!("script link href=\"{value}\""));
        }
    }
}

/// Advances `i` over the characters `keep` accepts; what it passed.
fn take<'a>(html: &'a str, i: &mut usize, keep: impl Fn(char) -> bool) -> &'a str {
    let start = *i;
    let rest = &html[start..];
    let n = rest.find(|c: char| !keep(c)).unwrap_or(rest.len());
    *i += n;
    &html[start..*i]
}

/// The text around `i`, for messages.
fn near(html: &str, i: usize) -> &str {
    let mut lo = i.saturating_sub(60);
    while !html.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (i + 40).min(html.len());
    while !html.is_char_boundary(hi) {
        hi += 1;
    }
    &html[lo..hi]
}

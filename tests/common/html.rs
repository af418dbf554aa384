//! Reading the pages faqpress writes: their tags, ids, links and text. The
//! pages escape every `<` of the sources, so each `<` in a page opens a tag
//! that faqpress wrote; a tag from the sources would show up here as one.

/// The elements a page may hold; anything else came from somewhere else.
pub const ELEMENTS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "footer",
    "nav",
    "section",
    "article",
    "div",
    "p",
    "h1",
    "h2",
    "h3",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "ol",
    "li",
    "a",
    "span",
    "br",
    "hr",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "s",
    "sup",
    "sub",
    "img",
];

/// One start tag: its name and attributes (names with their values, the
/// character references in them resolved).
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of the page, in order (the stylesheet's text skipped).
pub fn tags(html: &str) -> Vec<Tag> {
    let mut out = vec![];
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = tag_end(rest);
        let inside = &rest[..end];
        rest = &rest[(end + 1).min(rest.len())..];
        if inside.starts_with('/') || inside.starts_with('!') {
            continue;
        }
        out.push(parse_tag(inside));
    }
    out
}

/// Where the tag that starts `rest` ends: the first `>` outside quotes.
fn tag_end(rest: &str) -> usize {
    let mut quote = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (None, '"') => quote = Some('"'),
            (Some('"'), '"') => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    rest.len()
}

fn parse_tag(inside: &str) -> Tag {
    let name: String = inside
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let mut attrs = vec![];
    let mut rest = inside[name.len()..].trim_start();
    while !rest.is_empty() {
        let attr: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '=')
            .collect();
        rest = &rest[attr.len()..];
        let value = if let Some(after) = rest.strip_prefix("=\"") {
            let end = after.find('"').unwrap_or(after.len());
            rest = &after[(end + 1).min(after.len())..];
            decode(&after[..end])
        } else {
            String::new()
        };
        if attr.is_empty() {
            // Not an attribute at all: a stray character faqpress never writes.
            attrs.push((
                rest.chars().next().map(String::from).unwrap_or_default(),
                value,
            ));
            rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
        } else {
            attrs.push((attr, value));
        }
        rest = rest.trim_start();
    }
    Tag { name, attrs }
}

/// The text a reader sees in `html`: tags left out, `<style>` skipped,
/// character references resolved.
pub fn text(html: &str) -> String {
    let body = match (html.find("<style>"), html.find("</style>")) {
        (Some(start), Some(end)) => format!("{}{}", &html[..start], &html[end..]),
        _ => html.to_string(),
    };
    let mut out = String::new();
    let mut rest = body.as_str();
    while let Some(at) = rest.find('<') {
        out.push_str(&decode(&rest[..at]));
        rest = &rest[at..];
        let end = tag_end(rest);
        rest = &rest[(end + 1).min(rest.len())..];
    }
    out.push_str(&decode(rest));
    out
}

/// The five references the pages use resolved; any other `&` stays.
pub fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every `id` of the page.
pub fn ids(html: &str) -> Vec<String> {
    tags(html)
        .iter()
        .filter_map(|t| t.attr("id").map(str::to_string))
        .collect()
}

/// The targets of every link inside the page, without the `#`.
pub fn fragment_links(html: &str) -> Vec<String> {
    tags(html)
        .iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href")?.strip_prefix('#').map(str::to_string))
        .collect()
}

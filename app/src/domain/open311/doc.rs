//! One small document tree for every Open311 answer, written twice: as JSON (serde_json, the
//! "Spark convention": a root that holds a list becomes a bare array) and as XML (a writer of a
//! few lines that escapes `& < > " '` and drops what XML 1.0 cannot carry). Both formats come
//! from the same tree, so they cannot drift apart.

/// A value in an Open311 document.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Text (already free of XML-illegal characters: see [`Node::text`]).
    Text(String),
    /// A whole number (`order`, an error's `code`).
    Int(i64),
    /// `true` / `false`.
    Bool(bool),
    /// Named fields, in order. A field left out is absent in both formats (never `null`).
    Object(Vec<(&'static str, Node)>),
    /// A list whose items are each written as `<item>` in XML (`attributes/attribute`,
    /// `values/value`, `formats/format`).
    List(&'static str, Vec<Node>),
}

impl Node {
    /// Text with every character XML 1.0 cannot carry (C0 controls other than tab, line feed
    /// and carriage return; U+FFFE, U+FFFF) taken out, so JSON and XML say the same thing.
    pub fn text(s: &str) -> Node {
        Node::Text(s.chars().filter(|&c| xml_char(c)).collect())
    }
}

/// Whether XML 1.0 allows `c` in a document (surrogates cannot be a `char`).
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// A whole answer: its XML root element and its body. A body that is a [`Node::List`] is
/// written in JSON as a bare array (the root and the item names disappear).
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The XML root (`services`, `service_requests`, `errors`, `discovery`, …).
    pub root: &'static str,
    /// What it holds.
    pub body: Node,
}

/// The two formats Open311 answers in, chosen by the path's extension only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `.json`: `application/json; charset=utf-8`.
    Json,
    /// `.xml`: `text/xml; charset=utf-8`.
    Xml,
}

impl Format {
    /// Splits `name.json` / `name.xml` into the name and its format; `None` for anything else.
    pub fn split(file: &str) -> Option<(&str, Format)> {
        if let Some(stem) = file.strip_suffix(".json") {
            Some((stem, Format::Json))
        } else {
            file.strip_suffix(".xml").map(|stem| (stem, Format::Xml))
        }
    }

    /// The exact content type the specification gives.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Xml => "text/xml; charset=utf-8",
        }
    }
}

impl Document {
    /// The document in `format`.
    pub fn write(&self, format: Format) -> String {
        match format {
            Format::Json => self.json(),
            Format::Xml => self.xml(),
        }
    }

    /// JSON, fields in the order the tree gives them.
    pub fn json(&self) -> String {
        let mut out = String::new();
        json_into(&mut out, &self.body);
        out
    }

    /// XML 1.0 with its declaration, no namespace, no attributes.
    pub fn xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        element(&mut out, self.root, &self.body);
        out
    }
}

/// Writes `n` as JSON, fields in their order (strings escaped by serde_json).
fn json_into(out: &mut String, n: &Node) {
    let string = |out: &mut String, s: &str| {
        out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
    };
    match n {
        Node::Text(s) => string(out, s),
        Node::Int(i) => out.push_str(&i.to_string()),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Object(fields) => {
            out.push('{');
            for (i, (k, v)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(out, k);
                out.push(':');
                json_into(out, v);
            }
            out.push('}');
        }
        Node::List(_, items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_into(out, v);
            }
            out.push(']');
        }
    }
}

/// `<name>…</name>` for `n`.
fn element(out: &mut String, name: &str, n: &Node) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    match n {
        Node::Text(s) => escape_into(out, s),
        Node::Int(i) => out.push_str(&i.to_string()),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Object(fields) => {
            for (k, v) in fields {
                element(out, k, v);
            }
        }
        Node::List(item, items) => {
            for v in items {
                element(out, item, v);
            }
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Escapes text for XML element content and drops characters XML 1.0 cannot carry at all.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A carriage return would be read back as a line feed: keep it.
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn services() -> Document {
        let one = |code: &str| {
            Node::Object(vec![
                ("service_code", Node::text(code)),
                ("metadata", Node::Bool(true)),
            ])
        };
        Document {
            root: "services",
            body: Node::List("service", vec![one("a"), one("b")]),
        }
    }

    #[test]
    fn a_list_root_is_a_bare_array_in_json_and_named_items_in_xml() {
        let d = services();
        assert_eq!(
            d.json(),
            r#"[{"service_code":"a","metadata":true},{"service_code":"b","metadata":true}]"#
        );
        assert_eq!(
            d.xml(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<services><service><service_code>a</service_code><metadata>true</metadata></service><service><service_code>b</service_code><metadata>true</metadata></service></services>"
        );
    }

    #[test]
    fn an_object_root_stays_an_object_with_nested_lists() {
        let d = Document {
            root: "service_definition",
            body: Node::Object(vec![
                ("service_code", Node::text("x")),
                (
                    "attributes",
                    Node::List(
                        "attribute",
                        vec![Node::Object(vec![("order", Node::Int(1))])],
                    ),
                ),
            ]),
        };
        assert_eq!(
            d.json(),
            r#"{"service_code":"x","attributes":[{"order":1}]}"#
        );
        assert!(d.xml().ends_with(
            "<service_definition><service_code>x</service_code><attributes><attribute><order>1</order></attribute></attributes></service_definition>"
        ));
    }

    #[test]
    fn hostile_text_is_escaped_and_illegal_characters_dropped_in_both_formats() {
        let hostile = "<script>alert('x')</script> & \"q\" \u{0}\u{1b}[31m\u{7}\u{FFFF}ok\r\n\ttab ]]> <!-- 日本";
        let d = Document {
            root: "errors",
            body: Node::List(
                "error",
                vec![Node::Object(vec![("description", Node::text(hostile))])],
            ),
        };
        let xml = d.xml();
        assert!(xml.contains(
            "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot; [31mok&#13;\n\ttab ]]&gt; &lt;!-- 日本"
        ), "{xml}");
        assert!(!xml.contains('\u{0}') && !xml.contains('\u{1b}') && !xml.contains('\u{7}'));
        assert!(!xml.contains("<script"));
        // JSON carries the same text (without the dropped characters), escaped by serde_json.
        let back: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
        assert_eq!(
            back[0]["description"],
            "<script>alert('x')</script> & \"q\" [31mok\r\n\ttab ]]> <!-- 日本"
        );
    }

    #[test]
    fn formats_come_from_the_extension_only() {
        assert_eq!(
            Format::split("services.json"),
            Some(("services", Format::Json))
        );
        assert_eq!(
            Format::split("ktp-el-baru.xml"),
            Some(("ktp-el-baru", Format::Xml))
        );
        assert_eq!(Format::split("services"), None);
        assert_eq!(Format::split("services.JSON"), None);
        assert_eq!(Format::split("services.html"), None);
        assert_eq!(Format::Xml.content_type(), "text/xml; charset=utf-8");
    }
}

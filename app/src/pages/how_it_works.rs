//! `/how-it-works`: the guided tour, `docs/how-it-works.md` as the server renders it. Each Mermaid diagram in it
//! is replaced by its SVG, drawn ahead of time by `scripts/render-diagrams.mjs` and embedded at build time
//! (`app/build.rs`), so the page shows its diagrams without a script and within its Content-Security-Policy
//! (their styles are in `/diagrams.css`).
//!
//! The guide is written in English only: on a page in another language it keeps `lang="en" dir="ltr"`, after a
//! note in the page's language that says so.
//!
//! The page is rendered on the server only (it has no island): the guide is the server's, in the HTML.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title};

#[component]
pub fn HowItWorks() -> impl IntoView {
    let locale = current_locale();
    #[cfg(feature = "ssr")]
    let html = guide::html();
    #[cfg(not(feature = "ssr"))]
    let html = "";
    view! {
        <Title text=td_string!(locale, inspector.guide.title) />
        <Stylesheet href="/diagrams.css" />
        {(locale != Locale::en)
            .then(|| view! { <p class="guide-language">{td_string!(locale, inspector.guide.in_english)}</p> })}
        <article class="guide" lang="en" dir="ltr" inner_html=html></article>
    }
}

#[cfg(feature = "ssr")]
mod guide {
    use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
    use sha2::{Digest, Sha256};
    use std::sync::LazyLock;

    include!(concat!(env!("OUT_DIR"), "/diagrams.rs"));

    const GUIDE: &str = include_str!("../../../docs/how-it-works.md");

    /// The name of a diagram's SVG: the first 16 hex digits of the SHA-256 of its Mermaid source.
    pub(super) fn diagram_name(source: &str) -> String {
        Sha256::digest(source.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
    }

    fn diagram(source: &str) -> Option<&'static str> {
        let name = diagram_name(source);
        DIAGRAMS.iter().find(|(n, _)| *n == name).map(|(_, svg)| *svg)
    }

    /// The guide as HTML, made once.
    pub(super) fn html() -> &'static str {
        static HTML: LazyLock<String> = LazyLock::new(|| render(GUIDE));
        &HTML
    }

    /// Markdown to HTML, each `mermaid` code block replaced by its drawn SVG (or, if it was never drawn, left as
    /// code, which `every_diagram_in_the_guide_is_drawn` does not let through).
    pub(super) fn render(markdown: &str) -> String {
        let mut events = Vec::new();
        let mut mermaid: Option<String> = None;
        for event in Parser::new_ext(markdown, Options::empty()) {
            match (&mut mermaid, event) {
                (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))) if &*lang == "mermaid" => {
                    mermaid = Some(String::new());
                }
                (Some(source), Event::Text(text)) => source.push_str(&text),
                (Some(_), Event::End(TagEnd::CodeBlock)) => {
                    let source = mermaid.take().unwrap_or_default();
                    let figure = match diagram(&source) {
                        Some(svg) => format!("<figure class=\"diagram-figure\">{svg}</figure>"),
                        None => format!("<pre><code>{}</code></pre>", escape(&source)),
                    };
                    events.push(Event::Html(figure.into()));
                }
                (_, event) => events.push(event),
            }
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }

    fn escape(text: &str) -> String {
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn mermaid_sources(markdown: &str) -> Vec<String> {
            let mut sources = Vec::new();
            let mut rest = markdown;
            while let Some(start) = rest.find("```mermaid\n") {
                let body = &rest[start + "```mermaid\n".len()..];
                let end = body.find("```").expect("a closing fence");
                sources.push(body[..end].to_owned());
                rest = &body[end + 3..];
            }
            sources
        }

        #[test]
        fn every_diagram_in_the_guide_is_drawn() {
            let sources = mermaid_sources(GUIDE);
            assert_eq!(sources.len(), 8, "one diagram per flow");
            for source in &sources {
                assert!(
                    diagram(source).is_some(),
                    "docs/diagrams/{}.svg is missing: run `node scripts/render-diagrams.mjs`\n{source}",
                    diagram_name(source)
                );
            }
            assert_eq!(DIAGRAMS.len(), sources.len(), "docs/diagrams/ holds a diagram the guide no longer has");
        }

        #[test]
        fn the_page_shows_each_diagram_as_inline_svg_with_a_title_and_no_inline_style() {
            let html = html();
            assert_eq!(html.matches("<figure class=\"diagram-figure\"><svg").count(), 8);
            assert!(!html.contains("language-mermaid") && !html.contains("sequenceDiagram"));
            assert!(!html.contains("<style") && !html.contains(" style=\""), "the CSP allows no inline style");
            assert!(html.contains("<title id=\"chart-title-diagram-"), "each diagram has a title");
            assert_eq!(html.matches("<h1>").count(), 1);
            assert_eq!(html.matches("<h2>").count(), 8, "a section per flow");
        }

        #[test]
        fn an_undrawn_diagram_is_shown_as_its_source() {
            let html = render("# T\n\n```mermaid\nsequenceDiagram\n    A->>B: <hi>\n```\n");
            assert!(html.contains("<pre><code>sequenceDiagram\n    A-&gt;&gt;B: &lt;hi&gt;\n</code></pre>"), "{html}");
        }
    }
}

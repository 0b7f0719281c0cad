import MarkdownIt from "markdown-it";
import { html, raw, type SafeHtml } from "../../platform/http/html.js";

/**
 * Organizers' Markdown as buyers see it. Raw HTML is shown as text (html: false), links go only to
 * http(s), mailto or this site, and nothing needs an inline style or script (the CSP allows neither).
 * Pictures become links to them: the CSP would block them anyway, and each would tell a third party
 * who reads.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
// "www.theatre.example" is how organizers write addresses (linkify-it 6 turned this off by default).
md.linkify.set({ fuzzyLink: true });

const ALLOWED_LINK = /^(?:https?:\/\/|mailto:|\/(?![/\\])|#)/i;
md.validateLink = (url: string) => ALLOWED_LINK.test(url.trim());

const renderToken = md.renderer.renderToken.bind(md.renderer);

md.renderer.rules.link_open = (tokens, idx, options) => {
  const token = tokens[idx];
  // Organizers' links are theirs, not ours: no ranking passed on, no window handle, no referrer.
  if (token && !/^[/#]/.test(String(token.attrGet("href") ?? "")))
    token.attrSet("rel", "nofollow noopener noreferrer");
  return renderToken(tokens, idx, options);
};

md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const href = token?.attrGet("src") ?? "";
  return html`<a href="${href}" rel="nofollow noopener noreferrer">${token?.content || href}</a>`.value;
};

// The page's own headings are h1 (the event) and h2 (its sections): "# Programme" becomes an h2.
for (const rule of ["heading_open", "heading_close"] as const) {
  md.renderer.rules[rule] = (tokens, idx, options) => {
    const token = tokens[idx];
    if (token) token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 1)}`;
    return renderToken(tokens, idx, options);
  };
}

// Aligned table columns come as style="text-align:…", which the CSP refuses: a class says the same.
for (const rule of ["th_open", "td_open"] as const) {
  md.renderer.rules[rule] = (tokens, idx, options) => {
    const token = tokens[idx];
    const align = /text-align:\s*(left|right|center)/.exec(String(token?.attrGet("style") ?? ""))?.[1];
    if (token?.attrs) token.attrs = token.attrs.filter(([name]) => name !== "style");
    if (token && align) token.attrSet("class", `align-${align}`);
    return renderToken(tokens, idx, options);
  };
}

/** The description as HTML, in a block the stylesheet knows; empty text gives nothing. */
export function renderMarkdown(source: string): SafeHtml | "" {
  if (source.trim() === "") return "";
  return html`<div class="description">${raw(md.render(source))}</div>`;
}

/** The first words of a description as plain text, for a card: at most `max` characters. */
export function markdownExcerpt(source: string, max = 160): string {
  const blocks: string[] = [];
  const tokens = md.parse(source, {});
  // Headings are left out: "Programme" before the first sentence reads as part of it.
  tokens.forEach((block, i) => {
    if (block.type !== "inline" || tokens[i - 1]?.type === "heading_open") return;
    blocks.push(
      (block.children ?? [])
        .map((child) =>
          child.type === "text" || child.type === "code_inline"
            ? child.content
            : child.type.endsWith("break")
              ? " "
              : "",
        )
        .join(""),
    );
  });
  const text = blocks.join(" ").replace(/\s+/g, " ").trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)).trimEnd()}…`;
}

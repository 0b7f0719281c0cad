import { describe, expect, it } from "vitest";
import { markdownExcerpt, renderMarkdown } from "./markdown.js";

const render = (source: string) => String(renderMarkdown(source));
/** Every href the HTML links to. */
const hrefs = (out: string) => [...out.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

describe("organizers' Markdown", () => {
  it("renders the usual Markdown, headings one level below the page's", () => {
    const out = render(
      "# Programme\n\nAn evening of **Shakespeare**, *in* the hall.\n\n- doors 19:00\n- `bar` open",
    );
    expect(out).toBe(
      '<div class="description"><h2>Programme</h2>\n<p>An evening of <strong>Shakespeare</strong>, <em>in</em> the hall.</p>\n<ul>\n<li>doors 19:00</li>\n<li><code>bar</code> open</li>\n</ul>\n</div>',
    );
    expect(renderMarkdown("  \n ")).toBe("");
  });

  it("shows raw HTML as text: no script, no element, no event handler", () => {
    for (const attack of [
      "<script>alert(1)</script>",
      '<img src=x onerror="alert(1)">',
      "<svg onload=alert(1)>",
      '<a href="javascript:alert(1)">x</a>',
      "<iframe src=//evil.example/x></iframe>",
      '<div style="position:fixed">x</div>',
      "<!-- <script> -->",
    ]) {
      const out = render(`Hello ${attack} there`);
      expect(out).not.toMatch(/<(script|img|svg|iframe|a |div style|!--)/i);
      expect(out).toContain("&lt;");
    }
  });

  it("links only to http(s), mailto and this site: no javascript:, data:, vbscript: or file:", () => {
    const out = render(
      [
        "[a](javascript:alert(1))",
        "[b](JaVaScRiPt:alert(1))",
        "[c](&#106;avascript:alert(1))",
        "[d](java\tscript:alert(1))",
        "[e](data:text/html;base64,PHNjcmlwdD4=)",
        "[f](vbscript:msgbox)",
        "[g](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "[h](//evil.example/x)",
        "[i](/\\evil.example)",
        "![j](data:image/svg+xml,<svg onload=alert(1)>)",
        "[ok1](https://theatre.example/a?b=1&c=2)",
        "[ok2](mailto:box@theatre.example)",
        "[ok3](/e/theatre/season)",
        "<https://autolink.example>",
        "www.theatre.de",
      ].join("\n\n"),
    );
    expect(hrefs(out)).toEqual([
      "/%5Cevil.example",
      "https://theatre.example/a?b=1&amp;c=2",
      "mailto:box@theatre.example",
      "/e/theatre/season",
      "https://autolink.example",
      "http://www.theatre.de",
    ]);
    expect(out).not.toMatch(/href="\s*(javascript|data|vbscript|file):/i);
    // Links elsewhere pass on no ranking, no window handle and no referrer; our own keep theirs.
    expect(out).toContain('<a href="https://autolink.example" rel="nofollow noopener noreferrer">');
    expect(out).toContain('<a href="/e/theatre/season">ok3</a>');
  });

  it("escapes what goes into attributes, and turns pictures into links to them", () => {
    const out = render(
      '[x](https://a.example "t\\" onmouseover=alert(1)") ![poster](https://cdn.example/p.png)',
    );
    expect(out).toContain('title="t&quot; onmouseover=alert(1)"');
    expect(out).not.toContain("<img");
    expect(out).toContain(
      '<a href="https://cdn.example/p.png" rel="nofollow noopener noreferrer">poster</a>',
    );
  });

  it("needs no inline style: aligned table columns get a class", () => {
    const out = render("| Act | Time |\n|:--|--:|\n| I | 20:00 |");
    expect(out).not.toContain("style=");
    expect(out).toContain('<td class="align-right">20:00</td>');
  });

  it("makes a short plain-text excerpt for a card", () => {
    expect(
      markdownExcerpt("# Programme\n\nA **bold**move, a [link](https://x.example).\n\n- one\n- two"),
    ).toBe("A boldmove, a link. one two");
    expect(markdownExcerpt("<b>tags</b> stay text")).toBe("<b>tags</b> stay text");
    const long = markdownExcerpt("word ".repeat(100), 40);
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long.endsWith("word…")).toBe(true);
  });
});

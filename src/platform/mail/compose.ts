import { escapeHtml, html, raw } from "../http/html.js";

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailContent {
  subject: string;
  /** Plain paragraphs, already translated. */
  paragraphs: string[];
  /** Label/value lines shown as a small table (booking code, total, …). */
  facts?: [string, string][];
  /** The one thing to do next, shown as a button in HTML and as a bare link in text. */
  action?: { label: string; url: string };
  footer?: string;
}

/**
 * Every mail goes out as text and as simple HTML built from the same parts, so both say the same and
 * the HTML needs no template engine. Inline styles only: mail clients ignore style sheets.
 */
export function composeMail(content: MailContent): ComposedMail {
  const facts = content.facts ?? [];
  const width = Math.max(0, ...facts.map(([label]) => label.length));
  const text = [
    ...content.paragraphs,
    facts.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`).join("\n"),
    content.action ? `${content.action.label}:\n${content.action.url}` : "",
    content.footer ? `-- \n${content.footer}` : "",
  ]
    .filter((part) => part !== "")
    .join("\n\n");
  const paragraph = (p: string) =>
    html`<p style="margin:0 0 12px">${raw(escapeHtml(p).replace(/\n/g, "<br>"))}</p>`;
  const body = html`<!doctype html>
<html><head><meta charset="utf-8"><title>${content.subject}</title></head>
<body style="font-family:DejaVu Sans,Helvetica,Arial,sans-serif;color:#1d2430;max-width:600px;margin:0 auto;padding:16px">
${content.paragraphs.map(paragraph)}
${
  facts.length > 0
    ? html`<table style="border-collapse:collapse;margin:0 0 12px">${facts.map(
        ([label, value]) =>
          html`<tr><th style="text-align:left;padding:2px 12px 2px 0;font-weight:600">${label}</th><td style="padding:2px 0">${value}</td></tr>`,
      )}</table>`
    : ""
}
${
  content.action
    ? html`<p style="margin:16px 0"><a href="${content.action.url}" style="background:#2446a8;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">${content.action.label}</a></p>`
    : ""
}
${content.footer ? html`<p style="color:#5b6475;font-size:12px;margin-top:24px">${content.footer}</p>` : ""}
</body></html>`;
  return { subject: content.subject, text, html: body.value };
}

/** For mails whose whole body is one translated text: paragraphs split on blank lines, the link as action. */
export function composeSimpleMail(subject: string, body: string, action?: { label: string; url: string }) {
  const paragraphs = body.split(/\n{2,}/).filter((p) => !action || p.trim() !== action.url);
  return composeMail({ subject, paragraphs, action });
}

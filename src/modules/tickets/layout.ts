import sharp from "sharp";
import { useShippedFonts } from "../../platform/fonts.js";
import { escapeHtml } from "../../platform/http/html.js";
import { type Locale, type Translate, translator } from "../../platform/i18n/index.js";

/**
 * A ticket is 2480 × 1169 px: 210 × 99 mm at 300 dpi (seed 003). The platform writes into two fixed
 * areas, which a template must leave white: the QR code on the right, the booking details bottom left.
 * Everything else is the organizer's design.
 */
export const TICKET = { width: 2480, height: 1169 } as const;
export const QR_AREA = { x: 1700, y: 185, size: 700 } as const;
export const DETAILS_AREA = { x: 90, y: 560, width: 1520, height: 520 } as const;
/** Under the QR code: the ticket code and number, for when the QR will not scan (also kept white). */
export const CODE_AREA = {
  x: QR_AREA.x,
  y: QR_AREA.y + QR_AREA.size,
  width: QR_AREA.size,
  height: 180,
} as const;

const box = (a: { x: number; y: number; width: number; height: number }, extra = "") =>
  `<rect x="${a.x}" y="${a.y}" width="${a.width}" height="${a.height}" fill="#fff" ${extra}/>`;
const qrBox = { x: QR_AREA.x, y: QR_AREA.y, width: QR_AREA.size, height: QR_AREA.size + CODE_AREA.height };
const font = `font-family="DejaVu Sans, Helvetica, Arial, sans-serif"`;

/** Used when a ticket type has no template: a quiet frame around the two white areas. */
function defaultTemplateSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${TICKET.width}" height="${TICKET.height}">
<rect width="100%" height="100%" fill="#eef1f7"/>
<rect x="0" y="0" width="${TICKET.width}" height="150" fill="#2446a8"/>
<rect x="30" y="180" width="${TICKET.width - 60}" height="${TICKET.height - 210}" rx="24" fill="#fff" stroke="#c9d1e4" stroke-width="4"/>
<line x1="1650" y1="230" x2="1650" y2="${TICKET.height - 80}" stroke="#c9d1e4" stroke-width="6" stroke-dasharray="24 18"/>
<circle cx="1650" cy="180" r="36" fill="#eef1f7" stroke="#c9d1e4" stroke-width="4"/>
<circle cx="1650" cy="${TICKET.height - 30}" r="36" fill="#eef1f7" stroke="#c9d1e4" stroke-width="4"/>
<rect x="0" y="150" width="${TICKET.width}" height="28" fill="#eef1f7"/>
<rect x="0" y="${TICKET.height - 28}" width="${TICKET.width}" height="28" fill="#eef1f7"/>
</svg>`;
}

/** The sample of seed 003: the white areas marked and labelled, to lay over one's own design. */
function sampleTemplateSvg(t: Translate): string {
  const label = (x: number, y: number, size: number, text: string) =>
    `<text x="${x}" y="${y}" ${font} font-size="${size}" fill="#55607a" text-anchor="middle">${escapeHtml(text)}</text>`;
  const area = (a: { x: number; y: number; width: number; height: number }, title: string) =>
    `${box(a, `stroke="#2446a8" stroke-width="6" stroke-dasharray="30 20"`)}
${label(a.x + a.width / 2, a.y + a.height / 2 - 10, 52, title)}
${label(a.x + a.width / 2, a.y + a.height / 2 + 60, 38, t("tickets.sampleArea", { width: a.width, height: a.height, x: a.x, y: a.y }))}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${TICKET.width}" height="${TICKET.height}">
<defs><pattern id="h" width="40" height="40" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect width="40" height="40" fill="#dfe4ee"/><line x1="0" y1="0" x2="0" y2="40" stroke="#cdd4e2" stroke-width="14"/></pattern></defs>
<rect width="100%" height="100%" fill="url(#h)"/>
${area(qrBox, t("tickets.sampleQr"))}
${area(DETAILS_AREA, t("tickets.sampleDetails"))}
${label(TICKET.width / 2, 100, 52, t("tickets.sampleDesign", { width: TICKET.width, height: TICKET.height }))}
</svg>`;
}

let defaultPng: Promise<Buffer> | undefined;
const samplePngs = new Map<Locale, Promise<Buffer>>();

export function defaultTemplate(): Promise<Buffer> {
  defaultPng ??= sharp(Buffer.from(defaultTemplateSvg())).png().toBuffer();
  return defaultPng;
}

/** The sample with its labels in the organizer's language. */
export function sampleTemplate(locale: Locale): Promise<Buffer> {
  let png = samplePngs.get(locale);
  if (!png) {
    useShippedFonts();
    png = sharp(Buffer.from(sampleTemplateSvg(translator(locale))))
      .png()
      .toBuffer();
    samplePngs.set(locale, png);
  }
  return png;
}

import sharp from "sharp";

/**
 * A ticket is 2480 × 1169 px: 210 × 99 mm at 300 dpi (seed 003). The platform writes into two fixed
 * areas, which a template must leave white: the QR code on the right, the booking details bottom left.
 * Everything else is the organizer's design.
 */
export const TICKET = { width: 2480, height: 1169 } as const;
export const QR_AREA = { x: 1700, y: 185, size: 700 } as const;
export const DETAILS_AREA = { x: 90, y: 560, width: 1520, height: 520 } as const;

const box = (a: { x: number; y: number; width: number; height: number }, extra = "") =>
  `<rect x="${a.x}" y="${a.y}" width="${a.width}" height="${a.height}" fill="#fff" ${extra}/>`;
const qrBox = { x: QR_AREA.x, y: QR_AREA.y, width: QR_AREA.size, height: QR_AREA.size };
const font = `font-family="DejaVu Sans, Helvetica, Arial, sans-serif"`;

/** Used when a ticket type has no template: a quiet frame around the two white areas. */
function defaultTemplateSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${TICKET.width}" height="${TICKET.height}">
<rect width="100%" height="100%" fill="#eef1f7"/>
<rect x="0" y="0" width="${TICKET.width}" height="150" fill="#2446a8"/>
<rect x="30" y="180" width="${TICKET.width - 60}" height="${TICKET.height - 210}" rx="24" fill="#fff" stroke="#c9d1e4" stroke-width="4"/>
<line x1="1650" y1="200" x2="1650" y2="${TICKET.height - 50}" stroke="#c9d1e4" stroke-width="6" stroke-dasharray="24 18"/>
</svg>`;
}

/** The sample of seed 003: the white areas marked and labelled, to lay over one's own design. */
function sampleTemplateSvg(): string {
  const label = (x: number, y: number, text: string) =>
    `<text x="${x}" y="${y}" ${font} font-size="56" fill="#8a93a6" text-anchor="middle">${text}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${TICKET.width}" height="${TICKET.height}">
<defs><pattern id="h" width="40" height="40" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect width="40" height="40" fill="#dfe4ee"/><line x1="0" y1="0" x2="0" y2="40" stroke="#cdd4e2" stroke-width="14"/></pattern></defs>
<rect width="100%" height="100%" fill="url(#h)"/>
${box(qrBox, `stroke="#2446a8" stroke-width="6" stroke-dasharray="30 20"`)}
${box(DETAILS_AREA, `stroke="#2446a8" stroke-width="6" stroke-dasharray="30 20"`)}
${label(QR_AREA.x + QR_AREA.size / 2, QR_AREA.y + QR_AREA.size / 2, "QR code (keep white)")}
${label(DETAILS_AREA.x + DETAILS_AREA.width / 2, DETAILS_AREA.y + DETAILS_AREA.height / 2, "Booking details (keep white)")}
${label(TICKET.width / 2, 110, "Your design: 2480 × 1169 px, landscape")}
</svg>`;
}

let defaultPng: Promise<Buffer> | undefined;
let samplePng: Promise<Buffer> | undefined;

export function defaultTemplate(): Promise<Buffer> {
  defaultPng ??= sharp(Buffer.from(defaultTemplateSvg())).png().toBuffer();
  return defaultPng;
}

export function sampleTemplate(): Promise<Buffer> {
  samplePng ??= sharp(Buffer.from(sampleTemplateSvg())).png().toBuffer();
  return samplePng;
}

import fs from "node:fs";
import PDFDocument from "pdfkit";
import sharp from "sharp";
import type { Db } from "../../platform/db/index.js";
import { DEJAVU_SANS, useShippedFonts } from "../../platform/fonts.js";
import { escapeHtml } from "../../platform/http/html.js";
import { translator } from "../../platform/i18n/index.js";
import { detailRuns, type Measure } from "./details.js";
import { type TicketDocument, ticketDocuments } from "./documents.js";
import { CODE_AREA, defaultTemplate, QR_AREA, TICKET } from "./layout.js";
import { qrRuns } from "./qr.js";

// 210 × 99 mm in PDF points: the template's 2480 × 1169 px at 300 dpi.
const POINTS_PER_PIXEL = 72 / 300;

// The PDF embeds DejaVu Sans; the PNG's text is drawn by librsvg in the same font (useShippedFonts).
function registerFonts(pdf: PDFKit.PDFDocument) {
  pdf.registerFont("regular", DEJAVU_SANS.regular);
  pdf.registerFont("bold", DEJAVU_SANS.bold);
}

function measureWith(pdf: PDFKit.PDFDocument): Measure {
  return (text, bold, size) =>
    pdf
      .font(bold ? "bold" : "regular")
      .fontSize(size)
      .widthOfString(text);
}

let measurer: Measure | undefined;
/** The PNG is laid out with the PDF's font metrics, so both cut and place text the same way. */
function pngMeasure(): Measure {
  if (!measurer) {
    const pdf = new PDFDocument({ autoFirstPage: false });
    registerFonts(pdf);
    measurer = measureWith(pdf);
  }
  return measurer;
}

// A test order's ticket carries a red band over the template's top: readable at a glance, QR left free.
const STAMP = { x: 90, y: 330, width: 1520, height: 170, size: 80, color: "#c0392b" } as const;

function testStamp(doc: TicketDocument, measure: Measure) {
  if (!doc.test) return null;
  const text = translator(doc.locale)("testMode.ticket");
  let size: number = STAMP.size;
  while (size > 30 && measure(text, true, size) > STAMP.width - 60) size -= 4;
  const x = STAMP.x + (STAMP.width - measure(text, true, size)) / 2;
  return { text, size, x, y: STAMP.y + STAMP.height / 2 + size * 0.36 };
}

function templateImage(doc: TicketDocument): Promise<Buffer> {
  return doc.templatePath ? fs.promises.readFile(doc.templatePath) : defaultTemplate();
}

/** A PNG of one ticket at 300 dpi: template, then QR code and details in one SVG overlay. */
export async function renderTicketPng(doc: TicketDocument): Promise<Buffer> {
  const qr = qrRuns(doc.secret)
    .map((r) => `<rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}"/>`)
    .join("");
  const text = detailRuns(doc, pngMeasure())
    .map(
      (r) =>
        `<text x="${r.x.toFixed(1)}" y="${r.y}" font-size="${r.size}" font-weight="${r.bold ? "bold" : "normal"}" fill="${r.color}">${escapeHtml(r.text)}</text>`,
    )
    .join("\n");
  const stamp = testStamp(doc, pngMeasure());
  const stampSvg = stamp
    ? `<rect x="${STAMP.x}" y="${STAMP.y}" width="${STAMP.width}" height="${STAMP.height}" fill="${STAMP.color}"/><text x="${stamp.x.toFixed(1)}" y="${stamp.y.toFixed(1)}" font-size="${stamp.size}" font-weight="bold" fill="#fff">${escapeHtml(stamp.text)}</text>`
    : "";
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${TICKET.width}" height="${TICKET.height}">
<rect x="${QR_AREA.x}" y="${QR_AREA.y}" width="${QR_AREA.size}" height="${QR_AREA.size}" fill="#fff"/>
<rect x="${CODE_AREA.x}" y="${CODE_AREA.y}" width="${CODE_AREA.width}" height="${CODE_AREA.height}" fill="#fff"/>
<g fill="#000" shape-rendering="crispEdges">${qr}</g>
<g font-family="DejaVu Sans" xml:space="preserve">${text}${stampSvg}</g>
</svg>`;
  useShippedFonts();
  // A template with transparency is printed on white paper: the PNG is flattened to look the same.
  return sharp(await templateImage(doc))
    .resize(TICKET.width, TICKET.height, { fit: "fill" })
    .flatten({ background: "#ffffff" })
    .composite([{ input: Buffer.from(svg), left: 0, top: 0 }])
    .png()
    .toBuffer();
}

/** One landscape page per ticket, with real text (searchable, readable by a screen reader). */
export async function renderTicketsPdf(docs: TicketDocument[]): Promise<Buffer> {
  const pdf = new PDFDocument({
    autoFirstPage: false,
    info: { Title: docs[0]?.event ?? "Tickets", Producer: "Tessera" },
  });
  registerFonts(pdf);
  const measure = measureWith(pdf);
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });
  const s = (px: number) => px * POINTS_PER_PIXEL;
  for (const doc of docs) {
    pdf.addPage({ size: [s(TICKET.width), s(TICKET.height)], margin: 0 });
    pdf.image(await templateImage(doc), 0, 0, { width: s(TICKET.width), height: s(TICKET.height) });
    pdf.rect(s(QR_AREA.x), s(QR_AREA.y), s(QR_AREA.size), s(QR_AREA.size)).fill("#ffffff");
    pdf.rect(s(CODE_AREA.x), s(CODE_AREA.y), s(CODE_AREA.width), s(CODE_AREA.height)).fill("#ffffff");
    // One path for the whole code: no hairlines between modules when a viewer anti-aliases.
    for (const r of qrRuns(doc.secret)) pdf.rect(s(r.x), s(r.y), s(r.width), s(r.height));
    pdf.fill("#000000");
    for (const run of detailRuns(doc, measure)) {
      pdf
        .font(run.bold ? "bold" : "regular")
        .fontSize(s(run.size))
        .fillColor(run.color)
        .text(run.text, s(run.x), s(run.y), { lineBreak: false, baseline: "alphabetic" });
    }
    const stamp = testStamp(doc, measure);
    if (stamp) {
      pdf.rect(s(STAMP.x), s(STAMP.y), s(STAMP.width), s(STAMP.height)).fill(STAMP.color);
      pdf
        .font("bold")
        .fontSize(s(stamp.size))
        .fillColor("#ffffff")
        .text(stamp.text, s(stamp.x), s(stamp.y), { lineBreak: false, baseline: "alphabetic" });
    }
  }
  pdf.end();
  return done;
}

/** All tickets of an order in one PDF, one page each: what the "payment received" mail attaches. */
export async function renderOrderTicketsPdf(
  db: Db,
  dataDir: string,
  timeZone: string,
  orderId: number,
): Promise<Buffer> {
  return renderTicketsPdf(await ticketDocuments(db, dataDir, timeZone, orderId));
}

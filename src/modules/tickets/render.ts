import fs from "node:fs";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import sharp from "sharp";
import type { Db } from "../../platform/db/index.js";
import { escapeHtml } from "../../platform/http/html.js";
import { translator } from "../../platform/i18n/index.js";
import { type TicketDocument, ticketDocuments } from "./documents.js";
import { DETAILS_AREA, defaultTemplate, QR_AREA, TICKET } from "./layout.js";

// 210 × 99 mm in PDF points: the template's 2480 × 1169 px at 300 dpi.
const POINTS_PER_PIXEL = 72 / 300;
const FONT_FILES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
] as const;

function qrPng(secret: string): Promise<Buffer> {
  // Error correction M and the standard quiet zone of 4 modules: scannable from paper, a phone
  // screen, and next to a coloured template.
  return QRCode.toBuffer(secret, { errorCorrectionLevel: "M", margin: 4, width: QR_AREA.size, type: "png" });
}

async function templateImage(doc: TicketDocument): Promise<Buffer> {
  return doc.templatePath ? fs.promises.readFile(doc.templatePath) : defaultTemplate();
}

/** The details block: label/value lines, the event name larger. */
function detailLines(doc: TicketDocument): { label: string; value: string }[] {
  const t = translator(doc.locale);
  return [
    { label: t("tickets.date"), value: doc.date ?? "" },
    { label: t("tickets.type"), value: doc.ticketType },
    { label: t("tickets.attendee"), value: doc.attendee ?? "" },
    { label: t("tickets.options"), value: doc.options.join(", ") },
    { label: t("tickets.code"), value: doc.code },
    { label: t("tickets.organizer"), value: doc.organizer },
  ].filter((line) => line.value !== "");
}

const EVENT_SIZE = 64;
const LINE_SIZE = 40;
const LINE_GAP = 62;

function clip(text: string, max: number) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A PNG of one ticket: template, QR code, details (text drawn by librsvg with the system's fonts). */
export async function renderTicketPng(doc: TicketDocument): Promise<Buffer> {
  const { x, y } = DETAILS_AREA;
  const lines = detailLines(doc);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${TICKET.width}" height="${TICKET.height}">
<g font-family="DejaVu Sans, Helvetica, Arial, sans-serif" fill="#1d2430">
<text x="${x + 30}" y="${y + 90}" font-size="${EVENT_SIZE}" font-weight="bold">${escapeHtml(clip(doc.event, 40))}</text>
${lines
  .map(
    (line, i) =>
      `<text x="${x + 30}" y="${y + 170 + i * LINE_GAP}" font-size="${LINE_SIZE}"><tspan fill="#5b6475">${escapeHtml(line.label)}:</tspan> ${escapeHtml(clip(line.value, 60))}</text>`,
  )
  .join("\n")}
</g></svg>`;
  return sharp(await templateImage(doc))
    .resize(TICKET.width, TICKET.height)
    .composite([
      { input: await qrPng(doc.secret), left: QR_AREA.x, top: QR_AREA.y },
      { input: Buffer.from(svg), left: 0, top: 0 },
    ])
    .png()
    .toBuffer();
}

/** One landscape page per ticket, with real text (searchable, readable by a screen reader). */
export async function renderTicketsPdf(docs: TicketDocument[]): Promise<Buffer> {
  const pdf = new PDFDocument({
    autoFirstPage: false,
    info: { Title: docs[0]?.event ?? "Tickets", Producer: "Tessera" },
  });
  const [regular, bold] = FONT_FILES.every((f) => fs.existsSync(f))
    ? FONT_FILES
    : ["Helvetica", "Helvetica-Bold"];
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
    pdf.image(await qrPng(doc.secret), s(QR_AREA.x), s(QR_AREA.y), { width: s(QR_AREA.size) });
    const left = s(DETAILS_AREA.x + 30);
    const width = s(DETAILS_AREA.width - 60);
    pdf
      .font(bold)
      .fontSize(s(EVENT_SIZE))
      .fillColor("#1d2430")
      .text(doc.event, left, s(DETAILS_AREA.y + 30), { width, lineBreak: false, ellipsis: true });
    detailLines(doc).forEach((line, i) => {
      pdf
        .font(regular)
        .fontSize(s(LINE_SIZE))
        .fillColor("#5b6475")
        .text(`${line.label}: `, left, s(DETAILS_AREA.y + 130 + i * LINE_GAP), {
          continued: true,
          lineBreak: false,
        })
        .fillColor("#1d2430")
        .text(line.value, { width, lineBreak: false, ellipsis: true });
    });
  }
  pdf.end();
  return done;
}

/** All tickets of an order in one PDF: what the "payment received" mail attaches. */
export async function renderOrderTicketsPdf(db: Db, dataDir: string, timeZone: string, orderId: number) {
  return renderTicketsPdf(await ticketDocuments(db, dataDir, timeZone, orderId));
}

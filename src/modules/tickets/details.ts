import { translator } from "../../platform/i18n/index.js";
import type { TicketDocument } from "./documents.js";
import { CODE_AREA, DETAILS_AREA } from "./layout.js";

/** One piece of text at its place on the 2480 × 1169 canvas; y is the baseline. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  size: number;
  bold: boolean;
  color: string;
}

/** Width in pixels of a text in DejaVu Sans at a size in pixels (the PDF's font metrics). */
export type Measure = (text: string, bold: boolean, size: number) => number;

const PADDING = 40;
const EVENT_SIZES = [64, 58, 52] as const;
const EVENT_MIN_SIZE = 46;
const EVENT_BASELINE = DETAILS_AREA.y + PADDING + 60;
const LINE_SIZE = 40;
const LINE_GAP = 62;
const INK = "#1d2430";
const MUTED = "#5b6475";

/** Cuts a text to a width, ending in "…" when something had to go. */
function cutToWidth(measure: Measure, text: string, bold: boolean, size: number, width: number): string {
  if (measure(text, bold, size) <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(`${text.slice(0, mid).trimEnd()}…`, bold, size) <= width) low = mid;
    else high = mid - 1;
  }
  return `${text.slice(0, low).trimEnd()}…`;
}

/**
 * The booking details inside the details area: the event name on top (smaller when long, cut when
 * still too long), then one "Label: value" line each, values cut to the area's width. Both the PNG and
 * the PDF draw exactly these runs, so they look the same.
 */
export function detailRuns(doc: TicketDocument, measure: Measure): TextRun[] {
  const t = translator(doc.locale);
  const left = DETAILS_AREA.x + PADDING;
  const width = DETAILS_AREA.width - 2 * PADDING;
  const eventSize = EVENT_SIZES.find((size) => measure(doc.event, true, size) <= width) ?? EVENT_MIN_SIZE;
  const runs: TextRun[] = [
    {
      text: cutToWidth(measure, doc.event, true, eventSize, width),
      x: left,
      y: EVENT_BASELINE,
      size: eventSize,
      bold: true,
      color: INK,
    },
  ];
  // The booking code in bold: it is what people read out at a desk or write on a bank transfer.
  const lines = [
    [t("tickets.date"), doc.date, false],
    [t("tickets.venue"), doc.venue, false],
    [t("tickets.type"), doc.ticketType, false],
    [t("tickets.attendee"), doc.attendee, false],
    [t("tickets.options"), doc.options.join(", "), false],
    [t("tickets.code"), doc.code, true],
    [t("tickets.organizer"), doc.organizer, false],
  ] as const;
  let y = EVENT_BASELINE + 80;
  // Every line fits the area: when many are filled in they move closer together.
  const filled = lines.filter(([, value]) => Boolean(value)).length;
  const room = DETAILS_AREA.y + DETAILS_AREA.height - PADDING / 2 - y;
  const gap = filled > 1 ? Math.min(LINE_GAP, Math.floor(room / (filled - 1))) : LINE_GAP;
  for (const [label, value, bold] of lines) {
    if (!value) continue;
    const caption = `${label}:`;
    const valueX = left + measure(`${caption} `, false, LINE_SIZE);
    runs.push(
      { text: caption, x: left, y, size: LINE_SIZE, bold: false, color: MUTED },
      {
        text: cutToWidth(measure, value, bold, LINE_SIZE, left + width - valueX),
        x: valueX,
        y,
        size: LINE_SIZE,
        bold,
        color: INK,
      },
    );
    y += gap;
  }
  return [...runs, ...codeRuns(doc, measure)];
}

/**
 * Under the QR code, centred: the ticket code large (what door staff type when the QR will not scan)
 * and the ticket number small (with the code, what an experience booking asks for).
 */
function codeRuns(doc: TicketDocument, measure: Measure): TextRun[] {
  const t = translator(doc.locale);
  const centre = CODE_AREA.x + CODE_AREA.width / 2;
  const width = CODE_AREA.width - 20;
  const centred = (text: string, bold: boolean, size: number, y: number, color: string): TextRun => {
    const cut = cutToWidth(measure, text, bold, size, width);
    return { text: cut, x: centre - measure(cut, bold, size) / 2, y, size, bold, color };
  };
  const runs: TextRun[] = [];
  if (doc.ticketCode) {
    runs.push(
      centred(t("tickets.ticketCode"), false, 30, CODE_AREA.y + 38, MUTED),
      centred(doc.ticketCode, true, 64, CODE_AREA.y + 108, INK),
    );
  }
  runs.push(
    centred(`${t("tickets.ticketNumber")}: ${doc.ticketNumber}`, false, 30, CODE_AREA.y + 160, MUTED),
  );
  return runs;
}

import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { TarArchive, ZipArchive } from "archiver";
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import { formatDateTime } from "../../platform/http/dates.js";
import type { Translate } from "../../platform/i18n/index.js";
import { formatMoney } from "../../platform/money.js";
import { uploadsDir } from "../information/answers.js";
import type { InformationField } from "../information/fields.js";
import type { ExportTicket } from "./rows.js";

export interface WriteContext {
  t: Translate;
  locale: string;
  timeZone: string;
  eventName: string;
  listName: string;
  fields: InformationField[];
  dataDir: string;
  /** Called after each batch so the export row shows progress. */
  progress(count: number): Promise<void>;
}

type Batches = () => AsyncGenerator<ExportTicket[]>;

const when = (c: WriteContext, iso: string | null) =>
  iso ? formatDateTime(c.locale, iso, c.timeZone, "short") : "";

/** Complete information, one row per ticket, written row by row (exceljs streaming writer). */
export async function writeXlsx(file: string, batches: Batches, c: WriteContext) {
  const { t } = c;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(t("exports.sheet"));
  const header = [
    t("exports.col.code"),
    t("exports.col.status"),
    t("exports.col.email"),
    t("exports.col.created"),
    t("exports.col.paid"),
    t("exports.col.type"),
    t("exports.col.date"),
    t("exports.col.attendee"),
    t("exports.col.price"),
    t("exports.col.options"),
    ...c.fields.flatMap((f) => [f.label, t("exports.col.validated", { field: f.label })]),
  ];
  const head = sheet.addRow(header);
  head.font = { bold: true };
  head.commit();
  for await (const batch of batches()) {
    for (const ticket of batch) {
      sheet
        .addRow([
          ticket.code,
          ticket.status,
          ticket.email,
          when(c, ticket.createdAt),
          when(c, ticket.paidAt),
          ticket.ticketType,
          [ticket.dateName, when(c, ticket.date)].filter(Boolean).join(" · "),
          ticket.attendee ?? "",
          `${formatMoney(ticket.priceMinor)} ${ticket.currency}`,
          ticket.options.join(", "),
          ...c.fields.flatMap((f) => {
            const value = ticket.information.get(f.id);
            return [value?.value ?? "", value ? t(value.validated ? "exports.yes" : "exports.no") : ""];
          }),
        ])
        .commit();
    }
    await c.progress(batch.length);
  }
  sheet.commit();
  await workbook.commit();
}

/** The reduced door list: who, which ticket, which date, a box to tick; alphabetical. */
export async function writeDoorListPdf(file: string, batches: Batches, c: WriteContext) {
  const { t } = c;
  const pdf = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 36,
    info: { Title: `${c.eventName} · ${c.listName}` },
  });
  const done = pipeline(pdf, fs.createWriteStream(file));
  const columns = [
    { title: t("exports.col.present"), width: 50 },
    { title: t("exports.col.attendee"), width: 190 },
    { title: t("exports.col.code"), width: 90 },
    { title: t("exports.col.type"), width: 120 },
    { title: t("exports.col.date"), width: 150 },
    { title: t("exports.col.options"), width: 170 },
  ];
  const bottom = pdf.page.height - 50;
  let page = 0;
  let y = 0;
  const row = (cells: string[], bold = false) => {
    let x = pdf.page.margins.left;
    pdf.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
    columns.forEach((col, i) => {
      pdf.text(cells[i] ?? "", x, y, { width: col.width - 6, height: 12, lineBreak: false, ellipsis: true });
      x += col.width;
    });
    y += 16;
  };
  const newPage = () => {
    if (page > 0) pdf.addPage();
    page++;
    pdf
      .font("Helvetica-Bold")
      .fontSize(14)
      .text(`${t("exports.doorList")}: ${c.eventName}`, 36, 36);
    pdf
      .font("Helvetica")
      .fontSize(9)
      .text(
        `${c.listName} · ${t("exports.generated", { when: when(c, new Date().toISOString()) })} · ${t("exports.page", { page })}`,
        36,
        56,
      );
    y = 80;
    row(
      columns.map((col) => col.title),
      true,
    );
  };
  newPage();
  for await (const batch of batches()) {
    for (const ticket of batch) {
      if (y > bottom) newPage();
      pdf.rect(pdf.page.margins.left + 2, y - 1, 9, 9).stroke();
      row([
        "",
        ticket.attendee ?? ticket.email,
        ticket.code,
        ticket.ticketType,
        [ticket.dateName, when(c, ticket.date)].filter(Boolean).join(" · "),
        ticket.options.join(", "),
      ]);
    }
    await c.progress(batch.length);
  }
  pdf.end();
  await done;
}

export const safeName = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[^\w.-]+/g, "_")
    .replace(/^[._]+/, "")
    .slice(0, 80) || "file";

/** Complete information (the XLSX) and every uploaded file, as ZIP or TAR.GZ, streamed to disk. */
export async function writeArchive(
  file: string,
  format: "zip" | "tar.gz",
  batches: Batches,
  c: WriteContext,
) {
  const sheet = `${file}.xlsx`;
  await writeXlsx(sheet, batches, c);
  const archive = format === "zip" ? new ZipArchive({ zlib: { level: 6 } }) : new TarArchive({ gzip: true });
  const done = pipeline(archive, fs.createWriteStream(file));
  archive.file(sheet, { name: `${safeName(c.eventName)}.xlsx` });
  const fileFields = new Map(c.fields.filter((f) => f.kind === "file").map((f) => [f.id, f]));
  for await (const batch of batches()) {
    for (const ticket of batch) {
      for (const [fieldId, value] of ticket.information) {
        const field = fileFields.get(fieldId);
        if (!field || !value.fileKey) continue;
        const source = path.join(uploadsDir(c.dataDir), value.fileKey);
        if (!fs.existsSync(source)) continue;
        const name = `files/${ticket.code}/${ticket.positionId}-${safeName(field.label)}-${safeName(value.fileName ?? "file")}`;
        archive.file(source, { name });
      }
    }
  }
  await archive.finalize();
  await done;
  fs.rmSync(sheet, { force: true });
}

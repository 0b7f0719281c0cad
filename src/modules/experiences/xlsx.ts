import ExcelJS from "exceljs";
import type { Translate } from "../../platform/i18n/index.js";

/** Per ticket number: kind, allowance, experiences booked — for reconciliation with the shop. */
export async function perTicketWorkbook(
  t: Translate,
  rows: { ticket_number: string; kind: string; allowance: number; booked: number }[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t("experiences.perTicket.sheet"));
  sheet.columns = [
    { header: t("experiences.col.ticketNumber"), key: "ticket_number", width: 24 },
    { header: t("experiences.col.kind"), key: "kind", width: 14 },
    { header: t("experiences.col.allowance"), key: "allowance", width: 12 },
    { header: t("experiences.col.booked"), key: "booked", width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

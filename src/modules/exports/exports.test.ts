import zlib from "node:zlib";
import ExcelJS from "exceljs";
import * as tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as yauzl from "yauzl";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { pdfText } from "../../testing/documents.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";

const CERTIFICATE = Buffer.from("%PDF-1.4\n% insurance certificate of Ada\n%%EOF\n");

function zipEntries(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(entries));
      zip.readEntry();
    });
  });
}

function tarGzEntries(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Buffer>();
    const extract = tar.extract();
    extract.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => chunks.push(c as Buffer));
      stream.on("end", () => {
        entries.set(header.name, Buffer.concat(chunks));
        next();
      });
    });
    extract.on("finish", () => resolve(entries));
    extract.on("error", reject);
    extract.end(zlib.gunzipSync(bytes));
  });
}

async function sheetRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    rows.push(
      (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v))),
    );
  });
  return rows;
}

describe.each(dialects)("exports on %s", (dialect) => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  const codes: { paid: string[]; pending: string[] } = { paid: [], pending: [] };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    seeded = await seedSeries(t, { quota: 50, price: "10.00" });
    const { call, ev, typeId, dateId } = seeded;
    const type = `${ev}/ticket-types/${typeId}`;
    const shuttle = await call<{ id: number }>(
      "POST",
      `${type}/options`,
      { name: "Shuttle", price: "2.00" },
      { expect: 201 },
    );
    const diet = await call<{ id: number }>(
      "POST",
      `${type}/fields`,
      { label: "Diet", kind: "text", required: false, blocks: "admission" },
      { expect: 201 },
    );
    const certificate = await call<{ id: number }>(
      "POST",
      `${type}/fields`,
      {
        label: "Certificate",
        kind: "file",
        required: false,
        blocks: "admission",
        allowed_types: ["application/pdf"],
      },
      { expect: 201 },
    );
    for (const [i, name] of ["Ada Lovelace", "Blaise Pascal", "Carl Gauss", "Dora Pending"].entries()) {
      const order = await call<{ code: string; positions: { id: number }[] }>(
        "POST",
        `${ev}/orders`,
        {
          email: `p${i}@example.org`,
          positions: [
            {
              ticket_type: typeId,
              date: dateId,
              attendee_name: name,
              options: i === 0 ? [shuttle.body.id] : [],
            },
          ],
        },
        { expect: 201 },
      );
      const position = order.body.positions[0]?.id;
      const value = `${ev}/orders/${order.body.code}/positions/${position}/information`;
      if (i === 0) {
        await call("PUT", `${value}/${diet.body.id}`, { value: "vegetarian" }, { expect: 200 });
        const upload = await t.app.inject({
          method: "PUT",
          url: `${value}/${certificate.body.id}/file`,
          headers: {
            ...adminHeaders,
            "content-type": "application/pdf",
            "content-disposition": 'attachment; filename="ada cert.pdf"',
          },
          payload: CERTIFICATE,
        });
        expect(upload.statusCode).toBe(200);
      }
      if (name === "Dora Pending") codes.pending.push(order.body.code);
      else {
        await call("POST", `${ev}/orders/${order.body.code}/mark-paid`, undefined, { expect: 200 });
        codes.paid.push(order.body.code);
      }
    }
  });
  afterAll(async () => t?.close());

  async function exportOf(list: string, format: string) {
    const requested = await seeded.call<{ id: number; status: string }>(
      "POST",
      `${seeded.ev}/exports`,
      { list, format },
      { expect: 202 },
    );
    expect(requested.body.status).toBe("queued");
    const early = await t.app.inject({
      url: `${seeded.ev}/exports/${requested.body.id}/file`,
      headers: adminHeaders,
    });
    expect(early.statusCode).toBe(409);
    await t.worker.drain();
    const status = await seeded.call<{ status: string; done: number; total: number; download_url: string }>(
      "GET",
      `${seeded.ev}/exports/${requested.body.id}`,
    );
    expect(status.body).toMatchObject({ status: "done", done: status.body.total });
    const file = await t.app.inject({ url: status.body.download_url, headers: adminHeaders });
    expect(file.statusCode).toBe(200);
    return { file, total: status.body.total };
  }

  it("writes the paid list as XLSX with every column, options and required information, and no pending order", async () => {
    const { file, total } = await exportOf("paid", "xlsx");
    expect(total).toBe(3);
    expect(file.headers["content-disposition"]).toMatch(
      /attachment; filename="series-paid-\d{4}-\d{2}-\d{2}\.xlsx"/,
    );
    const rows = await sheetRows(file.rawPayload);
    expect(rows[0]).toEqual([
      "Booking code",
      "Status",
      "E-mail",
      "Booked at",
      "Paid at",
      "Ticket",
      "Date",
      "Attendee",
      "Price",
      "Options",
      "Diet",
      "Diet (validated)",
      "Certificate",
      "Certificate (validated)",
    ]);
    expect(rows).toHaveLength(4);
    const ada = rows.find((r) => r[7] === "Ada Lovelace");
    expect(ada?.slice(0, 3)).toEqual([codes.paid[0], "paid", "p0@example.org"]);
    expect(ada?.slice(8)).toEqual(["12.00 EUR", "Shuttle", "vegetarian", "no", "ada cert.pdf", "no"]);
    expect(rows.flat()).not.toContain(codes.pending[0]);
  });

  it("prints the pending list as a PDF door list", async () => {
    const { file } = await exportOf("pending", "pdf");
    const text = pdfText(file.rawPayload);
    expect(text).toContain("Door list: Series");
    expect(text).toContain("Dora Pending");
    expect(text).toContain(codes.pending[0]);
    expect(text).not.toContain("Ada Lovelace");
  });

  it("packs the complete information and every uploaded file into ZIP and TAR.GZ", async () => {
    const zip = await zipEntries((await exportOf("paid", "zip")).file.rawPayload);
    const tgz = await tarGzEntries((await exportOf("paid", "tar.gz")).file.rawPayload);
    for (const entries of [zip, tgz]) {
      const names = [...entries.keys()];
      expect(names).toContain("Series.xlsx");
      const certificate = names.find((n) => n.startsWith(`files/${codes.paid[0]}/`));
      expect(certificate).toMatch(/-Certificate-ada_cert\.pdf$/);
      expect(entries.get(certificate ?? "")).toEqual(CERTIFICATE);
      expect((await sheetRows(entries.get("Series.xlsx") ?? Buffer.alloc(0))).length).toBe(4);
    }
  });

  it("refuses bad requests with the error shape and hides exports from outsiders", async () => {
    const bad = await seeded.call("POST", `${seeded.ev}/exports`, { list: "paid", format: "docx" });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { code: string } }).error.code).toBe("validation_failed");
    const outsider = await t.app.inject({ url: `${seeded.ev}/exports` });
    expect([401, 403, 404]).toContain(outsider.statusCode);
    const page = await t.app.inject({
      url: "/admin/organizers/org/events/series/exports",
      headers: adminHeaders,
    });
    expect(page.body).toContain("<progress");
    expect(await t.ctx.db.kysely.selectFrom("exports").select("id").execute()).toHaveLength(4);
  });
});

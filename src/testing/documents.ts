import jsQRModule from "jsqr";
import * as mupdf from "mupdf";
import { PNG } from "pngjs";
import sharp from "sharp";

// jsqr is CommonJS typed as an ES default export: take whichever shape Node hands over.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: Decode =
  (jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode);

/** Decodes the QR code in a PNG the way a phone would: from the pixels. */
export function decodeQrPng(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

/** Decodes the QR code in any image sharp reads (JPEG, PNG, …), from the pixels. */
export async function decodeQrImage(image: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data;
}

/** A PDF opened by MuPDF (its WASM build: no system tool), closed again after `use`. */
function withPdf<T>(pdf: Buffer, use: (doc: mupdf.Document) => T): T {
  const doc = mupdf.Document.openDocument(pdf, "application/pdf");
  try {
    return use(doc);
  } finally {
    doc.destroy();
  }
}

function withPage<T>(doc: mupdf.Document, index: number, use: (page: mupdf.Page) => T): T {
  const page = doc.loadPage(index);
  try {
    return use(page);
  } finally {
    page.destroy();
  }
}

export function pdfPageCount(pdf: Buffer): number {
  return withPdf(pdf, (doc) => doc.countPages());
}

interface TextLine {
  text: string;
  x0: number;
  x1: number;
  baseline: number;
  size: number;
}

/**
 * A page's text rows in the manner of `pdftotext -layout`: MuPDF puts every separately drawn run on
 * its own line, while a reader sees runs on one baseline as one row, left to right, apart by spaces.
 */
function layoutRows(page: mupdf.Page): string[] {
  const lines: TextLine[] = [];
  let line: TextLine | undefined;
  const text = page.toStructuredText("preserve-whitespace");
  text.walk({
    beginLine: (bbox) => {
      line = { text: "", x0: bbox[0], x1: bbox[2], baseline: bbox[3], size: 0 };
      lines.push(line);
    },
    onChar: (c, origin, _font, size) => {
      if (!line) return;
      if (line.text === "") line.baseline = origin[1];
      line.text += c;
      line.size = Math.max(line.size, size);
    },
  });
  text.destroy();

  const rows: TextLine[][] = [];
  for (const l of lines.filter((l) => l.text.trim() !== "").sort((a, b) => a.baseline - b.baseline)) {
    const row = rows.at(-1);
    const first = row?.[0];
    if (row && first && Math.abs(l.baseline - first.baseline) < Math.min(l.size, first.size) / 2) row.push(l);
    else rows.push([l]);
  }
  return rows.map((row) =>
    row
      .sort((a, b) => a.x0 - b.x0)
      .reduce((out, l, i) => {
        const prev = row[i - 1];
        if (!prev) return l.text;
        // Roughly one space per character width of the gap, at least one.
        const charWidth = (prev.x1 - prev.x0) / Math.max(prev.text.length, 1);
        return out + " ".repeat(Math.max(1, Math.round((l.x0 - prev.x1) / charWidth))) + l.text;
      }, ""),
  );
}

/** The text of a PDF as a reader would copy it out: the rows of each page, a form feed after each. */
export function pdfText(pdf: Buffer): string {
  return withPdf(pdf, (doc) => {
    let text = "";
    for (let i = 0; i < doc.countPages(); i++) text += `${withPage(doc, i, layoutRows).join("\n")}\n\f`;
    return text;
  });
}

/** Page `page` (from 1) of a PDF rasterised at `dpi`, as PNG bytes. */
export function pdfPagePng(pdf: Buffer, page = 1, dpi = 150): Buffer {
  return withPdf(pdf, (doc) =>
    withPage(doc, page - 1, (p) => {
      const pixmap = p.toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceRGB, false);
      try {
        return Buffer.from(pixmap.asPNG());
      } finally {
        pixmap.destroy();
      }
    }),
  );
}

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import jsQRModule from "jsqr";
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

function withTempFile<T>(bytes: Buffer, suffix: string, run: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-doc-"));
  try {
    const file = path.join(dir, `doc${suffix}`);
    fs.writeFileSync(file, bytes);
    return run(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as poppler's pdftotext reads it (what a reader would copy out). */
export function pdfText(pdf: Buffer): string {
  return withTempFile(pdf, ".pdf", (file) =>
    execFileSync("pdftotext", ["-layout", file, "-"]).toString("utf8"),
  );
}

export function pdfPageCount(pdf: Buffer): number {
  return withTempFile(pdf, ".pdf", (file) => {
    const info = execFileSync("pdfinfo", [file]).toString("utf8");
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  });
}

/** Page `page` of a PDF rasterised by pdftoppm, as PNG bytes. */
export function pdfPagePng(pdf: Buffer, page = 1, dpi = 150): Buffer {
  return withTempFile(pdf, ".pdf", (file, dir) => {
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      String(dpi),
      "-f",
      String(page),
      "-l",
      String(page),
      file,
      path.join(dir, "p"),
    ]);
    const out = fs.readdirSync(dir).find((name) => name.startsWith("p") && name.endsWith(".png"));
    if (!out) throw new Error("pdftoppm produced no page");
    return fs.readFileSync(path.join(dir, out));
  });
}

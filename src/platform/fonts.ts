import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { escapeHtml } from "./http/html.js";

// The fonts come from an npm package (resolved from src/ and dist/ alike), so documents render the
// same on every machine, including one without any system fonts.
const FONT_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")),
  "ttf",
);

/** DejaVu Sans: embedded in ticket PDFs, drawn into ticket PNGs, and whose metrics lay both out. */
export const DEJAVU_SANS = {
  regular: path.join(FONT_DIR, "DejaVuSans.ttf"),
  bold: path.join(FONT_DIR, "DejaVuSans-Bold.ttf"),
} as const;

let configured = false;

/**
 * Makes fontconfig — through which sharp's librsvg finds the fonts of SVG text — see the shipped
 * fonts and nothing else: "DejaVu Sans" then resolves without system fonts, and the PNG uses the very
 * font whose metrics laid it out. Fontconfig reads FONTCONFIG_FILE once, when the first text is
 * drawn, so this must run before that; Node's process.env writes reach the native getenv.
 */
export function useShippedFonts(): void {
  if (configured) return;
  configured = true;
  const xml = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>${escapeHtml(FONT_DIR)}</dir>
  <cachedir>${escapeHtml(path.join(os.tmpdir(), "tessera-fontconfig-cache"))}</cachedir>
</fontconfig>
`;
  // Named by content: installs in different places get their own file, and one written is reused.
  const hash = crypto.createHash("sha256").update(xml).digest("hex").slice(0, 16);
  const file = path.join(os.tmpdir(), `tessera-fonts-${hash}.conf`);
  if (!fs.existsSync(file)) {
    // Written aside and renamed: a process starting at the same time never reads half a file.
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, xml);
    fs.renameSync(partial, file);
  }
  process.env.FONTCONFIG_FILE = file;
}

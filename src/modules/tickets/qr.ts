import QRCode from "qrcode";
import { QR_AREA } from "./layout.js";

/** A horizontal run of dark modules, in template pixels. */
export interface QrRun {
  x: number;
  y: number;
  width: number;
  height: number;
}

const QUIET_ZONE = 4;

/**
 * The QR code of a secret as dark runs inside the QR area. Error correction M (seed 003), the standard
 * quiet zone of 4 modules, and a whole number of pixels per module: every module is the same size at
 * 300 dpi, and the PDF draws the same runs as vectors, sharp at any print resolution.
 */
export function qrRuns(secret: string): QrRun[] {
  const { modules } = QRCode.create(secret, { errorCorrectionLevel: "M" });
  const count = modules.size + 2 * QUIET_ZONE;
  const scale = Math.floor(QR_AREA.size / count);
  const offset = Math.floor((QR_AREA.size - count * scale) / 2) + QUIET_ZONE * scale;
  const runs: QrRun[] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push({
          x: QR_AREA.x + offset + start * scale,
          y: QR_AREA.y + offset + row * scale,
          width: (col - start) * scale,
          height: scale,
        });
        start = -1;
      }
    }
  }
  return runs;
}

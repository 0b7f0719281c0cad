import QRCode from "qrcode";
import { encodeBlockJpeg } from "./block-jpeg.js";

const QUIET_ZONE = 4;

/**
 * The QR code of an auth code as a JPEG (seed 001: `qr_code_mime` image/jpeg). It holds the code in
 * plain text and nothing else: error correction M, the standard quiet zone of 4 modules, 8 pixels per
 * module, so every JPEG block is one module and the image comes out exact (no blur at module edges).
 */
export function authCodeQrJpeg(authCode: string): Buffer {
  const { modules } = QRCode.create(authCode, { errorCorrectionLevel: "M" });
  const side = modules.size + 2 * QUIET_ZONE;
  const dark = (row: number, col: number) => {
    const r = row - QUIET_ZONE;
    const c = col - QUIET_ZONE;
    return r >= 0 && c >= 0 && r < modules.size && c < modules.size && modules.get(r, c) === 1;
  };
  return encodeBlockJpeg(side, side, (row, col) => (dark(row, col) ? 0 : 255));
}

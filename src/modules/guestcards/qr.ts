import QRCode from "qrcode";
import sharp from "sharp";

const QUIET_ZONE = 4;
const MODULE_PX = 8;

/**
 * The QR code of an auth code as a JPEG (seed 001: `qr_code_mime` image/jpeg). It holds the code in
 * plain text and nothing else. Drawn straight into a grey-scale pixel buffer (no PNG round trip), with
 * the standard quiet zone and 8 px per module so JPEG artefacts never blur a module edge into its
 * neighbour.
 */
export async function authCodeQrJpeg(authCode: string): Promise<Buffer> {
  const { modules } = QRCode.create(authCode, { errorCorrectionLevel: "M" });
  const side = (modules.size + 2 * QUIET_ZONE) * MODULE_PX;
  const pixels = Buffer.alloc(side * side, 255);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col) !== 1) continue;
      const x = (col + QUIET_ZONE) * MODULE_PX;
      for (let dy = 0; dy < MODULE_PX; dy++) {
        const start = ((row + QUIET_ZONE) * MODULE_PX + dy) * side + x;
        pixels.fill(0, start, start + MODULE_PX);
      }
    }
  }
  return sharp(pixels, { raw: { width: side, height: side, channels: 1 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

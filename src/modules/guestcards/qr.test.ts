import QRCode from "qrcode";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeQrImage } from "../../testing/documents.js";
import { newAuthCode } from "./auth-codes.js";
import { encodeBlockJpeg } from "./block-jpeg.js";
import { authCodeQrJpeg } from "./qr.js";

describe("the auth code's QR JPEG", () => {
  it("is a baseline JPEG that any decoder reads back pixel for pixel, and the QR holds the code only", async () => {
    for (let i = 0; i < 20; i++) {
      const code = newAuthCode();
      const jpeg = authCodeQrJpeg(code);
      expect(jpeg.subarray(0, 3).toString("hex")).toBe("ffd8ff");
      expect(await sharp(jpeg).metadata()).toMatchObject({
        format: "jpeg",
        width: 232,
        height: 232,
        channels: 1,
      });
      const { data, info } = await sharp(jpeg).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      // Lossless: every pixel exactly black or white, matching its module.
      const { modules } = QRCode.create(code, { errorCorrectionLevel: "M" });
      for (let y = 0; y < info.height; y++)
        for (let x = 0; x < info.width; x++) {
          const r = Math.floor(y / 8) - 4;
          const c = Math.floor(x / 8) - 4;
          const dark = r >= 0 && c >= 0 && r < modules.size && c < modules.size && modules.get(r, c) === 1;
          if (data[y * info.width + x] !== (dark ? 0 : 255)) throw new Error(`pixel ${x},${y} of ${code}`);
        }
      expect(await decodeQrImage(jpeg)).toBe(code);
    }
  });

  it("encodes grey levels and 0xFF bytes in the entropy data correctly (byte stuffing)", async () => {
    // Two rows alternating black and white (DC steps of ±255) put runs of 1 bits on byte boundaries,
    // so 0xFF bytes appear in the entropy data and must be stuffed; a third row of greys.
    const greys = [17, 128, 254, 1, 200, 77, 128, 3];
    const level = (row: number, col: number) =>
      row < 2 ? ((row * 8 + col + 1) % 2) * 255 : (greys[col] ?? 0);
    const jpeg = encodeBlockJpeg(8, 3, level);
    expect(jpeg.includes(Buffer.from([0xff, 0x00]))).toBe(true);
    const { data, info } = await sharp(jpeg).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 64, height: 24 });
    for (let row = 0; row < 3; row++)
      for (let col = 0; col < 8; col++)
        // The DC is quantised by 8: within 4 grey levels, exact for black and white.
        expect(Math.abs((data[(row * 8 + 3) * 64 + col * 8 + 3] ?? 0) - level(row, col))).toBeLessThanOrEqual(
          4,
        );
  });
});

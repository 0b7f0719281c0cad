import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import QRCode from "qrcode";
import sharp from "sharp";

const WIDTH = 640;
const HEIGHT = 480;

/**
 * A Y4M video of a QR code holding `text`, for Chromium's `--use-file-for-fake-video-capture`: the
 * scanner's camera then films a ticket held up to it. Grey levels go into the Y plane; U and V stay
 * neutral (no colour).
 */
export async function qrVideo(text: string): Promise<string> {
  const qr = await QRCode.toBuffer(text, { errorCorrectionLevel: "M", margin: 4, width: 360 });
  const luma = await sharp(qr)
    .resize(360, 360)
    .extend({
      top: (HEIGHT - 360) / 2,
      bottom: (HEIGHT - 360) / 2,
      left: (WIDTH - 360) / 2,
      right: (WIDTH - 360) / 2,
      background: "#ffffff",
    })
    .greyscale()
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const y = luma.data.subarray(0, WIDTH * HEIGHT);
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), y, chroma, chroma]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tessera-camera-")), "qr.y4m");
  fs.writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`),
      frame,
      frame,
      frame,
    ]),
  );
  return file;
}

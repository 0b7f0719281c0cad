import sharp from "sharp";

/** Where the test photo claims it was taken: what must never reach a buyer. */
export const SECRET_PLACE = "Hidden Garden 7, Testville";

/**
 * A photo as a phone sends it: real pixels (a gradient with a red block on the left, so crops and
 * turns can be told apart), EXIF with a description naming a place and GPS coordinates.
 */
export async function phonePhoto(
  width: number,
  height: number,
  format: "png" | "jpeg" | "webp" = "jpeg",
  orientation?: number,
): Promise<Buffer> {
  const block = await sharp({
    create: {
      width: Math.round(width / 4),
      height: Math.round(height / 4),
      channels: 3,
      background: "#d01010",
    },
  })
    .png()
    .toBuffer();
  const image = sharp({ create: { width, height, channels: 3, background: "#2050c0" } })
    .composite([{ input: block, left: Math.round(width / 16), top: Math.round((height * 3) / 8) }])
    .withExif({
      IFD0: { ImageDescription: SECRET_PLACE, Make: "TestPhone" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "52/1 31/1 12/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "13/1 24/1 36/1",
      },
    });
  if (orientation) image.withMetadata({ orientation });
  return image.toFormat(format).toBuffer();
}

/** The average colour of a region of a picture (x, y, w, h in its pixels), as [r, g, b]. */
export async function averageColour(
  picture: Buffer,
  region: { left: number; top: number; width: number; height: number },
): Promise<[number, number, number]> {
  const { data, info } = await sharp(picture)
    .extract(region)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const sums = [0, 0, 0];
  for (let i = 0; i < data.length; i += info.channels)
    for (let c = 0; c < 3; c++) sums[c] = (sums[c] ?? 0) + (data[i + c] ?? 0);
  const pixels = data.length / info.channels;
  return sums.map((sum) => Math.round(sum / pixels)) as [number, number, number];
}

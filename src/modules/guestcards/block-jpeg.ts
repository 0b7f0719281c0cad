/**
 * A baseline grey-scale JPEG (JFIF) of an image made of uniform 8 × 8 blocks, such as a QR code drawn
 * at 8 pixels per module. Every block is one flat grey, so its DCT has a DC coefficient only: the
 * encoder writes one DC difference and an end-of-block per block, with the standard DC Huffman table
 * and an AC table holding only end-of-block. Lossless for such images, a few hundred bytes, and ~100×
 * faster than a general encoder (this is the partner lookup's hot path).
 */

const DC_QUANT = 8;
// ITU T.81 Annex K.3: the luminance DC table (code lengths 1..16, then the categories 0..11).
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// The one AC symbol used: 0x00 (end of block), code "0".
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0];

/** Canonical Huffman codes of a table given as code-length counts and symbols (T.81 Annex C). */
function huffmanCodes(bits: number[], values: number[]): Map<number, { code: number; length: number }> {
  const codes = new Map<number, { code: number; length: number }>();
  let code = 0;
  let k = 0;
  bits.forEach((count, i) => {
    for (let n = 0; n < count; n++) codes.set(values[k++] ?? 0, { code: code++, length: i + 1 });
    code <<= 1;
  });
  return codes;
}
const DC_CODES = huffmanCodes(DC_BITS, DC_VALUES);
const AC_EOB = huffmanCodes(AC_BITS, AC_VALUES).get(0) ?? { code: 0, length: 1 };

class BitWriter {
  private bytes: number[] = [];
  private current = 0;
  private filled = 0;

  write(value: number, length: number) {
    for (let i = length - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >> i) & 1);
      if (++this.filled === 8) this.flushByte();
    }
  }

  private flushByte() {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0x00); // byte stuffing
    this.current = 0;
    this.filled = 0;
  }

  /** Pads the last byte with 1 bits, as T.81 asks. */
  finish(): number[] {
    while (this.filled !== 0) this.write(1, 1);
    return this.bytes;
  }
}

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const segment = (marker: number, body: number[]) => [0xff, marker, ...u16(body.length + 2), ...body];

/** `grey(row, col)` gives each block's grey level (0 black … 255 white). */
export function encodeBlockJpeg(
  blocksWide: number,
  blocksHigh: number,
  grey: (row: number, col: number) => number,
) {
  const out = new BitWriter();
  let previous = 0;
  for (let row = 0; row < blocksHigh; row++) {
    for (let col = 0; col < blocksWide; col++) {
      // A flat block's DC coefficient is 8 × (level − 128); quantised by 8 it is the level shift itself.
      const dc = Math.round((8 * (grey(row, col) - 128)) / DC_QUANT);
      const diff = dc - previous;
      previous = dc;
      const magnitude = Math.abs(diff);
      const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
      const huffman = DC_CODES.get(category) ?? { code: 0, length: 0 };
      out.write(huffman.code, huffman.length);
      if (category > 0) out.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
      out.write(AC_EOB.code, AC_EOB.length);
    }
  }
  const width = blocksWide * 8;
  const height = blocksHigh * 8;
  return Buffer.from([
    0xff,
    0xd8, // SOI
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, ...u16(1), ...u16(1), 0, 0]), // JFIF 1.1
    ...segment(0xdb, [0x00, DC_QUANT, ...new Array(63).fill(1)]), // quantisation table 0
    ...segment(0xc0, [8, ...u16(height), ...u16(width), 1, 1, 0x11, 0]), // baseline, 1 component
    ...segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES]), // DC 0, AC 0
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // scan: component 1, tables 0/0
    ...out.finish(),
    0xff,
    0xd9, // EOI
  ]);
}

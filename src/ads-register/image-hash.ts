import { Jimp } from 'jimp';
import { hex, mulberry32 } from './generator.ts';

/**
 * 64-bit difference hash (dHash) of an image: greyscale, 9×8 pixels, one bit per horizontal
 * neighbour comparison. Only the hash leaves this function; the image bytes are not kept.
 */
export async function imageHash(source: string | Buffer): Promise<string> {
  const img = typeof source === 'string' ? await Jimp.read(source) : await Jimp.read(source);
  img.greyscale().resize({ w: 9, h: 8 });
  const d = img.bitmap.data;
  let hi = 0;
  let lo = 0;
  let bit = 0;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const left = d[(y * 9 + x) * 4]!;
      const right = d[(y * 9 + x + 1) * 4]!;
      const on = left > right ? 1 : 0;
      if (bit < 32) hi = ((hi << 1) | on) >>> 0;
      else lo = ((lo << 1) | on) >>> 0;
      bit++;
    }
  }
  return hex([hi, lo]);
}

/** A small synthetic picture (random soft blobs) for the generator and tests, as PNG. */
export async function syntheticImage(seed: number, size = 96): Promise<Buffer> {
  const rnd = mulberry32(seed);
  const blobs = Array.from({ length: 6 }, () => ({ x: rnd() * size, y: rnd() * size, r: 10 + rnd() * 30, c: Math.floor(rnd() * 255) }));
  const img = new Jimp({ width: size, height: size, color: 0x808080ff });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let v = 128;
      for (const b of blobs) if ((x - b.x) ** 2 + (y - b.y) ** 2 < b.r ** 2) v = (v + b.c) >> 1;
      img.setPixelColor(((v << 24) | (v << 16) | (v << 8) | 0xff) >>> 0, x, y);
    }
  }
  return img.getBuffer('image/png');
}

/** Re-encodes an image as JPEG at the given quality, optionally scaled (what reposting does). */
export async function reencodeJpeg(png: Buffer, quality: number, scale = 1): Promise<Buffer> {
  const img = await Jimp.read(png);
  if (scale !== 1) img.resize({ w: Math.round(img.bitmap.width * scale) });
  return img.getBuffer('image/jpeg', { quality });
}

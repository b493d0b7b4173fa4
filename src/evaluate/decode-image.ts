/**
 * Decodes one PNG or JPEG file into 8-bit pixels with its own channel
 * count, through pngjs and jpeg-js (pure JavaScript: the same pixels on
 * every platform, no native binary).
 *
 * @module
 */

import { createRequire } from 'node:module';
import { type ErrorPath, InvalidDatasetError } from '../errors.js';

/** A decoded image: `height * width * channels` bytes, HWC. */
export interface DecodedImage {
  readonly height: number;
  readonly width: number;
  /** 1 (gray) or 3 (color); an alpha channel is dropped. */
  readonly channels: 1 | 3;
  readonly pixels: Uint8Array;
}

/** The part of pngjs the decoder uses. */
interface PngModule {
  readonly PNG: { readonly sync: { read(data: Buffer): { width: number; height: number; color: boolean; data: Buffer } } };
}
/** The part of jpeg-js the decoder uses. */
interface JpegModule {
  decode(
    data: Uint8Array,
    options: { useTArray: true; formatAsRGBA: false; maxResolutionInMP: number; maxMemoryUsageInMB: number },
  ): { width: number; height: number; data: Uint8Array };
}

/** Largest image decoded, megapixels (jpeg-js's own guard; a PNG is checked after decoding). */
const MAX_MEGAPIXELS = 64;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The image format of `bytes` by its magic number, or undefined. */
export function imageFormat(bytes: Uint8Array): 'png' | 'jpeg' | undefined {
  if (PNG_MAGIC.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

function load<M>(name: string, file: string): M {
  try {
    return createRequire(import.meta.url)(name) as M;
  } catch (cause) {
    throw new InvalidDatasetError(`Cannot decode ${file}: the npm package ${name} is missing (npm install ${name})`, {
      problem: 'corrupt-image',
      file,
      cause,
    });
  }
}

/**
 * Components of a JPEG's frame (the SOFn marker): 1 for grayscale, 3 for
 * YCbCr; undefined when no frame header is found.
 */
function jpegComponents(bytes: Uint8Array): number | undefined {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1] as number;
    const length = ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return bytes[i + 9];
    i += 2 + length;
  }
  return undefined;
}

/** Keeps channel 0 (gray) or channels 0-2 (color) of `stride`-byte pixels. */
function keep(data: Uint8Array, pixels: number, stride: number, channels: 1 | 3): Uint8Array {
  if (stride === channels) return data.subarray(0, pixels * channels);
  const out = new Uint8Array(pixels * channels);
  for (let p = 0; p < pixels; p++) for (let k = 0; k < channels; k++) out[p * channels + k] = data[p * stride + k] as number;
  return out;
}

function decodeRaw(bytes: Uint8Array, format: 'png' | 'jpeg', file: string): DecodedImage {
  if (format === 'png') {
    const png = load<PngModule>('pngjs', file).PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const channels = png.color ? 3 : 1;
    return { height: png.height, width: png.width, channels, pixels: keep(png.data, png.width * png.height, 4, channels) };
  }
  const jpeg = load<JpegModule>('jpeg-js', file).decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    maxResolutionInMP: MAX_MEGAPIXELS,
    maxMemoryUsageInMB: 1024,
  });
  const channels = jpegComponents(bytes) === 1 ? 1 : 3;
  return { height: jpeg.height, width: jpeg.width, channels, pixels: keep(jpeg.data, jpeg.width * jpeg.height, 3, channels) };
}

/**
 * Decodes a PNG (any bit depth, palette, gray or color, alpha dropped) or a
 * baseline/progressive JPEG (gray or color).
 *
 * @param file - the file's path on disk, for messages.
 * @param path - the file's path inside its dataset (`['cat', '1.png']`), for the error's `path`.
 * @throws InvalidDatasetError `not-an-image` when `bytes` is neither PNG nor
 *   JPEG, `corrupt-image` when decoding fails, both naming `file`.
 * @example const { height, width, channels, pixels } = decodeImage(readFileSync('cat.png'), 'cat.png');
 */
export function decodeImage(bytes: Uint8Array, file: string, path: ErrorPath = []): DecodedImage {
  const format = imageFormat(bytes);
  if (format === undefined) {
    throw new InvalidDatasetError(`Not a PNG or JPEG image: ${file} (the file does not start with either's signature)`, {
      problem: 'not-an-image',
      file,
      path,
    });
  }
  let image: DecodedImage;
  try {
    image = decodeRaw(bytes, format, file);
  } catch (cause) {
    if (cause instanceof InvalidDatasetError) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new InvalidDatasetError(`Corrupt ${format.toUpperCase()} image ${file}: ${reason}`, {
      problem: 'corrupt-image',
      file,
      path,
      cause,
    });
  }
  if (image.width < 1 || image.height < 1 || image.width * image.height > MAX_MEGAPIXELS * 1e6) {
    throw new InvalidDatasetError(
      `Unusable ${format.toUpperCase()} image ${file}: ${image.width} x ${image.height} pixels (expected 1 to ${MAX_MEGAPIXELS} megapixels)`,
      { problem: 'corrupt-image', file, path },
    );
  }
  return image;
}

/**
 * The NumPy `.npy` format (versions 1 to 3): a magic string, a header that
 * is a Python dict literal (`descr`, `fortran_order`, `shape`), then the
 * array's bytes in C order.
 *
 * @module
 */

import { InvalidDatasetError } from '../errors.js';

/** An array read from a `.npy` file. */
export interface NpyArray {
  /** The dtype, e.g. `'|u1'`, `'<f4'`, `'<i8'`. */
  readonly dtype: string;
  readonly shape: readonly number[];
  /** The values as numbers (64-bit integers beyond 2^53 lose precision). */
  readonly data: Float64Array;
}

const MAGIC = '\x93NUMPY';

/** Element readers by dtype kind and size (little-endian, or byte-sized). */
const READERS: Readonly<Record<string, (v: DataView, at: number) => number>> = {
  u1: (v, at) => v.getUint8(at),
  i1: (v, at) => v.getInt8(at),
  u2: (v, at) => v.getUint16(at, true),
  i2: (v, at) => v.getInt16(at, true),
  u4: (v, at) => v.getUint32(at, true),
  i4: (v, at) => v.getInt32(at, true),
  u8: (v, at) => Number(v.getBigUint64(at, true)),
  i8: (v, at) => Number(v.getBigInt64(at, true)),
  f4: (v, at) => v.getFloat32(at, true),
  f8: (v, at) => v.getFloat64(at, true),
  b1: (v, at) => v.getUint8(at),
};

function corrupt(file: string, why: string): never {
  throw new InvalidDatasetError(`Cannot read ${file} as a .npy array: ${why}`, { problem: 'bad-array', file });
}

/** The header dict's `descr`, `fortran_order` and `shape`. */
function parseHeader(header: string, file: string): { dtype: string; fortran: boolean; shape: number[] } {
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shape === undefined) corrupt(file, `malformed header ${JSON.stringify(header)}`);
  const dims = shape
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0)) corrupt(file, `bad shape (${shape})`);
  return { dtype: descr, fortran: fortran === 'True', shape: dims };
}

/**
 * Parses a `.npy` file: C-order arrays of unsigned or signed integers (1 to
 * 8 bytes), float32, float64 or bool, little-endian or byte-sized.
 *
 * @param file - the file's path, for messages.
 * @throws InvalidDatasetError `bad-array` for another format, a Fortran-order
 *   or big-endian array, an unsupported dtype or a truncated file.
 * @example const { shape, data } = parseNpy(readFileSync('images.npy'), 'images.npy');
 */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  if (bytes.length < 10 || String.fromCharCode(...bytes.subarray(0, 6)) !== MAGIC) corrupt(file, 'no .npy magic string');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6] as number;
  if (major < 1 || major > 3) corrupt(file, `unknown format version ${major}`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLength > bytes.length) corrupt(file, 'truncated header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength));
  const { dtype, fortran, shape } = parseHeader(header, file);
  if (fortran) corrupt(file, 'Fortran-order arrays are not supported (save with np.ascontiguousarray)');
  const order = dtype[0] as string;
  const read = READERS[dtype.slice(1)];
  const size = Number(dtype.slice(2));
  const littleEndian = order === '<' || order === '|' || order === '=' || size === 1;
  if (read === undefined || !littleEndian)
    corrupt(file, `unsupported dtype ${dtype} (expected little-endian integers, float32, float64 or bool)`);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLength;
  if (offset + count * size > bytes.length)
    corrupt(file, `truncated: shape [${shape.join(', ')}] of ${dtype} needs ${count * size} bytes, ${bytes.length - offset} found`);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = read(view, offset + i * size);
  return { dtype, shape, data };
}

/**
 * Encodes a C-order array as `.npy` (version 1): the inverse of
 * {@link parseNpy}, for tests and for writing datasets.
 */
export function encodeNpy(data: Uint8Array | Float32Array | Int32Array, shape: readonly number[]): Uint8Array {
  const dtype = data instanceof Uint8Array ? '|u1' : data instanceof Float32Array ? '<f4' : '<i4';
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${dims}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64));
  header += '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...Array.from('NUMPY', (ch) => ch.charCodeAt(0)), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(
    Array.from(header, (ch) => ch.charCodeAt(0)),
    10,
  );
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

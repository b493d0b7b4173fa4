/**
 * Makes a dataset's images meet an architecture's input shape: bilinear
 * resizing and channel mapping.
 *
 * @module
 */

import { EvaluationError } from '../errors.js';
import type { ImageDataset } from './image-dataset.js';

/**
 * Bilinear resize of one HWC image with half-pixel centers (TF2
 * `tf.image.resize`, PyTorch `align_corners=False`), edges clamped.
 */
export function resizeBilinear(
  src: Float32Array,
  from: readonly [number, number, number],
  toH: number,
  toW: number,
  out: Float32Array,
): void {
  const [h, w, c] = from;
  const sy = h / toH;
  const sx = w / toW;
  for (let y = 0; y < toH; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, h - 1);
    const dy = fy - y0;
    for (let x = 0; x < toW; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, w - 1);
      const dx = fx - x0;
      for (let k = 0; k < c; k++) {
        const a = src[(y0 * w + x0) * c + k] as number;
        const b = src[(y0 * w + x1) * c + k] as number;
        const d = src[(y1 * w + x0) * c + k] as number;
        const e = src[(y1 * w + x1) * c + k] as number;
        out[(y * toW + x) * c + k] = (a * (1 - dx) + b * dx) * (1 - dy) + (d * (1 - dx) + e * dx) * dy;
      }
    }
  }
}

/** How `from` channels become `to` channels; throws EvaluationError when there is no sensible mapping. */
function channelMap(from: number, to: number, name: string): (src: Float32Array, si: number, dst: Float32Array, di: number) => void {
  if (from === to) return (s, si, d, di) => d.set(s.subarray(si, si + from), di);
  if (from === 1) return (s, si, d, di) => d.fill(s[si] as number, di, di + to);
  if (to === 1) {
    return (s, si, d, di) => {
      let sum = 0;
      for (let k = 0; k < from; k++) sum += s[si + k] as number;
      d[di] = sum / from;
    };
  }
  if (from === 4 && to === 3) return (s, si, d, di) => d.set(s.subarray(si, si + 3), di);
  throw new EvaluationError(
    `Cannot map the ${from} channels of dataset ${name} to the ${to} channels of the architecture's input ` +
      '(supported: equal counts, 1 -> n by repetition, n -> 1 by averaging, 4 -> 3 by dropping alpha)',
    { path: ['inputShape', 2] },
  );
}

/**
 * Returns `ds` with images of shape `target` (`[height, width, channels]`):
 * bilinear resizing, then gray to n channels by repetition, n channels to
 * gray by averaging, RGBA to RGB by dropping alpha. Returns `ds` itself when
 * the shapes already match.
 *
 * @throws EvaluationError when the channels cannot be mapped.
 */
export function adaptImages(ds: ImageDataset, target: readonly [number, number, number]): ImageDataset {
  const [h, w, c] = ds.imageShape;
  const [th, tw, tc] = target;
  if (h === th && w === tw && c === tc) return ds;
  const map = channelMap(c, tc, ds.name);
  const resized = new Float32Array(th * tw * c);
  const images = new Float32Array(ds.count * th * tw * tc);
  for (let i = 0; i < ds.count; i++) {
    const src = ds.images.subarray(i * h * w * c, (i + 1) * h * w * c);
    let img = src;
    if (h !== th || w !== tw) {
      resizeBilinear(src, ds.imageShape, th, tw, resized);
      img = resized;
    }
    for (let p = 0; p < th * tw; p++) map(img, p * c, images, (i * th * tw + p) * tc);
  }
  return { ...ds, images, imageShape: [th, tw, tc] };
}

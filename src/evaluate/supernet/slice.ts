/**
 * Weight slicing: the part of a supernet variable one subnet uses. Channels
 * are the first ones (input, expanded, output, SE); a smaller kernel is the
 * centre of the largest (the 3 x 3 centre of a 5 x 5 kernel).
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { EvaluationError } from '../../errors.js';
import type { Architecture } from '../../space/types.js';
import { type WeightFamily, weightKey } from './allocation.js';

const BLOCK_LAYER = /^block(\d+)_layer\d+_(.*)$/;

/**
 * The weight family of a standalone layer of `arch`: the block's conv op
 * for the layers of its branch; `shared` for the stem, the pool shortcuts,
 * the head and the classifier.
 */
export function familyOf(arch: Architecture, layer: string): WeightFamily {
  const m = BLOCK_LAYER.exec(layer);
  if (m === null || (m[2] as string).startsWith('shortcut')) return 'shared';
  const block = arch.blocks[Number(m[1])];
  if (block === undefined)
    throw new EvaluationError(`Layer ${layer} names a block the architecture does not have`, { path: ['blocks', Number(m[1])] });
  return block.op;
}

/**
 * The slice of shape `shape` of the supernet variable behind weight `weight`
 * of layer `layer` of `arch` (the variable itself when it has that shape).
 * Rank-4 kernels are cut at the centre in the two spatial dimensions and from
 * the start in the channel dimensions; other ranks from the start.
 *
 * @throws EvaluationError when the supernet has no such weight or it is too small.
 */
export function sliceWeight(
  weights: ReadonlyMap<string, tf.Variable>,
  arch: Architecture,
  layer: string,
  weight: string,
  shape: readonly number[],
): tf.Tensor {
  const key = weightKey(familyOf(arch, layer), layer, weight);
  const v = weights.get(key);
  if (v === undefined)
    throw new EvaluationError(`The supernet has no weight ${key}: the architecture is not in its space`, { path: [key] });
  const full = v.shape;
  if (full.length !== shape.length || shape.some((d, i) => d > (full[i] as number))) {
    throw new EvaluationError(`Supernet weight ${key} has shape [${full.join(', ')}], too small for [${shape.join(', ')}]`, {
      path: [key],
    });
  }
  if (shape.every((d, i) => d === full[i])) return v;
  const begin = shape.map((d, i) => (shape.length === 4 && i < 2 ? ((full[i] as number) - d) / 2 : 0));
  return tf.slice(v, begin, [...shape]);
}

/**
 * An estimate of the memory of a proxy training, checked against
 * `LIMITS.memoryBytes` before any image is adapted or any tensor built.
 *
 * @module
 */

import { InvalidOptionsError } from '../errors.js';
import { headActivations, layerActivations, stemActivations } from '../space/plan-cost.js';
import { planNetwork } from '../space/plan.js';
import { planCost } from '../space/plan-cost.js';
import type { Architecture } from '../space/types.js';
import { LIMITS } from '../validate.js';

/** What a proxy training's memory depends on. */
export interface ProxyMemoryInput {
  /** `[height, width, channels]` of the network's input (the images are adapted to it). */
  readonly inputShape: readonly [number, number, number];
  /** Training images held. */
  readonly trainSize: number;
  /** Validation images held. */
  readonly validationSize: number;
  /** Images per step. */
  readonly batchSize: number;
  /** The network trained, when known: its activations and weights count too. */
  readonly arch?: Architecture;
}

/** The estimate, in bytes, by what holds them. */
export interface ProxyMemoryEstimate {
  /** The adapted training and validation images. */
  readonly images: number;
  /** One batch's activations kept for the backward pass, and their gradients. */
  readonly batch: number;
  /** Weights, their gradients and two Adam moments. */
  readonly weights: number;
  readonly total: number;
}

const FLOAT32 = 4;
/** Activations are kept for the backward pass and matched by as many gradients. */
const KEPT_PER_ACTIVATION = 2;
/** Weights, gradients and Adam's two moments. */
const COPIES_PER_WEIGHT = 4;

/** Activation elements of one image kept over a training step: every layer's input, expanded and output tensors. */
function trainingActivations(arch: Architecture): number {
  const plan = planNetwork(arch);
  let sum = stemActivations(arch.inputShape, plan.stem) + headActivations(plan.head);
  for (const l of plan.layers) sum += layerActivations(l);
  return sum;
}

/** Estimates the bytes of a proxy training (see {@link ProxyMemoryEstimate}). */
export function proxyMemoryEstimate(o: ProxyMemoryInput): ProxyMemoryEstimate {
  const [h, w, c] = o.inputShape;
  const images = (o.trainSize + o.validationSize) * h * w * c * FLOAT32;
  const batch =
    o.arch === undefined ? o.batchSize * h * w * c * FLOAT32 : o.batchSize * trainingActivations(o.arch) * KEPT_PER_ACTIVATION * FLOAT32;
  const weights = o.arch === undefined ? 0 : planCost(planNetwork(o.arch)).params * COPIES_PER_WEIGHT * FLOAT32;
  return { images, batch, weights, total: images + batch + weights };
}

const gb = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/**
 * Checks a proxy training's estimated memory against `LIMITS.memoryBytes`.
 * @param where - the path of the fields in messages (`['training']` for the CLI's config); `[]` for ProxyTrainer options.
 * @throws InvalidOptionsError naming the field that holds most of it: `trainSize` (the images) or `batchSize` (the activations).
 */
export function checkProxyMemory(o: ProxyMemoryInput, where: readonly string[] = []): ProxyMemoryEstimate {
  const e = proxyMemoryEstimate(o);
  if (e.total <= LIMITS.memoryBytes) return e;
  const field = e.images >= e.batch ? 'trainSize' : 'batchSize';
  const shape = o.inputShape.join('x');
  const what =
    field === 'trainSize'
      ? `${o.trainSize} training and ${o.validationSize} validation images of ${shape} take ${gb(e.images)}`
      : `batches of ${o.batchSize} images of ${shape} keep ${gb(e.batch)} of activations and gradients`;
  const expected = `a proxy training within LIMITS.memoryBytes (${gb(LIMITS.memoryBytes)})`;
  const path = [...where, field];
  throw new InvalidOptionsError(
    `Invalid ${path.join('.')}: ${what} (float32; ${gb(e.total)} in all), more than LIMITS.memoryBytes (${gb(LIMITS.memoryBytes)}); lower ${field === 'trainSize' ? 'trainSize, validationSize or the input size' : 'batchSize or the input size'}`,
    { path, expected, received: o[field] },
  );
}

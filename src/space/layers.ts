/**
 * Resolution of an {@link Architecture} into its concrete layers: the
 * validated entry point to the plan of `plan.ts`.
 *
 * @module
 */

import { planNetwork, type NetworkPlan } from './plan.js';
import type { Architecture } from './types.js';
import { assertArchitecture } from './validate.js';

export type { HeadPlan, LayerPlan, LayerShortcut, NetworkPlan, StemPlan } from './plan.js';
export { sameOutputSize, seReducedWidth } from './plan.js';

/**
 * Validates an architecture and resolves it into stem, layers and head
 * (see `planNetwork` for the rules).
 *
 * @throws InvalidArchitectureError when `arch` is invalid (its fields, or past `LIMITS`).
 * @example
 * resolveNetwork(mnasnetA1()).layers.length; // 16
 */
export function resolveNetwork(arch: Architecture): NetworkPlan {
  assertArchitecture(arch);
  return planNetwork(arch);
}

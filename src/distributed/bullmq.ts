/**
 * BullMQ (and ioredis, its Redis client), optional peer dependencies of
 * mnas-ts: loaded at the first queue or worker, not when
 * `mnas-ts/distributed` is imported.
 *
 * @module
 */

import type * as BullMQ from 'bullmq';
import { requireOptional } from '../dependencies.js';

/** The bullmq module. @throws MissingDependencyError naming `npm install bullmq ioredis` when bullmq or ioredis is not installed. */
export function loadBullmq(neededBy: string): typeof BullMQ {
  return requireOptional<typeof BullMQ>('bullmq', `${neededBy} of mnas-ts/distributed`);
}

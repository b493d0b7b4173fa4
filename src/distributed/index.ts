/**
 * Distributed evaluation: a search hands its candidates to workers on other
 * machines through BullMQ on Redis (`queueExecutor`), and workers take them
 * (`startWorker`). Node only.
 *
 * @module
 */

export { DEFAULT_PREFIX, DEFAULT_REDIS_URL, redactUrl } from './connection.js';
export { type QueueExecutor, type QueueExecutorOptions, queueExecutor } from './queue-executor.js';
export {
  type DistributedWorker,
  type EvaluatorFactory,
  type RecipeEvaluator,
  type StartWorkerOptions,
  type WorkerEvent,
  startWorker,
} from './worker.js';

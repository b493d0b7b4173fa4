/**
 * Distributed evaluation: a search hands its candidates to workers on other
 * machines through BullMQ on Redis (`queueExecutor`), and workers take them
 * (`startWorker`). Node only.
 *
 * @module
 */

export { DEFAULT_PREFIX, DEFAULT_REDIS_URL, redactUrl } from './connection.js';
export { type QueueExecutor, type QueueExecutorOptions, queueExecutor } from './queue-executor.js';
export { startWorker } from './worker.js';
export type { DistributedWorker, EvaluatorFactory, RecipeEvaluator, StartWorkerOptions, WorkerEvent } from './worker-options.js';

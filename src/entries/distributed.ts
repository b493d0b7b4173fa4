/**
 * `mnas-ts/distributed`: distributed evaluation through BullMQ on Redis
 * (Node). A search's `executor: queueExecutor(...)` hands its candidates to
 * workers started with `startWorker` or `mnas-ts worker`. See docs/distributed.md.
 *
 * @module mnas-ts/distributed
 */

export {
  DEFAULT_PREFIX,
  DEFAULT_REDIS_URL,
  type DistributedWorker,
  type EvaluatorFactory,
  type QueueExecutor,
  type QueueExecutorOptions,
  type RecipeEvaluator,
  type StartWorkerOptions,
  type WorkerEvent,
  queueExecutor,
  redactUrl,
  startWorker,
} from '../distributed/index.js';
export type { Execution, ExecutionFailure, ExecutionRequest, TrialExecutor } from '../search/index.js';

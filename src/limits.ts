/**
 * The documented {@link LIMITS} on numbers that come from outside; the
 * validation toolkit (`validate.ts`) re-exports them.
 *
 * Base layer: imports nothing.
 *
 * @module
 */

/**
 * Limits on every number that comes from outside (architecture JSON, block
 * strings, config files, CLI flags, journals, snapshots). They keep memory
 * and time sane on a laptop: a value past one is a typed error naming the
 * field, raised before anything is allocated.
 */
export const LIMITS = Object.freeze({
  /** Height and width of an architecture's input, pixels. */
  inputSide: 1024,
  /**
   * Channels of an architecture's input (3 for RGB; as many as a layer's
   * filters for the lookup table's probe networks, which start at a layer).
   */
  inputChannels: 4096,
  /** Filters of the stem, of a block's layers and of the head conv. */
  filters: 4096,
  /** Layers per block (`repeats`). */
  layersPerBlock: 32,
  /** Blocks of an architecture (and entries of a search-space skeleton). */
  blocks: 64,
  /** Classes of the classifier. */
  classes: 100_000,
  /** Kernel side of the stem and of every block (odd). */
  kernel: 15,
  /** MBConv expansion ratio. */
  expansion: 16,
  /**
   * Trainable parameters of a whole architecture (float32: 400 MB of
   * weights), computed analytically before anything is built.
   */
  params: 1e8,
  /**
   * Multiply-accumulates of one forward pass on one image; MobileNetV2 and
   * MnasNet-A1 at the largest input side (1024) need about 6.5e9.
   */
  macs: 1e10,
  /**
   * Activation elements alive at once in one forward pass on one image
   * (input, expanded and output tensors of the largest layer; float32: 1 GB).
   */
  activations: 2.5e8,
  /** Trials evaluated concurrently. */
  concurrency: 1024,
  /** Trials of one search. */
  trials: 10_000_000,
  /** Decisions of a search space. */
  decisions: 10_000,
  /** Options of one decision (a token is an integer below this). */
  decisionSize: 2 ** 32,
  /** Examples per training batch. */
  batchSize: 4096,
  /**
   * Bytes a proxy training may hold, estimated before anything is allocated:
   * its training and validation images (float32) at the network's input
   * shape, one batch's activations kept for the backward pass and their
   * gradients, and the weights with their gradients and Adam moments.
   */
  memoryBytes: 4 * 2 ** 30,
  /** Characters of one block string. */
  blockStringLength: 1000,
  /** Nesting of arrays and objects in one journal line or controller snapshot. */
  jsonDepth: 64,
  /** Bytes of a config file or an architecture JSON file. */
  fileBytes: 1_000_000,
  /**
   * Milliseconds of a timeout (search, measurement, job): the longest delay a
   * Node timer holds, about 24.8 days (a longer one would fire at once).
   */
  timeoutMs: 2 ** 31 - 1,
  /** Timed runs, warm-up runs, invocations and repeats of one latency measurement. */
  runs: 100_000,
  /** Threads of a measurer's inference runtime. */
  threads: 64,
} as const);

/** The names of the {@link LIMITS}. */
export type LimitName = keyof typeof LIMITS;

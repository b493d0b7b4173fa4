/**
 * The groups of `mnas-ts search --help`: its flags under headings by what they
 * set (the measurer flags group themselves, see measurer-flags.ts; a flag in
 * no group is listed under "Options:"), and the defaults and examples shown
 * after them.
 *
 * @module
 */

import type { Command } from 'commander';
import { DEFAULT_RUN } from './defaults.js';

/** Heading of each group, and the option names (commander's attribute names) it holds. */
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  'Run:': [
    'config',
    'trials',
    'seed',
    'out',
    'journal',
    'resume',
    'force',
    'concurrency',
    'wallTimeMinutes',
    'measureTimeoutMinutes',
    'evaluateTimeoutMinutes',
    'progress',
  ],
  'What to search, and how it is scored:': ['benchmark', 'device', 'dataset', 'controller', 'reward', 'targetMs', 'baselines', 'measurer'],
  'Training search (the default space; not with --benchmark):': [
    'inputSize',
    'data',
    'evaluator',
    'pruner',
    'promotion',
    'zeroCostProxy',
    'supernet',
  ],
  'Distributed (trials handed to mnas-ts worker through Redis):': ['redis', 'pool', 'platform', 'prefix'],
};

/** Puts each known flag of `command` under its group's heading. */
export function groupSearchHelp(command: Command): Command {
  for (const option of command.options) {
    const heading = Object.keys(GROUPS).find((h) => GROUPS[h]?.includes(option.attributeName()));
    if (heading !== undefined) option.helpGroup(heading);
  }
  return command;
}

/** Defaults and examples shown after the options of `mnas-ts search --help`. */
export const SEARCH_HELP = `
Defaults: controller ppo, reward soft, seed 0, concurrency 1, out ${DEFAULT_RUN.out}, journal <out>/journal.jsonl;
  training search: measurer ${DEFAULT_RUN.measurer}, ${DEFAULT_RUN.trials} trials, target ${DEFAULT_RUN.targetMs} ms, input ${DEFAULT_RUN.inputSize}x${DEFAULT_RUN.inputSize}x1 MNIST,
    wall time ${DEFAULT_RUN.wallTimeMinutes} minutes, ${DEFAULT_RUN.training.epochs} epoch over ${DEFAULT_RUN.training.trainSize} digits (batch ${DEFAULT_RUN.training.batchSize});
  --benchmark: measurer table, 200 trials, no wall time; nas-bench-201 dataset cifar10, device pixel3,
    target near the device's median latency (pixel3 10, raspi4 25, fpga 3.7, eyeriss 5, edgegpu 6, edgetpu 1.2 ms);
    nas-bench-macro target 60 MFLOPs.
  The ${DEFAULT_RUN.targetMs} ms target is for ${DEFAULT_RUN.inputSize}x${DEFAULT_RUN.inputSize}x1; larger inputs need larger targets (the space's median
    MACs: 0.69 M at 28x28x1, 3.0 M at 64x64x3, 6.7 M at 96x96x3, 16 M at 224x224x3; docs/getting-started.md).

Examples:
  $ mnas-ts search --trials 20 --out run
      20 trials of the default search; journal, report.html and best-model/ in run/
  $ mnas-ts search --benchmark nas-bench-201 --device pixel3 --controller evolution --trials 200 --target-ms 20
      a tabular search (no training): NAS-Bench-201 accuracy, Pixel 3 latency, 20 ms target
  $ mnas-ts search --data photos/ --input-size 64 --target-ms 1 --out photos-run
      your own images (one subfolder of PNG/JPEG files per class) at 64x64; best-model/labels.json names the classes
  $ mnas-ts search --out run --resume
      continue an interrupted search from run/journal.jsonl`;

/**
 * The groups of `mnas-ts search --help`: its flags under headings by what they
 * set (the measurer flags group themselves, see measurer-flags.ts). A flag in
 * no group is listed under "Options:".
 *
 * @module
 */

import type { Command } from 'commander';

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
  'Training search (the default space; not with --benchmark):': ['inputSize', 'data', 'evaluator', 'pruner', 'zeroCostProxy', 'supernet'],
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

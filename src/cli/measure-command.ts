/**
 * `mnas-ts measure <preset | arch.json | block strings...>`: measures one
 * architecture with any measurer and prints the latency report.
 *
 * @module
 */

import {
  AbortError,
  InvalidConfigError,
  LIMITS,
  assertArchitecture,
  countMacs,
  createModel,
  countParams,
  describeValue,
  listModels,
  parseBlocks,
  latencyMeasurers,
  reportMedianInterval,
} from '../index.js';
import type { Architecture, PresetOptions } from '../index.js';
import { makeMeasurer } from './build.js';
import { pinWasmSection } from './wasm-duet.js';
import { readBoundedText } from './config-file.js';
import { validateConfig } from './config.js';
import { sectionRepeats } from './measurer-config.js';
import { flagInteger, flagNumber, measurerSectionsFromFlags } from './measurer-flags.js';
import type { CliIo } from './search-command.js';
import { SIGNAL_EXIT_CODES, stopOnSignals } from './signals.js';

/** Flags of `mnas-ts measure`. */
export interface MeasureFlags {
  readonly measurer?: string;
  readonly input?: string;
  readonly classes?: string;
  readonly width?: string;
  readonly json?: boolean;
  /** The android, browser, ort and wasm measurer flags (`adb`, `serial`, `threads`, `chromium`, `duet`...), see `addMeasurerFlags`. */
  readonly [measurerFlag: string]: unknown;
}

/** The measurers `measure` offers: every one of `latencyMeasurers` but those that read recorded tables (they need a benchmark). */
export const MEASURE_COMMAND_MEASURERS: readonly string[] = latencyMeasurers
  .entries()
  .flatMap((e) => (e.source === 'recorded' ? [] : [e.name]));

function bad(flag: string, expected: string, received: unknown): never {
  throw new InvalidConfigError(`Invalid ${flag}: expected ${expected}, received ${describeValue(received)}`, { path: [flag] });
}

/** `--input N` or `HxWxC`: decimal integers, sides and channels within the architecture's `LIMITS`. */
function inputShape(text: string | undefined, channels: number): [number, number, number] | undefined {
  if (text === undefined) return undefined;
  const [h, w, c, ...rest] = text.split('x').map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
  const within = (n: number | undefined, max: number): n is number => n !== undefined && n >= 1 && n <= max;
  if (w === undefined && within(h, LIMITS.inputSide)) return [h, h, channels];
  if (rest.length === 0 && within(h, LIMITS.inputSide) && within(w, LIMITS.inputSide) && within(c, LIMITS.inputChannels)) return [h, w, c];
  const expected = `a size N or HxWxC (e.g. 224 or 96x96x3), sides in [1, ${LIMITS.inputSide}], channels in [1, ${LIMITS.inputChannels}]`;
  return bad('--input', expected, text);
}

function positiveInt(flag: string, text: string | undefined, max: number): number | undefined {
  return text === undefined ? undefined : flagInteger(flag, [flag], text, 1, max);
}

/**
 * Turns the command's arguments into an Architecture.
 * @throws InvalidConfigError, InvalidArchitectureError or InvalidBlockStringError (exit code 2).
 */
export async function resolveTarget(targets: readonly string[], flags: MeasureFlags): Promise<{ name: string; arch: Architecture }> {
  if (targets.length === 0) bad('<target>', 'a preset, an architecture JSON file or block strings', '');
  const shape = inputShape(flags.input, 3);
  const classes = positiveInt('--classes', flags.classes, LIMITS.classes);
  const first = targets[0] as string;
  if (targets.length === 1 && listModels().includes(first.toLowerCase())) {
    const width = flags.width === undefined ? undefined : flagNumber('--width', ['width'], flags.width);
    if (width !== undefined && !(width > 0)) bad('--width', 'a width multiplier > 0', flags.width);
    const options: PresetOptions = {
      ...(shape ? { inputShape: shape } : {}),
      ...(classes ? { numClasses: classes } : {}),
      ...(width ? { widthMultiplier: width } : {}),
    };
    return { name: first, arch: createModel(first, options) };
  }
  if (targets.length === 1 && first.endsWith('.json')) {
    const text = await readBoundedText(first, '<target>', 'target');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new InvalidConfigError(`Invalid <target>: cannot read architecture JSON ${first} (${(cause as Error).message})`, {
        path: ['target'],
        cause,
      });
    }
    assertArchitecture(json);
    return { name: first, arch: json };
  }
  const arch: Architecture = {
    inputShape: shape ?? [224, 224, 3],
    numClasses: classes ?? 1000,
    activation: 'relu',
    stem: { filters: 32, kernel: 3, stride: 2 },
    blocks: parseTargetBlocks(targets),
    head: { filters: 1280, dropout: 0 },
  };
  assertArchitecture(arch);
  return { name: 'block strings', arch };
}

/** Block strings; one word that is none (a misspelt preset) gets a message listing the presets. */
function parseTargetBlocks(targets: readonly string[]): Architecture['blocks'] {
  try {
    return parseBlocks(targets);
  } catch (cause) {
    const first = targets[0] as string;
    if (targets.length > 1 || first.includes('_')) throw cause;
    throw new InvalidConfigError(
      `Invalid <target>: expected a preset (${listModels().join(', ')}), an architecture JSON file or block strings, received ${JSON.stringify(first)}`,
      { path: ['target'], cause },
    );
  }
}

/** Runs `mnas-ts measure`; returns the exit code. */
export async function runMeasureCommand(targets: readonly string[], flags: MeasureFlags, io: CliIo): Promise<number> {
  const name = flags.measurer ?? 'wasm';
  if (!MEASURE_COMMAND_MEASURERS.includes(name)) bad('--measurer', `one of ${MEASURE_COMMAND_MEASURERS.join(', ')}`, name);
  const sections = validateConfig(measurerSectionsFromFlags(flags, name), 'flags');
  const { name: what, arch } = await resolveTarget(targets, flags);
  const stop = stopOnSignals(io.err, process, 'Stopping the measurement');
  /** The exit code when `error` is the stop by a signal. */
  const stopped = (error: unknown): number => {
    const received = stop.received();
    if (!(error instanceof AbortError) || received === undefined) throw error;
    io.err(`Stopped (${received}): nothing was measured.`);
    return SIGNAL_EXIT_CODES[received];
  };
  let wasm: Awaited<ReturnType<typeof pinWasmSection>>;
  try {
    wasm = await pinWasmSection(sections.wasm, { inputSize: arch.inputShape[0], seed: 0 }, stop.signal);
  } catch (error) {
    stop.dispose();
    return stopped(error);
  }
  const measurer = makeMeasurer(name, 0, { ...sections, wasm });
  try {
    let report: Awaited<ReturnType<typeof measurer.measure>>;
    try {
      report = await measurer.measure(arch, { signal: stop.signal });
    } catch (error) {
      return stopped(error);
    }
    const params = countParams(arch);
    const macs = countMacs(arch);
    if (flags.json === true) {
      io.out(JSON.stringify({ target: what, params, macs, report }, null, 2));
    } else {
      const p = report.platform;
      const duet = p.duet === undefined ? '' : `, duet timing at referenceMs ${p.duet.referenceMs.toFixed(3)}`;
      io.out(
        `${what} (${arch.inputShape.join('x')}, ${arch.numClasses} classes): ${params.toLocaleString('en-US')} params, ${macs.toLocaleString('en-US')} MACs`,
      );
      const repeats = sectionRepeats(name, sections) ?? 1;
      const runs =
        repeats > 1
          ? `the median of ${repeats} fresh measurers' medians, ${report.warmupRuns} warm-up runs in all`
          : `${report.runs} runs after ${report.warmupRuns} warm-up`;
      if (name === 'macs') {
        // The MACs proxy reports millions of MACs in the latency field: print them as what they are.
        io.out(
          `${p.name} (${p.backend}): ${report.medianMs.toFixed(3)} MMACs (${macs.toLocaleString('en-US')} MACs; an analytic count, not a latency)`,
        );
        return 0;
      }
      const ci = reportMedianInterval(report);
      const ciText = ci === undefined ? '' : ` (95% CI ${ci.lowMs.toFixed(3)}-${ci.highMs.toFixed(3)})`;
      io.out(
        `${p.name} (${p.backend}${p.device ? `, ${p.device}` : ''}${duet}): median ${report.medianMs.toFixed(3)} ms${ciText}, p10 ${report.p10Ms.toFixed(3)}, p90 ${report.p90Ms.toFixed(3)}, MAD ${report.madMs.toFixed(3)} (${runs})`,
      );
      if (report.load?.noisy === true)
        io.err(`warning: noisy: the machine was busy during the measurement, so the latency may be off: ${report.load.reasons.join('; ')}`);
    }
    return 0;
  } finally {
    stop.dispose();
    // Closing ends the measurer's child processes before this process exits.
    await measurer.close?.();
  }
}

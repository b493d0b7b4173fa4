/**
 * The measurer flags of the CLI (`--duet`, `--runs`, `--adb`, ...; the table
 * of them is `measurer-flag-table.ts`): commander's definitions, numbers as
 * flags write them, and the config sections the flags make.
 *
 * @module
 */

import { type Command, Option } from 'commander';
import { InvalidConfigError, describeValue } from '../index.js';
import type { SectionName } from './measurer-config.js';
import { MEASURER_FLAGS, type MeasurerFlag } from './measurer-flag-table.js';

/** Flag of each measurer config field (`android.serial` -> `--serial`), for messages. */
export const MEASURER_FLAG_OF: Readonly<Record<string, string>> = Object.fromEntries(
  MEASURER_FLAGS.flatMap((f) => f.sections.map((s) => [`${s}.${f.field}`, f.flag])),
);

/** Adds the android, browser, ort and wasm measurer flags to a command (`search` and `measure`). */
export function addMeasurerFlags(command: Command): Command {
  for (const f of MEASURER_FLAGS)
    command.addOption(new Option(f.arg === '' ? f.flag : `${f.flag} ${f.arg}`, f.help).helpGroup(helpGroup(f)));
  return command;
}

/** A number as a flag writes it: decimal digits, an optional fraction and exponent (no hex, octal, binary or Infinity). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** An integer as a flag writes it: decimal digits only. */
const DECIMAL_INTEGER = /^[+-]?\d+$/;

/** The help heading of a measurer flag: its measurer's, or the one of flags that several measurers take. */
function helpGroup(f: MeasurerFlag): string {
  const only = f.sections.length === 1 ? f.sections[0] : undefined;
  return only === undefined ? 'Measurer flags (several measurers):' : `Measurer flags (--measurer ${only}):`;
}

/**
 * A flag's string turned into a number: decimal notation only (`0x10`,
 * `0b1`, `Infinity` and blanks are refused, though `Number()` takes them).
 * @throws InvalidConfigError naming the flag when it is not a decimal number.
 */
export function flagNumber(flag: string, path: readonly string[], value: unknown): number {
  if (typeof value !== 'string' || !DECIMAL.test(value))
    throw new InvalidConfigError(`Invalid ${flag}: expected a number, received ${describeValue(value)}`, { path: [...path] });
  return Number(value);
}

/**
 * A flag's string turned into an integer in `[min, max]`: decimal digits only
 * (`0x10`, `1e3` and `2.0` are refused).
 * @throws InvalidConfigError naming the flag and the bounds.
 */
export function flagInteger(flag: string, path: readonly string[], value: unknown, min: number, max: number): number {
  const n = typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const expected = `a decimal integer in [${min}, ${max}]`;
    throw new InvalidConfigError(`Invalid ${flag}: expected ${expected}, received ${describeValue(value)}`, {
      path: [...path],
      expected,
      received: value,
    });
  }
  return n;
}

/** A flag's value as its section field: numbers converted, `--duet` alone is `true`. */
function flagValue(f: MeasurerFlag, section: SectionName, value: unknown): unknown {
  if (f.kind === 'number' || (f.kind === 'optional-number' && value !== true)) return flagNumber(f.flag, [section, f.field], value);
  return value;
}

/**
 * The config sections that the measurer flags among `flags` (commander's
 * output) set, not yet validated: each flag goes to the section of
 * `measurer` (`--threads` to android or browser, `--runs` to any of the three).
 *
 * @param measurer - the measurer that will run (from the flags or the config file).
 * @param fallback - the measurer that runs when `measurer` is not set (`wasm`
 *   for a network search), so that its flags need no `--measurer`.
 * @throws InvalidConfigError naming a flag that is not a number where one is
 *   expected, or that does not apply to `measurer`.
 */
export function measurerSectionsFromFlags(
  flags: Readonly<Record<string, unknown>>,
  measurer: string | undefined,
  fallback?: string,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const f of MEASURER_FLAGS) {
    const value = flags[f.key];
    if (value === undefined) continue;
    const section = f.sections.find((s) => s === (measurer ?? fallback));
    if (section === undefined) {
      const which = f.sections.map((s) => `--measurer ${s}`).join(' or ');
      throw new InvalidConfigError(
        `Invalid ${f.flag}: only applies to ${which}, ${measurer === undefined ? 'and --measurer is not set' : `the measurer is ${JSON.stringify(measurer)}`}`,
        { path: [f.key] },
      );
    }
    out[section] ??= {};
    (out[section] as Record<string, unknown>)[f.field] = flagValue(f, section, value);
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import { choicesHelp } from '../../src/cli/choices-help.js';
import { SECTION_NAMES } from '../../src/cli/measurer-config.js';
import { controllers, latencyMeasurers } from '../../src/index.js';
import { cli } from './helpers.js';

/** Help text with commander's line wrapping undone. */
const unwrapped = (text: string): string => text.replace(/\s+/g, ' ');

describe('the CLI reads the registries', () => {
  it('lists each controller and measurer with its description in the help of search, measure and worker', async () => {
    const search = unwrapped((await cli('search', '--help')).out);
    for (const e of [...controllers.entries(), ...latencyMeasurers.entries()]) expect(search).toContain(`${e.name}: ${e.description}`);
    const measure = unwrapped((await cli('measure', '--help')).out);
    for (const e of latencyMeasurers.entries()) expect(measure.includes(`${e.name}: ${e.description}`)).toBe(e.source !== 'recorded');
    const worker = unwrapped((await cli('worker', '--help')).out);
    const platforms = latencyMeasurers.entries().flatMap((e) => (e.source === 'platform' ? [e.name] : []));
    expect(worker).toContain(`evaluation of this worker: ${platforms.join(' | ')}`);
  });

  it('names the registered controllers when --controller names none of them', async () => {
    const r = await cli('search', '--controller', 'genetic');
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      controllers
        .names()
        .map((n) => `'${n}'`)
        .join(', '),
    );
  });

  it('has config sections (and flags) only for registered measurers', () => {
    for (const name of SECTION_NAMES) expect(latencyMeasurers.has(name), name).toBe(true);
  });

  it('writes each entry as name: description', () => {
    expect(
      choicesHelp([
        { name: 'a', description: 'first' },
        { name: 'b', description: 'second' },
      ]),
    ).toBe('a: first; b: second');
  });
});

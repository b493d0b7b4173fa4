import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MeasurementError } from '../../../src/errors.js';
import { locateWorkerEntry } from '../../../src/measure/wasm/worker-entry.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-entry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('locateWorkerEntry', () => {
  it('runs the TypeScript source with tsx when the library runs from source', () => {
    const e = locateWorkerEntry(new URL('../../../src/measure/wasm/measurer.ts', import.meta.url).href);
    expect(e.script.endsWith(join('src', 'measure', 'wasm', 'worker.ts'))).toBe(true);
    expect(e.execArgv[0]).toBe('--import');
    expect(e.execArgv[1]).toMatch(/^file:.*tsx/);
  });

  it('finds dist/measure-worker.js beside an ESM bundle and .cjs beside a CJS bundle', () => {
    writeFileSync(join(dir, 'measure-worker.js'), '');
    writeFileSync(join(dir, 'measure-worker.cjs'), '');
    expect(locateWorkerEntry(pathToFileURL(join(dir, 'index.js')).href)).toEqual({ script: join(dir, 'measure-worker.js'), execArgv: [] });
    expect(locateWorkerEntry(pathToFileURL(join(dir, 'index.cjs')).href)).toEqual({
      script: join(dir, 'measure-worker.cjs'),
      execArgv: [],
    });
  });

  it('throws a MeasurementError naming the files it looked for when there is none', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(() => locateWorkerEntry(pathToFileURL(join(empty, 'index.js')).href)).toThrow(MeasurementError);
    expect(() => locateWorkerEntry(pathToFileURL(join(empty, 'index.js')).href)).toThrow(/measure-worker\.js, \.\/measure-worker\.cjs/);
  });
});

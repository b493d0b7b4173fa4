import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropWasmProcessHandlers } from '../../src/blocks/wasm-process-handlers.js';
import { runNode } from '../examples.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-wasm-handlers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dropWasmProcessHandlers', () => {
  it("removes only the Emscripten glue's rethrowing handlers", () => {
    // The glue's handlers as tfjs-backend-wasm 4.22 installs them (their source text is what is recognised).
    const glue = new Function('ExitStatus', 'return function (ex) { if (!(ex instanceof ExitStatus)) {\n throw ex;\n } }')(class {});
    const rethrow = new Function('return function (reason) { throw reason; }')();
    const mine = (e: unknown): void => void e;
    process.on('uncaughtException', glue);
    process.on('unhandledRejection', rethrow);
    process.on('uncaughtException', mine);
    try {
      expect(dropWasmProcessHandlers()).toBe(2);
      expect(process.listeners('uncaughtException')).not.toContain(glue);
      expect(process.listeners('unhandledRejection')).not.toContain(rethrow);
      expect(process.listeners('uncaughtException')).toContain(mine);
      expect(dropWasmProcessHandlers()).toBe(0);
    } finally {
      process.removeListener('uncaughtException', mine);
    }
  });

  it('lets an uncaught error of search() after the WASM backend started end as Node ends it: its message, exit code 1, no minified source', async () => {
    const journal = join(dir, 'journal.jsonl');
    writeFileSync(journal, '');
    const r = await runNode(
      ['--import', 'tsx', join(import.meta.dirname, '..', 'fixtures', 'uncaught-after-wasm.ts'), journal],
      join(import.meta.dirname, '..', '..'),
    );
    expect(r.err).toMatch(/already exists; resume it \(resume: true \/ --resume\), start over \(delete it \/ --force\)/);
    expect(r.code).toBe(1);
    expect(r.err.length).toBeLessThan(4000);
    expect(r.err).not.toMatch(/ExitStatus|WasmBackendModule/);
  }, 60_000);
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The test file that runs its role's contract suite over each registry the package exports. */
const CONTRACT_LOOPS: Readonly<Record<string, string>> = {
  controllers: 'test/controller/registry-contract.test.ts',
  controllerWrappers: 'test/controller/registry-contract.test.ts',
  latencyMeasurers: 'test/measure/registry-contract.test.ts',
};

describe('registries', () => {
  it('each registry the package exports is frozen and has a contract loop over its entries that checks it covered every name', () => {
    const exported = Object.entries(root).flatMap(([name, value]) => (value instanceof root.Registry ? [name] : []));
    expect(exported.sort()).toEqual(Object.keys(CONTRACT_LOOPS).sort());
    for (const name of exported) {
      expect((root as unknown as Record<string, root.Registry<{ name: string; description: string }>>)[name]?.frozen, name).toBe(true);
      const source = readFileSync(`${ROOT}${CONTRACT_LOOPS[name]}`, 'utf8');
      expect(source, name).toContain(`for (const entry of ${name}.entries())`);
      expect(source, name).toContain(`${name}.names()`);
    }
  });
});

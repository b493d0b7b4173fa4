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
  evaluators: 'test/evaluate/evaluators.test.ts',
  zeroCostProxies: 'test/evaluate/zero-cost-contract.test.ts',
  pruners: 'test/evaluate/pruners.test.ts',
  baselines: 'test/space/baselines.test.ts',
};

/** Whether `value` is a registry: a kind and the reading methods of `Registry`. */
function isRegistry(value: unknown): value is root.ReadonlyRegistry<{ name: string; description: string }> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.kind === 'string' && ['names', 'entries', 'has', 'get'].every((m) => typeof r[m] === 'function');
}

describe('registries', () => {
  it('each registry the package exports is read-only and has a contract loop over its entries that checks it covered every name', () => {
    const exported = Object.entries(root).flatMap(([name, value]) => (isRegistry(value) ? [name] : []));
    expect(exported.sort()).toEqual(Object.keys(CONTRACT_LOOPS).sort());
    for (const name of exported) {
      const registry = (root as unknown as Record<string, object>)[name] as object;
      expect('register' in registry, name).toBe(false);
      expect(Object.isFrozen(registry), name).toBe(true);
      const source = readFileSync(`${ROOT}${CONTRACT_LOOPS[name]}`, 'utf8');
      expect(source, name).toContain(`for (const entry of ${name}.entries())`);
      expect(source, name).toContain(`${name}.names()`);
    }
  });
});

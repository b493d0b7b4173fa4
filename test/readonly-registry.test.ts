import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../src/errors.js';
import { Registry, readonlyRegistry } from '../src/registry.js';

const entry = (name: string) => ({ name, description: `the ${name} entry`, size: 1 });

describe('readonlyRegistry', () => {
  it('reads like a Registry: names, entries, has, get and the unknown-name error', () => {
    const registry = readonlyRegistry('widget', [entry('b'), entry('a')]);
    expect(registry.kind).toBe('widget');
    expect(registry.names()).toEqual(['b', 'a']);
    expect(registry.entries().map((e) => e.name)).toEqual(['b', 'a']);
    expect(registry.has('a')).toBe(true);
    expect(registry.has('__proto__')).toBe(false);
    expect(registry.get('a').description).toBe('the a entry');
    expect(() => registry.get('c')).toThrow('Unknown widget: expected one of b, a, received "c"');
  });

  it('cannot be changed: no register, frozen, entries frozen copies, the caller keeps its own objects', () => {
    const mine = entry('a');
    const registry = readonlyRegistry('widget', [mine]);
    expect('register' in registry).toBe(false);
    expect(Object.isFrozen(registry)).toBe(true);
    expect(Object.isFrozen(registry.get('a'))).toBe(true);
    expect(Object.isFrozen(mine)).toBe(false);
    registry.entries().pop();
    expect(registry.names()).toEqual(['a']);
  });

  it('refuses bad or repeated names as Registry does, and extends into a Registry of its own', () => {
    expect(() => readonlyRegistry('widget', [entry('a'), entry('a')])).toThrow(InvalidOptionsError);
    expect(() => readonlyRegistry('widget', [entry('A')])).toThrow('Invalid widget name');
    const builtIn = readonlyRegistry('widget', [entry('a')]);
    const extended = new Registry('widget', [...builtIn.entries(), entry('b')]);
    expect(extended.names()).toEqual(['a', 'b']);
    expect(builtIn.names()).toEqual(['a']);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../src/errors.js';
import { Registry, type RegistryEntry } from '../src/registry.js';

type Entry = RegistryEntry<{ size: number }, string>;
const entry = (name: string): Entry => ({
  name,
  description: `the ${name} entry`,
  resolveOptions: () => ({ size: 1 }),
  create: (options) => `${name}:${options.size}`,
});

describe('Registry', () => {
  it('keeps entries in registration order and finds them by name', () => {
    const registry = new Registry<Entry>('widget', [entry('b'), entry('a-1')]);
    expect(registry.names()).toEqual(['b', 'a-1']);
    expect(registry.has('a-1')).toBe(true);
    expect(registry.has('c')).toBe(false);
    expect(registry.has(3)).toBe(false);
    const found = registry.get('b');
    expect(found.create(found.resolveOptions({}), undefined)).toBe('b:1');
    registry.register(entry('c_2'));
    expect(registry.entries().map((e) => e.name)).toEqual(['b', 'a-1', 'c_2']);
  });

  it('names the unknown entry and the known ones', () => {
    const registry = new Registry<Entry>('widget', [entry('a'), entry('b')]);
    expect(() => registry.get('z')).toThrow(InvalidOptionsError);
    expect(() => registry.get('z')).toThrow('Unknown widget: expected one of a, b, received "z"');
    const error = (() => {
      try {
        registry.get(7);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ code: 'invalid_options', path: ['widget'], received: 7 });
  });

  it('refuses a repeated or malformed name and keeps what it had', () => {
    const registry = new Registry<Entry>('widget', [entry('a')]);
    expect(() => registry.register(entry('a'))).toThrow('"a" is already registered');
    for (const bad of ['', 'A', '1x', 'a b', 'a.b']) expect(() => registry.register(entry(bad))).toThrow('Invalid widget name');
    expect(registry.names()).toEqual(['a']);
  });
});

import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/index.js';
import { stopOnSignals, type SignalSource, type StopSignal } from '../../src/cli/signals.js';

/** A process stand-in: records listeners and exit codes; emit() plays a signal. */
function fakeProcess() {
  const listeners = new Map<StopSignal, Set<() => void>>();
  const exits: number[] = [];
  const source: SignalSource = {
    on: (event, listener) => listeners.set(event, (listeners.get(event) ?? new Set()).add(listener)),
    off: (event, listener) => listeners.get(event)?.delete(listener),
    exit: (code) => exits.push(code),
  };
  const emit = (event: StopSignal): void => listeners.get(event)?.forEach((l) => l());
  const count = (): number => [...listeners.values()].reduce((n, s) => n + s.size, 0);
  return { source, emit, exits, count };
}

describe('stopOnSignals', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('aborts on the first %s and quits with %i on the second', (name, code) => {
    const p = fakeProcess();
    const notices: string[] = [];
    const stop = stopOnSignals((t) => notices.push(t), p.source);
    expect(stop.signal.aborted).toBe(false);
    p.emit(name);
    expect(stop.signal.aborted).toBe(true);
    expect(stop.signal.reason).toBeInstanceOf(AbortError);
    expect(stop.received()).toBe(name);
    expect(notices).toHaveLength(1);
    expect(p.exits).toEqual([]);
    p.emit(name);
    expect(p.exits).toEqual([code]);
  });

  it('stops listening on dispose', () => {
    const p = fakeProcess();
    const stop = stopOnSignals(() => undefined, p.source);
    expect(p.count()).toBe(2);
    stop.dispose();
    expect(p.count()).toBe(0);
    p.emit('SIGTERM');
    expect(stop.signal.aborted).toBe(false);
  });
});

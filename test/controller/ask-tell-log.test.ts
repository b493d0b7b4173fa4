import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AskTellLog, type AskTellEvent } from '../../src/controller/ask-tell-log.js';
import { ControllerStateError } from '../../src/errors.js';

const eventArb: fc.Arbitrary<AskTellEvent> = fc.oneof(
  fc.constant({ kind: 'ask' } as const),
  fc.record({
    kind: fc.constant('tell' as const),
    id: fc.oneof(fc.nat(200), fc.nat(2 ** 52)),
    reward: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
  }),
);

function logOf(events: readonly AskTellEvent[]): AskTellLog {
  const log = new AskTellLog();
  for (const e of events)
    if (e.kind === 'ask') log.ask();
    else log.tell(e.id, e.reward);
  return log;
}

describe('AskTellLog', () => {
  it('decodes exactly the calls it recorded, rewards bit for bit (property)', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 300 }), (events) => {
        // toEqual compares numbers with Object.is: -0 stays -0.
        expect(AskTellLog.decode(logOf(events).encode(), ['log'])).toEqual(events);
      }),
    );
  });

  it('takes 10 bytes a trial while ids are below 64 (13 to 14 base64 characters)', () => {
    const log = logOf(
      Array.from({ length: 60 }, (_, id): AskTellEvent[] => [{ kind: 'ask' }, { kind: 'tell', id, reward: id / 7 }]).flat(),
    );
    expect(log.encode()).toHaveLength(800);
  });

  it('refuses truncated calls, non-finite rewards and text that is not base64, naming the call', () => {
    const log = logOf([{ kind: 'ask' }, { kind: 'tell', id: 0, reward: 0.5 }]);
    const bytes = atob(log.encode());
    expect(() => AskTellLog.decode(btoa(bytes.slice(0, -1)), ['state', 'log'])).toThrowErrorMatchingInlineSnapshot(
      `[ControllerStateError: Invalid controller snapshot at snapshot.state.log.1: expected a tell with its 8 reward bytes, received "truncated bytes"]`,
    );
    expect(() => AskTellLog.decode(btoa('\x80'), ['log'])).toThrow(/log\.0: expected a complete varint/);
    const nan = btoa(`\x01${String.fromCharCode(...new Uint8Array(Float64Array.of(Number.NaN).buffer))}`);
    expect(() => AskTellLog.decode(nan, ['log'])).toThrow(/a finite reward/);
    expect(() => AskTellLog.decode('not base64!', ['log'])).toThrow(ControllerStateError);
  });
});

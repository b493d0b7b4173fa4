import { describe, expect, it } from 'vitest';
import { makeMeasurer } from '../../src/cli/build.js';
import { configFromFlags, resolveConfig } from '../../src/cli/config.js';
import { androidMeasurerOptions, browserMeasurerOptions, ortMeasurerOptions } from '../../src/cli/measurer-config.js';
import { AndroidLatencyMeasurer, BrowserLatencyMeasurer, OrtLatencyMeasurer } from '../../src/index.js';

describe('--quiet-wait for the android, browser and ort measurers', () => {
  it.each([
    ['android', AndroidLatencyMeasurer],
    ['browser', BrowserLatencyMeasurer],
    ['ort', OrtLatencyMeasurer],
  ] as const)("sets %s.quietWaitMs, which becomes the measurer's load.maxWaitMs", (measurer, Class) => {
    const config = resolveConfig(configFromFlags({ measurer, quietWait: '2500' }));
    expect(config[measurer]).toEqual({ quietWaitMs: 2500 });
    const built = makeMeasurer(config.measurer, 1, config);
    expect(built).toBeInstanceOf(Class);
    expect((built as InstanceType<typeof Class>).options.load).toMatchObject({ maxWaitMs: 2500, maxOtherCores: 0.5 });
  });

  it('turns quietWaitMs into load.maxWaitMs and leaves the rest of the section as it is', () => {
    expect(androidMeasurerOptions({ quietWaitMs: 10, threads: 2 }, 3)).toEqual({ seed: 3, threads: 2, load: { maxWaitMs: 10 } });
    expect(browserMeasurerOptions({ quietWaitMs: 0, repeats: 2 }, 1)).toEqual({ seed: 1, load: { maxWaitMs: 0 } });
    expect(ortMeasurerOptions({ runtime: 'node' }, 0)).toEqual({ seed: 0, runtime: 'node' });
  });

  it('refuses a negative wait, naming the flag', () => {
    expect(() => resolveConfig(configFromFlags({ measurer: 'ort', quietWait: '-5' }))).toThrow(/^Invalid --quiet-wait: .*-5/);
  });
});

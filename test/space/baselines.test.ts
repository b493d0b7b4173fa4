import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/errors.js';
import { adaptStrides, lastFeatureSide } from '../../src/space/adapt-strides.js';
import { baselineNames, baselines, createBaseline, resolveBaselineOptions } from '../../src/space/baselines.js';
import { countParams } from '../../src/space/cost.js';
import { mnasnetSmall, mobilenetV2 } from '../../src/space/presets.js';
import { validateArchitecture } from '../../src/space/validate.js';
import { thrown } from './thrown.js';

describe('baselines', () => {
  it('holds the four published networks and cannot be changed by a caller', () => {
    expect(baselines.names()).toEqual(['mobilenet-v2', 'mnasnet-small', 'mnasnet-a1', 'mnasnet-b1']);
    expect('register' in baselines).toBe(false);
    expect(Object.isFrozen(baselines.get('mnasnet-a1'))).toBe(true);
  });

  for (const entry of baselines.entries()) {
    describe(entry.name, () => {
      it('builds a valid network at the defaults (224 x 224 x 3, 1000 classes, unadapted) and describes itself', () => {
        expect(entry.description.length).toBeGreaterThan(10);
        const arch = entry.create(entry.resolveOptions({}), undefined);
        expect(validateArchitecture(arch).ok).toBe(true);
        expect(arch.inputShape).toEqual([224, 224, 3]);
        expect(arch.numClasses).toBe(1000);
        expect(entry.create(entry.resolveOptions({ adapt: true }), undefined)).toEqual(arch);
      });

      it('adapts its strides to any input side >= 4 so that the last feature map is at least 4 a side, and changes nothing else', () => {
        fc.assert(
          fc.property(fc.integer({ min: 4, max: 200 }), fc.constantFrom(1, 3), fc.constantFrom(0.35, 1), (side, channels, width) => {
            const options = { inputShape: [side, side, channels] as const, numClasses: 10, widthMultiplier: width };
            const plain = entry.create(entry.resolveOptions(options), undefined);
            const adapted = entry.create(entry.resolveOptions({ ...options, adapt: true }), undefined);
            expect(adapted).toEqual(adaptStrides(plain));
            expect(lastFeatureSide(adapted)).toBeGreaterThanOrEqual(4);
            expect(countParams(adapted)).toBe(countParams(plain));
          }),
          { seed: 29, numRuns: 40 },
        );
      });

      it('refuses bad options with InvalidOptionsError naming the field', () => {
        for (const [bad, path] of [
          [{ adapt: 'yes' }, ['adapt']],
          [{ widthMultiplier: 0 }, ['widthMultiplier']],
          [{ inputShape: [0, 8, 3] }, ['inputShape', 0]],
          [{ depth: 2 }, ['depth']],
        ] as const) {
          const error = thrown(() => entry.resolveOptions(bad));
          expect(error).toBeInstanceOf(InvalidOptionsError);
          expect((error as InvalidOptionsError).path).toEqual(path);
        }
        expect(() => entry.resolveOptions(3)).toThrow(InvalidOptionsError);
      });
    });
  }
});

describe('resolveBaselineOptions', () => {
  it('fills the defaults', () => {
    expect(resolveBaselineOptions()).toEqual({ widthMultiplier: 1, inputShape: [224, 224, 3], numClasses: 1000, adapt: false });
  });
});

describe('baselineNames and createBaseline', () => {
  it('offer MobileNetV2 at four widths, MnasNet-small and MnasNet-A1', () => {
    expect(baselineNames()).toEqual([
      'mobilenet-v2-0.35',
      'mobilenet-v2-0.5',
      'mobilenet-v2-0.75',
      'mobilenet-v2-1.0',
      'mnasnet-small',
      'mnasnet-a1',
    ]);
  });

  it('build each at its width, input and classes', () => {
    const options = { inputShape: [28, 28, 1] as const, numClasses: 10 };
    expect(createBaseline('mobilenet-v2-0.35', options)).toEqual(mobilenetV2({ ...options, widthMultiplier: 0.35 }));
    expect(createBaseline('mobilenet-v2-1.0', options)).toEqual(mobilenetV2(options));
    expect(createBaseline('mnasnet-small', { ...options, adapt: true })).toEqual(adaptStrides(mnasnetSmall(options)));
  });

  it('name an unknown baseline and the known ones, and refuse a width the name already sets', () => {
    expect(() => createBaseline('mnasnet-b1')).toThrow(
      'Unknown baseline: expected one of mobilenet-v2-0.35, mobilenet-v2-0.5, mobilenet-v2-0.75, mobilenet-v2-1.0, mnasnet-small, mnasnet-a1, received "mnasnet-b1"',
    );
    expect(() => createBaseline('mobilenet-v2-0.5', { widthMultiplier: 1 } as never)).toThrow(/widthMultiplier/);
  });
});

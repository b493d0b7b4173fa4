import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/errors.js';
import { mnasnetA1, mobilenetV2 } from '../../src/space/presets.js';
import { createModel, listModels } from '../../src/space/registry.js';

describe('listModels', () => {
  it('lists the presets the CLI knows, sorted, and filters with * wildcards', () => {
    expect(listModels()).toEqual(['mnasnet-a1', 'mnasnet-b1', 'mnasnet-small', 'mobilenet-v2']);
    expect(listModels('mnasnet*')).toEqual(['mnasnet-a1', 'mnasnet-b1', 'mnasnet-small']);
    expect(listModels('*-v2')).toEqual(['mobilenet-v2']);
    expect(listModels('MNASNET-A1')).toEqual(['mnasnet-a1']);
    expect(listModels('mnasnet.a1')).toEqual([]);
  });

  it('rejects a filter that is not a string', () => {
    expect(() => listModels(3 as unknown as string)).toThrow(InvalidOptionsError);
  });
});

describe('createModel', () => {
  it('returns the preset with its options applied, by name in any case', () => {
    const options = { numClasses: 10, inputShape: [32, 32, 3] as const, widthMultiplier: 0.5 };
    expect(createModel('mnasnet-a1', options)).toEqual(mnasnetA1(options));
    expect(createModel('MobileNet-V2')).toEqual(mobilenetV2());
  });

  it('names the unknown model and the known ones', () => {
    try {
      createModel('resnet-50');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidOptionsError);
      expect((error as InvalidOptionsError).path).toEqual(['name']);
      expect((error as Error).message).toContain('mnasnet-a1, mnasnet-b1, mnasnet-small, mobilenet-v2');
      expect((error as Error).message).toContain('"resnet-50"');
    }
  });

  it('passes bad preset options through as the preset reports them', () => {
    expect(() => createModel('mnasnet-b1', { numClasses: 0 })).toThrow(/numClasses/);
  });
});

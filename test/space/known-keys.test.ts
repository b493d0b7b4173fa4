/** The presets and the baselines registry refuse an option they do not know, by its path. */
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/errors.js';
import { baselines, mobilenetV2 } from '../../src/entries/space.js';
import { itRefusesUnknownKeys } from '../known-keys.js';

describe('presets and baselines refuse unknown keys', () => {
  for (const entry of baselines.entries()) {
    describe(`baselines.get('${entry.name}').resolveOptions`, () => {
      itRefusesUnknownKeys({
        resolve: (o) => entry.resolveOptions(o),
        valid: { adapt: true, numClasses: 10 },
        known: ['widthMultiplier', 'inputShape', 'numClasses'],
        misspelt: 'classes',
        ErrorClass: InvalidOptionsError,
        runs: 10,
      });
    });
  }
  it('mobilenetV2 refuses a misspelt width', () => {
    expect(() => mobilenetV2({ width: 0.5 } as never)).toThrow(expect.objectContaining({ name: 'InvalidOptionsError', path: ['width'] }));
  });
});

import { describe, expect, it } from 'vitest';
import { formatBlock, formatBlocks, parseBlock, parseBlocks } from '../../src/space/block-string.js';
import { PRESET_TABLE } from '../../src/space/preset-table.js';
import { createModel, listModels } from '../../src/space/registry.js';

const NAMES = Object.keys(PRESET_TABLE) as (keyof typeof PRESET_TABLE)[];

describe('PRESET_TABLE', () => {
  it('holds exactly the presets createModel knows', () => {
    expect([...NAMES].sort()).toEqual(listModels());
  });

  it.each(NAMES)('writes %s in canonical TF block strings: formatBlock(parseBlock(s), { style: "tf" }) === s', (name) => {
    const strings = PRESET_TABLE[name].blocks;
    expect(strings).toHaveLength(7);
    for (const s of strings) expect(formatBlock(parseBlock(s), { style: 'tf' })).toBe(s);
  });

  it.each(NAMES)('decodes %s to the preset at width 1, whose blocks written back are the table (input filters included)', (name) => {
    const arch = createModel(name);
    const table = PRESET_TABLE[name].blocks;
    expect(parseBlocks(table)).toEqual(arch.blocks);
    // TF writes MnasNet-small's first block with i16 although the stem gives 8 channels; every other i is the channels entering the block.
    const expected = name === 'mnasnet-small' ? ['r1_k3_s11_e1_i8_o8_noskip', ...table.slice(1)] : table;
    expect(formatBlocks(arch, { style: 'tf' })).toEqual(expected);
  });
});

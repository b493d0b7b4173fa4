/**
 * Prints the size and cost of MnasNet-A1 (and its relatives), analytically.
 *
 *   npx tsx examples/mnasnet-a1.ts
 */
import {
  costBreakdown,
  countMacs,
  countParams,
  formatBlocks,
  hashArchitecture,
  mnasnetA1,
  mnasnetB1,
  mnasnetSmall,
  mobilenetV2,
  mnasnetSpace,
  Rng,
  type Architecture,
} from 'mnas-ts';

const fmt = (n: number): string => n.toLocaleString('en-US');

const a1 = mnasnetA1();
console.log('MnasNet-A1 (Tan et al., CVPR 2019), 224x224x3, 1000 classes');
console.log('  TF block strings:  ', formatBlocks(a1, { style: 'tf' }).join(' '));
console.log('  timm block strings:', formatBlocks(a1).join(' '));
console.log(`  parameters: ${fmt(countParams(a1))}   (paper: 3.9M)`);
console.log(`  MACs:       ${fmt(countMacs(a1))}   (paper: 312M)`);
console.log(`  hash:       ${hashArchitecture(a1)}`);

const breakdown = costBreakdown(a1);
console.log('\n  part          params          MACs');
const perBlock = new Map<number, { params: number; macs: number }>();
for (const l of breakdown.layers) {
  const b = perBlock.get(l.block) ?? { params: 0, macs: 0 };
  perBlock.set(l.block, { params: b.params + l.params, macs: b.macs + l.macs });
}
const row = (name: string, c: { params: number; macs: number }): void =>
  console.log(`  ${name.padEnd(8)} ${fmt(c.params).padStart(11)} ${fmt(c.macs).padStart(13)}`);
row('stem', breakdown.stem);
for (const [i, c] of perBlock) row(`block ${i}`, c);
row('head', breakdown.head);

console.log('\nOther presets              params          MACs');
const presets: [string, Architecture][] = [
  ['MnasNet-B1', mnasnetB1()],
  ['MnasNet-small', mnasnetSmall()],
  ['MobileNetV2', mobilenetV2()],
  ['MnasNet-A1 x0.5', mnasnetA1({ widthMultiplier: 0.5 })],
  ['MnasNet-A1 @ 96x96, 10 cl.', mnasnetA1({ inputShape: [96, 96, 3], numClasses: 10 })],
];
for (const [name, arch] of presets)
  console.log(`  ${name.padEnd(26)} ${fmt(countParams(arch)).padStart(10)} ${fmt(countMacs(arch)).padStart(13)}`);

const space = mnasnetSpace();
const sample = space.sample(new Rng(42));
console.log(`\nmnasnetSpace(): ${space.decisions.length} decisions, ${space.size()} token lists`);
console.log('  a sample (seed 42):', formatBlocks(sample).join(' '));
console.log(`  tokens: [${space.encode(sample).join(',')}]`);
console.log(`  ${fmt(countParams(sample))} parameters, ${fmt(countMacs(sample))} MACs`);

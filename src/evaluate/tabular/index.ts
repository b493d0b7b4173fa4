// Tabular benchmarks: NAS-Bench-201 (+ HW-NAS-Bench latencies) and NAS-Bench-Macro.
export { packageDataDir, readDataJson } from './data-dir.js';
export { rowToTokens, tokensToRow } from './token-space.js';
export {
  NB201_DATASETS,
  NB201_DEVICES,
  NB201_EDGES,
  NB201_OPS,
  NasBench201,
  loadNasBench201,
  nasBench201FromJson,
  type Nb201Cell,
  type Nb201Dataset,
  type Nb201Device,
  type Nb201Op,
} from './nas-bench-201.js';
export { MACRO_OPS, NasBenchMacro, loadNasBenchMacro, nasBenchMacroFromJson, type MacroArch, type MacroOp } from './nas-bench-macro.js';

// The lookup-table wing of src/measure/: latency predicted from per-layer measurements. Re-export by name.
export { LookupTablePredictor } from './predictor.js';
export type { LookupTablePredictorOptions, LutBuildProgress, LutBuildResult, LutPrediction } from './predictor-options.js';
export { sumPieces, type LutPredictionPart } from './sum.js';
export { IDENTITY_FIT, estimateFromMacs, fitOverhead, type LutFit, type LutFitMode, type MeasuredCost } from './fit.js';
export { layerKey, lutPieces, type LutEntryKind, type LutPiece } from './keys.js';
export { LUT_FORMAT, checkTable, emptyTable, type LookupTableData, type LutEntry } from './table.js';

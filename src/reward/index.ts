// Public surface of src/reward/: pure arithmetic on plain numbers (no tfjs). Re-export by name.
export { HARD_CONSTRAINT, SOFT_CONSTRAINT, type ConstraintExponents } from './constraints.js';
export { mnasReward, type MnasRewardMetrics, type MnasRewardOptions } from './mnasReward.js';
export {
  mnasMultiReward,
  type MetricConstraint,
  type MnasMultiRewardOptions,
  type MultiObjectiveMetrics,
} from './mnasMultiReward.js';
export { weightedSumReward, type WeightedObjective, type WeightedSumRewardOptions } from './weightedSumReward.js';
export { logLatencyReward, type LogLatencyRewardMetrics, type LogLatencyRewardOptions } from './logLatencyReward.js';
export { fbnetLoss, type FbnetLossMetrics, type FbnetLossOptions } from './fbnetLoss.js';
export { hardFilterReward, type HardFilterRewardOptions, type MetricBound } from './hardFilterReward.js';
export type { Direction, ObjectivePoint } from './types.js';
export { dominates } from './dominates.js';
export { paretoFront } from './paretoFront.js';
export { nonDominatedSort } from './nonDominatedSort.js';
export { crowdingDistance } from './crowdingDistance.js';
export { hypervolume } from './hypervolume.js';

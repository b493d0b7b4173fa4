// Public surface of src/reward/: pure arithmetic on plain numbers (no tfjs). Re-export by name.
export { HARD_CONSTRAINT, SOFT_CONSTRAINT, type ConstraintExponents } from './constraints.js';
export { mnasReward, type MnasRewardMetrics, type MnasRewardOptions } from './mnas-reward.js';
export {
  mnasMultiReward,
  type MetricConstraint,
  type MnasMultiRewardOptions,
  type MultiObjectiveMetrics,
} from './mnas-multi-reward.js';
export { weightedSumReward, type WeightedObjective, type WeightedSumRewardOptions } from './weighted-sum-reward.js';
export { logLatencyReward, type LogLatencyRewardMetrics, type LogLatencyRewardOptions } from './log-latency-reward.js';
export { fbnetLoss, type FbnetLossMetrics, type FbnetLossOptions } from './fbnet-loss.js';
export { hardFilterReward, type HardFilterRewardOptions, type MetricBound } from './hard-filter-reward.js';
export type { Direction, ObjectivePoint } from './types.js';
export { dominates } from './dominates.js';
export { paretoFront } from './pareto-front.js';
export { nonDominatedSort } from './non-dominated-sort.js';
export { crowdingDistance } from './crowding-distance.js';
export { hypervolume } from './hypervolume.js';

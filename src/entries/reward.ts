/**
 * `mnas-ts/reward`: Rewards, browser-safe: pure multi-objective rewards and Pareto tools. No tfjs, no Node built-ins.
 *
 * @module mnas-ts/reward
 */

// Rewards: pure multi-objective rewards and Pareto tools.
export {
  HARD_CONSTRAINT,
  SOFT_CONSTRAINT,
  crowdingDistance,
  dominates,
  fbnetLoss,
  hardFilterReward,
  hypervolume,
  logLatencyReward,
  mnasMultiReward,
  mnasReward,
  nonDominatedSort,
  paretoFront,
  weightedSumReward,
  type ConstraintExponents,
  type Direction,
  type FbnetLossMetrics,
  type FbnetLossOptions,
  type HardFilterRewardOptions,
  type LogLatencyRewardMetrics,
  type LogLatencyRewardOptions,
  type MetricBound,
  type MetricConstraint,
  type MnasMultiRewardOptions,
  type MnasRewardMetrics,
  type MnasRewardOptions,
  type MultiObjectiveMetrics,
  type ObjectivePoint,
  type WeightedObjective,
  type WeightedSumRewardOptions,
} from '../reward/index.js';

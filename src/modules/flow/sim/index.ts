/**
 * Public surface of the flow simulation core (pure functions over plain data; no I/O except
 * messages.ts reading its catalogue). See docs/scenarios.md.
 */
export { compilePort, simulate, type CompiledPort, type SimRaw } from './engine.ts';
export type { LaneModel, LaneType, PortModel, RunOptions, StreamModel, TravellerClassModel } from './model.ts';
export { LANE_TYPES } from './model.ts';
export { compileDistribution, sample, type DistributionSpec } from './distributions.ts';
export {
  summarize,
  type SimResult,
  type LaneResult,
  type TypeResult,
  type ClassResult,
  type LaneHourResult,
} from './results.ts';
export {
  applyChanges,
  parseScenarioText,
  scenarioSchema,
  toPortModel,
  validateScenario,
  type Scenario,
  type ScenarioChange,
  type ScenarioError,
  type ScenarioTarget,
} from './scenario.ts';
export {
  compareScenario,
  findTarget,
  runModel,
  runScenario,
  type Comparison,
  type Progress,
  type TargetResult,
  type VariantResult,
} from './runner.ts';
export { allenCunneenWq, boothsForWait, erlangB, erlangC, kingmanWq, mmc } from './queueing.ts';
export {
  bottleneckRowsFromResult,
  rankBottlenecks,
  type BottleneckInput,
  type BottleneckReport,
} from './bottlenecks.ts';
export { calibrateBooths, type CalibrationTarget } from './calibrate.ts';
export { REFERENCE_SERVICE_TIMES, type ReferenceServiceTime } from './reference.ts';
export { msg, type SimLocale } from './messages.ts';

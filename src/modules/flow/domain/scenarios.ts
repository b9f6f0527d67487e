// Running a scenario for the planners' dashboard and API: validated input, bounded replications so that a page stays
// responsive. Pure (the simulator is deterministic for a seed).
import { compareScenario, type Comparison } from '../sim/runner.ts';
import { parseScenarioText, type ScenarioError } from '../sim/scenario.ts';

export function runScenarioText(
  text: string,
  opts: { maxReplications?: number } = {},
): { ok: true; comparison: Comparison } | { ok: false; errors: ScenarioError[] } {
  const v = parseScenarioText(text);
  if (!v.ok) return v;
  const replications = Math.min(v.scenario.replications ?? 10, opts.maxReplications ?? 10);
  return { ok: true, comparison: compareScenario(v.scenario, { replications }) };
}

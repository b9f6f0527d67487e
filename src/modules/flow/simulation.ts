// Running a scenario for the planners' dashboard: validated input, bounded replications so a page stays responsive.
import fs from 'node:fs';
import path from 'node:path';
import { parseScenarioText, type ScenarioError } from './sim/scenario.ts';
import { compareScenario, type Comparison } from './sim/runner.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples/scenarios');

export function exampleScenarios(): { file: string; name: string; text: string }[] {
  if (!fs.existsSync(EXAMPLES)) return [];
  return fs
    .readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
      let name = f;
      try {
        name = JSON.parse(text).name ?? f;
      } catch {
        /* listed by file name */
      }
      return { file: f, name, text };
    });
}

export function runScenarioText(
  text: string,
  opts: { maxReplications?: number } = {},
): { ok: true; comparison: Comparison } | { ok: false; errors: ScenarioError[] } {
  const v = parseScenarioText(text);
  if (!v.ok) return v;
  const replications = Math.min(v.scenario.replications ?? 10, opts.maxReplications ?? 10);
  return { ok: true, comparison: compareScenario(v.scenario, { replications }) };
}

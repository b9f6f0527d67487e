// Every event of the audit catalogue must be emitted by some tested code path: the suite runs with
// SMARTBORDER_AUDIT_TRACE set, the audit log writes each appended event's name to that file, and this step compares
// the names seen with the catalogue. Usage: node scripts/audit-coverage.ts TRACE_FILE
import fs from 'node:fs';
import { AUDIT_ACTIONS } from '../src/kernel/audit-catalogue.ts';

const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  process.stderr.write(`audit coverage: no trace file ${file ?? '(none given)'}: did the suite run with it?\n`);
  process.exit(1);
}
const seen = new Set(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean));
const never = AUDIT_ACTIONS.filter((a) => !seen.has(a));
const unknown = [...seen].filter((a) => !(AUDIT_ACTIONS as string[]).includes(a));
process.stdout.write(
  `audit catalogue: ${AUDIT_ACTIONS.length - never.length} of ${AUDIT_ACTIONS.length} events emitted\n`,
);
if (never.length) process.stdout.write(`never emitted by any test: ${never.join(', ')}\n`);
if (unknown.length) process.stdout.write(`emitted but not in the catalogue: ${unknown.join(', ')}\n`);
process.exit(never.length || unknown.length ? 1 : 0);

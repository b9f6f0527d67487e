/**
 * Scenario files: the JSON format (documented in docs/scenarios.md), its validation with zod plus
 * cross-reference checks, and errors that carry a JSON path and a message key (i18n catalogue
 * src/modules/flow/i18n/sim.{en,fr,es}.json), e.g.
 *   { path: '$.streams[0].classes[2].lanes[0]', key: 'flow.scenario.error.unknownLane', values: { id: 'nexus' } }
 *
 * Also: variant changes (one more NEXUS booth, a higher enrolment share, a booth schedule, ...)
 * applied to a scenario, and the conversion to the engine's PortModel.
 */
import { z } from 'zod';
import { scaleDistribution, type DistributionSpec } from './distributions.ts';
import { msg } from './messages.ts';
import { LANE_TYPES, type LaneModel, type PortModel } from './model.ts';

// ---------------------------------------------------------------------------------------------
// schema

const positive = z.number().positive();
const nonNeg = z.number().min(0);

export const distributionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('exponential'), mean: positive }),
  z.strictObject({ kind: z.literal('deterministic'), value: positive }),
  z.strictObject({ kind: z.literal('uniform'), min: nonNeg, max: positive }),
  z.strictObject({ kind: z.literal('lognormal'), mean: positive, cv: positive }),
  z.strictObject({ kind: z.literal('gamma'), mean: positive, cv: nonNeg }),
  z.strictObject({ kind: z.literal('erlang'), k: z.number().int().min(1).max(1000), mean: positive }),
  z.strictObject({
    kind: z.literal('empirical'),
    values: z.array(nonNeg).min(1),
    weights: z.array(nonNeg).min(1).optional(),
  }),
]);

/** One value for every hour, or 24 values (a day), or 168 values (a week from Monday 00:00). */
const hourly = (item: z.ZodNumber) => z.union([item, z.array(item).min(1)]);

const boothCount = z.number().int().min(0).max(10000);

export const laneSchema = z.strictObject({
  id: z.string().min(1).max(64),
  type: z.enum(LANE_TYPES),
  label: z.string().max(200).optional(),
  booths: hourly(boothCount),
  service: distributionSchema,
  queue: z.enum(['pooled', 'split']).default('pooled'),
});

export const classSchema = z.strictObject({
  id: z.string().min(1).max(64),
  label: z.string().max(200).optional(),
  share: z.number().min(0).max(1),
  lanes: z.array(z.string().min(1)).min(1),
});

export const streamSchema = z.strictObject({
  id: z.string().min(1).max(64),
  label: z.string().max(200).optional(),
  arrivalsPerHour: hourly(z.number().min(0).max(1e7)),
  classes: z.array(classSchema).min(1),
});

const hoursList = z.array(z.number().int().min(0).max(167)).min(1);

export const changeSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('setBooths'),
    lane: z.string(),
    booths: hourly(boothCount),
    hours: hoursList.optional(),
  }),
  z.strictObject({
    op: z.literal('addBooths'),
    lane: z.string(),
    booths: z.number().int().min(-10000).max(10000),
    hours: hoursList.optional(),
  }),
  z.strictObject({
    op: z.literal('moveBooths'),
    from: z.string(),
    to: z.string(),
    booths: z.number().int().min(1).max(10000),
    hours: hoursList.optional(),
  }),
  z.strictObject({ op: z.literal('setShare'), stream: z.string(), class: z.string(), share: z.number().min(0).max(1) }),
  z.strictObject({
    op: z.literal('scaleArrivals'),
    stream: z.string().optional(),
    factor: z.number().min(0).max(1000),
  }),
  z.strictObject({ op: z.literal('setService'), lane: z.string(), service: distributionSchema }),
  z.strictObject({ op: z.literal('scaleService'), lane: z.string(), factor: positive.max(1000) }),
  z.strictObject({ op: z.literal('addLane'), lane: laneSchema }),
  z.strictObject({
    op: z.literal('setLanes'),
    stream: z.string(),
    class: z.string(),
    lanes: z.array(z.string().min(1)).min(1),
  }),
]);

export const variantSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  changes: z.array(changeSchema).min(1),
});

const scopeSchema = z.strictObject({
  stream: z.string().optional(),
  class: z.string().optional(),
  laneType: z.enum(LANE_TYPES).optional(),
});

export const leverSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('setShare'),
    stream: z.string(),
    class: z.string(),
    min: z.number().min(0).max(1),
    max: z.number().min(0).max(1),
  }),
  z.strictObject({
    op: z.literal('addBooths'),
    lane: z.string(),
    max: z.number().int().min(1).max(10000),
    hours: hoursList.optional(),
  }),
  z.strictObject({ op: z.literal('scaleService'), lane: z.string(), min: z.number().positive().max(1) }),
]);

export const targetSchema = z.strictObject({
  name: z.string().min(1).max(200),
  /** relative reduction of the metric to reach, e.g. 0.25 for "25 % shorter" */
  reduction: z.number().gt(0).lt(1),
  metric: z.enum(['wait', 'transit']).default('wait'),
  scope: scopeSchema.optional(),
  lever: leverSchema,
});

export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  port: z
    .strictObject({
      name: z.string().min(1),
      code: z.string().optional(),
      direction: z.string().optional(),
      country: z.string().optional(),
    })
    .optional(),
  sources: z.array(z.string()).optional(),
  days: z.number().int().min(1).max(3650).default(1),
  warmupDays: z.number().int().min(0).max(365).default(1),
  replications: z.number().int().min(1).max(10000).default(10),
  seed: z.number().int().min(0).max(4294967295).default(1),
  lanes: z.array(laneSchema).min(1),
  streams: z.array(streamSchema).min(1),
  variants: z.array(variantSchema).default([]),
  targets: z.array(targetSchema).default([]),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioLane = z.output<typeof laneSchema>;
export type ScenarioChange = z.output<typeof changeSchema>;
export type ScenarioVariant = z.output<typeof variantSchema>;
export type ScenarioTarget = z.output<typeof targetSchema>;
export type ScenarioLever = z.output<typeof leverSchema>;
export type ScenarioScope = z.output<typeof scopeSchema>;

// ---------------------------------------------------------------------------------------------
// errors

export interface ScenarioError {
  /** JSONPath of the offending value, e.g. `$.lanes[1].booths[7]` */
  path: string;
  /** message key in the flow i18n catalogue */
  key: string;
  values: Record<string, string | number>;
  /** the English message, for logs and tests */
  message: string;
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

export function formatEnglish(key: string, values: Record<string, string | number>): string {
  return msg('en', key, values);
}

function err(path: string, key: string, values: Record<string, string | number> = {}): ScenarioError {
  const all = { path, ...values };
  return { path, key, values: all, message: formatEnglish(key, all) };
}

type Issue = z.core.$ZodIssue;

function issueToError(issue: Issue): ScenarioError {
  const path = jsonPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if ((issue as { input?: unknown }).input === undefined && issue.message.includes('received undefined'))
        return err(path, 'flow.scenario.error.required');
      return err(path, 'flow.scenario.error.type', { expected: String(issue.expected) });
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'string')
        return err(path, 'flow.scenario.error.tooFewItems', { minimum: min });
      return err(
        path,
        issue.inclusive === false ? 'flow.scenario.error.tooSmallExclusive' : 'flow.scenario.error.tooSmall',
        {
          minimum: min,
        },
      );
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'string')
        return err(path, 'flow.scenario.error.tooManyItems', { maximum: max });
      return err(
        path,
        issue.inclusive === false ? 'flow.scenario.error.tooBigExclusive' : 'flow.scenario.error.tooBig',
        {
          maximum: max,
        },
      );
    }
    case 'invalid_value':
      return err(path, 'flow.scenario.error.oneOf', { values: issue.values.map((v) => JSON.stringify(v)).join(', ') });
    case 'unrecognized_keys':
      return err(path, 'flow.scenario.error.unknownKeys', { keys: issue.keys.map((k) => `"${k}"`).join(', ') });
    case 'invalid_union': {
      const u = issue as { discriminator?: string; options?: unknown[]; errors: Issue[][] };
      if (u.discriminator && u.options)
        return err(path, 'flow.scenario.error.oneOf', { values: u.options.map((v) => JSON.stringify(v)).join(', ') });
      // hourly profiles (number or array): report the branch that got furthest
      const branch = u.errors.find((e) => e.length > 0 && e.every((i) => i.path.length > 0)) ?? u.errors[0];
      if (branch && branch.length > 0)
        return issueToError({ ...branch[0], path: [...issue.path, ...branch[0].path] } as Issue);
      return err(path, 'flow.scenario.error.invalid', { detail: issue.message });
    }
    default:
      return err(path, 'flow.scenario.error.invalid', { detail: issue.message });
  }
}

// ---------------------------------------------------------------------------------------------
// validation

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** Period of a scenario: 168 if any hourly profile has 168 values, else 24. */
export function periodOf(s: {
  lanes: { booths: number | number[] }[];
  streams: { arrivalsPerHour: number | number[] }[];
}): number {
  const lens = [...s.lanes.map((l) => l.booths), ...s.streams.map((x) => x.arrivalsPerHour)].map((v) =>
    Array.isArray(v) ? v.length : 1,
  );
  return lens.includes(168) ? 168 : 24;
}

/** Expands a 1-, 24- or 168-value profile to `period` values (a 24-value day repeats in a week). */
export function expandHourly(v: number | number[], period: number): number[] {
  const arr = Array.isArray(v) ? v : [v];
  if (arr.length === 1) return new Array(period).fill(arr[0]);
  const out: number[] = [];
  for (let h = 0; h < period; h++) out.push(arr[h % arr.length]);
  return out;
}

function checkHourly(v: number | number[], path: string, errors: ScenarioError[]): void {
  if (Array.isArray(v) && v.length !== 1 && v.length !== 24 && v.length !== 168)
    errors.push(err(path, 'flow.scenario.error.hourlyLength', { count: v.length }));
}

function checkDistribution(d: DistributionSpec, path: string, errors: ScenarioError[]): void {
  if (d.kind === 'empirical' && d.weights && d.weights.length !== d.values.length)
    errors.push(
      err(`${path}.weights`, 'flow.scenario.error.weightsLength', {
        count: d.weights.length,
        expected: d.values.length,
      }),
    );
  if (d.kind === 'uniform' && !(d.min < d.max))
    errors.push(err(path, 'flow.scenario.error.uniformRange', { min: d.min, max: d.max }));
}

/** Cross-reference checks on a schema-valid scenario (ids, shares, hours, reachability). */
function checkSemantics(s: Scenario): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const P = periodOf(s);
  if (P === 168 && s.days % 7 !== 0) errors.push(err('$.days', 'flow.scenario.error.weekDays', { days: s.days }));
  const laneIds = new Set<string>();
  s.lanes.forEach((l, i) => {
    if (laneIds.has(l.id)) errors.push(err(`$.lanes[${i}].id`, 'flow.scenario.error.duplicateId', { id: l.id }));
    laneIds.add(l.id);
    checkHourly(l.booths, `$.lanes[${i}].booths`, errors);
    checkDistribution(l.service, `$.lanes[${i}].service`, errors);
  });
  const classIds = new Set<string>();
  const streamIds = new Set<string>();
  const everOpen = (id: string): boolean => {
    const lane = s.lanes.find((l) => l.id === id);
    return lane !== undefined && expandHourly(lane.booths, P).some((b) => b > 0);
  };
  s.streams.forEach((st, si) => {
    if (streamIds.has(st.id)) errors.push(err(`$.streams[${si}].id`, 'flow.scenario.error.duplicateId', { id: st.id }));
    streamIds.add(st.id);
    checkHourly(st.arrivalsPerHour, `$.streams[${si}].arrivalsPerHour`, errors);
    let sum = 0;
    st.classes.forEach((c, ci) => {
      const base = `$.streams[${si}].classes[${ci}]`;
      if (classIds.has(c.id)) errors.push(err(`${base}.id`, 'flow.scenario.error.duplicateId', { id: c.id }));
      classIds.add(c.id);
      sum += c.share;
      let known = true;
      c.lanes.forEach((lid, k) => {
        if (!laneIds.has(lid)) {
          known = false;
          errors.push(err(`${base}.lanes[${k}]`, 'flow.scenario.error.unknownLane', { id: lid }));
        }
      });
      if (known && c.share > 0 && !c.lanes.some(everOpen))
        errors.push(err(`${base}.lanes`, 'flow.scenario.error.noOpenLane', { id: c.id }));
    });
    if (Math.abs(sum - 1) > 1e-6)
      errors.push(err(`$.streams[${si}].classes`, 'flow.scenario.error.sharesSum', { sum: Number(sum.toFixed(6)) }));
  });

  const checkLane = (id: string, path: string, extra: Set<string>) => {
    if (!laneIds.has(id) && !extra.has(id)) errors.push(err(path, 'flow.scenario.error.unknownLane', { id }));
  };
  const checkClass = (stream: string, cls: string, base: string) => {
    const st = s.streams.find((x) => x.id === stream);
    if (!st) errors.push(err(`${base}.stream`, 'flow.scenario.error.unknownStream', { id: stream }));
    else if (!st.classes.some((c) => c.id === cls))
      errors.push(err(`${base}.class`, 'flow.scenario.error.unknownClass', { id: cls, stream }));
  };
  const checkHours = (hours: number[] | undefined, base: string) => {
    hours?.forEach((h, k) => {
      if (h >= P) errors.push(err(`${base}.hours[${k}]`, 'flow.scenario.error.hourRange', { hour: h, max: P - 1 }));
    });
  };

  s.variants.forEach((v, vi) => {
    const added = new Set<string>();
    v.changes.forEach((c, ci) => {
      const base = `$.variants[${vi}].changes[${ci}]`;
      switch (c.op) {
        case 'setBooths':
          checkLane(c.lane, `${base}.lane`, added);
          checkHourly(c.booths, `${base}.booths`, errors);
          checkHours(c.hours, base);
          break;
        case 'addBooths':
          checkLane(c.lane, `${base}.lane`, added);
          checkHours(c.hours, base);
          break;
        case 'moveBooths':
          checkLane(c.from, `${base}.from`, added);
          checkLane(c.to, `${base}.to`, added);
          checkHours(c.hours, base);
          break;
        case 'setShare':
          checkClass(c.stream, c.class, base);
          break;
        case 'scaleArrivals':
          if (c.stream !== undefined && !streamIds.has(c.stream))
            errors.push(err(`${base}.stream`, 'flow.scenario.error.unknownStream', { id: c.stream }));
          break;
        case 'setService':
          checkLane(c.lane, `${base}.lane`, added);
          checkDistribution(c.service, `${base}.service`, errors);
          break;
        case 'scaleService':
          checkLane(c.lane, `${base}.lane`, added);
          break;
        case 'addLane':
          if (laneIds.has(c.lane.id) || added.has(c.lane.id))
            errors.push(err(`${base}.lane.id`, 'flow.scenario.error.duplicateId', { id: c.lane.id }));
          added.add(c.lane.id);
          checkHourly(c.lane.booths, `${base}.lane.booths`, errors);
          checkDistribution(c.lane.service, `${base}.lane.service`, errors);
          break;
        case 'setLanes':
          checkClass(c.stream, c.class, base);
          c.lanes.forEach((lid, k) => checkLane(lid, `${base}.lanes[${k}]`, added));
          break;
      }
    });
  });

  s.targets.forEach((t, ti) => {
    const base = `$.targets[${ti}].lever`;
    const lv = t.lever;
    if (lv.op === 'setShare') {
      checkClass(lv.stream, lv.class, base);
      if (!(lv.min < lv.max)) errors.push(err(base, 'flow.scenario.error.minAboveMax', { min: lv.min, max: lv.max }));
    } else {
      checkLane(lv.lane, `${base}.lane`, new Set());
      if (lv.op === 'addBooths') checkHours(lv.hours, base);
    }
    if (t.scope?.stream !== undefined && !streamIds.has(t.scope.stream))
      errors.push(err(`$.targets[${ti}].scope.stream`, 'flow.scenario.error.unknownStream', { id: t.scope.stream }));
    if (t.scope?.class !== undefined && !classIds.has(t.scope.class))
      errors.push(
        err(`$.targets[${ti}].scope.class`, 'flow.scenario.error.unknownClass', {
          id: t.scope.class,
          stream: t.scope.stream ?? '*',
        }),
      );
  });
  return errors;
}

/** Validates parsed JSON. Every problem is reported (not only the first), each with its JSON path. */
export function validateScenario(input: unknown): ValidationResult {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map(issueToError) };
  const errors = checkSemantics(parsed.data);
  if (errors.length > 0) return { ok: false, errors };
  // each variant must itself give a valid scenario (e.g. no negative booths after a move)
  for (let vi = 0; vi < parsed.data.variants.length; vi++) {
    try {
      const v = applyChanges(parsed.data, parsed.data.variants[vi].changes);
      const again = checkSemantics({ ...v, variants: [], targets: [] });
      for (const e of again) {
        const { path: _p, ...values } = e.values;
        errors.push(err(`$.variants[${vi}] → ${e.path}`, e.key, values));
      }
    } catch (e) {
      if (!(e instanceof ChangeError)) throw e;
      const { path: _p, ...values } = e.error.values;
      errors.push(err(e.error.path.replace('$', `$.variants[${vi}].changes[${e.index}]`), e.error.key, values));
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scenario: parsed.data };
}

/** Parses JSON text then validates; JSON syntax errors come with line and column. */
export function parseScenarioText(text: string): ValidationResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    let detail = msg;
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const column = pos - before.lastIndexOf('\n');
      detail = `${msg.replace(/ in JSON at position \d+.*$/, '')} (line ${line}, column ${column})`;
    }
    return { ok: false, errors: [err('$', 'flow.scenario.error.json', { detail })] };
  }
  return validateScenario(json);
}

// ---------------------------------------------------------------------------------------------
// changes (variants) and conversion to the engine model

export class ChangeError extends Error {
  readonly error: ScenarioError;
  readonly index: number;
  constructor(error: ScenarioError, index: number) {
    super(error.message);
    this.error = error;
    this.index = index;
  }
}

function clone<T>(x: T): T {
  return structuredClone(x);
}

function laneOf(s: Scenario, id: string, index: number, field = 'lane'): ScenarioLane {
  const lane = s.lanes.find((l) => l.id === id);
  if (!lane) throw new ChangeError(err(`$.${field}`, 'flow.scenario.error.unknownLane', { id }), index);
  return lane;
}

function editBooths(
  lane: ScenarioLane,
  P: number,
  hours: number[] | undefined,
  f: (b: number, h: number) => number,
  index: number,
): void {
  const b = expandHourly(lane.booths, P);
  const set = hours ? new Set(hours) : undefined;
  for (let h = 0; h < P; h++) {
    if (set && !set.has(h)) continue;
    const v = f(b[h], h);
    if (v < 0)
      throw new ChangeError(err('$.booths', 'flow.scenario.error.negativeBooths', { id: lane.id, hour: h }), index);
    b[h] = v;
  }
  lane.booths = b;
}

/**
 * Sets a class share and rescales the other classes of the stream proportionally so the shares
 * still sum to 1 (if the others are all 0, the remainder is spread evenly over them).
 */
export function setShare(s: Scenario, streamId: string, classId: string, share: number): void {
  const st = s.streams.find((x) => x.id === streamId);
  if (!st) throw new Error(`unknown stream ${streamId}`);
  const target = st.classes.find((c) => c.id === classId);
  if (!target) throw new Error(`unknown class ${classId}`);
  const others = st.classes.filter((c) => c !== target);
  const rest = others.reduce((a, c) => a + c.share, 0);
  target.share = share;
  for (const c of others) c.share = rest > 0 ? (c.share / rest) * (1 - share) : (1 - share) / others.length;
}

/** Applies variant changes to a copy of the scenario. */
export function applyChanges(base: Scenario, changes: ScenarioChange[]): Scenario {
  const s = clone(base);
  const P = periodOf(s);
  changes.forEach((c, i) => {
    switch (c.op) {
      case 'setBooths': {
        const lane = laneOf(s, c.lane, i);
        const v = expandHourly(c.booths, P);
        editBooths(lane, P, c.hours, (_b, h) => v[h], i);
        break;
      }
      case 'addBooths':
        editBooths(laneOf(s, c.lane, i), P, c.hours, (b) => b + c.booths, i);
        break;
      case 'moveBooths':
        editBooths(laneOf(s, c.from, i, 'from'), P, c.hours, (b) => b - c.booths, i);
        editBooths(laneOf(s, c.to, i, 'to'), P, c.hours, (b) => b + c.booths, i);
        break;
      case 'setShare':
        setShare(s, c.stream, c.class, c.share);
        break;
      case 'scaleArrivals':
        for (const st of s.streams) {
          if (c.stream !== undefined && st.id !== c.stream) continue;
          st.arrivalsPerHour = expandHourly(st.arrivalsPerHour, P).map((x) => x * c.factor);
        }
        break;
      case 'setService':
        laneOf(s, c.lane, i).service = clone(c.service);
        break;
      case 'scaleService': {
        const lane = laneOf(s, c.lane, i);
        lane.service = scaleDistribution(lane.service, c.factor);
        break;
      }
      case 'addLane':
        s.lanes.push(clone(c.lane));
        break;
      case 'setLanes': {
        const cls = s.streams.find((x) => x.id === c.stream)?.classes.find((x) => x.id === c.class);
        if (cls) cls.lanes = [...c.lanes];
        break;
      }
    }
  });
  return s;
}

export function toPortModel(s: Scenario): PortModel {
  const P = periodOf(s);
  const lanes: LaneModel[] = s.lanes.map((l) => ({
    id: l.id,
    type: l.type,
    booths: expandHourly(l.booths, P),
    service: l.service,
    queue: l.queue,
  }));
  return {
    periodHours: P,
    lanes,
    streams: s.streams.map((st) => ({
      id: st.id,
      ratePerHour: expandHourly(st.arrivalsPerHour, P),
      classes: st.classes.map((c) => ({ id: c.id, share: c.share, lanes: [...c.lanes] })),
    })),
  };
}

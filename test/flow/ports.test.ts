// Ports' time zones, opening hours and status (pure rules of the flow module's domain/), checked against the data.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';
import { feedRecord, type Board } from '../../src/modules/flow/domain/bwt-feed.ts';
import { portHoursText, portOpenAt, boothsOpenAt } from '../../src/modules/flow/domain/port-hours.ts';
import {
  isTimeZone,
  localClock,
  PORT_REGIONS,
  PORT_ZONES,
  portTimeZone,
  REGION_ZONES,
  UnknownTimeZoneError,
} from '../../src/modules/flow/domain/time-zones.ts';

const readJson = (file: string): unknown => {
  const p = `data/${file}`;
  if (!fs.existsSync(p)) throw new Error(`missing data file: ${p}`);
  return JSON.parse(fs.readFileSync(p, 'utf8'));
};
const usPorts = readJson('ports.json') as { code: string; stateCode: string }[];
const crossings = readJson('crossings.json') as {
  major: { usPort: string; partnerCountry: string }[];
  preclearance: { id: string }[];
};

test('every port of the data has an IANA time zone: US ports by state, partner crossings and airports by table', () => {
  assert.equal(usPorts.length, 110);
  for (const p of usPorts) assert.ok(portTimeZone({ id: `US-${p.code}`, country: 'US', state: p.stateCode }));
  for (const m of crossings.major)
    assert.ok(portTimeZone({ id: `${m.partnerCountry}-${m.usPort}`, country: m.partnerCountry, state: null }));
  for (const a of crossings.preclearance) assert.ok(portTimeZone({ id: `PC-${a.id}`, country: 'CA', state: null }));
  for (const z of [...Object.values(REGION_ZONES), ...Object.values(PORT_ZONES)]) assert.ok(isTimeZone(z), z);
  for (const r of Object.values(PORT_REGIONS)) assert.ok(REGION_ZONES[r], r);
});

test('zones follow the zone lines inside states, and the facing crossing keeps its own country’s zone', () => {
  const us = (code: string, state: string) => portTimeZone({ id: `US-${code}`, country: 'US', state });
  assert.equal(us('2504', 'CA'), 'America/Los_Angeles'); // San Ysidro
  assert.equal(us('2402', 'TX'), 'America/Denver'); // El Paso: Mountain, unlike the rest of Texas
  assert.equal(us('2304', 'TX'), 'America/Chicago'); // Laredo
  assert.equal(us('3308', 'ID'), 'America/Los_Angeles'); // Porthill, Idaho panhandle
  assert.equal(us('3801', 'MI'), 'America/Detroit');
  assert.equal(us('2604', 'AZ'), 'America/Phoenix');
  assert.equal(portTimeZone({ id: 'CA-3004', country: 'CA', state: null }), 'America/Vancouver');
  assert.equal(portTimeZone({ id: 'MX-2402', country: 'MX', state: null }), 'America/Ciudad_Juarez');
  assert.equal(portTimeZone({ id: 'PC-YHZ', country: 'CA', state: null }), 'America/Halifax');
});

test('an unknown port is an error naming it, never a default zone', () => {
  assert.throws(() => portTimeZone({ id: 'CA-9999', country: 'CA', state: null }), UnknownTimeZoneError);
  assert.throws(() => portTimeZone({ id: 'US-9998', country: 'US', state: 'ZZ' }), /port US-9998: .*region US-ZZ/);
});

test('the flow module refuses to start with a port it cannot place in a time zone', () => {
  const script = `
    import { FlowService } from './src/modules/flow/service.ts';
    const unknown = { id: 'CA-9999', country: 'CA', state: null };
    const lanes = { ready: Promise.resolve(), ports: new Map([['CA-9999', unknown]]) };
    new FlowService({ log: { fatal: () => {} } }, lanes);
    setTimeout(() => console.log('still running'), 500);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.doesNotMatch(r.stdout, /still running/);
  assert.match(r.stderr, /port CA-9999: no IANA time zone/);
});

test('the local clock of a zone, with daylight saving time', () => {
  const winter = localClock(new Date('2026-12-18T23:00:00Z'), 'America/Los_Angeles');
  assert.deepEqual(
    [winter.year, winter.month, winter.day, winter.weekday, winter.hour, winter.offsetHours],
    [2026, 12, 18, 5, 15, -8],
  );
  const summer = localClock(new Date('2026-07-15T02:30:00Z'), 'America/Denver');
  assert.deepEqual([summer.month, summer.day, summer.weekday, summer.hour, summer.minute], [7, 14, 2, 20, 30]);
  assert.equal(summer.offsetHours, -6);
  assert.equal(localClock(new Date('2026-07-15T12:00:00Z'), 'America/Phoenix').offsetHours, -7);
});

const ALL = [0, 1, 2, 3, 4, 5, 6];
test('opening hours in the feed’s words, from the lanes’ booth schedules', () => {
  const h24 = [
    {
      schedule: [
        { days: ALL, from: 0, to: 24, open: 2 },
        { days: ALL, from: 6, to: 22, open: 4 },
      ],
    },
  ];
  assert.equal(portHoursText(h24), '24 hrs/day');
  assert.equal(portHoursText([{ schedule: [{ days: ALL, from: 7, to: 23, open: 2 }] }]), '7 am-11 pm');
  assert.equal(portHoursText([{ schedule: [{ days: ALL, from: 0, to: 12, open: 1 }] }]), 'Midnight-Noon');
  assert.equal(
    portHoursText([
      { schedule: [{ days: [1, 2, 3, 4, 5], from: 6, to: 22, open: 1 }] },
      { schedule: [{ days: [6], from: 8, to: 16, open: 1 }] },
    ]),
    'Mon-Fri 6 am-10 pm; Sat 8 am-4 pm',
  );
  assert.equal(portHoursText([{ schedule: [{ days: ALL, from: 7, to: 9, open: 0 }] }]), 'Closed');
  assert.equal(portHoursText([]), 'Closed');
  const lane = { schedule: [{ days: [1], from: 7, to: 23, open: 3 }] };
  assert.equal(boothsOpenAt(lane, 1, 7), 3);
  assert.equal(boothsOpenAt(lane, 1, 23), 0);
  assert.equal(portOpenAt([lane], 1, 22), true);
  assert.equal(portOpenAt([lane], 2, 12), false);
});

test('the feed record carries the port’s own hours, status and local date', () => {
  const board: Board = {
    portId: 'US-0103',
    name: 'Eastport',
    code: '0103',
    timeZone: 'America/New_York',
    hours: '7 am-11 pm',
    status: 'Closed',
    lanes: [
      {
        laneType: 'general',
        lanesOpen: 0,
        maxLanes: 2,
        waitMinutes: null,
        method: 'none',
        updatedAt: '2026-07-15T07:00:00.000Z',
      },
    ],
  };
  const r = feedRecord(board, { code: '0103', border: 'north' }, '2026-07-15');
  assert.equal(r.hours, '7 am-11 pm');
  assert.equal(r.port_status, 'Closed');
  assert.equal(r.date, '2026-07-15');
  assert.equal(r.border, 'Canadian Border');
  assert.equal(r.passenger_vehicle_lanes.standard_lanes.operational_status, 'Lanes Closed');
  assert.equal(r.commercial_vehicle_lanes.FAST_lanes.operational_status, 'N/A');
});

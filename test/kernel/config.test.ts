// SMARTBORDER_TRUST_PROXY: false, true, a hop count or a list of addresses and CIDR ranges; anything else is refused at
// start with the variable named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/kernel/config.ts';

const trust = (v?: string) => loadConfig(v === undefined ? {} : { SMARTBORDER_TRUST_PROXY: v }).SMARTBORDER_TRUST_PROXY;

test('SMARTBORDER_TRUST_PROXY: off by default; true; a hop count; addresses and CIDR ranges', () => {
  assert.equal(trust(), false);
  assert.equal(trust('false'), false);
  assert.equal(trust('true'), true);
  assert.equal(trust('1'), 1);
  assert.equal(trust('2'), 2);
  assert.deepEqual(trust('10.0.0.0/8, 127.0.0.1,::1, fd00::/8'), ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8']);
});

test('a SMARTBORDER_TRUST_PROXY that is none of these is refused, naming the variable', () => {
  for (const bad of ['yes', '0', '-1', '10.0.0.0/33', '10.0.0/8', '::1/129', '127.0.0.1,', 'loopback', '1.5'])
    assert.throws(() => trust(bad), /SMARTBORDER_TRUST_PROXY: must be false, true, a hop count/, bad);
});

test('the sign-in rates are whole numbers of at least 1', () => {
  const c = loadConfig({});
  assert.equal(c.SMARTBORDER_SIGN_IN_PER_IP, 30);
  assert.equal(c.SMARTBORDER_SIGN_IN_PER_ACCOUNT, 10);
  assert.throws(() => loadConfig({ SMARTBORDER_SIGN_IN_PER_IP: '0' }), /SMARTBORDER_SIGN_IN_PER_IP/);
});

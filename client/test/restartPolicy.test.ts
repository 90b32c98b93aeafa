// When the client restarts a crashed language server, and when it gives up.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RestartPolicy } from '../src/restartPolicy.js';

test('restarts the server up to the limit, then stops and says how to restart it by hand', () => {
  const policy = new RestartPolicy(4, 180_000);
  const decisions = [0, 1000, 2000, 3000, 4000].map(t => policy.onCrash(t));
  assert.deepEqual(decisions.map(d => d.restart), [true, true, true, true, false]);
  assert.match(decisions[0].message, /restarting it \(1 of 4\)/);
  assert.match(decisions[4].message, /stopped 5 times in 3 minutes/);
  assert.match(decisions[4].message, /STAR: Restart Language Server/);
});

test('crashes older than the window no longer count', () => {
  const policy = new RestartPolicy(2, 60_000);
  assert.equal(policy.onCrash(0).restart, true);
  assert.equal(policy.onCrash(10_000).restart, true);
  // the crash at 0 is more than a minute old by now
  const d = policy.onCrash(65_000);
  assert.equal(d.restart, true);
  assert.equal(d.crashes, 2);
  assert.equal(policy.onCrash(65_001).restart, false);
});

test('a manual restart gives a fresh budget', () => {
  const policy = new RestartPolicy(1, 60_000);
  policy.onCrash(0);
  assert.equal(policy.onCrash(1).restart, false);
  policy.reset();
  assert.equal(policy.onCrash(2).restart, true);
});

test('bad settings are refused with a message naming the value', () => {
  assert.throws(() => new RestartPolicy(-1), /maxRestarts must be a whole number >= 0, got -1/);
  assert.throws(() => new RestartPolicy(2, 0), /windowMs must be > 0, got 0/);
});

test('never more than maxRestarts restarts inside any window (property)', () => {
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 10_000 }),
    fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 40 }),
    (max, windowMs, gaps) => {
      const policy = new RestartPolicy(max, windowMs);
      let now = 0;
      const restartsAt: number[] = [];
      for (const gap of gaps) {
        now += gap;
        if (policy.onCrash(now).restart) restartsAt.push(now);
      }
      for (const t of restartsAt) {
        assert.ok(restartsAt.filter(u => u <= t && t - u <= windowMs).length <= max);
      }
    }));
});

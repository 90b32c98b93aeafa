// The client's notification hub: every subscriber of a message is called, and disposing one leaves the others.
import test from 'node:test';
import assert from 'node:assert/strict';
import { NotificationHub, type NotificationSource } from '../src/notifications.js';

/** Behaves like vscode-languageclient: one handler per method, a later registration replaces the earlier one. */
function fakeClient() {
  const handlers = new Map<string, (params: unknown) => void>();
  let registrations = 0;
  const source: NotificationSource = { onNotification: (method, handler) => { registrations++; handlers.set(method, handler); } };
  return { source, send: (method: string, params: unknown) => handlers.get(method)?.(params), registrations: () => registrations };
}

test('every subscriber of a method gets each notification, with one registration on the client', () => {
  const client = fakeClient();
  const hub = new NotificationHub(client.source, () => assert.fail('no handler throws'));
  const graph: unknown[] = [], headline: unknown[] = [];
  hub.subscribe('star/simulationResult', p => graph.push(p));
  hub.subscribe('star/simulationResult', p => headline.push(p));
  client.send('star/simulationResult', { uri: 'a.star', version: 3 });
  assert.deepEqual(graph, [{ uri: 'a.star', version: 3 }]);
  assert.deepEqual(headline, [{ uri: 'a.star', version: 3 }]);
  assert.equal(client.registrations(), 1);
});

test('methods are kept apart, and a disposed subscriber hears nothing more', () => {
  const client = fakeClient();
  const hub = new NotificationHub(client.source, () => undefined);
  const seen: string[] = [];
  const sub = hub.subscribe<{ state: string }>('star/serverStatus', p => seen.push(`status:${p.state}`));
  hub.subscribe('star/simulationResult', () => seen.push('result'));
  client.send('star/serverStatus', { state: 'simulating' });
  sub.dispose();
  client.send('star/serverStatus', { state: 'ready' });
  client.send('star/simulationResult', {});
  assert.deepEqual(seen, ['status:simulating', 'result']);
  assert.equal(hub.subscriberCount('star/serverStatus'), 0);
});

test('a failing subscriber is reported and does not stop the others', () => {
  const client = fakeClient();
  const errors: string[] = [];
  const hub = new NotificationHub(client.source, (method, error) => errors.push(`${method}: ${(error as Error).message}`));
  let reached = false;
  hub.subscribe('star/simulationResult', () => { throw new Error('boom'); });
  hub.subscribe('star/simulationResult', () => { reached = true; });
  client.send('star/simulationResult', {});
  assert.equal(reached, true);
  assert.deepEqual(errors, ['star/simulationResult: boom']);
});

// The status item's state machine: idle, simulating a file, error, and the labels it shows.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ServerActivity, fileLabel, plainLabel, MAX_LABEL } from '../src/serverActivity.js';
import type { ServerStatusParams } from '../../server/src/protocolTypes.js';

const A = 'file:///work/samples/star-llama7b-4k.star';
const B = 'file:///work/samples/spatial-8x8-llama7b-256k.star';

test('a run shows a spinner and "simulating <file>"; ready returns to nothing extra (the headline)', () => {
  const a = new ServerActivity();
  assert.equal(a.view(), undefined);
  a.update({ state: 'simulating', uri: A });
  assert.deepEqual(a.view(), {
    icon: '$(sync~spin)', text: 'simulating star-llama7b-4k.star', tooltip: 'STAR: simulating star-llama7b-4k.star',
  });
  a.update({ state: 'ready', uri: A, headline: '1.9 ms · 41 TOPS/W' });
  assert.equal(a.view(), undefined);
  assert.equal(a.simulating, false);
});

test('two files: the spinner stays until both are ready, naming the latest run', () => {
  const a = new ServerActivity();
  a.update({ state: 'simulating', uri: A });
  a.update({ state: 'simulating', uri: B });
  assert.equal(a.view()?.text, 'simulating spatial-8x8-llama7b-256k.star (+1)');
  assert.match(a.view()!.tooltip, /spatial-8x8-llama7b-256k\.star, star-llama7b-4k\.star/);
  a.update({ state: 'ready', uri: B });
  assert.equal(a.view()?.text, 'simulating star-llama7b-4k.star');
  // A second save of the same file restarts its run: still one entry.
  a.update({ state: 'simulating', uri: A });
  assert.equal(a.view()?.text, 'simulating star-llama7b-4k.star');
  a.update({ state: 'ready', uri: A });
  assert.equal(a.view(), undefined);
});

test('an error shows the message with error severity and a tooltip naming the file, until the file reports again', () => {
  const a = new ServerActivity();
  a.update({ state: 'simulating', uri: A });
  a.update({ state: 'error', uri: A, message: 'simulation of chip failed: worker exited' });
  const v = a.view()!;
  assert.equal(v.icon, '$(error)');
  assert.equal(v.text, 'simulation of chip failed: worker exited');
  assert.equal(v.severity, 'error');
  assert.match(v.tooltip, /star-llama7b-4k\.star/);
  // Another file's success does not hide this file's error.
  a.update({ state: 'ready', uri: B });
  assert.equal(a.view()?.severity, 'error');
  // While the failed file runs again the spinner wins; its result replaces the error.
  a.update({ state: 'simulating', uri: A });
  assert.equal(a.view()?.icon, '$(sync~spin)');
  a.update({ state: 'ready', uri: A });
  assert.equal(a.view(), undefined);
});

test('an error without a message still says something; without a uri it names no file', () => {
  const a = new ServerActivity();
  a.update({ state: 'error' });
  assert.equal(a.view()?.text, 'the simulation failed');
  assert.equal(a.view()?.tooltip, 'STAR: the simulation failed:\nthe simulation failed');
  a.update({ state: 'ready', uri: B });
  assert.equal(a.view(), undefined, 'a server-wide error ends with the next word from the server');
});

test('a restarted server or a closed document leaves no spinner behind', () => {
  const a = new ServerActivity();
  a.update({ state: 'simulating', uri: A });
  a.update({ state: 'simulating', uri: B });
  a.forget(B);
  assert.equal(a.view()?.text, 'simulating star-llama7b-4k.star');
  a.reset();
  assert.equal(a.view(), undefined);
});

test('malformed notifications are ignored', () => {
  const a = new ServerActivity();
  for (const bad of [undefined, null, 3, 'ready', {}, { state: 'busy' }, { state: 'ready ' }]) {
    assert.equal(a.update(bad as unknown as ServerStatusParams), false, JSON.stringify(bad));
  }
  assert.equal(a.update({ state: 'simulating', uri: 7 as unknown as string }), true);
  assert.equal(a.view()?.text, 'simulating a file');
  assert.equal(a.update({ state: 'error', message: { html: '<b>' } as unknown as string }), true);
  assert.equal(a.view()?.text, 'the simulation failed');
});

test('file names: decoded, no icon syntax, one line, bounded', () => {
  assert.equal(fileLabel('file:///w/my%20design.star'), 'my design.star');
  assert.equal(fileLabel('file:///w/%24(alert)x.star'), '(alert)x.star');
  assert.equal(fileLabel('file:///w/$$(bug~spin).star'), '(bug~spin).star');
  assert.equal(fileLabel('file:///w/bad%E0%A4%A.star'), 'bad%E0%A4%A.star');
  assert.equal(fileLabel('file:///w/a%0Ab.star'), 'a b.star');
  assert.equal(fileLabel('untitled:Untitled-1'), 'untitled:Untitled-1');
  assert.equal(fileLabel(undefined), 'a file');
  assert.equal(fileLabel(`file:///w/${'x'.repeat(200)}.star`).length, MAX_LABEL);
});

test('messages in the label: icon syntax and line breaks removed, tooltip keeps the text (as plain text)', () => {
  const a = new ServerActivity();
  a.update({ state: 'error', uri: 'file:///w/%24(x).star', message: 'bad $(error) input\nline 2 <script>' });
  const v = a.view()!;
  assert.equal(v.text, 'bad (error) input line 2 <script>');
  assert.equal(v.tooltip, 'STAR: the simulation of (x).star failed:\nbad (error) input\nline 2 <script>');
});

test('property: no server text can put icon syntax or a line break into the label', () => {
  const piece = fc.constantFrom('$', '(', ')', '$(', 'sync~spin', '\n', '\r', '\u2028', '%24', '%28', 'a', ' ', '…', '\\');
  const text = fc.array(piece, { maxLength: 40 }).map(p => p.join(''));
  fc.assert(fc.property(text, text, fc.constantFrom<ServerStatusParams['state']>('simulating', 'error'), (name, message, state) => {
    const a = new ServerActivity();
    a.update({ state, uri: `file:///w/${name}`, message });
    const v = a.view()!;
    const label = `${v.icon} STAR ${v.text}`;
    // Exactly one icon: ours, first.
    assert.equal(label.split('$(').length, 2, label);
    assert.ok(label.startsWith(v.icon));
    assert.ok(!/[\n\r\u2028\u2029]/.test(label), label);
    assert.ok(v.text.length <= MAX_LABEL + '(+1) simulating '.length, label);
    assert.equal(plainLabel(v.text), v.text, 'already plain');
  }));
});

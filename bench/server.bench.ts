// Language server latency, measured as an editor sees it (JSON-RPC over stdio to dist/server/server.js):
// - an edit of each sample (didChange) until its publishDiagnostics arrives, debounce off; and the same span
//   measured inside the server (analysis + conversion + send), the figure the < 20 ms goal is about;
// - hover and completion round trips on the samples;
// - diagnostics after an edit of a 10,000-line file.
import { LspClient, ensureBuilt, sample, sampleNames, positionAt } from '../server/test/lsp/harness.js';

function stats(ms: number[]): string {
  if (ms.length === 0) return 'no figures';
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms (n = ${s.length})`;
}

/** Offsets of the numbers in a text: the edits change one digit, as a user tuning a design does. */
function digitOffsets(text: string): number[] {
  const out: number[] = [];
  const re = /=\s*(\d)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index + m[0].length - 1);
  return out;
}

async function editLatency(c: LspClient, uri: string, text: string, rounds: number): Promise<{ client: number[]; server: number[]; language: number[] }> {
  await c.open(uri, text);
  await c.diagnostics(uri);
  const digits = digitOffsets(text);
  const client: number[] = [];
  const server: number[] = [];
  const language: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const offset = digits[i % digits.length];
    const current = c.text(uri);
    const digit = current[offset] === '9' ? '8' : String(Number(current[offset]) + 1);
    const range = { start: positionAt(current, offset), end: positionAt(current, offset + 1) };
    const logsBefore = c.logs.length;
    const t0 = performance.now();
    const version = await c.edit(uri, range, digit);
    await c.diagnostics(uri, version);
    client.push(performance.now() - t0);
    // The server logs its own figure right after the notification; wait for that message too.
    let line: string | undefined;
    for (let wait = 0; !line && wait < 100; wait++) {
      line = c.logs.slice(logsBefore).find(l => l.startsWith('timing diagnostics') && l.includes(` v${version}:`));
      if (!line) await new Promise(resolve => setTimeout(resolve, 1));
    }
    const m = line && /: ([\d.]+) ms \(language ([\d.]+) ms\)/.exec(line);
    if (m) { server.push(Number(m[1])); language.push(Number(m[2])); }
  }
  await c.close(uri);
  return { client, server, language };
}

export default async function bench(): Promise<void> {
  ensureBuilt();
  const c = await LspClient.start({ debounceMs: 0, settings: { logTiming: true, simulation: { onSave: false } } });
  try {
    const names = sampleNames();
    if (names.length === 0) console.log('no samples/ found: nothing to measure');
    const allServer: number[] = [];
    for (const name of names) {
      const text = sample(name);
      const { client, server } = await editLatency(c, `file:///bench/${name}`, text, 100);
      allServer.push(...server);
      console.log(`didChange -> publishDiagnostics, ${name} (${text.split('\n').length} lines)`);
      console.log(`  at the server: ${stats(server)}`);
      console.log(`  round trip:    ${stats(client)}`);
    }
    if (allServer.length) console.log(`all samples, at the server: ${stats(allServer)} (goal < 20 ms)`);

    for (const name of names.filter(n => n !== 'mistakes.star').slice(0, 2)) {
      const text = sample(name);
      const uri = `file:///bench/hover-${name}`;
      await c.open(uri, text);
      await c.diagnostics(uri);
      const hover: number[] = [];
      const completion: number[] = [];
      for (let i = 0; i < 200; i++) {
        const at = positionAt(text, Math.floor((i * 7919) % text.length));
        let t0 = performance.now();
        await c.hover(uri, at);
        hover.push(performance.now() - t0);
        t0 = performance.now();
        await c.completion(uri, at);
        completion.push(performance.now() - t0);
      }
      console.log(`hover, ${name}:      ${stats(hover)}`);
      console.log(`completion, ${name}: ${stats(completion)}`);
      await c.close(uri);
    }

    // A 10,000-line file: a sample repeated, each copy's names made unique (and its uses renamed with them).
    const base = names.length ? sample(names.filter(n => n !== 'mistakes.star').at(-1) ?? names[0]) : '';
    if (base) {
      let big = '';
      const declared = [...base.matchAll(/^\s*(?:technology|workload|core|chip|mapping)\s+(\w+)/gm)].map(m => m[1]);
      for (let k = 0; big.split('\n').length < 10_000; k++) {
        big += declared.reduce((t, name) => t.replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}_${k}`), base) + '\n';
      }
      const { client, server, language } = await editLatency(c, 'file:///bench/big.star', big, 20);
      console.log(`didChange -> publishDiagnostics, ${big.split('\n').length}-line file`);
      console.log(`  at the server: ${stats(server)}`);
      console.log(`  of which the language layer (parse + check): ${stats(language)}`);
      console.log(`  round trip:    ${stats(client)}`);
    }
  } finally {
    await c.stop();
  }
}

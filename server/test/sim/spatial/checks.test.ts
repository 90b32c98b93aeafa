// meshDiagnostics: the link-bandwidth-low warning, its slowdown and the bandwidth that would do.
import test from 'node:test';
import assert from 'node:assert/strict';
import type { Design, Mapping } from '../../../src/model/design.js';
import { meshDiagnostics, linkCheck } from '../../../src/sim/spatial/checks.js';
import { chip, llama, mapping } from './fixtures.js';

function design(...mappings: Mapping[]): Design {
  return { technologies: [], workloads: [], cores: [], chips: mappings.map(m => m.chip), mappings, simulations: [] };
}

test('link-bandwidth-low: slow links for a ring get a warning with the slowdown and the bandwidth that would do', () => {
  const m = { ...mapping(llama(65536), chip(4, 4, { linkBandwidthBps: 2e9 }), { kvFlow: 'ring' }), span: { start: 10, end: 20 } };
  const diags = meshDiagnostics(design(m));
  assert.equal(diags.length, 1);
  const d = diags[0];
  assert.equal(d.code, 'link-bandwidth-low');
  assert.equal(d.severity, 'warning');
  assert.deepEqual(d.span, { start: 10, end: 20 });
  const slowdown = Number(/estimated ([\d.]+)x slowdown/.exec(d.message)?.[1]);
  assert.ok(slowdown > 1.1, d.message);
  const needed = Number(/link_bandwidth to about ([\d.]+) GB\/s/.exec(d.message)?.[1]);
  assert.ok(needed > 2, d.message);
  // at the suggested bandwidth the network no longer slows the mapping down by more than the threshold
  const fixed = { ...m, chip: { ...m.chip, noc: { ...m.chip.noc, linkBandwidthBps: needed * 1e9 * 1.05 } } };
  assert.ok(linkCheck(fixed).slowdown < 1.1, `slowdown at ${needed} GB/s: ${linkCheck(fixed).slowdown}`);
});

test('no warning when the links keep up, for single cores, or for designs the static checks reject', () => {
  const fast = mapping(llama(65536), chip(4, 4, { linkBandwidthBps: 10e12 }));
  const single = mapping(llama(65536), chip(1, 1, { singleCore: true, linkBandwidthBps: 1 }));
  const clash = mapping(llama(4096), chip(2, 2, { linkBandwidthBps: 1e6 }), { heads: 'rows', queries: 'rows' });
  assert.deepEqual(meshDiagnostics(design(fast, single, clash)), []);
});

test('the slowdown grows as the links get slower', () => {
  const at = (bw: number) => linkCheck(mapping(llama(65536), chip(4, 4, { linkBandwidthBps: bw }), { kvFlow: 'multicast' })).slowdown;
  const s = [512e9, 64e9, 8e9, 1e9].map(at);
  for (let i = 1; i < s.length; i++) assert.ok(s[i] >= s[i - 1] - 1e-12, s.join(', '));
  assert.ok(s[3] > s[0]);
});

test('link-bandwidth-low under interleaved placement: a larger slowdown than nearest, and nearest is offered', () => {
  const at = (placement: 'nearest' | 'interleaved') => mapping(llama(65536), chip(4, 4, { linkBandwidthBps: 8e9, placement }), { kvFlow: 'ring' });
  const [near, inter] = [at('nearest'), at('interleaved')];
  assert.ok(linkCheck(inter).slowdown > linkCheck(near).slowdown, `${linkCheck(inter).slowdown} vs ${linkCheck(near).slowdown}`);
  const [d] = meshDiagnostics(design(inter));
  assert.equal(d?.code, 'link-bandwidth-low');
  assert.match(d.message, /or dram placement = nearest\.$/);
  for (const n of meshDiagnostics(design(near))) assert.doesNotMatch(n.message, /placement/);
});

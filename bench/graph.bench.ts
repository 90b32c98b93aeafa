// Graph view: layout + render to SVG text of a 16 x 16 mesh (goal < 200 ms) and a 64 x 64 mesh (goal < 1.5 s),
// and the core view laid out by elkjs layered. Median of a few runs after a warm-up; prints figures only.
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutMesh, layoutCore } from '../client/webview/layout.js';
import { renderMesh, renderCore } from '../client/webview/render.js';
import { MiniDocument, serialize, type MiniElement } from '../client/webview/miniDom.js';
import { makeChip, makeSimulation } from '../client/test/graph/fixtures.js';

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

export default async function graphBench(): Promise<void> {
  for (const [n, goalMs, runs] of [[4, 50, 9], [16, 200, 7], [32, 600, 5], [64, 1500, 5]] as const) {
    const chip = makeChip(n, n), sim = makeSimulation(n, n);
    const times: number[] = [], layoutTimes: number[] = [];
    let bytes = 0, elements = 0;
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const layout = layoutMesh(chip, sim);
      const t1 = performance.now();
      const svg = renderMesh(new MiniDocument(), layout, { title: chip.name }) as MiniElement;
      const text = serialize(svg);
      const t2 = performance.now();
      if (i === 0) continue;   // warm-up
      times.push(t2 - t0);
      layoutTimes.push(t1 - t0);
      bytes = text.length;
      elements = [...svg.walk()].length;
    }
    const ms = median(times);
    console.log(`mesh ${n} x ${n}: layout + render ${ms.toFixed(1)} ms (layout ${median(layoutTimes).toFixed(1)} ms; ${elements} elements, ` +
      `${(bytes / 1e6).toFixed(2)} MB SVG) goal < ${goalMs} ms: ${ms < goalMs ? 'ok' : 'MISSED'}`);
  }
  const elk = new ELK();
  const sim = makeSimulation(4, 4);
  const times: number[] = [];
  for (let i = 0; i <= 7; i++) {
    const t0 = performance.now();
    serialize(renderCore(new MiniDocument(), await layoutCore(elk, 1, 1, sim)) as MiniElement);
    if (i) times.push(performance.now() - t0);
  }
  console.log(`core view (elkjs layered, 6 nodes): layout + render ${median(times).toFixed(1)} ms`);
}

// Builders of the hardware blocks: technology, core (its dlzs, sads, kvgen, sufa and sram) and chip (mesh, noc, dram).
import type { TopBlock, NumberValue } from '../ast.js';
import { SCHEMA } from '../schema.js';
import { DEFAULT_TECHNOLOGY, defaultCore, DEFAULT_NOC, DEFAULT_DRAM } from '../../model/defaults.js';
import type { Technology, Core, Chip, DramAttach, DramPlacement } from '../../model/design.js';
import type { Diags } from './diagnostics.js';
import { BlockReader, nameOf, requireFields } from './blockReader.js';

export function checkTechnology(b: TopBlock, d: Diags): Technology {
  const r = new BlockReader(d, SCHEMA.technology, b.body, `technology '${nameOf(b)}'`);
  return {
    name: nameOf(b),
    nodeNm: r.num('node', 28),
    voltageV: r.num('voltage', 1.0),
    frequencyHz: r.num('frequency', 1e9),
    span: b.span,
  };
}

export function checkCore(b: TopBlock, d: Diags, technologies: Map<string, Technology>): Core {
  const where = `core '${nameOf(b)}'`;
  const r = new BlockReader(d, SCHEMA.core, b.body, where);
  const techName = r.word('technology');
  const technology = (techName && technologies.get(techName.text)) ?? DEFAULT_TECHNOLOGY;
  const def = defaultCore(nameOf(b), technology);

  const dl = r.sub('dlzs', `${where} dlzs`);
  const dlArr = dl.dims('array', [128, 32]);
  const sa = r.sub('sads', `${where} sads`);
  const [inputs, outputs] = sa.range('width', [16, 4]);
  if (inputs <= outputs && sa.has('width')) {
    d.error('out-of-range', `a SADS sort core must take more inputs than it keeps: '${inputs} to ${outputs}' keeps all (e.g. 16 to 4)`, sa.valueSpan('width', b.span));
  }
  const kv = r.sub('kvgen', `${where} kvgen`);
  const kvArr = kv.dims('array', [128, 4]);
  const su = r.sub('sufa', `${where} sufa`);
  const suArr = su.dims('array', [128, 4]);
  const sr = r.sub('sram', `${where} sram`);
  return {
    name: nameOf(b),
    technology,
    dlzs: { rows: dlArr.rows, cols: dlArr.cols, enabled: dl.bool('enabled', true), span: r.subSpan('dlzs') },
    sads: {
      sorters: sa.num('sorters', 128), inputs: inputs > outputs ? inputs : 16, outputs: inputs > outputs ? outputs : 4,
      radius: sa.num('radius', 4), enabled: sa.bool('enabled', true), span: r.subSpan('sads'),
    },
    kvgen: { rows: kvArr.rows, cols: kvArr.cols, bits: kv.num('bits', 16), span: r.subSpan('kvgen') },
    sufa: {
      rows: suArr.rows, cols: suArr.cols, bits: su.num('bits', 16), expUnits: su.num('exp_units', 128), divUnits: su.num('div_units', 128),
      order: su.enum<Core['sufa']['order']>('order', 'descending'), enabled: su.bool('enabled', true), span: r.subSpan('sufa'),
    },
    sram: {
      tokenBytes: sr.num('token', def.sram.tokenBytes), weightBytes: sr.num('weight', def.sram.weightBytes),
      tempBytes: sr.num('temp', def.sram.tempBytes), span: r.subSpan('sram'),
    },
    rass: r.bool('rass', true),
    span: b.span,
  };
}

export function checkChip(b: TopBlock, d: Diags, cores: Map<string, Core>): Chip {
  const where = `chip '${nameOf(b)}'`;
  const r = new BlockReader(d, SCHEMA.chip, b.body, where);
  requireFields(r, b, d);
  const mesh = r.dims('mesh', [1, 1]);
  const core = (mesh.of && cores.get(mesh.of.text)) ?? defaultCore();
  const n = r.sub('noc', `${where} noc`);
  const dr = r.sub('dram', `${where} dram`);
  const attach = checkAttach(dr, d, mesh.rows, mesh.cols);
  return {
    name: nameOf(b),
    rows: mesh.rows, cols: mesh.cols, core,
    noc: {
      linkBandwidthBps: n.num('link_bandwidth', DEFAULT_NOC.linkBandwidthBps),
      hopLatencyCycles: n.num('hop_latency', DEFAULT_NOC.hopLatencyCycles),
      routing: n.enum('routing', 'xy'),
      span: r.subSpan('noc'),
    },
    dram: {
      kind: dr.enum('kind', 'HBM2'),
      channels: dr.num('channels', DEFAULT_DRAM.channels),
      bandwidthBps: dr.num('bandwidth', DEFAULT_DRAM.bandwidthBps),
      attach,
      placement: dr.enum<DramPlacement>('placement', 'nearest'),
      span: r.subSpan('dram'),
    },
    singleCore: false,
    span: b.span,
  };
}

function checkAttach(dr: BlockReader, d: Diags, rows: number, cols: number): DramAttach {
  const f = dr.field('attach');
  if (!f?.value || f.value.kind !== 'list') return dr.enum('attach', 'edges');
  const routers: Array<[number, number]> = [];
  for (const item of f.value.items) {
    const pair = item.kind === 'list' && item.items.length === 2 && item.items.every(x => x.kind === 'number' && !x.unit && Number.isInteger(x.value))
      ? (item.items as NumberValue[]).map(x => x.value) : undefined;
    if (!pair) {
      d.error('type-mismatch', `each router in 'attach' is (row, col) with whole numbers, e.g. (0, 0)`, item.span);
      continue;
    }
    const [r, c] = pair;
    if (r < 0 || c < 0 || r >= rows || c >= cols) {
      d.error('dram-router-missing', `there is no router (${r}, ${c}) on a ${rows} x ${cols} mesh: rows are 0..${rows - 1}, columns 0..${cols - 1}`, item.span);
      continue;
    }
    routers.push([r, c]);
  }
  if (!routers.length) return 'edges';
  return routers;
}

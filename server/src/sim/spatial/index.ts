// Spatial-STAR: a mesh of STAR cores (issue 6). See docs/spatial.md.
export { simulateSpatial, resultFromRun, spatialSteps, optimizedVariant, baselineVariant, validateMesh, BASELINE_PARTITION, type SpatialOptions } from './simulate.js';
export { runSpatial, kvUnion, type SpatialRun, type SpatialVariant, type CoreRun } from './model.js';
export { Mesh, channelRouters, dramRouters, nearestChannels, attachCandidates, type Coord, type ChannelRouter } from './mesh.js';
export { partition, groupsAlong, splitRange, type Partitioning, type CoreShare } from './partition.js';
export { Traffic, ring, ringOrder, routeMaxima } from './traffic.js';
export { imbalanceFactor, blockCv, inflateStats } from './imbalance.js';
export { meshDiagnostics } from './checks.js';

// Prints the README's reproduction table from the model (`node --conditions=import --import tsx scripts/paper-table.ts`):
// paste it over the table under "What the model reproduces" when a model change moves a figure.
import { reproduceGpuComparison, reproduceTable2 } from '../server/src/sim/core/paper.js';
import { paperTableMarkdown } from '../server/src/present/paperTable.js';

console.log(paperTableMarkdown(reproduceGpuComparison(), reproduceTable2()));

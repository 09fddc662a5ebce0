import { readFileSync } from 'node:fs';
import { renderMarkdown, type Report } from './report.ts';

// `node bench/readme-table.ts bench/results/<run>.json` → the README's Performance table (markdown).
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench/readme-table.ts bench/results/<run>.json\n');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
const m = report.machine;
process.stdout.write(`${m.cpu}, ${m.cores} cores, ${m.memoryGb} GiB, Node ${m.node}; ${report.mode} run started ${report.startedAt}\n\n`);
process.stdout.write(`${renderMarkdown(report)}\n`);

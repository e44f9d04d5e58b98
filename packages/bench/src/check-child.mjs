// One measured check-samples run over a project, in a fresh process.
import { loadProjects, nodeFs } from '@interop-design/core';
import { checkSamples } from '@interop-design/samples';

const [root] = process.argv.slice(2);
const start = performance.now();
const { projects } = loadProjects(nodeFs(root));
let bytes = 0;
let findings = 0;
for (const p of projects) {
  bytes += p.samples.reduce((n, s) => n + s.size, 0);
  const r = checkSamples(p);
  findings += r.diagnostics.length;
}
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ bytes, findings, seconds, mbPerSecond: bytes / 1e6 / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));

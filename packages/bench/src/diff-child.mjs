// One measured diff of two versions of a generated project (two folders), in a fresh process.
import { loadProjects, nodeFs } from '@interop-design/core';
import { diffProjects } from '@interop-design/diff';

const [baseDir, headDir] = process.argv.slice(2);
const start = performance.now();
const parseCache = new Map();
const [base] = loadProjects(nodeFs(baseDir), [''], { scanSamples: false, kinds: ['mapping', 'valuemap'], positions: false, parseCache }).projects;
const [head] = loadProjects(nodeFs(headDir), [''], { scanSamples: false, kinds: ['mapping', 'valuemap'], positions: false, parseCache }).projects;
const d = diffProjects(base, head);
const seconds = (performance.now() - start) / 1000;
const changed = d.mappings.filter((m) => m.changes.length).length;
console.log(JSON.stringify({ mappings: d.mappings.length, changed, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));

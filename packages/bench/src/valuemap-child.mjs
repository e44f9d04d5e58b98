// One measured run in a fresh process: load a project, then lint it; the two times apart.
import { loadProjects, nodeFs } from '@interop-design/core';
import { lintProject } from '@interop-design/lint';

const [root, dir] = process.argv.slice(2);
let t = performance.now();
const { projects } = loadProjects(nodeFs(root), [dir]);
const loadSeconds = (performance.now() - t) / 1000;
t = performance.now();
const findings = projects.reduce((n, p) => n + lintProject(p).diagnostics.length, 0);
const lintSeconds = (performance.now() - t) / 1000;
console.log(JSON.stringify({ loadSeconds, seconds: lintSeconds, findings, mbPerSecond: 0, peakRssMb: process.resourceUsage().maxRSS / 1024 }));

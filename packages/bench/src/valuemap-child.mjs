// One measured run in a fresh process: load a project, then lint it; the two apart, in wall and CPU time.
import { loadProjects, nodeFs } from '@interop-design/core';
import { lintProject } from '@interop-design/lint';

const [root, dir] = process.argv.slice(2);
const cpu = (since) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};
let t = performance.now();
let c = process.cpuUsage();
const { projects } = loadProjects(nodeFs(root), [dir]);
const loadSeconds = (performance.now() - t) / 1000;
const loadCpuSeconds = cpu(c);
t = performance.now();
c = process.cpuUsage();
const findings = projects.reduce((n, p) => n + lintProject(p).diagnostics.length, 0);
const lintSeconds = (performance.now() - t) / 1000;
const lintCpuSeconds = cpu(c);
console.log(JSON.stringify({ loadSeconds, loadCpuSeconds, seconds: lintSeconds, lintCpuSeconds, findings, mbPerSecond: 0, peakRssMb: process.resourceUsage().maxRSS / 1024 }));

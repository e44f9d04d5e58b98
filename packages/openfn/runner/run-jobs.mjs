// Runs compiled jobs under @openfn/runtime and prints what their (stubbed) writes captured.
// Started by @interop-design/openfn's verify step as
//   node --experimental-vm-modules run-jobs.mjs < request.json
// with TZ=UTC. Request: { jobs: [{ id, module, adaptor, adaptorPath, inputs: [state, ...] }] }.
// Answer on stdout, one JSON document: { results: [{ id, runs: [{ captured, error? }] }] }.
// It runs only modules the export generated from the design (never user JavaScript); the
// runtime evaluates each in a fresh vm context, and the adaptors it links are capture stubs.
import run from '@openfn/runtime';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));

// A logger that drops everything: job output may hold sample values.
const logger = new Proxy({}, { get: () => () => {} });

const results = [];
for (const job of request.jobs) {
  const runs = [];
  for (const input of job.inputs) {
    const captured = [];
    globalThis.__interopDesignCapture = captured;
    try {
      const state = await run(job.module, structuredClone(input), {
        logger,
        jobLogger: logger,
        defaultRunTimeoutMs: 10_000,
        linker: { modules: { [job.adaptor]: { path: job.adaptorPath } }, whitelist: [/^@openfn\//] },
      });
      const errors = state && typeof state === 'object' && state.errors ? Object.values(state.errors) : [];
      const records = state && typeof state === 'object' ? state.records : undefined;
      if (errors.length > 0) runs.push({ captured, records, error: String(errors[0] && errors[0].message ? errors[0].message : 'the job failed') });
      else runs.push({ captured, records });
    } catch (error) {
      const e = error && typeof error === 'object' && 'error' in error ? error.error : error;
      runs.push({ captured, error: String(e && e.message ? e.message : e) });
    }
  }
  results.push({ id: job.id, runs });
}
process.stdout.write(JSON.stringify({ results }));

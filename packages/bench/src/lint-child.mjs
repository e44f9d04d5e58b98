// One measured run in a fresh process: `lint` (the real command), or the floor (parse + validate only).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const [mode, dir] = process.argv.slice(2);
const start = performance.now();
let files = 0;
let findings = 0;
if (mode === 'lint') {
  const { main } = await import('interop-design');
  let out = '';
  await main(['lint', dir, '--format', 'json', '--fail-on', 'never'], { cwd: dir, color: false, stdout: (t) => (out += t), stderr: (t) => process.stderr.write(t) });
  // The counts from the output's summary (at its top): parsing the whole output again would add the
  // bench's own objects to the command's peak memory.
  const summary = /"errors": (\d+),\s*"warnings": (\d+),\s*"infos": (\d+),\s*"files": (\d+)/u.exec(out.slice(0, 1000));
  if (!summary) throw new Error('lint printed no JSON summary');
  files = Number(summary[4]);
  findings = Number(summary[1]) + Number(summary[2]) + Number(summary[3]);
} else {
  // The floor: the fastest way to turn the same bytes into values and validate them.
  const { schemas, sharedSchemas, schemaUrl } = await import('@interop-design/schema');
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  for (const s of [...sharedSchemas, ...Object.values(schemas)]) ajv.addSchema(s);
  const jsyaml = (await import('js-yaml')).default;
  const YAML = await import('yaml');
  const parse = mode === 'floor-yaml' ? (t) => YAML.parseDocument(t).toJS() : (t) => jsyaml.load(t, { schema: jsyaml.CORE_SCHEMA });
  const kindOf = (name) => (name.endsWith('.mapping.yaml') ? 'mapping' : name.endsWith('.flow.yaml') ? 'flow' : name.endsWith('.valuemap.yaml') ? 'valuemap' : name.endsWith('.stories.yaml') ? 'stories' : name === 'requirements.yaml' ? 'requirements' : name === 'interop-design.yaml' ? 'manifest' : undefined);
  const walk = (d) => readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n)) : [path.join(d, n)]));
  const validators = new Map();
  for (const file of walk(dir)) {
    const kind = kindOf(path.basename(file));
    if (!kind) continue;
    let validate = validators.get(kind);
    if (!validate) validators.set(kind, (validate = ajv.getSchema(schemaUrl(kind))));
    const text = readFileSync(file, 'utf8');
    const value = parse(text);
    if (!validate(value)) findings += validate.errors.length;
    files++;
  }
}
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ mode, files, findings, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));

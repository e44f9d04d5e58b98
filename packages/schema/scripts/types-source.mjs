import { readFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';

const dir = new URL('../schemas/', import.meta.url);
const roots = [
  ['manifest', 'Manifest'],
  ['stories', 'StoriesFile'],
  ['requirements', 'Requirements'],
  ['flow', 'Flow'],
  ['mapping', 'Mapping'],
  ['valuemap', 'ValueMapFile'],
];

const shapeKeywords = ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'enum', 'const', 'properties', 'items'];
/** A property schema that constrains nothing (`sample`, `constant`) is any JSON value: `unknown`, not an empty object. */
function anyValue(schema) {
  if (schema && typeof schema === 'object' && !shapeKeywords.some((k) => k in schema)) return { ...schema, tsType: 'unknown' };
  return schema;
}

/** Titles are for editors' hover text; type names come from `$defs` keys and property names instead. */
function stripTitles(node) {
  if (Array.isArray(node)) return node.map(stripTitles);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'title' && typeof v === 'string') continue;
    // json-schema-to-typescript reads tuples in the draft-07 form.
    if (k === 'prefixItems') {
      out.items = stripTitles(v);
      continue;
    }
    out[k] = k === 'properties' || k === '$defs' ? Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, anyValue(stripTitles(pv))])) : stripTitles(v);
  }
  return out;
}

const cache = new Map();
async function load(file) {
  if (!cache.has(file)) cache.set(file, JSON.parse(await readFile(new URL(file, dir), 'utf8')));
  return cache.get(file);
}

/** Copies definitions referenced in other schema files into the root's $defs, so every type is named from its def key. */
async function localise(root) {
  root.$defs ??= {};
  const pending = [root];
  while (pending.length) {
    const node = pending.pop();
    if (Array.isArray(node)) { pending.push(...node); continue; }
    if (node === null || typeof node !== 'object') continue;
    if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) {
      const [file, pointer] = node.$ref.split('#');
      const defName = pointer.replace('/$defs/', '');
      const def = stripTitles((await load(file)).$defs[defName]);
      if (!(defName in root.$defs)) {
        // Refs inside the copied def are relative to its own file.
        const copy = JSON.parse(JSON.stringify(def).replaceAll('"#/$defs/', `"${file}#/$defs/`));
        root.$defs[defName] = copy;
        pending.push(copy);
      }
      node.$ref = `#/$defs/${defName}`;
    }
    for (const value of Object.values(node)) pending.push(value);
  }
  return root;
}

/** Builds the text of src/types.ts from the schemas: one deterministic string. */
export async function generateTypes() {
  const parts = ['/* Generated from packages/schema/schemas by scripts/generate-types.mjs. Do not edit. */\n'];
  const seen = new Map();
  for (const [name, typeName] of roots) {
    const schema = await localise(stripTitles(await load(`${name}.schema.json`)));
    schema.title = typeName;
    const ts = await compile(schema, typeName, {
      bannerComment: '',
      additionalProperties: false,
      unreachableDefinitions: false,
      declareExternallyReferenced: true,
      strictIndexSignatures: true,
      format: true,
    });
    for (const block of topLevelBlocks(ts)) {
      const m = /^export (?:type|interface) (\w+)/m.exec(block);
      if (!m) throw new Error(`unexpected output of json-schema-to-typescript: ${block.slice(0, 80)}`);
      const prior = seen.get(m[1]);
      if (prior !== undefined) {
        if (withoutComments(prior) !== withoutComments(block)) throw new Error(`two different schema definitions both generate the type ${m[1]}:\n${prior}\n---\n${block}`);
        continue;
      }
      seen.set(m[1], block);
      parts.push(block + '\n');
    }
  }
  return parts.join('\n');
}

/** Splits generated text into top-level declarations, each with the doc comment above it. */
function topLevelBlocks(ts) {
  const blocks = [];
  let current = [];
  let comment = [];
  let inComment = false;
  for (const line of ts.split('\n')) {
    if (!inComment && line.startsWith('/**')) {
      inComment = !line.includes('*/');
      comment = [line];
      continue;
    }
    if (inComment) {
      comment.push(line);
      if (line.includes('*/')) inComment = false;
      continue;
    }
    if (line.startsWith('export ')) {
      if (current.length) blocks.push(current.join('\n').trim());
      current = [...comment, line];
      comment = [];
      continue;
    }
    if (comment.length) {
      current.push(...comment);
      comment = [];
    }
    current.push(line);
  }
  if (current.length) blocks.push(current.join('\n').trim());
  return blocks.filter(Boolean);
}

function withoutComments(block) {
  return block.replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ');
}

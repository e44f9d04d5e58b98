// Writes docs/rules/README.md from the rules' metadata (run `pnpm docs:rules`, which builds first).
import { writeFileSync } from 'node:fs';
import { rulesReadme } from '../dist/index.js';

writeFileSync(new URL('../../../docs/rules/README.md', import.meta.url), rulesReadme());
console.log('docs/rules/README.md written');

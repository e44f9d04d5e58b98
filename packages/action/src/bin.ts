// dist/index.js: what GitHub runs.
import { run } from './index.js';

await run();

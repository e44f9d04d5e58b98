#!/usr/bin/env node
import { isCi } from './io.js';
import { main } from './main.js';

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: process.stdout.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
  ci: isCi(process.env),
  ...(process.stderr.isTTY ? { progress: (line: string) => process.stderr.write(`\r${line}`) } : {}),
});
process.exitCode = code;

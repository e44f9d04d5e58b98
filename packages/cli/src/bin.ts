#!/usr/bin/env node
import { isCi } from './io.js';
import { main } from './main.js';

// A reader that stops early (`interop-design lint | head -1`) closes the pipe: the rest of the
// output has nowhere to go, which is not an error of the run. Stop writing and exit quietly.
let stdoutClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  stdoutClosed = true;
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => {
    if (!stdoutClosed) process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
  color: process.stdout.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
  ci: isCi(process.env),
  ...(process.stderr.isTTY ? { progress: (line: string) => process.stderr.write(`\r${line}`) } : {}),
});
process.exitCode = code;

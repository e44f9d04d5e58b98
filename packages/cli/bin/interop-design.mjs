#!/usr/bin/env node
// The workspace's launcher of the built command: it is committed, so `pnpm install` links it
// before anything is built. To put the command on your PATH, see "Install the command" in the
// README (a bundle with no dependencies).
try {
  await import('../dist/bin.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/bin.js')) throw error;
  process.stderr.write('interop-design: the command is not built yet: run `pnpm build` in the repository\n');
  process.exitCode = 2;
}

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimalProject, testdir } from '@interop-design/test-utils';

const bin = path.resolve(import.meta.dirname, '../dist/bin.js');

/** Whether this machine can run the built command as `nobody` (tests run as root, who reads everything). */
function nobodyAvailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  if (!existsSync(bin)) return 'the CLI is not built (pnpm build)';
  const probe = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', '0']);
  if (probe.error || probe.status !== 0) return 'setpriv --reuid=nobody is not available';
  return undefined;
}

const unavailable = nobodyAvailable();
if (unavailable) console.warn(`P47 skipped: ${unavailable}`);

describe('hardening: unreadable files on disk', () => {
  it.skipIf(unavailable !== undefined)('P47: run as nobody, a file and a folder it may not read are findings with their paths (exit 1, not an internal error with exit 2)', () => {
    const root = testdir({ ...minimalProject(), 'flows/more/other.flow.yaml': 'id: other\n' });
    // mkdtemp makes the folder private to root: open the tree to nobody, then close two entries.
    chmodSync(root, 0o755);
    writeFileSync(path.join(root, 'sampleData', 'extra.json'), '{"a": 1}\n');
    chmodSync(path.join(root, 'sampleData', 'submission.json'), 0o000);
    chmodSync(path.join(root, 'flows', 'more'), 0o000);
    mkdirSync(path.join(root, 'empty'), { mode: 0o755 });
    const r = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, bin, 'lint', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { diagnostics: { ruleId: string; file: string; message: string }[] };
    expect(out.diagnostics.filter((d) => d.ruleId === 'file-unreadable').map((d) => [d.file, d.message])).toEqual([
      ['flows/more', 'the folder cannot be read (permission denied): its files are not checked'],
      ['sampleData/submission.json', 'the file cannot be read (permission denied): it is not checked'],
    ]);
  });
});

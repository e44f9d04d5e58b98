import parseDiff from 'parse-diff';
import { escapeMarkdown, plural } from '@interop-design/report';
import { diffNameStatus, diffText, mergeBase } from 'interop-design/git';
import type { GitHubApi } from './api.js';

export interface ChangedFile {
  path: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'other';
  previous?: string;
  /** Lines of the new file inside the diff's hunks, where a review comment may sit; empty when unknown. */
  lines: Set<number>;
  /** The lines the pull request adds or changes (the hunks' `+` lines); a subset of `lines`. */
  added: Set<number>;
}

export interface ChangedFiles {
  files: Map<string, ChangedFile>;
  source: 'github' | 'git';
  /** Why GitHub's list was not used, for the report. */
  note?: string;
}

/** GitHub lists at most this many files of a pull request. */
export const githubFileListCap = 3000;

const designFile = /\.(ya?ml|json|ndjson|jsonl)$/iu;

/** Right-side lines inside the hunks of one file's unified diff (`@@` onwards), and those it adds. */
export function hunkLines(chunks: readonly parseDiff.Chunk[]): { lines: Set<number>; added: Set<number> } {
  const lines = new Set<number>();
  const added = new Set<number>();
  for (const chunk of chunks) {
    for (const change of chunk.changes) {
      if (change.type === 'add') {
        lines.add(change.ln);
        added.add(change.ln);
      } else if (change.type === 'normal') lines.add(change.ln2);
    }
  }
  return { lines, added };
}

function patchLines(patch: string): { lines: Set<number>; added: Set<number> } {
  return hunkLines(parseDiff(`--- a/f\n+++ b/f\n${patch}`)[0]?.chunks ?? []);
}

interface ApiFile {
  filename: string;
  status: string;
  patch?: string;
  previous_filename?: string;
}

function statusOf(s: string): ChangedFile['status'] {
  return s === 'added' || s === 'removed' || s === 'modified' || s === 'renamed' ? s : s === 'changed' ? 'modified' : 'other';
}

/**
 * The pull request's changed files and their hunks, from `pulls.listFiles`; from a local
 * `git diff` against the merge base when GitHub's list is capped, fails, or leaves out the patch
 * of a design file.
 */
export async function changedFiles(api: GitHubApi, repo: { owner: string; repo: string }, pr: { number: number; baseSha: string; headSha: string; changedFiles: number | undefined }, root: string, gitAvailable: boolean): Promise<ChangedFiles> {
  let reason: string | undefined;
  if ((pr.changedFiles ?? 0) >= githubFileListCap) {
    reason = `GitHub lists at most ${githubFileListCap.toLocaleString('en')} files of a pull request and this one changes ${(pr.changedFiles ?? 0).toLocaleString('en')}`;
  } else {
    try {
      const { items, complete } = await api.list<ApiFile>('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { ...repo, pull_number: pr.number });
      const missing = items.filter((f) => f.patch === undefined && f.status !== 'removed' && designFile.test(f.filename));
      if (!complete || (pr.changedFiles !== undefined && items.length < pr.changedFiles)) reason = `GitHub listed ${items.length.toLocaleString('en')} of the pull request's files`;
      else if (missing.length) reason = `GitHub left out the diff of ${plural(missing.length, 'large file')}`;
      else {
        const files = new Map<string, ChangedFile>();
        for (const f of items) files.set(f.filename, { path: f.filename, status: statusOf(f.status), ...(f.previous_filename ? { previous: f.previous_filename } : {}), ...(f.patch ? patchLines(f.patch) : { lines: new Set<number>(), added: new Set<number>() }) });
        return { files, source: 'github' };
      }
    } catch (error) {
      reason = `GitHub's file list failed (${escapeMarkdown((error as Error).message)})`;
    }
  }
  if (!gitAvailable) return { files: new Map(), source: 'git', note: `${reason}, and the base commit is not in the checkout: no file is known to be changed` };
  return { ...localChangedFiles(root, pr.baseSha, pr.headSha), note: `${reason}: changed files and hunks come from \`git diff\` against the merge base` };
}

/** The same from git: exact names from `--name-status -z`, hunks from the unified diff. */
export function localChangedFiles(root: string, baseSha: string, headSha: string): ChangedFiles {
  const from = mergeBase(root, baseSha, headSha);
  const names = diffNameStatus(root, from, headSha);
  const files = new Map<string, ChangedFile>();
  for (let i = 0; i < names.length - 1; ) {
    const code = names[i] ?? '';
    if (code.startsWith('R') || code.startsWith('C')) {
      const previous = names[i + 1] ?? '';
      const path = names[i + 2] ?? '';
      files.set(path, { path, previous, status: 'renamed', lines: new Set(), added: new Set() });
      i += 3;
    } else {
      const path = names[i + 1] ?? '';
      files.set(path, { path, status: code === 'A' ? 'added' : code === 'D' ? 'removed' : code === 'M' ? 'modified' : 'other', lines: new Set(), added: new Set() });
      i += 2;
    }
  }
  // Names with characters git quotes in diff headers find no entry here and keep no hunks:
  // findings in them become file-level comments, which is safe.
  for (const f of parseDiff(diffText(root, from, headSha))) {
    const entry = f.to ? files.get(f.to) : undefined;
    if (entry) Object.assign(entry, hunkLines(f.chunks));
  }
  return { files, source: 'git' };
}

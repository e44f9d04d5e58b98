import { afterEach, expect } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import type { FakeOptions } from './fake-github.js';
import { edit, githubFiles, makeRepo } from './harness.js';
import type { TempRepo } from './harness.js';

export * from './fake-github.js';
export * from './harness.js';

/** The CommCare example's patient mapping, which the e2e pull requests edit. */
export const patient = 'examples/commcare-salesforce/mappings/commcare-salesforce-patient.mapping.yaml';

/**
 * Starts fake GitHub APIs for the tests of a file: `fake(repo)` serves the repository's files and
 * head commit. After each test every request must have matched GitHub's OpenAPI description, and
 * the servers are stopped. Call once at the top of a test file.
 */
export function useFakeGitHub(): (repo: TempRepo, options?: FakeOptions) => Promise<FakeGitHub> {
  let fakes: FakeGitHub[] = [];
  afterEach(async () => {
    for (const f of fakes) {
      expect(f.violations, 'every request matches the OpenAPI description').toEqual([]);
      await f.stop();
    }
    fakes = [];
  });
  return async (repo, options = {}) => {
    const f = new FakeGitHub({ files: githubFiles(repo), commits: [repo.headSha], ...options });
    await f.start();
    fakes.push(f);
    return f;
  };
}

/** A pull request on the given example projects that renames the Village__c destination on line 37 (a breaking change), without a version bump. */
export function brokenPr(projects: readonly string[] = ['commcare-salesforce']): TempRepo {
  return makeRepo(projects, (dir) => {
    edit(dir, patient, '    destination: { path: Village__c, type: string }', '    destination: { path: Village_Name__c, type: string }');
  });
}

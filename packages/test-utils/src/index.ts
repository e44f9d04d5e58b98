export { at, edited, loadOne, minimalProject, span, testdir } from './project.js';
export type { Edit, TreeEntry } from './project.js';
export { RuleTester, assertEveryMessageId, assertInvalid, assertValid, lintRule } from './rule-tester.js';
export type { InvalidTestCase, RuleFinding, RuleTests, TestCaseError, ValidTestCase } from './rule-tester.js';
export { run, runCli } from './cli.js';
export type { CliRun } from './cli.js';
export { countingFs } from './counting-fs.js';

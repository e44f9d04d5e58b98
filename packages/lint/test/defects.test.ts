import { cpSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjects, nodeFs } from '@interop-design/core';
import { testdir } from '@interop-design/test-utils';
import { lintProject } from '../src/engine.js';
import { rules } from '../src/rules/index.js';
import { builtInChecks } from '../src/builtins.js';

const fixtures = path.join(import.meta.dirname, '__fixtures__');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)) : [path.join(dir, n)]));
}

/** One schema error per design file, each replacing a whole line so that the other lines keep their numbers. */
const schemaErrors: Record<string, [line: number, text: string]> = {
  'interop-design.yaml': [4, '  openfn: { name: OpenFn, type: openfn, colour: blue }'],
  'stories.yaml': [7, '    asA: [programme manager]'],
  'requirements.yaml': [9, 'apiDocs: [{ system: commcare, url: 42 }]'],
  'flows/case-registered.flow.yaml': [18, '  - { id: stored, lane: salesforce, actor: system, action: Patient available for analysis, colour: red }'],
  'flows/nightly-visits.flow.yaml': [16, '  - { id: alert, lane: openfn, actor: system, action: Emails the data officer, next: 5 }'],
  'flows/weekly-report.flow.yaml': [7, '  - { id: report, lane: openfn, actor: robot, action: Emails the list of failed runs }'],
  'mappings/patient.mapping.yaml': [3, 'version: 1.2'],
  'mappings/visit.mapping.yaml': [16, '    destination: { path: Form_ID__c, type: string, required: maybe }'],
  'valuemaps/gender.valuemap.yaml': [2, 'source: { system: commcare, field: properties.sex, colour: x }'],
};

function lintFixture(name: string, edit: (root: string) => void = () => undefined) {
  const root = testdir({});
  cpSync(path.join(fixtures, name), path.join(root, name), { recursive: true });
  edit(path.join(root, name));
  const [project] = loadProjects(nodeFs(root)).projects;
  if (!project) throw new Error('no project');
  return lintProject(project).diagnostics.map((d) => `${d.ruleId} ${d.file.slice(name.length + 1)}:${d.range.start.line}`);
}

/** `# expect: rule-a, rule-b` markers: the findings each line should get. */
function expectedFindings(name: string): string[] {
  const out: string[] = [];
  for (const file of walk(path.join(fixtures, name))) {
    const rel = path.relative(path.join(fixtures, name), file).split(path.sep).join('/');
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /# expect: (.+)$/u.exec(line);
        for (const id of m?.[1]?.split(',') ?? []) out.push(`${id.trim()} ${rel}:${i + 1}`);
      });
  }
  return out.sort();
}

describe('a design with one defect per rule', () => {
  it('gets one finding per defect, at the defect\'s line', () => {
    const expected = expectedFindings('defects');
    expect(lintFixture('defects').sort()).toEqual(expected);
  });

  it('exercises every rule (metadata rules in the metadata fixture)', () => {
    // Built-in checks planted in the fixture (the YAML slips) are not rules.
    const covered = new Set([...expectedFindings('defects'), ...expectedFindings('metadata-defects')].map((e) => e.split(' ')[0] ?? '').filter((id) => !(id in builtInChecks)));
    expect([...covered].sort()).toEqual(Object.keys(rules).sort());
  });

  it('reports every defect when each file also has a schema error: one schema error hides nothing else', () => {
    const expected = [...expectedFindings('defects'), ...Object.entries(schemaErrors).map(([file, [line]]) => `schema ${file}:${line}`)].sort();
    const found = lintFixture('defects', (dir) => {
      for (const [file, [line, text]] of Object.entries(schemaErrors)) {
        const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
        lines[line - 1] = text + (lines[line - 1]?.match(/\s+# expect: .*$/u)?.[0] ?? '');
        writeFileSync(path.join(dir, file), lines.join('\n'));
      }
    });
    expect(found.sort()).toEqual(expected);
  });

  it('has a corrected twin with no findings at all', () => {
    expect(lintFixture('corrected')).toEqual([]);
  });

  it('reports each YAML indentation slip at the line and column to fix, saying what to do', () => {
    const root = testdir({});
    cpSync(path.join(fixtures, 'defects'), path.join(root, 'defects'), { recursive: true });
    const [project] = loadProjects(nodeFs(root)).projects;
    if (!project) throw new Error('no project');
    const slips = lintProject(project).diagnostics.filter((d) => d.ruleId === 'yaml-syntax').sort((a, b) => a.file.localeCompare(b.file)).map((d) => [d.file.slice('defects/'.length), d.range.start.line, d.range.start.column, d.message]);
    expect(slips).toEqual([
      // A key one column short of its list entry's keys ("Sequence item without - indicator").
      ['valuemaps/visit-type.valuemap.yaml', 8, 4, '`to:` on line 8 starts at column 4, but the keys of the list entry that begins on line 7 start at column 5, like `from:`: indent it to column 5, or start a new entry with `- `'],
      // A tab among space-indented list entries ("Tabs are not allowed as indentation").
      ['valuemaps/danger-signs.valuemap.yaml', 6, 1, 'line 6 is indented with a tab: YAML indents with spaces only, so replace the tab with spaces (to line it up with line 5, start it at column 3) (1 later syntax error not listed)'],
      // A key one column too far under a key that has a value ("Nested mappings are not allowed in compact mappings").
      ['valuemaps/visit-outcome.valuemap.yaml', 5, 4, '`field:` on line 5 is indented deeper than `system:` on line 4, which already has a value on its line: if it is a key of its own, indent it to column 3, like `system:`; if it belongs inside `system`, write each of its keys on a line of its own, indented under it'],
      // A list under a key that still has a value ("A block sequence may not be used as an implicit map key").
      ['valuemaps/referral-reason.valuemap.yaml', 7, 5, 'the list item (`-`) on line 7 is under `choices:` on line 6, which already has a value on its line: a key holds a value or a list, not both. Remove the value after `choices:` to make the list its value (each item on a line of its own, starting with `- `), or remove the item'],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
  });
});

describe('a design with one planted metadata defect per rule and system', () => {
  it('gets one finding per defect, at the defect\'s line', () => {
    expect(lintFixture('metadata-defects').sort()).toEqual(expectedFindings('metadata-defects'));
  });

  it('points each metadata finding at the metadata file line that explains it', () => {
    const root = testdir({});
    cpSync(path.join(fixtures, 'metadata-defects'), path.join(root, 'metadata-defects'), { recursive: true });
    const [project] = loadProjects(nodeFs(root)).projects;
    if (!project) throw new Error('no project');
    const lineOf = (file: string, needle: string, after = ''): number => {
      const lines = readFileSync(path.join(fixtures, 'metadata-defects', file), 'utf8').split('\n');
      const from = after ? lines.findIndex((l) => l.includes(after)) : 0;
      return lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
    };
    const related = lintProject(project).diagnostics
      .filter((d) => d.ruleId.startsWith('metadata-') && d.ruleId !== 'metadata-unknown-resource')
      .map((d) => `${d.ruleId} ${d.file.slice('metadata-defects/'.length)}:${d.range.start.line} -> ${d.related?.[0]?.file.slice('metadata-defects/'.length) ?? ''}:${d.related?.[0]?.range.start.line ?? 0}`);
    expect(related).toEqual(expect.arrayContaining([
      `metadata-not-writable mappings/patient.mapping.yaml:29 -> metadata/salesforce/Patient__c.json:${lineOf('metadata/salesforce/Patient__c.json', '"name": "LastActivityDate"')}`,
      `metadata-not-writable mappings/household.mapping.yaml:13 -> metadata/household_survey.sql:${lineOf('metadata/household_survey.sql', '[id] [int] IDENTITY')}`,
      `metadata-key mappings/household.mapping.yaml:10 -> metadata/household_survey.sql:${lineOf('metadata/household_survey.sql', '[head_name]')}`,
      `metadata-type mappings/child.mapping.yaml:25 -> metadata/dhis2-child-programme.json:${lineOf('metadata/dhis2-child-programme.json', '"id": "UXz7xuGCEhU"', '"dataElements": [')}`,
      `metadata-choice mappings/child.mapping.yaml:21 -> metadata/godata-reference-data.json:${lineOf('metadata/godata-reference-data.json', '{')}`,
      `metadata-unknown-field mappings/household.mapping.yaml:21 -> metadata/kobo-household-survey.json:${lineOf('metadata/kobo-household-survey.json', '"uid": "aBc4XyZ9mQwErTy5uIoP7a"')}`,
    ]));
  });

  it('has a corrected twin with no findings at all', () => {
    expect(lintFixture('metadata-corrected')).toEqual([]);
  });
});

describe('the payload structure a DHIS2 tracker import needs (metadata-required)', () => {
  const child = 'mappings/child.mapping.yaml';
  /** metadata-required's messages for the corrected child mapping after an edit of its text. */
  function structureFindings(edit: (text: string) => string): string[] {
    const root = testdir({});
    cpSync(path.join(fixtures, 'metadata-corrected'), path.join(root, 'p'), { recursive: true });
    const file = path.join(root, 'p', child);
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    const [project] = loadProjects(nodeFs(root)).projects;
    if (!project) throw new Error('no project');
    return lintProject(project).diagnostics.filter((d) => d.ruleId === 'metadata-required').map((d) => `${d.file.slice(2)}:${d.range.start.line}:${d.range.start.column} ${d.message} -> ${d.related?.[0]?.file.slice(2) ?? ''}:${d.related?.[0]?.range.start.line ?? 0}`);
  }
  /** Removes the field that writes `destination`. */
  const without = (destination: string) => (text: string): string => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes(`path: ${destination}`) || l.includes(`path: '${destination}'`));
    if (at < 1) throw new Error(`no field writes ${destination}`);
    lines.splice(at - (lines[at]?.trimStart().startsWith('- ') ? 0 : 1), 3);
    return lines.join('\n');
  };
  const program = `metadata/dhis2-child-programme.json:${String(readFileSync(path.join(fixtures, 'metadata-corrected', 'metadata/dhis2-child-programme.json'), 'utf8').split('\n').findIndex((l) => l.includes('"id": "IpHINAT79UW"')) + 1)}`;

  it('names each part no field writes, with what the metadata gives as its value, at the fields', () => {
    expect(structureFindings(without('orgUnit'))).toEqual([`${child}:11:3 IpHINAT79UW in dhis2 needs orgUnit (the organisation unit that owns the tracked entity), and no field writes it: give it a source or a constant, or the import rejects every record -> ${program}`]);
    expect(structureFindings(without('trackedEntityType'))).toEqual([`${child}:11:3 IpHINAT79UW in dhis2 needs trackedEntityType (the tracked entity type the program enrols), and no field writes it: give it the constant nEenWmSyUEp, or the import rejects every record -> ${program}`]);
    expect(structureFindings((t) => without('enrollments[0].program')(without('enrollments[0].enrolledAt')(t)))).toEqual([
      `${child}:11:3 IpHINAT79UW in dhis2 needs enrollments[0].program (the program), and no field writes it: give it the constant IpHINAT79UW, or the import rejects every record -> ${program}`,
      `${child}:11:3 IpHINAT79UW in dhis2 needs enrollments[0].enrolledAt (the enrollment date), and no field writes it: give it a source or a constant, or the import rejects every record -> ${program}`,
    ]);
  });

  it('asks for a stage event\'s org unit and date only when the mapping writes in that event', () => {
    expect(structureFindings(without('enrollments[0].events[programStage=A03MvHHogjR].occurredAt'))).toEqual([`${child}:11:3 IpHINAT79UW in dhis2 needs enrollments[0].events[programStage=A03MvHHogjR].occurredAt (the date of the Birth event), and no field writes it: give it a source or a constant, or the import rejects every record -> ${program}`]);
    // No field in the Birth event: neither its date nor its org unit is asked; nor anything of the program's other stage.
    const noEvent = (t: string): string => without('enrollments[0].events[programStage=A03MvHHogjR].orgUnit')(without('enrollments[0].events[programStage=A03MvHHogjR].occurredAt')(without('enrollments[0].events[programStage=A03MvHHogjR].dataValues[dataElement=UXz7xuGCEhU].value')(t)));
    expect(structureFindings(noEvent)).toEqual([]);
  });

  it('reads an event addressed by position whose programStage is a constant as that stage\'s event (as OpenFn jobs build it)', () => {
    const positional = (t: string): string =>
      `${t.replaceAll('events[programStage=A03MvHHogjR]', 'events[]')}  - destination: { path: 'enrollments[0].events[].programStage', type: string }\n    transform: { constant: A03MvHHogjR }\n    status: agreed\n`;
    expect(structureFindings(positional)).toEqual([]);
    expect(structureFindings((t) => without('enrollments[0].events[].orgUnit')(positional(t)))).toEqual([`${child}:11:3 IpHINAT79UW in dhis2 needs enrollments[0].events[programStage=A03MvHHogjR].orgUnit (the organisation unit of the Birth event), and no field writes it: give it a source or a constant, or the import rejects every record -> ${program}`]);
    // Without the constant stage the event is not known to be the Birth event: nothing is asked of it.
    expect(structureFindings((t) => without('enrollments[0].events[].orgUnit')(positional(t)).replace('    transform: { constant: A03MvHHogjR }\n', '    transform: { description: the stage of the visit }\n'))).toEqual([]);
  });

  it('a mapping naming the program and a stage writes an event: its stage, enrollment, org unit and date and the stage\'s compulsory data elements, not a tracked entity\'s attributes', () => {
    const event = (t: string): string => {
      const head = t.slice(0, t.indexOf('fields:\n') + 'fields:\n'.length).replace('trackedEntity (program=IpHINAT79UW)', 'event (program=IpHINAT79UW, programStage=A03MvHHogjR)');
      // The stage's compulsory data element, and none of the program's mandatory attributes: an event carries none.
      return `${head}  - source: { path: birthWeight, type: integer }\n    destination: { path: 'dataValues[dataElement=UXz7xuGCEhU].value', type: integer }\n    status: agreed\n`;
    };
    const stage = `metadata/dhis2-child-programme.json:${String(readFileSync(path.join(fixtures, 'metadata-corrected', 'metadata/dhis2-child-programme.json'), 'utf8').split('\n').findLastIndex((l) => l.includes('"id": "A03MvHHogjR"')) + 1)}`;
    expect(structureFindings(event).map((f) => f.replace(/ \(.*\), and no field writes it: give it /u, ': ').replace(', or the import rejects every record', ''))).toEqual([
      `${child}:11:3 A03MvHHogjR in dhis2 needs programStage: the constant A03MvHHogjR -> ${stage}`,
      `${child}:11:3 A03MvHHogjR in dhis2 needs enrollment: a source or a constant -> ${stage}`,
      `${child}:11:3 A03MvHHogjR in dhis2 needs orgUnit: a source or a constant -> ${stage}`,
      `${child}:11:3 A03MvHHogjR in dhis2 needs occurredAt: a source or a constant -> ${stage}`,
    ]);
  });

  it('reads a path written another way as the same path, and asks nothing of an update', () => {
    expect(structureFindings((t) => t.replace("path: orgUnit,", 'path: \'["orgUnit"]\',').replace("path: 'enrollments[0].enrolledAt'", 'path: \'enrollments[0]["enrolledAt"]\''))).toEqual([]);
    expect(structureFindings((t) => without('orgUnit')(t).replace('operation: create', 'operation: update'))).toEqual([]);
  });
});

describe('the fields a new CommCare case needs (metadata-required)', () => {
  /** metadata-required's messages for a mapping to the fixture's patient case type, written in the corrected fixture. */
  function caseFindings(fields: string, operation = 'create'): string[] {
    const root = testdir({});
    cpSync(path.join(fixtures, 'metadata-corrected'), path.join(root, 'p'), { recursive: true });
    writeFileSync(
      path.join(root, 'p', 'mappings', 'case.mapping.yaml'),
      `id: case\nversion: 0.1.0\nstatus: draft\nsource: { system: salesforce, resource: Patient__c }\ndestination: { system: commcare, resource: patient, operation: ${operation} }\nfields:\n${fields}`,
    );
    const [project] = loadProjects(nodeFs(root)).projects;
    if (!project) throw new Error('no project');
    return lintProject(project).diagnostics.filter((d) => d.ruleId === 'metadata-required' && d.file.endsWith('case.mapping.yaml')).map((d) => `${String(d.range.start.line)} ${d.message}`);
  }
  const weight = '  - { source: { path: Weight_kg__c, type: number }, destination: { path: properties.weight, type: number }, status: agreed }\n';

  it('asks for the case type (the metadata gives it), a name and an owner', () => {
    expect(caseFindings(weight)).toEqual([
      '7 patient in commcare needs case_type (the case type of a new case), and no field writes it: give it the constant patient, or the import rejects every record',
      '7 patient in commcare needs case_name (the name of a new case), and no field writes it: give it a source or a constant, or the import rejects every record',
      '7 patient in commcare needs owner_id (the user, group or location that owns a new case), and no field writes it: give it a source or a constant, or the import rejects every record',
    ]);
    expect(caseFindings(weight, 'update')).toEqual([]);
  });

  it('takes them as the Case API writes them or as a form\'s case block does', () => {
    const api = ['case_type', 'case_name', 'owner_id'].map((k) => `  - { destination: { path: ${k}, type: string }, transform: { constant: x }, status: agreed }\n`).join('');
    expect(caseFindings(weight + api)).toEqual([]);
    const block = ['case.create.case_type', 'form.case.create.case_name', 'case.create.owner_id'].map((k) => `  - { destination: { path: ${k}, type: string }, transform: { constant: x }, status: agreed }\n`).join('');
    expect(caseFindings(weight + block)).toEqual([]);
  });
});

describe('the period and org unit a DHIS2 data value set import needs (metadata-required)', () => {
  // A metadata export with one aggregate data set, in the shape /api/metadata gives (Web API docs,
  // "Sending data values": the Mortality < 5 years data set and three of its data elements).
  const element = (id: string, name: string) => ({ id, name, shortName: name, domainType: 'AGGREGATE', valueType: 'INTEGER_ZERO_OR_POSITIVE', aggregationType: 'SUM', categoryCombo: { id: 'bjDvmb4bfuf' } });
  const metadata = JSON.stringify(
    {
      system: { version: '2.40.2' },
      dataSets: [{ id: 'pBOMPrpg1QX', name: 'Mortality < 5 years', shortName: 'Mortality < 5 years', periodType: 'Monthly', dataSetElements: ['f7n9E0hX8qk', 'Ix2HsbDMLea', 'eY5ehpbEsB7'].map((id) => ({ dataSet: { id: 'pBOMPrpg1QX' }, dataElement: { id } })) }],
      dataElements: [element('f7n9E0hX8qk', 'Measles'), element('Ix2HsbDMLea', 'Dysentery'), element('eY5ehpbEsB7', 'Cholera')],
    },
    null,
    2,
  );
  const dataSetLine = metadata.split('\n').findIndex((l) => l.includes('"id": "pBOMPrpg1QX"')) + 1;
  const measles = "  - { source: { path: measles_cases, type: integer }, destination: { path: 'dataValues[dataElement=f7n9E0hX8qk].value', type: integer }, status: agreed }\n";
  /** metadata-required's findings for a mapping of a monthly report to the data set. */
  function aggregateFindings(fields: string, operation = 'create'): string[] {
    const root = testdir({
      'interop-design.yaml': 'name: Monthly reports\nsystems:\n  kobo: { name: Kobo Toolbox, type: kobo }\n  dhis2: { name: DHIS2, type: dhis2, metadata: metadata/dhis2-aggregate.json }\n',
      'metadata/dhis2-aggregate.json': metadata,
      'mappings/report.mapping.yaml': `id: report\nversion: 0.1.0\nstatus: draft\nsource: { system: kobo, resource: monthly report }\ndestination: { system: dhis2, resource: Mortality < 5 years, operation: ${operation} }\nfields:\n${fields}`,
    });
    const [project] = loadProjects(nodeFs(root)).projects;
    if (!project) throw new Error('no project');
    return lintProject(project).diagnostics.filter((d) => d.ruleId === 'metadata-required').map((d) => `${d.file}:${d.range.start.line}:${d.range.start.column} ${d.message} -> ${d.related?.[0]?.file ?? ''}:${d.related?.[0]?.range.start.line ?? 0}`);
  }

  it('asks for the period, in the data set\'s period type, and the org unit', () => {
    expect(aggregateFindings(measles)).toEqual([
      `mappings/report.mapping.yaml:7:3 pBOMPrpg1QX in dhis2 needs period (the period of the values, Monthly: yyyyMM, such as 202401; on the data value set or on each value), and no field writes it: give it a source or a constant, or the import rejects every record -> metadata/dhis2-aggregate.json:${dataSetLine}`,
      `mappings/report.mapping.yaml:7:3 pBOMPrpg1QX in dhis2 needs orgUnit (the organisation unit of the values; on the data value set or on each value), and no field writes it: give it a source or a constant, or the import rejects every record -> metadata/dhis2-aggregate.json:${dataSetLine}`,
    ]);
  });

  it('takes them on the data value set or on each value, and asks nothing of an update', () => {
    const onSet = "  - { source: { path: month }, destination: { path: period, type: string }, transform: { format: { from: iso-date, to: yyyyMM } }, status: agreed }\n  - { source: { path: facility }, destination: { path: orgUnit, type: string }, status: agreed }\n";
    expect(aggregateFindings(measles + onSet)).toEqual([]);
    const onEach = "  - { destination: { path: 'dataValues[].period', type: string }, transform: { constant: '202401' }, status: agreed }\n  - { destination: { path: 'dataValues[].orgUnit', type: string }, transform: { constant: DiszpKrYNg8 }, status: agreed }\n";
    expect(aggregateFindings(measles + onEach)).toEqual([]);
    // On the values the picks make, each written as its own path.
    const onPick = "  - { destination: { path: 'dataValues[dataElement=f7n9E0hX8qk].period', type: string }, transform: { constant: '202401' }, status: agreed }\n  - { destination: { path: 'dataValues[dataElement=f7n9E0hX8qk].orgUnit', type: string }, transform: { constant: DiszpKrYNg8 }, status: agreed }\n";
    expect(aggregateFindings(measles + onPick)).toEqual([]);
    expect(aggregateFindings(measles, 'update')).toEqual([]);
  });
});

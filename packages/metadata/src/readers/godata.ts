import { addField, asArray, choice, isObject, makeField, makeResource, str, truthy } from '../field.js';
import type { CatalogueResource, ChoiceSet, MetadataInput, MetadataReader, ReadResult } from '../types.js';
import { familyIn } from '../vocabulary.js';

const category = 'LNG_REFERENCE_DATA_CATEGORY_';

/**
 * Which case and contact fields take which reference-data category (Go.Data's person model:
 * `gender`, `occupation`, `classification`, `outcomeId`, `riskLevel`, `pregnancyStatus`, address
 * and document types, vaccines, date-range types). Paths as mappings write them; `[]` matches any index.
 */
export const godataFieldCategories: Readonly<Record<string, string>> = {
  gender: `${category}GENDER`,
  occupation: `${category}OCCUPATION`,
  classification: `${category}CASE_CLASSIFICATION`,
  outcomeId: `${category}OUTCOME`,
  riskLevel: `${category}RISK_LEVEL`,
  pregnancyStatus: `${category}PREGNANCY_STATUS`,
  'addresses[].typeId': `${category}ADDRESS_TYPE`,
  'documents[].type': `${category}DOCUMENT_TYPE`,
  'vaccinesReceived[].vaccine': `${category}VACCINE`,
  'vaccinesReceived[].status': `${category}VACCINE_STATUS`,
  'dateRanges[].typeId': `${category}PERSON_DATE_TYPE`,
};


function referenceItems(v: unknown): unknown[] | undefined {
  const items = Array.isArray(v) ? v : isObject(v) && Array.isArray(v.referenceData) ? v.referenceData : undefined;
  return items?.length && items.every((x) => isObject(x) && typeof x.id === 'string' && typeof x.categoryId === 'string' && x.categoryId.startsWith(category)) ? items : undefined;
}
const isQuestionnaire = (v: unknown): v is Record<string, unknown> =>
  isObject(v) && typeof v.id === 'string' && (Array.isArray(v.caseInvestigationTemplate) || Array.isArray(v.contactInvestigationTemplate) || Array.isArray(v.contactFollowUpTemplate));

function read(input: MetadataInput): ReadResult {
  const v = input.value;
  const items = referenceItems(v);
  if (items) {
    const base = Array.isArray(v) ? [] : ['referenceData'];
    const sets = new Map<string, ChoiceSet>();
    items.forEach((x, i) => {
      if (!isObject(x)) return;
      const cat = str(x.categoryId) ?? '';
      const set = sets.get(cat) ?? { id: cat, choices: [], origin: { file: input.file, at: [...base, i] } };
      set.choices.push(choice(str(x.id) ?? '', str(x.value), x.active !== false && x.deleted !== true));
      sets.set(cat, set);
    });
    return { resources: [], choiceSets: [...sets.values()], fieldChoiceSets: new Map(Object.entries(godataFieldCategories)) };
  }
  const o = v as Record<string, unknown>;
  const resources: CatalogueResource[] = [];
  for (const template of ['caseInvestigationTemplate', 'contactInvestigationTemplate', 'contactFollowUpTemplate', 'labResultsTemplate'] as const) {
    const questions = asArray(o[template]);
    if (!questions.length) continue;
    const r = makeResource(str(o.id) ?? '', `outbreak ${template}`, 'godata', { file: input.file, at: [template] }, {
      ...(typeof o.name === 'string' ? { name: o.name } : {}),
      isOpen: (p) => !p.startsWith('questionnaireAnswers'),
    });
    const walk = (list: unknown[], at: (string | number)[]): void => {
      list.forEach((q, i) => {
        if (!isObject(q) || typeof q.variable !== 'string') return;
        const answerType = (str(q.answerType) ?? '').replace(/^LNG_REFERENCE_DATA_CATEGORY_QUESTION_ANSWER_TYPE_/u, '');
        const answers = asArray(q.answers);
        const choices = answers.flatMap((a) => (isObject(a) && str(a.value) !== undefined ? [choice(str(a.value) ?? '', str(a.label))] : []));
        addField(r, makeField(`questionnaireAnswers.${q.variable}`, answerType || 'FREE_TEXT', familyIn('godata', answerType) ?? 'any', { file: input.file, at: [...at, i] }, {
          aliases: [`questionnaireAnswers.${q.variable}[0].value`, `questionnaireAnswers.${q.variable}[].value`],
          required: truthy(q.required),
          ...(choices.length ? { choices, restricted: true } : {}),
          ...(typeof q.text === 'string' ? { label: q.text } : {}),
        }));
        answers.forEach((a, j) => {
          if (isObject(a) && Array.isArray(a.additionalQuestions)) walk(a.additionalQuestions, [...at, i, 'answers', j, 'additionalQuestions']);
        });
      });
    };
    walk(questions, [template]);
    resources.push(r);
  }
  return { resources };
}

/** Go.Data reference data export (`LNG_REFERENCE_DATA_CATEGORY_*` items) and an outbreak's questionnaires. */
export const godataReader: MetadataReader = {
  id: 'godata',
  title: 'Go.Data reference data or outbreak questionnaire',
  recognises: (input) => input.syntax === 'json' && (referenceItems(input.value) !== undefined || isQuestionnaire(input.value)),
  read,
};

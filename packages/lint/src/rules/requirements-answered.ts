import { createRule } from '../create-rule.js';

/** The design questions every requirements file answers (schedule and system of record have their own rules). */
export const designQuestions = ['purpose', 'resources', 'direction', 'volume', 'frequency', 'triggers', 'changeLikelihood', 'capacity', 'apiDocs', 'sampleData'] as const;

const questions: Record<(typeof designQuestions)[number], string> = {
  purpose: 'why integrate, the problem and the efficiency gained',
  resources: 'what data is created, updated or deleted, and in which system',
  direction: 'one-way or two-way',
  volume: 'how many records, per what period',
  frequency: 'real-time or batch',
  triggers: 'what starts the integration',
  changeLikelihood: 'how likely the systems are to change',
  capacity: 'who will run and support it',
  apiDocs: 'where each API is documented',
  sampleData: 'which sample files show what the source sends',
};

export default createRule<'noFile' | 'unanswered'>({
  id: 'requirements-answered',
  description: 'requirements.yaml answers every key design question (an honest `unknown` counts as an answer).',
  rulesets: { recommended: 'warning', strict: 'error', ready: 'error' },
  messages: {
    noFile: 'this project has no requirements.yaml: answer the design questions (purpose, resources, direction, volume, frequency, triggers, ...)',
    unanswered: 'the design question "{{key}}" ({{question}}) is not answered: answer it, or write `{{key}}: unknown`',
  },
  check({ project, valid, report }) {
    if (!project.requirements) {
      if (project.manifest.data) report({ messageId: 'noFile', doc: project.manifest, pointer: '' });
      return;
    }
    const doc = valid.requirements;
    // An answer that fails the schema is still an answer: the schema finding says what is wrong with it.
    const r = project.requirements.data as Record<string, unknown> | undefined;
    if (!doc || !r || typeof r !== 'object') return;
    for (const key of designQuestions) {
      if (!Object.prototype.hasOwnProperty.call(r, key) || r[key] === undefined) report({ messageId: 'unanswered', data: { key, question: questions[key] }, doc, pointer: '' });
    }
  },
});

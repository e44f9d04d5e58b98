import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';

const sentence = /^\s*as an?\s+(?<asA>.+?),?\s+I\s+want\s+(?<iWant>.+?),?\s+so\s+(?:that\s+)?(?<soThat>.+?)\s*\.?\s*$/isu;
const placeholder = /^(?:tbd|tbc|todo|to do|xxx+|x|\?+|\.\.\.|…|-+|n\/?a|none|something|stuff)$/iu;

/** Splits "As a ..., I want ... so that ..." into its parts, or `undefined`. */
export function parseStory(text: string): { asA: string; iWant: string; soThat: string } | undefined {
  const m = sentence.exec(text);
  if (!m?.groups) return undefined;
  return { asA: m.groups.asA ?? '', iWant: m.groups.iWant ?? '', soThat: m.groups.soThat ?? '' };
}

export default createRule<'unparsable' | 'placeholder'>({
  id: 'story-format',
  description: 'A user story says who wants what and why: "As a <role>, I want <goal> so that <benefit>", each part meaningful.',
  rulesets: { recommended: 'warning', strict: 'error', ready: 'error' },
  messages: {
    unparsable: 'this story does not read as "As a <role>, I want <goal> so that <benefit>": fix the sentence or write asA, iWant and soThat',
    placeholder: 'the {{part}} part of this story says nothing yet: say {{what}}',
  },
  check({ valid, report }) {
    const what = { asA: 'who wants it (a role)', iWant: 'what they want to do', soThat: 'why: the benefit' } as const;
    for (const doc of valid.stories) {
      doc.data.stories.forEach((story, i) => {
        let parts: { asA?: string; iWant?: string; soThat?: string } = story;
        let viaText = false;
        if (story.text !== undefined && story.asA === undefined) {
          const parsed = parseStory(story.text);
          if (!parsed) {
            report({ messageId: 'unparsable', doc, pointer: toPointer(['stories', i, 'text']) });
            return;
          }
          parts = parsed;
          viaText = true;
        }
        for (const part of ['asA', 'iWant', 'soThat'] as const) {
          const value = (parts[part] ?? '').trim();
          if (value.length < 3 || placeholder.test(value)) {
            report({ messageId: 'placeholder', data: { part, what: what[part] }, doc, pointer: toPointer(['stories', i, viaText ? 'text' : part]) });
          }
        }
      });
    }
  },
});

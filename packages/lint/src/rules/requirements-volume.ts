import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';

export default createRule<'notPositive' | 'peakBelow'>({
  id: 'requirements-volume',
  description: 'Volumes are positive counts per period; a peak is at least the usual count.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    notPositive: 'a volume is a positive count: {{count}} {{of}} per {{per}} is not',
    peakBelow: 'the peak ({{peak}}) is below the usual count ({{count}}): correct one of them',
  },
  check({ valid, report }) {
    const doc = valid.requirements;
    const volume = doc?.data.volume;
    if (!doc || !Array.isArray(volume)) return;
    volume.forEach((v, i) => {
      if (!(v.count > 0) || !Number.isFinite(v.count)) report({ messageId: 'notPositive', data: { count: v.count, of: v.of, per: v.per }, doc, pointer: toPointer(['volume', i, 'count']) });
      else if (v.peak !== undefined && v.peak < v.count) report({ messageId: 'peakBelow', data: { peak: v.peak, count: v.count }, doc, pointer: toPointer(['volume', i, 'peak']) });
    });
  },
});

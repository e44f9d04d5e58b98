// Writes realistic Kobo-like sample files of a given size: NDJSON and one JSON array (OpenFn state).
import { createWriteStream } from 'node:fs';

/** One Kobo submission, varied by index; string numbers and group/question keys as Kobo sends them. */
export function submission(i) {
  return {
    _id: 283614902 + i,
    'formhub/uuid': '3f1c9a2b7d4e4c0f9b8a6d5e4c3b2a10',
    'household/district': ['bo', 'kenema', 'kailahun', 'port_loko'][i % 4],
    'household/hh_size': String((i % 9) + 1),
    'household/members': [{ 'household/members/member_age': String(20 + (i % 50)), 'household/members/member_sex': String((i % 2) + 1) }],
    'wash/water_source': ['piped', 'borehole', 'protected_well', 'surface_water'][i % 4],
    'health/symptoms': ['fever cough', 'none', 'diarrhoea', 'rash fever'][i % 4],
    'meta/instanceID': `uuid:0b8e3c1a-6d2f-4e7a-9c5b-${String(i).padStart(12, '0')}`,
    _uuid: `0b8e3c1a-6d2f-4e7a-9c5b-${String(i).padStart(12, '0')}`,
    _geolocation: [7.8763 + (i % 100) / 1000, -11.1902],
    _submission_time: '2026-11-19T09:18:02',
    _tags: [],
    _notes: [],
    comment: i % 7 === 0 ? 'Household visited twice; the "head" was away' : '',
  };
}

function write(stream, text) {
  return stream.write(text) ? Promise.resolve() : new Promise((resolve) => stream.once('drain', resolve));
}

/** Writes about `bytes` bytes; returns the number of records. */
export async function generate(file, format, bytes) {
  const out = createWriteStream(file);
  let written = 0;
  let i = 0;
  if (format === 'json') {
    const head = '{"configuration":{},"references":[],"data":{"results":[';
    await write(out, head);
    written += head.length;
  }
  let batch = '';
  while (written < bytes) {
    const line = JSON.stringify(submission(i));
    batch += format === 'json' ? (i === 0 ? line : `,${line}`) : `${line}\n`;
    written += line.length + 1;
    i++;
    if (batch.length > 1 << 20) {
      await write(out, batch);
      batch = '';
    }
  }
  batch += format === 'json' ? ']}}' : '';
  await write(out, batch);
  await new Promise((resolve) => out.end(resolve));
  return i;
}

import { describe, expect, it } from 'vitest';
import { compileMapping } from '../src/index.js';
import type { FormatSpec } from '../src/index.js';
import { zone, zoneWindowMs } from '../src/fast-date.js';

// The zone offsets the date formats use, against Intl itself (read here with a formatter of its
// own, not through the library the code uses): every zone Intl knows, at instants spread over two
// and a half centuries and at the millisecond before, at and after every change of some years.

const oracles = new Map<string, Intl.DateTimeFormat>();
/** The offset in minutes Intl gives for a zone at an instant (`GMT+05:30`, `GMT-00:25:21`, `GMT`). */
function intlOffset(name: string, time: number): number {
  let f = oracles.get(name);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
    oracles.set(name, f);
  }
  const text = f.format(time);
  const m = /GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/u.exec(text);
  if (!m) throw new Error(`unexpected offset text ${text} for ${name}`);
  if (m[1] === undefined) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60;
  return m[1] === '-' ? -minutes : minutes;
}

/** The first millisecond of each change of offset between two instants, found by steps of 12 hours, then by halves. */
function changesBetween(name: string, from: number, to: number): number[] {
  const out: number[] = [];
  const step = 12 * 3_600_000;
  let prev = intlOffset(name, from);
  for (let t = from + step; t <= to; t += step) {
    const o = intlOffset(name, t);
    if (o === prev) continue;
    let lo = t - step;
    let hi = t;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (intlOffset(name, mid) === prev) lo = mid;
      else hi = mid;
    }
    out.push(hi);
    prev = o;
  }
  return out;
}

/** A reproducible sequence of numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** What a one-field mapping with this format writes for a source value. */
function formatted(format: FormatSpec): (v: string) => unknown {
  const compiled = compileMapping({ id: 't', version: '1.0.0', status: 'draft', source: { system: 'a', resource: 'r' }, destination: { system: 'b', resource: 'r' }, fields: [{ source: { path: 'v' }, destination: { path: 'out' }, transform: { format } }] });
  return (v) => compiled.run({ v }).record.out;
}

const names = Intl.supportedValuesOf('timeZone');

describe('zone offsets', () => {
  it('are Intl’s for every zone at random instants from 1850 to 2100', () => {
    expect(names.length).toBeGreaterThan(300);
    const next = random(7);
    const from = Date.UTC(1850, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    const wrong: string[] = [];
    for (const name of names) {
      const z = zone(name);
      if (!z) {
        wrong.push(`${name}: not known`);
        continue;
      }
      for (let k = 0; k < 60; k++) {
        const t = Math.floor(from + next() * (to - from));
        if (z(t) !== intlOffset(name, t)) wrong.push(`${name} at ${new Date(t).toISOString()}: ${z(t)}, Intl ${intlOffset(name, t)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('are Intl’s at the millisecond before, at and after every change: 2023 and 2024, the shortest daylight saving (Brazil, October 2000; Gaza, Ramadan 2040), wars and local mean time (1916 to 1920, 1940 to 1946)', () => {
    const wrong: string[] = [];
    let changes = 0;
    const spans: [number, number][] = [
      [Date.UTC(2023, 0, 1), Date.UTC(2025, 0, 1)],
      [Date.UTC(2000, 8, 1), Date.UTC(2000, 11, 1)],
      [Date.UTC(2040, 8, 1), Date.UTC(2040, 11, 1)],
      [Date.UTC(1916, 0, 1), Date.UTC(1921, 0, 1)],
      [Date.UTC(1940, 0, 1), Date.UTC(1947, 0, 1)],
    ];
    const spanChanges = spans.map(() => 0);
    // Every zone over the short spans; over the long ones, every zone over one of the two.
    names.forEach((name, i) => {
      const z = zone(name);
      if (!z) return;
      spans.forEach(([from, to], s) => {
        if (s >= 3 && i % 2 !== s - 3) return;
        for (const t of changesBetween(name, from, to)) {
          changes++;
          spanChanges[s] = (spanChanges[s] ?? 0) + 1;
          for (const u of [t - 1, t, t + 1]) if (z(u) !== intlOffset(name, u)) wrong.push(`${name} at ${new Date(u).toISOString()}: ${z(u)}, Intl ${intlOffset(name, u)}`);
        }
      });
    });
    expect(changes).toBeGreaterThan(500);
    expect(spanChanges.every((n) => n > 0)).toBe(true);
    expect(wrong).toEqual([]);
  });

  it('a change and its reversal 6 days and 23 hours apart are both found (Boa Vista, 2000), and no window of the cache is that long', () => {
    const z = zone('America/Boa_Vista');
    const instants = ['2000-10-08T03:59:59.999Z', '2000-10-08T04:00:00.000Z', '2000-10-15T02:59:59.999Z', '2000-10-15T03:00:00.000Z'];
    expect(instants.map((t) => z?.(Date.parse(t)))).toEqual([-240, -180, -180, -240]);
    // A window holding both changes would see the same offset at its ends and miss them, wherever windows begin.
    const gaps = (
      [
        ['America/Boa_Vista', Date.UTC(2000, 8, 1), Date.UTC(2000, 11, 1)],
        ['Asia/Gaza', Date.UTC(2040, 8, 1), Date.UTC(2040, 11, 1)],
      ] as const
    ).map(([name, from, to]) => {
      const [a, b] = changesBetween(name, from, to);
      return (b ?? Infinity) - (a ?? 0);
    });
    expect(Math.min(...gaps)).toBe(6 * 86_400_000 + 23 * 3_600_000);
    expect(zoneWindowMs).toBeLessThan(Math.min(...gaps));
  });

  it('a change at half past a UTC hour (St. John’s) is converted from the minute it happens', () => {
    const write = formatted({ from: 'iso-datetime', to: 'yyyy-MM-dd HH:mm', toTimeZone: 'America/St_Johns' });
    expect(['2024-03-10T05:29:00Z', '2024-03-10T05:30:00Z', '2024-03-10T05:40:00Z', '2024-11-03T04:29:00Z', '2024-11-03T04:30:00Z'].map(write)).toEqual(['2024-03-10 01:59', '2024-03-10 03:00', '2024-03-10 03:10', '2024-11-03 01:59', '2024-11-03 01:00']);
    // Local times read in the zone: the hour skipped in March is read as the offset before it, as date-fns reads it.
    const read = formatted({ from: 'yyyy-MM-dd HH:mm', to: 'iso-datetime', timeZone: 'America/St_Johns' });
    expect(['2024-03-10 01:59', '2024-03-10 03:00', '2024-03-10 03:10'].map(read)).toEqual(['2024-03-10T05:29:00.000Z', '2024-03-10T05:30:00.000Z', '2024-03-10T05:40:00.000Z']);
  });

  it('a mean-time offset below an hour keeps its sign, and is written with its seconds (Dublin, 1900: -00:25:21)', () => {
    const write = formatted({ from: 'iso-datetime', to: "yyyy-MM-dd'T'HH:mm:ssXXX", toTimeZone: 'Europe/Dublin' });
    expect(write('1900-01-02T12:09+14:00')).toBe('1900-01-01T21:43:39-00:25:21');
    expect(write('2024-07-01T12:00:00Z')).toBe('2024-07-01T13:00:00+01:00');
  });

  it('patterns date-fns writes (month names, quoted words) take the same offsets; a pattern that writes the offset keeps date-fns’s zone', () => {
    const run = (to: string, v: string) => formatted({ from: 'iso-datetime', to, toTimeZone: 'Europe/Dublin' })(v);
    expect(run('d MMM yyyy HH:mm', '1900-01-01T12:00:00Z')).toBe('1 Jan 1900 11:34');
    expect(run("d MMM yyyy 'at' HH:mm", '1900-01-01T00:10:00Z')).toBe('31 Dec 1899 at 23:44');
    expect(run('EEEE d MMMM yyyy HH:mm', '2024-03-31T00:59:59Z')).toBe('Sunday 31 March 2024 00:59');
    expect(run('EEEE d MMMM yyyy HH:mm', '2024-03-31T01:00:00Z')).toBe('Sunday 31 March 2024 02:00');
    expect(run('d MMM yyyy HH:mm XXX', '2024-07-01T12:00:00Z')).toBe('1 Jul 2024 13:00 +01:00');
  });
});

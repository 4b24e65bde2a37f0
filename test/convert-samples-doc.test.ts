/**
 * docs/kserve-samples.md (issue #21), which scripts/convert-samples.ts generates from KServe's documented samples: the
 * claims it and the README make agree with its own rows. Runs without the KServe mirror (it reads only the document).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const DOC = path.join(ROOT, 'docs', 'kserve-samples.md');
const TAGS = ['v0.13.1', 'v0.20.0'];
const OUTCOMES = ['typed', 'typed+patches', 'kept', 'not converted', 'round trip differs'];

const doc = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The lines of the section `## KServe <tag>` (up to the next `## `). */
function section(tag: string): string[] {
  const lines = doc.split('\n');
  const start = lines.indexOf(`## KServe ${tag}`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The rows of the table under `### <title>` in `lines`, as cells. */
function table(lines: string[], title: string): string[][] {
  const start = lines.indexOf(`### ${title}`);
  if (start < 0) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('### ')) break;
    if (!line.startsWith('| ') || line.startsWith('| ---')) continue;
    rows.push(line.slice(2, -2).split(/ (?<!\\)\| /));
  }
  return rows.slice(1); // the header
}

/** The sample rows of a tag: path, outcome, objects. */
function samples(tag: string): Array<{ sample: string; outcome: string; objects: string }> {
  return table(section(tag), 'Every sample').map(([sample, outcome, objects]) => ({ sample: sample.replace(/^`|`$/g, ''), outcome, objects }));
}

/** The counts per outcome that `text` states as `<n> <outcome>` after `<total> samples:`. */
function stated(text: string): { total: number; counts: Record<string, number> } | undefined {
  const match = /(\d+) samples: (.*)$/.exec(text);
  if (!match) return undefined;
  const counts: Record<string, number> = {};
  for (const part of match[2].replace(/\.$/, '').split(', ')) {
    const m = /^(\d+) (.+)$/.exec(part);
    if (m) counts[m[2]] = Number(m[1]);
  }
  return { total: Number(match[1]), counts };
}

function counted(tag: string): { total: number; counts: Record<string, number> } {
  const rows = samples(tag);
  return { total: rows.length, counts: Object.fromEntries(OUTCOMES.map(o => [o, rows.filter(r => r.outcome === o).length])) };
}

test('docs/kserve-samples.md exists, says how to regenerate it, and has a section for each tag', () => {
  expect(fs.existsSync(DOC)).toBe(true);
  expect(doc).toContain('npx tsx scripts/convert-samples.ts');
  for (const tag of TAGS) {
    expect(doc).toContain(`## KServe ${tag}`);
    expect(samples(tag).length).toBeGreaterThan(100);
  }
});

test.each(TAGS)('%s: the summary line and the summary table give the counts of the sample rows', tag => {
  const rows = counted(tag);
  const line = section(tag).find(l => l.startsWith(`KServe ${tag}: `));
  expect(line && stated(line)).toEqual(rows);
  const summary = doc.split('\n').find(l => l.startsWith(`| ${tag} | `))!.slice(2, -2).split(' | ');
  expect(summary.slice(1).map(Number)).toEqual([rows.total, ...OUTCOMES.map(o => rows.counts[o])]);
});

test.each(TAGS)('%s: each sample appears once, in order, with one of the outcomes, and its objects agree with it', tag => {
  const rows = samples(tag);
  const paths = rows.map(r => r.sample);
  expect(new Set(paths).size).toBe(paths.length);
  expect([...paths].sort()).toEqual(paths);
  for (const row of rows) {
    expect(OUTCOMES).toContain(row.outcome);
    // Each object cell starts with the object and what became of it: typed, patches, kept, left out or **differs**.
    const states = row.objects.split('<br>').map(o => /^`[^`]+`: (typed|patches|kept|left out|\*\*differs\*\*)/.exec(o)?.[1] ?? 'none');
    const has = (state: string) => states.includes(state);
    const problem = {
      'typed': () => !states.every(st => st === 'typed' || st === 'left out') || !has('typed'),
      'typed+patches': () => !has('patches') || has('kept') || has('**differs**') || has('none'),
      'kept': () => !has('kept') || has('**differs**') || has('none'),
      'not converted': () => states.some(st => st !== 'left out' && st !== 'none'),
      'round trip differs': () => !has('**differs**') && !/^the generated app fails/.test(row.objects),
    }[row.outcome]!();
    expect({ sample: row.sample, outcome: row.outcome, problem }).toEqual({ sample: row.sample, outcome: row.outcome, problem: false });
  }
});

test.each(TAGS)('%s: the round trip differs list names exactly the samples with that outcome', tag => {
  const lines = section(tag);
  const start = lines.indexOf('### Round trip differs');
  const end = lines.findIndex((l, i) => i > start && l.startsWith('### '));
  const listed = lines.slice(start + 1, end).filter(l => l.startsWith('- ')).map(l => /^- `([^`]+)`/.exec(l)![1]);
  expect(listed).toEqual(samples(tag).filter(r => r.outcome === 'round trip differs').map(r => r.sample));
  if (listed.length === 0) expect(lines.slice(start + 1, end)).toContain('None.');
});

test.each(TAGS)('%s: the reasons samples are not converted add up to the samples not converted', tag => {
  const reasons = table(section(tag), 'Samples not converted');
  expect(reasons.reduce((sum, row) => sum + Number(row[row.length - 1]), 0)).toBe(counted(tag).counts['not converted']);
});

test("the README's summary lines are the document's", () => {
  const start = readme.indexOf('<!-- kserve-samples:start -->');
  const end = readme.indexOf('<!-- kserve-samples:end -->');
  expect(start).toBeGreaterThan(0);
  expect(readme.slice(0, start)).toContain('(docs/kserve-samples.md)');
  const lines = readme.slice(start, end).split('\n').filter(l => l.startsWith('- '));
  expect(lines).toEqual(TAGS.map(tag => `- ${section(tag).find(l => l.startsWith(`KServe ${tag}: `))!.replace(/\.$/, '')}`));
  for (const [i, tag] of TAGS.entries()) expect(stated(lines[i])).toEqual(counted(tag));
});

test('the document describes the samples without copying them: no YAML of theirs', () => {
  expect(doc.split('\n').filter(l => /^\s*(-\s+)?(apiVersion|kind|metadata|spec|storageUri|image):\s/.test(l))).toEqual([]);
});

/**
 * The library converts its output with src/private/l1-runtime.generated.ts instead of the generated L1 modules in
 * imports/ (issue #19: those are never loaded at run time). These tests prove the table is current and returns
 * exactly what the L1's own `toJson_*` returns, for every converter it holds.
 */
import * as fs from 'fs';
import * as path from 'path';
import { build, OUT, USES } from '../scripts/gen-l1-runtime';
import { converters, Field } from '../src/private/l1-convert';
import * as runtime from '../src/private/l1-runtime.generated';

const ROOT = path.resolve(__dirname, '..');
const { text, reached } = build();
// The L1 modules by file name, as the oracle (the library itself never loads them).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const l1 = (file: string): Record<string, any> => require(path.join(ROOT, 'imports', file));
const at = converters(runtime.TYPES);

/** A small deterministic generator (Park–Miller), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 16807) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/**
 * An input for a converter of `type`: each field present or not, of its form, nested `depth` levels; plain values
 * of every JSON kind, maps with undefined entries, wrappers of strings and numbers.
 */
function sample(type: number, rnd: () => number, depth: number, density = 0.7): Record<string, unknown> {
  const pick = <T>(values: T[]) => values[Math.floor(rnd() * values.length)];
  const plain = () => pick<unknown>(['text', 8080, 0, true, false, { nested: ['a', { b: 1 }] }, ['x', 2], '']);
  const wrapped = () => ({ value: pick<unknown>(['1Gi', 2, '50%', undefined]) });
  const nested = (ref: number) => (depth > 0 ? sample(ref, rnd, depth - 1, density) : pick([{}, undefined]));
  const map = (entry: () => unknown) => ({ 'first': entry(), 'gone': undefined, 'with.dot/slash': entry() });
  const entries: Array<[string, unknown]> = [];
  for (const [json, form, ref = -1, property = json] of runtime.TYPES[type] as Field[]) {
    if (rnd() > density) continue;
    const value = [
      plain,
      () => nested(ref),
      () => [nested(ref), nested(ref)],
      () => ['a', 'b', 3],
      wrapped,
      () => map(plain),
      () => map(wrapped),
      () => map(() => [nested(ref)]),
      () => map(() => ['a', 'b']),
      () => map(() => nested(ref)),
    ][form]();
    entries.push([property, value]);
  }
  // In any order: the result follows the converter's field order, not the input's.
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [entries[i], entries[j]] = [entries[j], entries[i]];
  }
  return Object.fromEntries(entries);
}

/** A value written out with its key order and its undefined values, so two results compare exactly. */
function exact(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(exact).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${exact(v)}`).join(',')}}`;
  return JSON.stringify(value);
}

test('the generated module is current (npx tsx scripts/gen-l1-runtime.ts)', () => {
  expect(fs.readFileSync(OUT, 'utf8')).toBe(text);
});

test('the table holds every converter the uses reach, and merges the repeated pod types', () => {
  const files = new Set(reached.map(r => r.file));
  expect([...files].sort()).toEqual(Object.values(USES).map(u => u.file).sort());
  // The InferenceService converters repeat the same types per component: far fewer entries than converters.
  expect(runtime.TYPES.length).toBeLessThan(reached.length / 5);
});

test.each(Object.entries(USES))('every converter reached from %s returns what the L1 function returns', (_alias, uses) => {
  const module = l1(uses.file);
  const mine = reached.filter(r => r.file === uses.file);
  expect(mine.length).toBeGreaterThan(0);
  const rnd = random(19);
  let compared = 0;
  for (const { name, type } of mine) {
    for (let i = 0; i < 4; i++) {
      // Dense and sparse inputs: the converter reads a sparse plain object by its own keys.
      const input = sample(type, rnd, 2, i % 2 === 0 ? 0.7 : 0.1);
      const expected = exact(module[name](input));
      const actual = exact(at(type)(input));
      if (actual !== expected) throw new Error(`${uses.file} ${name} differs on ${exact(input)}:\n L1:   ${expected}\n ours: ${actual}`);
      compared++;
    }
    expect(at(type)(undefined)).toBeUndefined();
    expect(exact(at(type)({}))).toBe(exact(module[name]({})));
  }
  expect(compared).toBe(mine.length * 4);
});

test('objects that are not plain (class instances, inherited and non-enumerable properties) convert as the L1 converts them', () => {
  const module = l1(USES.isvc.file);
  class Resources {
    public readonly limits = { cpu: { value: '1' } };
    get requests() {
      return { memory: { value: '1Gi' } };
    }
  }
  const hidden = {};
  Object.defineProperty(hidden, 'name', { value: 'main', enumerable: false });
  const inherited = Object.create({ image: 'example.com/model:1' });
  const input = { containers: [{ resources: new Resources() }, hidden, inherited], minReplicas: 1 };
  const fn = runtime.isvc.toJson_InferenceServiceSpecPredictor as (obj: unknown) => unknown;
  expect(exact(fn(input))).toBe(exact(module.toJson_InferenceServiceSpecPredictor(input)));
  expect(exact(fn(input))).toContain('"requests":{"memory":"1Gi"}');
  expect(exact(fn(input))).toContain('"name":"main"');
  expect(exact(fn(input))).toContain('"image":"example.com/model:1"');
});

test('the runtime converters are the table entries of the L1 functions they stand for', () => {
  for (const [alias, uses] of Object.entries(USES)) {
    const exported = (runtime as unknown as Record<string, Record<string, unknown>>)[alias];
    const module = l1(uses.file);
    for (const name of uses.converters ?? []) {
      const fn = exported[name] as (obj: unknown) => unknown;
      const type = reached.find(r => r.file === uses.file && r.name === name)!.type;
      const probe = sample(type, random(name.length), 3);
      expect(exact(fn(probe))).toBe(exact(module[name](probe)));
    }
  }
});

test('GVKs, enums and wrappers are the L1 modules\' own', () => {
  for (const [alias, uses] of Object.entries(USES)) {
    const exported = (runtime as unknown as Record<string, Record<string, any>>)[alias];
    const module = l1(uses.file);
    for (const kind of uses.kinds ?? []) expect(exported[kind].GVK).toEqual(module[kind].GVK);
    for (const name of uses.enums ?? []) expect(exported[name]).toEqual({ ...module[name] });
    for (const name of uses.wrappers ?? []) {
      expect(exported[name].fromString('1Gi')).toEqual({ ...module[name].fromString('1Gi') });
      expect(exported[name].fromNumber(3)).toEqual({ ...module[name].fromNumber(3) });
    }
  }
});

test('no file of src/ loads a generated L1 module at run time (type imports only)', () => {
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap(e => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const offenders = files(path.join(ROOT, 'src')).flatMap(file => {
    const source = fs.readFileSync(file, 'utf8');
    return [...source.matchAll(/^import (?!type )[^;]*from '(?:\.\.\/)+imports\/[^']+';$/gm)].map(m => `${path.relative(ROOT, file)}: ${m[0]}`);
  });
  expect(offenders).toEqual([]);
});

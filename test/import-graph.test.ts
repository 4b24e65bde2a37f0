/**
 * The import graph of src/ has no cycles, type-only imports included: each cycle ties two files' meaning together
 * and is a design seam to cut (the central construct owns the contract, satellites import it).
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The src files a file imports or re-exports (value or type), by absolute path. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+'(\.[^']+)'/gm)].map(m => m[1]);
  return specifiers
    .map(spec => path.resolve(path.dirname(file), spec))
    .map(target => [`${target}.ts`, path.join(target, 'index.ts')].find(candidate => fs.existsSync(candidate)))
    .filter((target): target is string => target !== undefined && target.startsWith(SRC));
}

/** Every cycle found by a depth-first walk, each as the list of files from its first file back to it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

test('the import graph of src/ has no cycles (type-only imports count)', () => {
  const graph = new Map(sourceFiles(SRC).map(file => [file, importsOf(file)]));
  const relative = (file: string) => path.relative(SRC, file);
  expect(cycles(graph).map(cycle => cycle.map(relative).join(' -> '))).toEqual([]);
});

test('the cycle finder finds a type-only cycle', () => {
  const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
  expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
});

test('the import reader sees type-only imports and re-exports', () => {
  const deps = importsOf(path.join(SRC, 'index.ts'));
  expect(deps).toContain(path.join(SRC, 'inference-service.ts'));
  expect(deps.length).toBeGreaterThan(10);
});

/**
 * Every validation rule in src/ says where it comes from (issue #15): a KServe or Knative source file, Kubernetes
 * core validation or apimachinery, the CRD schema, or "our own" safety rule and why. A rule is a line that pushes,
 * returns or throws an error message; its citation is a comment in the enclosing function (above the rule) or in the
 * comment block right above that function. Lines that only collect another function's errors
 * (`errors.push(...fooErrors(...))`) are not rules themselves: the function they call is checked.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');

/** What counts as a citation. */
const SOURCE_MARKER = new RegExp([
  String.raw`\.go\b`, String.raw`\.py\b`, // a KServe, Knative or router source file
  String.raw`node_modules/cdk8s[\w/-]*\.js\b`, // a cdk8s source file (behaviour reproduced)
  '[Cc]ore validation', 'apimachinery', String.raw`\b[Vv]alidate[A-Z]\w*`, String.raw`\bIs[A-Z]\w*(Name|Value)\b`, // Kubernetes
  String.raw`\bCRD\b`, 'schema', 'PodSpecMask', 'fieldmask', // the CRD and Knative's field masks
  String.raw`kserve#\d+`, String.raw`RFC \d+`, 'KEP-',
  '[Oo]ur own', String.raw`[Oo]ur (safety )?rule`, '[Ss]afety rule', // the library's own rules
].join('|'));

const RULE = /errors\.push\(|throw new Error\(|return \[`|return \['/;
/** Collecting another function's errors, or a list built elsewhere. */
const COLLECTS = /errors\.push\(\.\.\.[\w.!?]+[()]|errors\.push\(\w+\);/;
/** A function, class or method declaration (the walk back stops there). */
const DECLARATION = /^(export )?(abstract )?(function|class|const|let|interface)\b|^ {2}(public |private |protected |static |readonly |get |async )*(?!if\b|for\b|while\b|switch\b|return\b|catch\b)[\w$]+\s*(<[^>]*>)?\(.*\{$/;

function isComment(line: string): boolean {
  const t = line.trim();
  return t.startsWith('//') || t.startsWith('*') || t.startsWith('/*') || / \/\/ /.test(t);
}

/** The rules of a file without a citation, as `file:line: text`. */
function uncitedRules(text: string, name: string): string[] {
  const lines = text.split('\n');
  const uncited: string[] = [];
  lines.forEach((line, i) => {
    if (!RULE.test(line) || COLLECTS.test(line)) return;
    let j = i;
    for (; j >= 0; j--) {
      if (isComment(lines[j]) && SOURCE_MARKER.test(lines[j])) return;
      if (j < i && DECLARATION.test(lines[j])) break;
    }
    for (let k = j - 1; k >= 0; k--) {
      const t = lines[k].trim();
      if (t !== '' && !isComment(lines[k]) && !t.startsWith('@')) break;
      if (SOURCE_MARKER.test(t)) return;
    }
    uncited.push(`${name}:${i + 1}: ${line.trim()}`);
  });
  return uncited;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const files = sourceFiles(SRC).map(file => path.relative(SRC, file).split(path.sep).join('/'));

test('every validation rule in src cites its source or says it is our own rule', () => {
  const uncited = files.flatMap(name => uncitedRules(fs.readFileSync(path.join(SRC, name), 'utf8'), name));
  expect(uncited).toEqual([]);
});

describe('the check itself', () => {
  test('flags a rule without a citation', () => {
    const text = [
      'function fooErrors(x: number): string[] {',
      '  const errors: string[] = [];',
      '  if (x < 0) errors.push(`x must be positive`);',
      '  return errors;',
      '}',
    ].join('\n');
    expect(uncitedRules(text, 'foo.ts')).toEqual(['foo.ts:3: if (x < 0) errors.push(`x must be positive`);']);
  });

  test('accepts a citation in the function or right above it, not one in another function', () => {
    const cited = [
      '/** validateFoo (foo_validation.go, both tags). */',
      'function fooErrors(x: number): string[] {',
      '  if (x < 0) return [`x must be positive`];',
      '  return [];',
      '}',
      'function barErrors(x: number): string[] {',
      '  // Our own safety rule: a bar of zero serves nothing.',
      '  if (x === 0) return [`x must not be zero`];',
      '  return [];',
      '}',
      'function bazErrors(x: number): string[] {',
      '  if (x === 1) return [`x must not be one`];',
      '  return [];',
      '}',
    ].join('\n');
    expect(uncitedRules(cited, 'foo.ts')).toEqual(['foo.ts:12: if (x === 1) return [`x must not be one`];']);
  });

  test('does not count collecting another function\'s errors as a rule', () => {
    const text = 'function allErrors(): string[] {\n  const errors: string[] = [];\n  errors.push(...fooErrors(1));\n  return errors;\n}';
    expect(uncitedRules(text, 'foo.ts')).toEqual([]);
  });
});

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { missingExamples } from './util/doc-coverage';

// Every public member carries a doc comment, and every optional prop says its default (`@default`).
const program = ts.createProgram([path.join(__dirname, '..', 'src', 'index.ts')], { target: ts.ScriptTarget.ES2022, skipLibCheck: true });
const checker = program.getTypeChecker();
const index = program.getSourceFile(path.join(__dirname, '..', 'src', 'index.ts'))!;
const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(index)!);

function hasFlag(flags: number, flag: number): boolean {
  return (flags & flag) !== 0; // eslint-disable-line no-bitwise
}

function isInternal(symbol: ts.Symbol): boolean {
  return symbol.getJsDocTags().some(t => t.name === 'internal') || symbol.getName().startsWith('_');
}

function problemsOf(symbol: ts.Symbol): string[] {
  const problems: string[] = [];
  const name = symbol.getName();
  const target = hasFlag(symbol.flags, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(symbol) : symbol;
  if (ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === '') {
    problems.push(`${name} has no doc comment`);
  }
  const members = [...(target.members?.values() ?? []), ...(target.exports?.values() ?? [])]
    .filter(m => !isInternal(m) && !hasFlag(m.flags, ts.SymbolFlags.TypeParameter) && m.getName() !== 'prototype' && m.getName() !== '__constructor');
  for (const member of members) {
    const decl = member.valueDeclaration ?? member.declarations?.[0];
    const modifiers = decl && ts.canHaveModifiers(decl) ? ts.getModifiers(decl) ?? [] : [];
    if (modifiers.some(m => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
    if (decl && ts.isConstructorDeclaration(decl)) continue;
    if (ts.displayPartsToString(member.getDocumentationComment(checker)).trim() === '') {
      problems.push(`${name}.${member.getName()} has no doc comment`);
    }
    const optional = hasFlag(member.flags, ts.SymbolFlags.Optional);
    if (optional && !member.getJsDocTags().some(t => t.name === 'default')) {
      problems.push(`${name}.${member.getName()} is optional but has no @default`);
    }
  }
  return problems;
}

test('the public API exports what the README documents', () => {
  const names = exported.map(s => s.getName());
  for (const name of ['InferenceService', 'Model', 'StorageUri', 'KServeVersion', 'DeploymentMode', 'ProtocolVersion']) {
    expect(names).toContain(name);
  }
});

test('every public member is documented and every optional one has @default', () => {
  expect(exported.filter(s => !isInternal(s)).flatMap(problemsOf)).toEqual([]);
});

test('every exported class, static factory and function has an @example', () => {
  expect(missingExamples(path.join(__dirname, '..'), program).map(m => `${m.file}: ${m.name}`)).toEqual([]);
});

test('every export is filed under one topic of the API reference (typedoc.json categoryOrder)', () => {
  const topics: string[] = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'typedoc.json'), 'utf-8')).categoryOrder;
  const misfiled = exported.filter(s => !isInternal(s)).flatMap(symbol => {
    const target = hasFlag(symbol.flags, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(symbol) : symbol;
    const categories = target.getJsDocTags().filter(t => t.name === 'category').map(t => ts.displayPartsToString(t.text).trim());
    return categories.length === 1 && topics.includes(categories[0]) ? [] : [`${symbol.getName()}: ${categories.join(', ') || 'no @category'}`];
  });
  expect(misfiled).toEqual([]);
});

test('the check sees members and optional props (it can fail)', () => {
  const exportedProps = exported.find(s => s.getName() === 'InferenceServiceProps')!;
  const props = hasFlag(exportedProps.flags, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(exportedProps) : exportedProps;
  expect(props.members?.get('namespace' as ts.__String)?.getJsDocTags().map(t => t.name)).toContain('default');
  expect([...props.members!.keys()]).toContain('predictor');
});

function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(path.join(dir, at), { withFileTypes: true })) {
      const rel = path.join(at, entry.name);
      if (entry.isDirectory()) walk(rel);
      else files.set(rel, fs.readFileSync(path.join(dir, rel), 'utf-8'));
    }
  };
  walk('');
  return files;
}

test('docs/api is what `npm run docs` generates from the doc comments now', () => {
  const root = path.join(__dirname, '..');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-'));
  execFileSync(path.join(root, 'node_modules', '.bin', 'typedoc'), ['--out', out, '--logLevel', 'Error'], { cwd: root, stdio: 'pipe' });
  const fresh = filesUnder(out);
  const committed = filesUnder(path.join(root, 'docs', 'api'));
  const stale = [...new Set([...fresh.keys(), ...committed.keys()])].filter(f => fresh.get(f) !== committed.get(f)).sort();
  if (stale.length > 0) {
    throw new Error(`docs/api is stale (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', ...' : ''}): run \`npm run docs\` and commit it`);
  }
});

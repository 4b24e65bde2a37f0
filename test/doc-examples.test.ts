import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as ts from 'typescript';
import { expectValidObjects } from './util/schema-validator';

// Every `@example` in the doc comments is code that compiles and runs as written: each one is type-checked
// (strict) against the public API and then executed in a fresh app, whose synth must pass and whose objects
// must be schema-valid. The scope an example sees is the one docs/api-intro.md promises.
const root = path.join(__dirname, '..');
const program = ts.createProgram([path.join(root, 'src', 'index.ts')], { target: ts.ScriptTarget.ES2022, skipLibCheck: true });
const checker = program.getTypeChecker();
const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(path.join(root, 'src', 'index.ts'))!)!);
const exportNames = exported.map(s => s.getName());

interface DocExample { readonly where: string; readonly code: string }

function declarationOf(symbol: ts.Symbol): ts.Node | undefined {
  const target = (symbol.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(symbol) : symbol; // eslint-disable-line no-bitwise
  return target.valueDeclaration ?? target.declarations?.[0];
}

function examplesOf(node: ts.Node, where: string): DocExample[] {
  return ts.getJSDocTags(node)
    .filter(tag => tag.tagName.text === 'example')
    .map(tag => ({ where, code: (ts.getTextOfJSDocComment(tag.comment) ?? '').replace(/^```\w*\n?|```\s*$/gm, '') }));
}

/** The examples of every exported symbol and of every member of an exported class or interface. */
function docExamples(): DocExample[] {
  const all: DocExample[] = [];
  for (const symbol of exported) {
    const decl = declarationOf(symbol);
    if (!decl) continue;
    all.push(...examplesOf(decl, symbol.getName()));
    if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl)) {
      for (const member of decl.members) {
        const name = member.name && ts.isIdentifier(member.name) ? member.name.text : '?';
        all.push(...examplesOf(member, `${symbol.getName()}.${name}`));
      }
    }
  }
  return all;
}

const PRELUDE = [
  "import { ApiObject, App, Chart, Duration, JsonPatch, Size } from 'cdk8s';",
  "import * as kplus from 'cdk8s-plus-28';",
  "import { Construct } from 'constructs';",
  `import { ${exportNames.join(', ')} } from 'cdk8s-kserve';`,
  'void ApiObject; void App; void Chart; void Duration; void JsonPatch; void Size; void kplus; void Construct;',
  'export function example(app: App, chart: Chart): void {',
  '  void app; void chart;',
].join('\n');

function sourceOf(example: DocExample): string {
  return `${PRELUDE}\n${example.code}\n}\n`;
}

const examples = docExamples();

test('the doc comments carry examples (the collection sees them)', () => {
  expect(examples.map(e => e.where)).toEqual(expect.arrayContaining(['InferenceService']));
});

test('every example type-checks against the public API', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doc-examples-'));
  const files = examples.map((example, i) => {
    const file = path.join(dir, `example-${i}.ts`);
    fs.writeFileSync(file, sourceOf(example));
    return file;
  });
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    baseUrl: root,
    typeRoots: [path.join(root, 'node_modules', '@types')],
    paths: { 'cdk8s-kserve': ['src/index.ts'], '*': ['node_modules/*'] },
  };
  const checked = ts.createProgram(files, options);
  // Only the examples' own diagnostics: the library's sources are `npm run typecheck`'s job.
  const problems = files.flatMap(file => ts.getPreEmitDiagnostics(checked, checked.getSourceFile(file)))
    .filter(d => d.file && files.includes(d.file.fileName))
    .map(d => {
      const example = examples[files.indexOf(d.file!.fileName)];
      const line = d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line - PRELUDE.split('\n').length + 1;
      return `${example.where} (example line ${line}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  expect(problems).toEqual([]);
});

const cases = examples.map((example, i) => [`${example.where} #${i}`, example] as const);

test.each(cases)('example of %s runs, synthesizes and is schema-valid', (_name, example) => {
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 };
  const js = ts.transpileModule(sourceOf(example), { compilerOptions }).outputText;
  const module = { exports: {} as { example?: (app: App, chart: Chart) => void } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string) => (id === 'cdk8s-kserve' ? require('../src') : require(id));
  new Function('require', 'module', 'exports', js)(load, module, module.exports);
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'doc-example-out-')) });
  const chart = new Chart(app, 'models', { namespace: 'ml' });
  module.exports.example!(app, chart);
  app.synthYaml();
  expectValidObjects(app.charts.flatMap(c => c.toJson()));
});

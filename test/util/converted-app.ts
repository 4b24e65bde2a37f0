/**
 * Running and type-checking the apps `convertManifests` generates (issue #21), shared by the converter's tests and
 * scripts/convert-samples.ts: the library is the sources (`cdk8s-kserve` mapped to ../../src), as the examples see it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Runs a generated app's `build(app)` in-process and synthesizes it (`synthYaml`: every check of the library runs, as
 * in `cdk8s synth`); returns the app, whose charts hold what it wrote.
 */
export function buildConvertedApp(code: string): App {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = { exports: {} as { build?: (app: App) => void } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string) => (id === 'cdk8s-kserve' ? require('../../src') : require(id));
  new Function('require', 'module', 'exports', js)(load, module, module.exports);
  const app = Testing.app();
  module.exports.build!(app);
  app.synthYaml();
  return app;
}

/** The objects a generated app synthesizes, chart by chart (`buildConvertedApp`). */
export function runConvertedApp(code: string): Array<Record<string, any>> {
  return buildConvertedApp(code).charts.flatMap(chart => Testing.synth(chart));
}

/**
 * Type-checks generated apps strictly (`noUnusedLocals` too) against the public API, in one program; returns each
 * problem as `<label>: <message>`, with the label of its app (`apps` maps a label to the app's code).
 */
export function typeCheckConvertedApps(apps: ReadonlyArray<readonly [label: string, code: string]>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'converted-apps-'));
  try {
    const files = apps.map(([, code], i) => {
      const file = path.join(dir, `app-${i}.ts`);
      fs.writeFileSync(file, code);
      return file;
    });
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true,
      noUnusedLocals: true,
      noEmit: true,
      skipLibCheck: true,
      baseUrl: ROOT,
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      types: ['node'],
      paths: { 'cdk8s-kserve': ['src/index.ts'], '*': ['node_modules/*'] },
    });
    // Only the apps' own diagnostics: the library's sources are the type checker's job (`npm run typecheck`), and
    // checking them here again would cost most of the time.
    return files.flatMap(file => ts.getPreEmitDiagnostics(program, program.getSourceFile(file)))
      .filter(d => d.file && files.includes(d.file.fileName))
      .map(d => `${apps[files.indexOf(d.file!.fileName)][0]}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

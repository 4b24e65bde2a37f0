/**
 * Shared test harness: the helpers every test file used to carry its own copy of.
 *
 * - `newChart`: an App (Testing.app) with one chart `test` in namespace `ml`.
 * - `synthErrors`: the validation error lines of a synth, [] when it succeeds; any other failure is rethrown,
 *   so a test can never pass because synth failed for an unrelated reason.
 * - `expectError`: asserts one of those lines names a construct path and contains every fragment.
 * - `withEnv`: sets environment variables for the duration of a function, then restores them.
 * - `collectNulls`: the JSON pointers of every `null` in a value (manifests must not carry any).
 * - `synthExample` / `synthExampleFiles`: run an example app the way `cdk8s synth` does and read what it wrote.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';

/** The first line of the message cdk8s throws when validation fails; each following line is one error. */
export const VALIDATION_FAILED = 'Validation failed with the following errors:';

/** A fresh App (Testing.app) with one chart, id `test`, in `namespace`. Construct paths read `test/<id>`. */
export function newChart(namespace = 'ml'): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace });
  return { app, chart };
}

/**
 * Synthesizes with validation (as `cdk8s synth` does) and returns the validation error lines, trimmed, or []
 * when synth succeeds. Any failure other than "Validation failed with the following errors:" is rethrown.
 */
export function synthErrors(app: App): string[] {
  try {
    app.synthYaml();
    return [];
  } catch (e) {
    const [head, ...lines] = e instanceof Error ? e.message.split('\n') : [];
    if (head !== VALIDATION_FAILED) throw e;
    return lines.map(l => l.trim());
  }
}

/**
 * Asserts that an error line of the construct at path `at` (the line starts with `[<at>] `) contains every
 * fragment, and returns that line. `errors` are lines from `synthErrors`, or an App to synthesize.
 */
export function expectError(errors: readonly string[] | App, at: string, ...fragments: string[]): string {
  const lines = errors instanceof App ? synthErrors(errors) : errors;
  const match = lines.find(e => e.startsWith(`[${at}] `) && fragments.every(f => e.includes(f)));
  if (!match) {
    throw new Error(`expected an error at [${at}] containing ${JSON.stringify(fragments)}; got:\n${lines.join('\n') || '(no errors)'}`);
  }
  return match;
}

/**
 * Sets each variable (`undefined` unsets it) for the duration of `fn`, then restores the previous values,
 * also when `fn` throws.
 */
export function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const previous: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(vars)) {
    previous[name] = process.env[name];
    if (value === undefined) delete process.env[name]; else process.env[name] = value;
  }
  try {
    return fn();
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name]; else process.env[name] = value;
    }
  }
}

/** The JSON pointers (`/spec/predictor/...`, `/` for the value itself) of every `null` in `value`. */
export function collectNulls(value: unknown, at = ''): string[] {
  if (value === null) return [at || '/'];
  if (Array.isArray(value)) return value.flatMap((v, i) => collectNulls(v, `${at}/${i}`));
  if (typeof value === 'object' && value) return Object.entries(value).flatMap(([k, v]) => collectNulls(v, `${at}/${k}`));
  return [];
}

export const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** Every YAML file under a directory (apps may write sub-folders), in a stable order. */
function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap(entry => entry.isDirectory() ? yamlFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)])
    .filter(file => file.endsWith('.yaml'));
}

/**
 * Runs `examples/<name>/main.ts` the way `cdk8s synth` does (CDK8S_OUTDIR set to a fresh directory) and
 * returns the objects of each YAML file it wrote, by path relative to that directory.
 */
export function synthExampleFiles(name: string): Array<{ file: string; objects: any[] }> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
  withEnv({ CDK8S_OUTDIR: outdir }, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require(path.join(EXAMPLES, name, 'main.ts')));
  });
  return yamlFiles(outdir).map(file => ({
    file: path.relative(outdir, file),
    objects: parseAllDocuments(fs.readFileSync(file, 'utf-8')).map(doc => doc.toJS()),
  }));
}

/** Every object an example app writes, file by file in a stable order. */
export function synthExample(name: string): any[] {
  return synthExampleFiles(name).flatMap(f => f.objects);
}

/**
 * The packed library in a fresh cdk8s app outside the repository (issue #18): build (tsc into a staging folder
 * under os.tmpdir(), incremental: a no-op when nothing changed; never into the checkout), `npm pack`, install the tarball into a new app in a temporary directory, run the real
 * `cdk8s synth` there and validate what it wrote.
 *
 * Offline: npm installs only the tarball (the package has no dependencies of its own); the peers (cdk8s,
 * cdk8s-plus-28, constructs) and the tools (cdk8s-cli, ts-node, typescript, @types/node) are links to this
 * repository's node_modules, where a consumer's npm would put copies. The app is `cdk8s init typescript-app`'s
 * shape (`app: npx ts-node main.ts`): ts-node type-checks main.ts against the packed declarations, with
 * `skipLibCheck: false` and `module: node16` (resolution through the `exports` map).
 */
import { execFileSync, spawnSync, SpawnSyncReturns } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { buildConsumerStack } from './util/consumer-stack';
import { runConvertedApp } from './util/converted-app';
import { lazifyIndex } from '../scripts/lazy-index';
import { stripDocComments, stripDocCommentsIn } from '../scripts/strip-doc-comments';
import { convertManifests } from '../src';
import * as publicApi from '../src';
import { VALIDATION_FAILED } from './util/harness';
import { expectValidObjects } from './util/schema-validator';
import { cacheRoot } from './util/scratch';
import { SEED_CANARY, SEED_MODEL_YAML, SEED_S3_SECRET, SEED_S3_SERVICE, SEED_SERVICE_MONITOR } from './util/seed-snippets';

const ROOT = path.resolve(__dirname, '..');
const MODULES = path.join(ROOT, 'node_modules');
const PEERS = ['cdk8s', 'cdk8s-plus-28', 'constructs'];
const TOOLS = ['cdk8s-cli', 'ts-node', 'typescript', '@types/node'];
const CLI = path.join(MODULES, 'cdk8s-cli', 'bin', 'cdk8s');
/** A `cdk8s synth` with ts-node's type check takes 20-45 s on a busy 2-core machine. */
const SYNTH_TIMEOUT = 300_000;

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: ReadonlyArray<{ readonly path: string; readonly size: number }>;
}

let work: string;
let app: string;
let pack: PackResult;
let installed: string;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 2 ** 20 });
}

function npmPack(dir: string, destination: string, dryRun = false): PackResult {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination, ...(dryRun ? ['--dry-run'] : []), dir],
    { cwd: destination, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return (JSON.parse(out) as PackResult[])[0];
}

function link(name: string): void {
  const at = path.join(app, 'node_modules', name);
  fs.mkdirSync(path.dirname(at), { recursive: true });
  // The repo's copy of each peer and tool, so the app and the in-repo stack share one copy of each package.
  fs.rmSync(at, { recursive: true, force: true });
  fs.symlinkSync(fs.realpathSync(path.join(MODULES, name)), at, 'dir');
}

/**
 * Builds the package outside the checkout (tests write only into temporary folders): the files npm packs besides
 * lib/ are copied into a staging folder among the test caches (test/util/scratch.ts), and tsc compiles tsconfig.json's sources into its lib/.
 * The build info stays there too, so a rerun with unchanged sources is a no-op, as `tsc --build` was with lib/
 * in the checkout. The folder is named by the checkout path and the list of sources: a removed source never leaves
 * a stale .js in the package. Returns the staging folder.
 */
function buildPackage(): string {
  const sources = ['src', 'imports']
    .flatMap(dir => fs.readdirSync(path.join(ROOT, dir), { recursive: true }).map(f => path.join(dir, String(f))))
    .filter(f => f.endsWith('.ts')).sort();
  const key = crypto.createHash('sha256').update(ROOT).update('\0').update(sources.join('\0')).digest('hex').slice(0, 16);
  const stage = path.join(cacheRoot(), `package-${key}`);
  fs.mkdirSync(stage, { recursive: true });
  // Used: kept by the pruning of unused caches (test/util/scratch.ts).
  fs.utimesSync(stage, new Date(), new Date());
  for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) fs.copyFileSync(path.join(ROOT, file), path.join(stage, file));
  execFileSync(process.execPath, [path.join(MODULES, 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.json'),
    '--outDir', path.join(stage, 'lib'), '--incremental', '--tsBuildInfoFile', path.join(stage, 'tsconfig.tsbuildinfo')], { cwd: ROOT, stdio: 'pipe' });
  // The compile task's other steps.
  lazifyIndex(path.join(stage, 'lib', 'src', 'index.js'));
  stripDocCommentsIn(path.join(stage, 'lib', 'src'));
  return stage;
}

beforeAll(() => {
  const stage = buildPackage();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kserve-consumer-'));
  pack = npmPack(stage, work);

  app = path.join(work, 'app');
  fs.mkdirSync(app);
  // The package's own dependency comes from this repository's node_modules (a file: dependency npm links without
  // the registry: with --offline it has no metadata of cdk8s-plus-28 to resolve the range from on a fresh machine).
  const dependencies = { 'cdk8s-plus-28': `file:${fs.realpathSync(path.join(MODULES, 'cdk8s-plus-28'))}` };
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies }, null, 2));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', '--no-package-lock',
    path.join(work, pack.filename)], { cwd: app, stdio: 'pipe' });
  installed = path.join(app, 'node_modules', 'cdk8s-kserve');
  [...PEERS, ...TOOLS].forEach(link);
  fs.mkdirSync(path.join(app, 'node_modules', '.bin'), { recursive: true });
  fs.symlinkSync(path.join('..', 'ts-node', 'dist', 'bin.js'), path.join(app, 'node_modules', '.bin', 'ts-node'));

  fs.writeFileSync(path.join(app, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\n');
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, module: 'node16', target: 'ES2022', lib: ['es2022'], types: ['node'], skipLibCheck: false, noEmit: true,
    },
    include: ['*.ts'],
  }, null, 2));
  fs.copyFileSync(path.join(__dirname, 'util', 'consumer-stack.ts'), path.join(app, 'consumer-stack.ts'));
  fs.writeFileSync(path.join(app, 'main.ts'), [
    "import { App } from 'cdk8s';",
    "import { Runbook } from 'cdk8s-kserve';",
    "import { buildConsumerStack } from './consumer-stack';",
    '',
    'const app = new App();',
    "buildConsumerStack(app, process.env.CONSUMER_CASE === 'bad' ? 'bad' : 'good');",
    'app.synth();',
    'Runbook.writeAll(app);',
    '',
  ].join('\n'));
}, 600_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the package', () => {
  test('holds the compiled JavaScript, the public declarations and the docs a registry shows, nothing else', () => {
    const unexpected = pack.files.map(f => f.path).filter(p => !(
      ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(p)
      || (p.startsWith('lib/src/') && (p.endsWith('.js') || p.endsWith('.d.ts')))));
    expect(unexpected).toEqual([]);
    // The generated L1 classes are not shipped: nothing loads them at run time (src/private/l1-runtime.generated.ts);
    // the app tests below synthesize, convert and type-check against the package without them.
    expect(pack.files.some(f => f.path.startsWith('lib/imports/'))).toBe(false);
  });

  test('carries no source maps and no TypeScript sources', () => {
    const js = pack.files.filter(f => f.path.endsWith('.js'));
    const mapped = js.filter(f => fs.readFileSync(path.join(installed, f.path), 'utf8').includes('sourceMappingURL'));
    expect(mapped.map(f => f.path)).toEqual([]);
  });

  test('its JavaScript carries no doc comments (scripts/strip-doc-comments.ts); its declarations keep them', () => {
    const read = (file: string) => fs.readFileSync(path.join(installed, file), 'utf8');
    const js = pack.files.filter(f => f.path.startsWith('lib/src/') && f.path.endsWith('.js'));
    expect(js.length).toBeGreaterThan(100);
    const documented = js.filter(f => stripDocComments(f.path, read(f.path)) !== read(f.path));
    expect(documented.map(f => f.path)).toEqual([]);
    expect(read('lib/src/inference-service.d.ts')).toContain('/**');
    expect(read('lib/src/private/synth-errors.js')).toContain('node-do-not-add-exception-line');
  });

  test('unpacks smaller than cdk8s-plus-28', () => {
    const plus = npmPack(path.join(MODULES, 'cdk8s-plus-28'), work, true);
    expect(pack.unpackedSize).toBeLessThan(plus.unpackedSize);
  });

  test('has the metadata of a release and a CHANGELOG entry for its version', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    for (const field of ['repository', 'homepage', 'bugs', 'license', 'keywords', 'exports']) expect(manifest[field]).toBeDefined();
    expect(manifest.version).not.toBe('0.0.0');
    expect(fs.readFileSync(path.join(installed, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}$`, 'm'));
  });

  test('one entry point: require and import resolve it, deep imports do not', () => {
    const cjs = run(process.execPath, ['-e', "console.log(typeof require('cdk8s-kserve').InferenceService)"], app);
    expect(cjs.stdout.trim()).toBe('function');
    const esm = run(process.execPath, ['--input-type=module', '-e', "import { InferenceService } from 'cdk8s-kserve'; console.log(typeof InferenceService)"], app);
    expect(esm.stdout.trim()).toBe('function');
    const deep = run(process.execPath, ['-e', "require('cdk8s-kserve/lib/src/model')"], app);
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  test('the entry point loads each export\'s module on first use, and exports what the sources export', () => {
    const probe = [
      "const loaded = () => Object.keys(require.cache).filter(f => f.includes('cdk8s-kserve')).map(f => f.split('/lib/src/')[1]).sort();",
      "const m = require('cdk8s-kserve');",
      'const atRequire = loaded();',
      'const isvc = m.InferenceService;',
      'console.log(JSON.stringify({ atRequire, afterUse: loaded(), same: m.InferenceService === isvc, names: Object.keys(m) }));',
    ].join('\n');
    const out = JSON.parse(run(process.execPath, ['-e', probe], app).stdout);
    expect(out.atRequire).toEqual(['index.js']);
    expect(out.afterUse).toContain('inference-service.js');
    expect(out.afterUse).not.toContain('install/kserve-install.js');
    expect(out.same).toBe(true);
    // The same names as the in-repo sources export at run time (swc, compiling file by file, also lists the
    // re-exported interfaces, as undefined).
    const values = Object.keys(publicApi).filter(k => (publicApi as Record<string, unknown>)[k] !== undefined).sort();
    expect([...out.names].sort()).toEqual(values);
    // Node's ES module loader sees every name (its named-export detection reads the index).
    const esm = run(process.execPath, ['--input-type=module', '-e',
      "import * as m from 'cdk8s-kserve'; console.log(JSON.stringify(Object.keys(m).filter(k => typeof m[k] !== 'undefined')))"], app);
    expect(JSON.parse(esm.stdout).filter((k: string) => !['default', 'module.exports', '__esModule'].includes(k)).sort()).toEqual(values);
  });
});

describe('a fresh cdk8s app using it', () => {
  test('npx cdk8s-kserve convert on the seed\'s snippets writes an app that cdk8s synth turns into schema-valid YAML', () => {
    // The seed's files as a team has them: model.yaml, the S3 Secret, the service using it, the canary and the
    // ServiceMonitor, in one folder; the packed CLI converts them, the real cdk8s CLI synthesizes the result.
    const adopted = path.join(app, 'adopted');
    const manifests = path.join(adopted, 'manifests');
    fs.mkdirSync(manifests, { recursive: true });
    const seed: Array<[string, string]> = [['model.yaml', SEED_MODEL_YAML], ['s3-secret.yaml', SEED_S3_SECRET],
      ['s3-service.yaml', SEED_S3_SERVICE], ['canary.yaml', SEED_CANARY], ['service-monitor.yaml', SEED_SERVICE_MONITOR]];
    for (const [file, text] of seed) fs.writeFileSync(path.join(manifests, file), text);
    const convert = run('npx', ['--no-install', 'cdk8s-kserve', 'convert', 'manifests', '--out', 'main.ts'], adopted);
    expect({ status: convert.status, stderr: convert.stderr }).toMatchObject({ status: 0, stderr: expect.stringContaining('note: ') });
    fs.copyFileSync(path.join(app, 'tsconfig.json'), path.join(adopted, 'tsconfig.json'));
    fs.writeFileSync(path.join(adopted, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\n');

    const synth = run(process.execPath, [CLI, 'synth', '--no-check-upgrade'], adopted);
    expect({ status: synth.status, stderr: synth.stderr }).toMatchObject({ status: 0 });
    const written = fs.readdirSync(path.join(adopted, 'dist')).filter(f => f.endsWith('.k8s.yaml')).sort()
      .flatMap(f => parseAllDocuments(fs.readFileSync(path.join(adopted, 'dist', f), 'utf8')).map(d => d.toJS()).filter(o => o));
    expectValidObjects(written, { kserveVersion: 'v0.20.0' });
    // The same as the converter's function gives in the repository, run there.
    const inRepo = runConvertedApp(convertManifests(seed.map(([file, text]) => ({ file: path.join('manifests', file), text }))).code);
    const key = (o: any) => `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`;
    expect([...written].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...inRepo].sort((a, b) => key(a).localeCompare(key(b))));
    expect(written.map(key)).toEqual(expect.arrayContaining(['InferenceService/ml/sklearn-iris', 'InferenceService/ml/sklearn-s3']));
  }, SYNTH_TIMEOUT);

  test('cdk8s synth (type-checked by ts-node) writes schema-valid YAML equal to the in-repo output', () => {
    const synth = run(process.execPath, [CLI, 'synth', '--no-check-upgrade'], app);
    expect({ status: synth.status, stderr: synth.stderr }).toMatchObject({ status: 0 }); // stderr shows on failure

    const expected = buildConsumerStack(Testing.app(), 'good');
    for (const chart of expected) {
      const file = path.join(app, 'dist', `${chart.node.id}.k8s.yaml`);
      const objects = parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS());
      expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
      expect(objects).toEqual(Testing.synth(chart));
    }
    expect(fs.readdirSync(path.join(app, 'dist')).filter(f => f.endsWith('.runbook.md')).length).toBeGreaterThan(0);
  }, SYNTH_TIMEOUT);

  test('a bad input: cdk8s synth prints the [path] lines first, no frame but main.ts\'s, and writes nothing', () => {
    // The types were checked by the test above; `as any` in the bad case is what a JavaScript caller can pass.
    const synth = run(process.execPath, [CLI, 'synth', '--no-check-upgrade', '--output', 'dist-bad'], app,
      { CONSUMER_CASE: 'bad', TS_NODE_TRANSPILE_ONLY: 'true' });
    expect(synth.status).not.toBe(0);
    const lines = synth.stderr.split('\n');
    // What the app printed, up to the CLI's own report of the failed command (cdk8s-cli's, out of our reach).
    const appLines = lines.slice(0, lines.findIndex(l => l.startsWith('Error: command ')));
    expect(appLines).toEqual([
      `Error: ${VALIDATION_FAILED}`,
      '  [serving/sklearn-iris] spec.predictor.resources.cpu.request (100m) must be less than or equal to spec.predictor.resources.cpu.limit (50m)',
      "  [llm/qwen] replicas: must be a number (got string 'two')",
      expect.stringMatching(new RegExp(`^ {4}at ${path.join(app, 'main.ts').replace(/[.]/g, '\\.')}:\\d+:\\d+$`)),
    ]);
    expect(fs.existsSync(path.join(app, 'dist-bad')) ? fs.readdirSync(path.join(app, 'dist-bad')) : []).toEqual([]);
  }, SYNTH_TIMEOUT);

  test('a bad input from plain JavaScript: node prints the [path] line first and no frame of any package', () => {
    fs.writeFileSync(path.join(app, 'bad.js'), [
      "const { App, Chart } = require('cdk8s');",
      "const { InferenceService, Model, StorageUri } = require('cdk8s-kserve');",
      'const app = new App({ outdir: "dist-js" });',
      "const chart = new Chart(app, 'js', { namespace: 'ml' });",
      "new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(StorageUri.parse('gs://bucket/iris')), minReplicas: 'two' } });",
      'app.synth();',
      '',
    ].join('\n'));
    const node = run(process.execPath, ['bad.js'], app);
    expect(node.status).toBe(1);
    const lines = node.stderr.split('\n').filter(l => l !== '');
    expect(lines).toEqual([
      `Error: ${VALIDATION_FAILED}`,
      "  [js/iris] predictor.minReplicas: must be a number (got string 'two')",
      `    at ${path.join(app, 'bad.js')}:6:5`,
      `Node.js ${process.version}`,
    ]);
    expect(fs.existsSync(path.join(app, 'dist-js')) ? fs.readdirSync(path.join(app, 'dist-js')) : []).toEqual([]);
  });
});

/**
 * Helm export (issue #18): every example through the real `cdk8s synth --format helm` and a real `helm lint` and
 * `helm template` (test/util/helm.ts), rendering the same objects as the plain synth; the app-wide switch, the escaping
 * rule, the CRD and runbook placement and the install's stage order in a Helm chart.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { InferenceService, KServeInstall, KServeVersion, Model, Runbook, ServingRuntime, StorageUri } from '../src';
import { EXAMPLES, expectError, synthErrors, synthExample, withEnv } from './util/harness';
import { helm } from './util/helm';
import { escapeForHelm } from '../src/private/helm';

const CLI = path.join(__dirname, '..', 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const HOOK_KEYS = ['helm.sh/hook', 'helm.sh/hook-weight', 'helm.sh/hook-delete-policy'];

const examples = fs.readdirSync(EXAMPLES).filter(name => fs.existsSync(path.join(EXAMPLES, name, 'cdk8s.yaml'))).sort();

/** The objects of a multi-document YAML text, without empty documents. */
const objectsOf = (text: string): any[] => parseAllDocuments(text).map(d => d.toJS()).filter(o => o);

/** Objects in a stable order, the Helm hook annotations the chart adds removed (and an `annotations` left empty). */
function comparable(objects: any[], dropHooks: boolean): any[] {
  const key = (o: any) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? ''} ${o.metadata?.name}`;
  return objects.map(o => {
    if (!dropHooks || !o.metadata?.annotations) return o;
    const annotations = Object.fromEntries(Object.entries(o.metadata.annotations).filter(([k]) => !HOOK_KEYS.includes(k)));
    const { annotations: _, ...metadata } = o.metadata;
    return { ...o, metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata };
  }).sort((a, b) => key(a).localeCompare(key(b)));
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => (e.isDirectory()
    ? filesUnder(path.join(dir, e.name)).map(f => path.join(e.name, f)) : [e.name])).sort();
}

/** The environment of the CLI run: this process's, without an output folder of its own (the CLI sets it). */
function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.CDK8S_OUTDIR;
  return env;
}

/** Runs the cdk8s CLI's Helm export of an example into a fresh folder; resolves to the chart folder. */
function helmExport(name: string): Promise<string> {
  const chart = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `helm-${name}-`)), 'chart');
  // The example's own `app` (cdk8s.yaml: `npx tsx main.ts`) without npx's package lookup, which costs seconds a run.
  const args = [CLI, '--no-check-upgrade', 'synth', '--app', 'node --import tsx main.ts', '--format', 'helm', '--chart-version', '0.1.0', '--output', chart];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: path.join(EXAMPLES, name), env: cliEnv(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`cdk8s synth --format helm failed for examples/${name}:\n${stdout}\n${stderr}`));
      else resolve(chart);
    });
  });
}

/**
 * The Helm export of each example, two CLI runs at a time from the first request on (each run is mostly the example's
 * own start-up; the tests then read the charts in order).
 */
const exported = (() => {
  const charts = new Map<string, Promise<string>>();
  let running = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    running--;
    waiting.shift()?.();
  };
  const slot = () => new Promise<void>(resolve => {
    if (running < 2) {
      running++;
      resolve();
    } else {
      waiting.push(() => {
        running++;
        resolve();
      });
    }
  });
  const start = (name: string) => {
    const chart = slot().then(() => helmExport(name)).finally(next);
    chart.catch(() => undefined);
    return chart;
  };
  afterAll(async () => {
    for (const chart of charts.values()) {
      const dir = await chart.catch(() => undefined);
      if (dir) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
  return (name: string): Promise<string> => {
    if (charts.size === 0) for (const n of examples) charts.set(n, start(n));
    return charts.get(name) ?? start(name);
  };
})();

describe.each(examples)('examples/%s as a Helm chart', (name) => {
  test('helm lint and helm template accept it, and it renders the plain synth\'s objects', async () => {
    const chart = await exported(name);
    const lint = helm('lint', chart);
    expect({ status: lint.status, output: lint.stdout + lint.stderr }).toMatchObject({ status: 0 });
    expect(lint.stdout).toContain('0 chart(s) failed');
    const rendered = helm('template', 'release', chart, '--include-crds');
    expect({ status: rendered.status, stderr: rendered.stderr }).toEqual({ status: 0, stderr: '' });

    // Only manifests under templates/; runbooks and CRDs where Helm does not render them.
    const templates = filesUnder(path.join(chart, 'templates'));
    expect(templates.filter(f => !f.endsWith('.yaml'))).toEqual([]);
    const plain = synthExample(name);
    const runbooks = filesUnder(path.join(chart, 'runbooks'));
    expect(runbooks.every(f => f.endsWith('.runbook.md'))).toBe(true);
    const services = plain.filter(o => o.kind === 'InferenceService' || o.kind === 'LLMInferenceService').length;
    if (fs.readFileSync(path.join(EXAMPLES, name, 'main.ts'), 'utf-8').includes('Runbook.writeAll(app)')) expect(runbooks).toHaveLength(services);
    const crds = filesUnder(path.join(chart, 'crds')).flatMap(f => objectsOf(fs.readFileSync(path.join(chart, 'crds', f), 'utf-8')));
    expect(crds.every(o => o.kind === 'CustomResourceDefinition')).toBe(true);
    expect(crds).toHaveLength(plain.filter(o => o.kind === 'CustomResourceDefinition').length);

    expect(comparable(objectsOf(rendered.stdout), true)).toEqual(comparable(plain, false));
  });
});

describe('the KServe install in a Helm chart', () => {
  let chart: string;
  let rendered: any[];
  beforeAll(async () => {
    chart = await exported('kserve-install');
    rendered = objectsOf(helm('template', 'release', chart).stdout);
  });

  test('its CRDs are in crds/ (installed first, never templated), one file per install', () => {
    expect(filesUnder(path.join(chart, 'crds'))).toEqual([path.join('v0.13', 'kserve-crds.yaml'), path.join('v0.20', 'kserve-crds.yaml')]);
    // Without --include-crds Helm renders no CRD: they are not part of the templates.
    expect(rendered.filter(o => o.kind === 'CustomResourceDefinition')).toEqual([]);
  });

  test('the runtimes stage is a post-install hook; the control plane and the models are release objects', () => {
    const runtimesStage = rendered.filter(o => ['ClusterServingRuntime', 'ClusterStorageContainer', 'LLMInferenceServiceConfig'].includes(o.kind));
    expect(runtimesStage.length).toBeGreaterThan(10);
    for (const o of runtimesStage) {
      expect(o.metadata.annotations).toMatchObject({
        'helm.sh/hook': 'post-install,post-upgrade', 'helm.sh/hook-weight': '0', 'helm.sh/hook-delete-policy': 'before-hook-creation',
      });
    }
    const others = rendered.filter(o => !runtimesStage.includes(o));
    expect(others.filter(o => o.kind === 'Deployment').length).toBeGreaterThan(0);
    expect(others.find(o => o.kind === 'InferenceService')).toBeDefined();
    expect(others.filter(o => Object.keys(o.metadata.annotations ?? {}).some(k => k.startsWith('helm.sh/')))).toEqual([]);
  });

  test('no apply.sh: the chart carries the order', () => {
    expect(filesUnder(chart).filter(f => f.endsWith('.sh'))).toEqual([]);
  });
});

/** An app written as a Helm chart in a fresh folder (Chart.yaml written as the CLI does), with the switch set. */
function helmApp(context?: unknown): { app: App; chart: string } {
  const chart = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-app-'));
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: test\nversion: 0.1.0\ntype: application\n');
  const app = new App({ outdir: path.join(chart, 'templates') });
  if (context !== undefined) app.node.setContext('cdk8s-kserve:helm', context);
  return { app, chart };
}

/** Text that Go's template engine would evaluate, or choke on, unless escaped. */
const TRICKY = [
  '--model_name={{.Name}}',
  'a "quoted" {{ .Spec.Model.Name }} with \\backslash\\ and \'single\' quotes',
  '{{ ChildName .ObjectMeta.Name `-suffix` }}',
  'unclosed {{ action',
  'closing }} only and {{{{ nested',
  'multi\nline {{ if .X }}\n  {{ end }}\n',
  `${'long '.repeat(30)}{{.Name}} ${'tail '.repeat(30)}`,
];

describe('escaping in a Helm chart', () => {
  test('every {{ becomes a raw-string action that prints it', () => {
    expect(escapeForHelm('a {{.Name}} b')).toBe('a {{`{{`}}.Name}} b');
    expect(escapeForHelm('no template')).toBe('no template');
  });

  test('Helm renders user text and KServe placeholders back exactly, whatever the YAML quoting', () => {
    const { app, chart } = helmApp(true);
    const c = new Chart(app, 'models', { namespace: 'ml' });
    new ServingRuntime(c, 'runtime', {
      supportedModelFormats: [{ name: 'custom', autoSelect: true }],
      container: { image: 'registry.example.com/runtime:1.0', args: TRICKY, env: { TEMPLATE: TRICKY[1] } },
    });
    new KServeInstall(app, 'kserve', { version: KServeVersion.V0_20, llmInferenceServiceController: true });
    app.synth();
    const result = helm('template', 'release', chart);
    expect(result.stderr).toBe('');
    const runtime = objectsOf(result.stdout).find(o => o.kind === 'ServingRuntime');
    expect(runtime.spec.containers[0].args).toEqual(TRICKY);
    expect(runtime.spec.containers[0].env).toEqual([{ name: 'TEMPLATE', value: TRICKY[1] }]);

    // The same objects as the plain synth of the same app.
    const plain = Testing.app();
    const pc = new Chart(plain, 'models', { namespace: 'ml' });
    new ServingRuntime(pc, 'runtime', {
      supportedModelFormats: [{ name: 'custom', autoSelect: true }],
      container: { image: 'registry.example.com/runtime:1.0', args: TRICKY, env: { TEMPLATE: TRICKY[1] } },
    });
    new KServeInstall(plain, 'kserve', { version: KServeVersion.V0_20, llmInferenceServiceController: true });
    const plainObjects = plain.charts.flatMap(ch => ch.toJson());
    const helmObjects = objectsOf(helm('template', 'release', chart, '--include-crds').stdout);
    expect(comparable(helmObjects, true)).toEqual(comparable(plainObjects, false));
  });

  test('metadata text is escaped once: Helm renders an annotation back exactly', () => {
    // cdk8s resolves an object's metadata twice; escaping it in both passes wrote x{{`{{`}}`{{`{{`}}`}}y for x{{y.
    const { app, chart } = helmApp(true);
    const c = new Chart(app, 'models', { namespace: 'ml' });
    new InferenceService(c, 'svc', {
      annotations: { 'example.com/note': TRICKY[1], 'example.com/args': TRICKY[0] },
      predictor: { model: Model.sklearn(StorageUri.parse('gs://bucket/{{model}}')) },
    });
    app.synth();
    const result = helm('template', 'release', chart);
    expect(result.stderr).toBe('');
    const isvc = objectsOf(result.stdout).find(o => o.kind === 'InferenceService');
    expect(isvc.metadata.annotations).toMatchObject({ 'example.com/note': TRICKY[1], 'example.com/args': TRICKY[0] });
    expect(isvc.spec.predictor.model.storageUri).toBe('gs://bucket/{{model}}');
  });

  test('the checks see the text as given (escaping happens at output)', () => {
    const { app } = helmApp(true);
    const c = new Chart(app, 'models', { namespace: 'ml' });
    new InferenceService(c, 'svc', { predictor: { model: Model.sklearn(StorageUri.parse('gs://bucket/{{model}}')) } });
    const isvc = app.charts[0].toJson()[0];
    expect(isvc.spec.predictor.model.storageUri).toBe('gs://bucket/{{`{{`}}model}}');
  });

  test('the user\'s own objects and JSON patches are written as given (a Helm expression may be meant)', () => {
    const { app } = helmApp(true);
    const c = new Chart(app, 'models', { namespace: 'ml' });
    new ApiObject(c, 'own', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'own' }, data: { release: '{{ .Release.Name }}' } });
    const svc = new InferenceService(c, 'svc', { predictor: { model: Model.sklearn(StorageUri.parse('gs://bucket/model')) } });
    svc.apiObject.addJsonPatch(JsonPatch.add('/metadata/labels', { release: '{{ .Release.Name }}' }));
    const [own, isvc] = c.toJson();
    expect(own.data.release).toBe('{{ .Release.Name }}');
    expect(isvc.metadata.labels.release).toBe('{{ .Release.Name }}');
  });

  test('plain output is not escaped', () => {
    const app = Testing.app();
    const c = new Chart(app, 'models', { namespace: 'ml' });
    new InferenceService(c, 'svc', { predictor: { model: Model.sklearn(StorageUri.parse('gs://bucket/{{model}}')) } });
    expect(c.toJson()[0].spec.predictor.model.storageUri).toBe('gs://bucket/{{model}}');
  });
});

describe('the app-wide switch', () => {
  const isvcUri = (app: App) => {
    const c = new Chart(app, 'models', { namespace: 'ml' });
    new InferenceService(c, 'svc', { predictor: { model: Model.sklearn(StorageUri.parse('gs://bucket/{{model}}')) } });
    return c.toJson()[0].spec.predictor.model.storageUri;
  };

  test('detected from cdk8s synth --format helm (CDK8S_OUTDIR is <chart>/templates beside Chart.yaml)', () => {
    const { chart } = helmApp();
    const uri = withEnv({ CDK8S_OUTDIR: path.join(chart, 'templates') }, () => isvcUri(new App()));
    expect(uri).toBe('gs://bucket/{{`{{`}}model}}');
  });

  test('a templates folder without Chart.yaml is not a Helm chart', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'not-helm-')), 'templates');
    expect(withEnv({ CDK8S_OUTDIR: dir }, () => isvcUri(new App()))).toBe('gs://bucket/{{model}}');
  });

  test('the context set to false keeps plain YAML under the Helm format', () => {
    const { app } = helmApp(false);
    expect(isvcUri(app)).toBe('gs://bucket/{{model}}');
  });

  test('the context set to true writes a Helm chart anywhere', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'declared-')) });
    app.node.setContext('cdk8s-kserve:helm', true);
    expect(isvcUri(app)).toBe('gs://bucket/{{`{{`}}model}}');
  });

  test('any other context value is an error naming the key', () => {
    const { app } = helmApp('yes');
    expect(() => isvcUri(app)).toThrow("context 'cdk8s-kserve:helm' must be true or false (got \"yes\")");
  });

  test('KServeInstall.helmCompatible: false in a Helm chart is a synth error', () => {
    const { app } = helmApp(true);
    new KServeInstall(app, 'kserve', { helmCompatible: false });
    expectError(synthErrors(app), 'kserve', 'helmCompatible: false, but the app is written as a Helm chart');
  });

  test('KServeInstall.helmCompatible: true escapes the install in plain output too, and nothing else', () => {
    const app = Testing.app();
    const install = new KServeInstall(app, 'kserve', { version: KServeVersion.V0_20, helmCompatible: true });
    const c = new Chart(app, 'models', { namespace: 'ml' });
    new InferenceService(c, 'svc', { predictor: { model: Model.sklearn(StorageUri.parse('gs://bucket/{{model}}')) } });
    const config = install.controlPlane.toJson().find(o => o.kind === 'ConfigMap');
    expect(config.data.ingress).toContain('{{`{{`}} .Name }}');
    expect(c.toJson()[0].spec.predictor.model.storageUri).toBe('gs://bucket/{{model}}');
    // Plain output keeps the CRDs in their chart and has no hooks.
    expect(install.crds.toJson().length).toBeGreaterThan(0);
    expect(install.runtimes.toJson().every(o => o.metadata.annotations?.['helm.sh/hook'] === undefined)).toBe(true);
  });

  test('a hook annotation of the user\'s on a runtime is an error, not replaced', () => {
    const { app } = helmApp(true);
    const install = new KServeInstall(app, 'kserve', { standardRuntimes: false });
    install.addRuntime('own', {
      supportedModelFormats: [{ name: 'custom', autoSelect: true }],
      annotations: { 'helm.sh/hook': 'pre-install' },
      container: { image: 'registry.example.com/runtime:1.0' },
    });
    expectError(synthErrors(app), 'kserve', "addRuntime('own'): annotations['helm.sh/hook'] is 'pre-install', but the Helm chart output sets it to 'post-install,post-upgrade'");
  });
});

describe('files that are not manifests in a Helm chart', () => {
  test('Runbook.writeAll writes to <chart>/runbooks/, not templates/', () => {
    const { app, chart } = helmApp();
    const c = new Chart(app, 'models', { namespace: 'ml' });
    new InferenceService(c, 'svc', { predictor: { model: Model.sklearn(StorageUri.parse('gs://bucket/model')) } });
    const files = withEnv({ CDK8S_OUTDIR: path.join(chart, 'templates') }, () => {
      app.synth();
      return Runbook.writeAll(app);
    });
    expect(files).toEqual([path.join(chart, 'runbooks', 'ml-svc.runbook.md')]);
    expect(filesUnder(path.join(chart, 'templates'))).toEqual(['models.k8s.yaml']);
  });

  test('an outdir outside templates/ is kept', () => {
    const { app } = helmApp(true);
    const c = new Chart(app, 'models', { namespace: 'ml' });
    new InferenceService(c, 'svc', { predictor: { model: Model.sklearn(StorageUri.parse('gs://bucket/model')) } });
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'runbooks-'));
    expect(Runbook.writeAll(app, elsewhere)).toEqual([path.join(elsewhere, 'ml-svc.runbook.md')]);
  });

  test('KServeInstall.writeApplyScript writes nothing in a Helm chart', () => {
    const { app, chart } = helmApp(true);
    new KServeInstall(app, 'kserve');
    app.synth();
    expect(KServeInstall.writeApplyScript(app)).toBeUndefined();
    expect(filesUnder(chart).filter(f => f.endsWith('.sh'))).toEqual([]);
    expect(filesUnder(path.join(chart, 'crds'))).toEqual(['kserve-crds.yaml']);
  });
});

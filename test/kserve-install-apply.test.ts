import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, YamlOutputType } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { CrdSource, InferenceService, KServeInstall, KServeInstallProps, KServeVersion, LLMInferenceService, Model, StorageUri, WebhookCertificates } from '../src';

/** One kubectl call the script made. */
interface Call {
  readonly args: string[];
  /** For `apply`: the objects of the files it applied. */
  readonly objects: any[];
}

/**
 * A kubectl stand-in: records every call (one argument per line, calls separated by `--end--`) and answers the first
 * apply of the runtimes chart the way a just-started KServe controller does, with a webhook that cannot be called yet.
 */
const FAKE_KUBECTL = `#!/bin/sh
for a in "$@"; do printf '%s\\n' "$a" >> "$KUBECTL_LOG"; done
echo "--end--" >> "$KUBECTL_LOG"
case "$*" in
  *apply*runtimes*)
    if [ ! -e "$KUBECTL_LOG.refused" ]; then
      touch "$KUBECTL_LOG.refused"
      echo 'Error from server (InternalError): Internal error occurred: failed calling webhook "clusterservingruntime.kserve-webhook-server.validator": no endpoints available for service "kserve-webhook-server-service"' >&2
      exit 1
    fi ;;
esac
exit 0
`;

/** A `sleep` stand-in first on PATH: records each wait (one line of arguments) instead of waiting. */
const FAKE_SLEEP = `#!/bin/sh
echo "$*" >> "$KUBECTL_LOG.sleeps"
`;

function readObjects(target: string): any[] {
  const files = fs.statSync(target).isDirectory() ? fs.readdirSync(target).map(f => path.join(target, f)) : [target];
  return files.flatMap(f => parseAllDocuments(fs.readFileSync(f, 'utf8')).map(d => d.toJSON()).filter(o => o));
}

/** Synthesizes the app into a temporary folder, writes apply.sh, runs it with the fake kubectl and returns its calls. */
interface ScriptRun {
  readonly calls: Call[];
  readonly script: string;
  readonly written: string[];
  /** The waits the script made (the arguments of each `sleep`). */
  readonly sleeps: string[];
}

function runScript(build: (app: App) => void, yamlOutputType = YamlOutputType.FILE_PER_CHART): ScriptRun {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kserve-apply-'));
  const app = new App({ outdir, yamlOutputType });
  build(app);
  app.synth();
  const file = KServeInstall.writeApplyScript(app)!;
  expect(file).toBe(path.join(outdir, 'apply.sh'));
  // Executable by its owner.
  expect(fs.statSync(file).mode.toString(8).slice(-3, -2)).toMatch(/[1357]/);
  const fake = path.join(outdir, '..', `${path.basename(outdir)}-kubectl`);
  fs.writeFileSync(fake, FAKE_KUBECTL, { mode: 0o755 });
  const log = `${fake}.log`;
  const bin = `${fake}-bin`;
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'sleep'), FAKE_SLEEP, { mode: 0o755 });
  // Run from elsewhere: the script finds its files next to itself.
  childProcess.execFileSync('sh', [file], {
    cwd: os.tmpdir(), env: { ...process.env, KUBECTL: fake, KUBECTL_LOG: log, PATH: `${bin}${path.delimiter}${process.env.PATH}` }, stdio: 'pipe',
  });
  const calls = fs.readFileSync(log, 'utf8').split('--end--\n').filter(c => c).map(c => c.split('\n').filter(a => a !== ''))
    .map(args => ({ args, objects: args[0] === 'apply' ? args.filter((_, i) => args[i - 1] === '-f').flatMap(readObjects) : [] }));
  const written = fs.readdirSync(outdir).filter(f => f !== 'apply.sh').map(f => path.join(outdir, f));
  const sleeps = fs.existsSync(`${log}.sleeps`) ? fs.readFileSync(`${log}.sleeps`, 'utf8').split('\n').filter(l => l) : [];
  return { calls, script: fs.readFileSync(file, 'utf8'), written, sleeps };
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const flag = (args: string[], name: string) => args[args.indexOf(name) + 1];

/**
 * The staging rules, checked on the calls the script really made:
 * - every file cdk8s wrote is applied;
 * - an object whose kind is a CRD of the output is applied only after the CRD, with a wait for Established between;
 * - an object a KServe webhook guards (failurePolicy Fail) is applied only after the webhook configuration and the
 *   Deployment behind the webhook Service, with a wait for that Deployment to be Available between, and its apply is
 *   retried after a wait while the webhook cannot be called (the first runtimes apply is refused).
 */
function expectStaged(calls: Call[], written: string[], sleeps: string[]): void {
  const applied = calls.filter(c => c.args[0] === 'apply').flatMap(c => c.args.filter((_, i) => c.args[i - 1] === '-f'));
  expect(new Set(applied)).toEqual(new Set(written.filter(f => readObjects(f).length > 0)));
  const applyIndex = (match: (o: any) => boolean) => calls.findIndex(c => c.objects.some(match));
  const all = calls.flatMap(c => c.objects);
  const crds = all.filter(o => o.kind === 'CustomResourceDefinition');
  const crdOf = (o: any) => crds.find(crd => crd.spec.group === groupOf(o.apiVersion) && crd.spec.names.kind === o.kind);
  const waitsBetween = (from: number, to: number) => calls.slice(from + 1, to).filter(c => c.args[0] === 'wait');
  const webhooks = all.filter(o => o.kind.endsWith('WebhookConfiguration')).flatMap(w => w.webhooks.map((h: any) => ({ config: w, hook: h })));
  let guarded = 0;
  calls.forEach((call, i) => {
    for (const object of call.objects) {
      const crd = crdOf(object);
      if (crd) {
        const created = applyIndex(o => o === crd);
        expect(created).toBeGreaterThanOrEqual(0);
        expect(created).toBeLessThan(i);
        const established = waitsBetween(created, i).filter(w => w.args.includes('--for=condition=Established')
          && (w.args.includes(`crd/${crd.metadata.name}`) || calls[created].args.some((a, j) => calls[created].args[j - 1] === '-f' && w.args.includes(a))));
        expect({ object: `${object.kind}/${object.metadata.name}`, established: established.length }).toMatchObject({ established: 1 });
      }
      const plural = crd?.spec.names.plural;
      for (const { config, hook } of webhooks) {
        const covers = hook.rules.some((r: any) => r.apiGroups.includes(groupOf(object.apiVersion)) && r.resources.includes(plural));
        if (!covers) continue;
        guarded++;
        const service = all.find(o => o.kind === 'Service' && o.metadata.name === hook.clientConfig.service.name
          && o.metadata.namespace === hook.clientConfig.service.namespace);
        const deployment = all.find(o => o.kind === 'Deployment' && o.metadata.namespace === service.metadata.namespace
          && Object.entries(service.spec.selector).every(([k, v]) => o.spec.template.metadata.labels[k] === v));
        const served = Math.max(applyIndex(o => o === config), applyIndex(o => o === deployment));
        expect(served).toBeLessThan(i);
        const available = waitsBetween(served, i).filter(w => w.args.includes('--for=condition=Available')
          && w.args.includes(`deployment/${deployment.metadata.name}`) && flag(w.args, '-n') === deployment.metadata.namespace);
        expect({ object: `${object.kind}/${object.metadata.name}`, available: available.length }).toMatchObject({ available: 1 });
      }
    }
  });
  expect(guarded).toBeGreaterThan(0);
  // The refused runtimes apply was repeated, and succeeded (the script exited 0).
  const runtimeApplies = calls.filter(c => c.objects.some(o => o.kind === 'ClusterServingRuntime'));
  expect(runtimeApplies.length).toBe(2);
  expect(runtimeApplies[0].args).toEqual(runtimeApplies[1].args);
  // Between the two, the script waited its 5 s once (the stand-in records the wait instead of sleeping).
  expect(sleeps).toEqual(['5']);
}

/** The kserve-install example's v0.20 app: an install and a models chart after its runtimes. */
function withModels(props: KServeInstallProps) {
  return (app: App) => {
    const kserve = new KServeInstall(app, 'kserve', props);
    const models = new Chart(app, 'models', { namespace: 'ml' });
    models.addDependency(kserve.runtimes);
    new InferenceService(models, 'sklearn-iris', {
      version: props.version,
      predictor: { model: Model.sklearn(StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model')) },
    });
  };
}

describe.each([KServeVersion.V0_13, KServeVersion.V0_20])('KServeInstall.writeApplyScript, %s', version => {
  test('each stage only needs what earlier stages created and waited for', () => {
    const { calls, written, script, sleeps } = runScript(withModels({ version, namespace: 'kserve-system' }));
    expectStaged(calls, written, sleeps);
    expect(calls.map(c => c.args.slice(0, 2).join(' '))).toEqual([
      'apply --server-side', 'wait --for=condition=Established',
      'apply --server-side', 'wait --for=condition=Ready', 'wait --for=condition=Available',
      'apply --server-side', 'apply --server-side',
      'apply --server-side',
    ]);
    expect(script).toContain(`# Applies KServe ${version.name}`);
  });

  test('without cert-manager there is no Certificate to wait for', () => {
    const caBundle = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');
    const { calls, written, sleeps } = runScript(withModels({ version, webhookCertificates: WebhookCertificates.fromCaBundle(caBundle) }));
    expectStaged(calls, written, sleeps);
    expect(calls.some(c => c.args.some(a => a.startsWith('certificate/')))).toBe(false);
  });

  test('with CrdSource.none() the script checks the CRDs by name instead of applying an empty file', () => {
    const { calls } = runScript(withModels({ version, crds: CrdSource.none() }));
    const [first] = calls;
    expect(first.args.slice(0, 3)).toEqual(['wait', '--for=condition=Established', '--timeout=120s']);
    expect(first.args).toContain('crd/inferenceservices.serving.kserve.io');
    expect(first.args).toContain('crd/clusterservingruntimes.serving.kserve.io');
    expect(calls.filter(c => c.args[0] === 'apply').every(c => !c.args.some(a => a.includes('-crds')))).toBe(true);
  });

  test('folders per chart (FOLDER_PER_CHART_FILE_PER_RESOURCE) are applied the same way', () => {
    const { calls, written, sleeps } = runScript(withModels({ version }), YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE);
    expectStaged(calls, written, sleeps);
  });
});

describe('with the LLMInferenceService and local model controllers (issue #17)', () => {
  const props: KServeInstallProps = { llmInferenceServiceController: true, localModelController: true, namespace: 'kserve-system' };

  test('the presets wait for the llmisvc webhook; every Certificate and controller Deployment is waited for', () => {
    const { calls, written, sleeps } = runScript(withModels(props));
    expectStaged(calls, written, sleeps);
    const waits = calls.filter(c => c.args[0] === 'wait').map(c => c.args[c.args.length - 1]);
    expect(waits).toEqual([
      expect.stringMatching(/-crds/),
      'certificate/serving-cert', 'certificate/llmisvc-serving-cert', 'certificate/localmodel-serving-cert',
      'deployment/kserve-controller-manager', 'deployment/llmisvc-controller-manager', 'deployment/kserve-localmodel-controller-manager',
    ]);
    const presets = calls.filter(c => c.objects.some(o => o.kind === 'LLMInferenceServiceConfig'));
    expect(presets.length).toBe(2); // refused once while the webhooks start, then applied
  });

  test('with CrdSource.none() the script also checks the LLM and local model CRDs', () => {
    const { calls } = runScript(withModels({ ...props, crds: CrdSource.none() }));
    for (const crd of ['llminferenceservices.serving.kserve.io', 'inferencepools.inference.networking.k8s.io', 'inferenceobjectives.llm-d.ai',
      'localmodelnodes.serving.kserve.io', 'localmodelcaches.serving.kserve.io']) {
      expect(calls[0].args).toContain(`crd/${crd}`);
    }
  });
});

describe.each([
  // The local model controller has no Certificate of its own before v0.17.1 (the core manager serves its webhook).
  [KServeVersion.V0_16, ['certificate/serving-cert']],
  [KServeVersion.V0_17, ['certificate/serving-cert', 'certificate/localmodel-serving-cert']],
])('%s with the local model controller', (version, certificates) => {
  test('the script waits for the release\'s Certificates and both controller Deployments', () => {
    const { calls, written, sleeps } = runScript(withModels({ version, localModelController: true }));
    expectStaged(calls, written, sleeps);
    const waits = calls.filter(c => c.args[0] === 'wait').map(c => c.args[c.args.length - 1]);
    expect(waits).toEqual([expect.stringMatching(/-crds/), ...certificates,
      'deployment/kserve-controller-manager', 'deployment/kserve-localmodel-controller-manager']);
  });
});

test('v0.16.0 with the LLM controller: its Certificate and Deployment are waited for before a v1alpha1 LLMInferenceService', () => {
  const version = KServeVersion.V0_16;
  const { calls, written, sleeps } = runScript(app => {
    withModels({ version, llmInferenceServiceController: true, llmPresets: false })(app);
    const llm = new Chart(app, 'llm', { namespace: 'ml' });
    llm.addDependency(app.node.findChild('models') as Chart);
    new LLMInferenceService(llm, 'qwen', { version, model: { uri: StorageUri.parse('hf://Qwen/Qwen2.5-7B-Instruct') } });
  });
  expectStaged(calls, written, sleeps);
  const waits = calls.filter(c => c.args[0] === 'wait').map(c => c.args[c.args.length - 1]);
  expect(waits).toEqual([expect.stringMatching(/-crds/), 'certificate/serving-cert', 'certificate/llmisvc-serving-cert',
    'deployment/kserve-controller-manager', 'deployment/llmisvc-controller-manager']);
  const llmApply = calls.findIndex(c => c.objects.some(o => o.kind === 'LLMInferenceService'));
  expect(calls[llmApply].objects.find(o => o.kind === 'LLMInferenceService').apiVersion).toBe('serving.kserve.io/v1alpha1');
  expect(llmApply).toBeGreaterThan(calls.findIndex(c => c.args.includes('deployment/llmisvc-controller-manager')));
});

test('an install alone has no fourth stage', () => {
  const { calls, written, sleeps } = runScript(app => new KServeInstall(app, 'kserve'));
  expectStaged(calls, written, sleeps);
  expect(calls.filter(c => c.args[0] === 'apply')).toHaveLength(4); // crds, control plane, runtimes refused once, runtimes
});

describe('writeApplyScript errors', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kserve-apply-'));

  test('a single file for the whole app cannot be staged', () => {
    const app = new App({ outdir: tmp(), yamlOutputType: YamlOutputType.FILE_PER_APP });
    new KServeInstall(app, 'kserve');
    app.synth();
    expect(() => KServeInstall.writeApplyScript(app)).toThrow(/one file \(or folder\) per chart; create the App with yamlOutputType FILE_PER_CHART/);
  });

  test('before app.synth() the files do not exist', () => {
    const app = new App({ outdir: tmp() });
    new KServeInstall(app, 'kserve');
    expect(() => KServeInstall.writeApplyScript(app)).toThrow(/'0000-kserve-crds-c8\w*\.k8s\.yaml' is not in '.*'; call it after app\.synth\(\)/);
  });

  test('an app without exactly one install', () => {
    const app = new App({ outdir: tmp() });
    expect(() => KServeInstall.writeApplyScript(app)).toThrow('the app holds 0 KServeInstalls');
    new KServeInstall(app, 'a');
    new KServeInstall(app, 'b', { namespace: 'kserve-b' });
    expect(() => KServeInstall.writeApplyScript(app)).toThrow("the app holds 2 KServeInstalls ('a', 'b')");
  });
});

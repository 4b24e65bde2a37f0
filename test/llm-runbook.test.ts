import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Size, Testing } from 'cdk8s';
import { NodeLabelQuery } from 'cdk8s-plus-28';
import {
  InferenceService, KServeVersion, LLMInferenceService, LLMInferenceServiceConfig, LLMInferenceServiceProps, LLMPodMonitor, LocalModelCache,
  LocalModelNodeGroup, Model, NodeGroupVolume, Runbook, StorageUri,
} from '../src';
import { newChart, synthErrors } from './util/harness';

const MODEL = { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'), name: 'Qwen/Qwen2.5-7B-Instruct' };
const ROUTER = { gateway: {}, route: {}, scheduler: {} };

function runbookOf(props: Partial<LLMInferenceServiceProps>, monitor = false, name = 'qwen'): string {
  const { chart } = newChart('llm');
  const service = new LLMInferenceService(chart, name, { model: MODEL, ...props });
  if (monitor) new LLMPodMonitor(chart, 'monitor', { target: service });
  return Runbook.forLLMService(service);
}

/** The code blocks of one language in a Markdown document. */
function blocks(markdown: string, language = 'sh'): string[] {
  return [...markdown.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);
}

/** The JSON bodies of the curl commands (`-d '...'`). */
function bodies(markdown: string): any[] {
  return [...markdown.matchAll(/ -d '([^']*)'/g)].map(m => JSON.parse(m[1]));
}

describe('Runbook.forLLMService', () => {
  test('every command block is well-formed shell (bash -n), for each shape of service', () => {
    const shapes: Array<Partial<LLMInferenceServiceProps>> = [{}, { router: ROUTER }, { router: ROUTER, prefill: { replicas: 1 } }];
    for (const shape of shapes) {
      const found = blocks(runbookOf(shape, true));
      expect(found.length).toBeGreaterThanOrEqual(5);
      for (const block of found) {
        const check = spawnSync('bash', ['-n'], { input: block, encoding: 'utf-8' });
        expect(check.stderr).toBe('');
        expect(check.status).toBe(0);
      }
    }
  });

  test('with KServe\'s router: the status URL, and the OpenAI-compatible requests for the served model', () => {
    const text = runbookOf({ router: ROUTER });
    expect(text).toContain("URL=$(kubectl get llminferenceservice qwen -n llm -o jsonpath='{.status.url}')");
    expect(text).toContain('`/llm/qwen` for its own route');
    expect(text).toContain('curl -sS "$URL/v1/models"');
    expect(text).toContain('curl -sS "$URL/v1/completions" -H \'Content-Type: application/json\'');
    expect(text).toContain('curl -sS "$URL/v1/chat/completions" -H \'Content-Type: application/json\'');
    expect(bodies(text)).toEqual([
      { model: 'Qwen/Qwen2.5-7B-Instruct', prompt: 'Kubernetes is', max_tokens: 32 },
      { model: 'Qwen/Qwen2.5-7B-Instruct', messages: [{ role: 'user', content: 'Say hello in one sentence.' }], max_tokens: 64 },
    ]);
    expect(text).toContain('http://qwen-kserve-workload-svc.llm.svc.cluster.local:8000');
  });

  test('the model is the service\'s name without model.name; a quote in it stays valid shell and JSON', () => {
    expect(bodies(runbookOf({ model: { uri: MODEL.uri } }))[0].model).toBe('qwen');
    const quoted = runbookOf({ model: { uri: MODEL.uri, name: "it's" } });
    const [block] = blocks(quoted).filter(b => b.includes('/v1/completions'));
    const check = spawnSync('bash', ['-n'], { input: block, encoding: 'utf-8' });
    expect(check.status).toBe(0);
    expect(quoted).toContain('-d \'{"model":"it\'\\\'\'s"');
  });

  test('without a router: a port-forward to the workload Service, no scheduler', () => {
    const text = runbookOf({});
    expect(text).toContain('kubectl port-forward svc/qwen-kserve-workload-svc 8000:8000 -n llm >/dev/null &');
    expect(text).toContain('URL=http://localhost:8000');
    expect(text).not.toContain('.status.url}\')\n');
    expect(text).not.toContain('scheduler (endpoint picker)');
    expect(text).not.toContain('InferencePool');
    expect(text).toContain('client([client in the cluster])');
  });

  test('logs of vLLM (main), the storage initializer, the routing sidecar with prefill, and the scheduler', () => {
    const text = runbookOf({ router: ROUTER, prefill: { replicas: 1 } });
    const workload = 'app.kubernetes.io/name=qwen,app.kubernetes.io/part-of=llminferenceservice,kserve.io/component=workload';
    expect(text).toContain(`kubectl logs -l ${workload} -c main --tail=200 --prefix -n llm`);
    expect(text).toContain(`kubectl logs -l ${workload} -c storage-initializer`);
    expect(text).toContain(`kubectl logs -l ${workload},llm-d.ai/role=decode -c llm-d-routing-sidecar`);
    expect(text).toContain('kubectl logs -l app.kubernetes.io/name=qwen,app.kubernetes.io/part-of=llminferenceservice,'
      + 'app.kubernetes.io/component=llminferenceservice-router-scheduler -c main');
    // Behind the routing sidecar, vLLM of a decode pod listens on 8001.
    expect(text).toContain('kubectl port-forward "pod/$POD" 8001:8001 -n llm');
    expect(text).toContain('prefill["qwen-kserve-prefill: vLLM prefill"]');
    expect(runbookOf({ router: ROUTER })).toContain('kubectl port-forward "pod/$POD" 8001:8000 -n llm');
    expect(runbookOf({ router: ROUTER })).not.toContain('llm-d-routing-sidecar');
  });

  test('metrics: vLLM series by model, the scheduler\'s with the monitor\'s reader token', () => {
    const text = runbookOf({ router: ROUTER }, true);
    const promql = blocks(text, 'promql').join('');
    expect(promql).toContain('sum(rate(vllm:generation_tokens_total{namespace="llm",model_name="Qwen/Qwen2.5-7B-Instruct"}[5m]))');
    expect(promql).toContain('inference_pool_ready_pods{name="qwen-inference-pool"}');
    expect(text).toContain('The PodMonitor `qwen-llm` scrapes them.');
    expect(text).toContain('TOKEN=$(kubectl create token qwen-llm-metrics-reader -n llm)');
    expect(text).toContain('kubectl port-forward -n llm deployment/qwen-kserve-router-scheduler 9090:9090');
    // Without a monitor, the reader is the user's to name.
    expect(runbookOf({ router: ROUTER })).toContain("kubectl create token '<REPLACE: a ServiceAccount allowed to get /metrics>' -n llm");
  });

  test('LoRA adapters are named as models to call', () => {
    const text = runbookOf({ model: { ...MODEL, lora: { adapters: [{ name: 'sql', uri: StorageUri.huggingFace('acme/sql-lora') }] } } });
    expect(text).toContain('with LoRA adapters `sql`');
    expect(text).toContain('To call a LoRA adapter, name it as the `model`.');
  });

  test('a router from a config of the app counts; one possibly from a config by name is said to be possible', () => {
    const { chart } = newChart('llm');
    const config = new LLMInferenceServiceConfig(chart, 'router', { router: ROUTER });
    const fromApp = new LLMInferenceService(chart, 'a', { model: MODEL, baseRefs: [config] });
    const byName = new LLMInferenceService(chart, 'b', { model: MODEL, baseRefs: [LLMInferenceServiceConfig.fromName('team')] });
    expect(Runbook.forLLMService(fromApp)).toContain("URL=$(kubectl get llminferenceservice a -n llm -o jsonpath='{.status.url}')");
    expect(Runbook.forLLMService(byName)).toContain('and, if a config of baseRefs adds it, the llm-d scheduler');
  });

  test('names KServe derives with kmeta.ChildName: a name too long for a suffix is cut and hashed', () => {
    const name = `q${'x'.repeat(49)}`;
    const text = runbookOf({ router: ROUTER }, false, name);
    // knative.dev/pkg kmeta.ChildName: parent[:31-len(suffix)] + md5(parent) + suffix, 63 characters.
    const child = (suffix: string) => `${name.slice(0, 31 - suffix.length)}${createHash('md5').update(name).digest('hex')}${suffix}`;
    expect(child('-kserve-workload-svc')).toHaveLength(63);
    expect(text).toContain(`Service ${child('-kserve-workload-svc')}`);
    expect(text).toContain(`deployment/${child('-kserve-router-scheduler')} 9090:9090`);
    // A name that fits is kept whole.
    expect(runbookOf({ router: ROUTER }, false, 'q'.repeat(43))).toContain(`Service ${'q'.repeat(43)}-kserve-workload-svc`);
  });

  test('a service without a namespace throws, naming it', () => {
    const app = Testing.app();
    const service = new LLMInferenceService(new Chart(app, 'test'), 'qwen', { model: MODEL });
    expect(() => Runbook.forLLMService(service)).toThrow("Runbook.forLLMService(service): A runbook must name the namespace of LLMInferenceService 'test/qwen'");
  });
});

describe('Runbook.writeAll with LLM services', () => {
  test('writes one runbook per InferenceService and LLMInferenceService', () => {
    const { app, chart } = newChart('llm');
    new LLMInferenceService(chart, 'qwen', { model: MODEL, router: ROUTER });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(StorageUri.gcs('models', 'iris')) } });
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-runbook-'));
    const files = Runbook.writeAll(app, outdir).map(f => path.basename(f)).sort();
    expect(files).toEqual(['llm-iris.runbook.md', 'llm-qwen.runbook.md']);
    expect(fs.readFileSync(path.join(outdir, 'llm-qwen.runbook.md'), 'utf-8')).toContain('# Runbook: llm/qwen (LLMInferenceService)');
  });

  test('an LLMInferenceService and an InferenceService of the same name get distinct files', () => {
    const { app, chart } = newChart('llm');
    new LLMInferenceService(chart, 'qwen', { model: MODEL });
    new InferenceService(new Chart(app, 'other', { namespace: 'llm' }), 'qwen', { predictor: { model: Model.sklearn(StorageUri.gcs('models', 'iris')) } });
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-runbook-'));
    expect(Runbook.writeAll(app, outdir).map(f => path.basename(f)).sort()).toEqual(['other-llm-qwen.runbook.md', 'test-llm-qwen.runbook.md']);
  });

  test('an LLMInferenceService without a namespace: throws and writes nothing', () => {
    const app = Testing.app();
    new LLMInferenceService(new Chart(app, 'test'), 'qwen', { model: MODEL });
    new InferenceService(new Chart(app, 'ok', { namespace: 'ml' }), 'iris', { predictor: { model: Model.sklearn(StorageUri.gcs('models', 'iris')) } });
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'llm-runbook-')), 'out');
    expect(() => Runbook.writeAll(app, outdir)).toThrow('A runbook must name the namespace of LLMInferenceService');
    expect(fs.existsSync(outdir)).toBe(false);
  });
});

describe('the model cache section', () => {
  /** A service of the model MODEL with a cache of it on a node group of the app; its runbook and app. */
  function cached(props: Partial<LLMInferenceServiceProps> = {}) {
    const { app, chart } = newChart('llm');
    const group = new LocalModelNodeGroup(chart, 'gpus', {
      storageLimit: Size.gibibytes(100), volume: NodeGroupVolume.local('/mnt/models'), nodes: [NodeLabelQuery.is('gpu', 'a100')], storageClassName: 'local-models',
    });
    new LocalModelCache(chart, 'qwen-cache', { sourceModelUri: MODEL.uri, modelSize: Size.gibibytes(16), nodeGroups: [group] });
    const service = new LLMInferenceService(chart, 'qwen', { model: MODEL, ...props });
    return { app, runbook: Runbook.forLLMService(service) };
  }

  test('a model read from a cache of the app: the PVC and the path the workload mounts (workload_storage.go)', () => {
    const { app, runbook } = cached();
    expect(synthErrors(app)).toEqual([]);
    expect(runbook).toContain('## Model cache');
    expect(runbook).toContain('The model is cached by LocalModelCache `qwen-cache` on node group `gpus`');
    // KServe's GetStorageKey (local_model_cache_types.go): the first 16 hex digits of SHA-256 of the cache's URI.
    const key = createHash('sha256').update('hf://Qwen/Qwen2.5-7B-Instruct').digest('hex').slice(0, 16);
    expect(runbook).toContain(`\`pvc://qwen-cache-gpus/models/${key}/\``);
    expect(runbook).toContain("kubectl get llminferenceservice qwen -n llm -o jsonpath='{.metadata.labels.internal\\.serving\\.kserve\\.io/localmodel}");
    expect(runbook).toContain('kubectl get pvc qwen-cache-gpus -n llm');
    for (const block of blocks(runbook)) expect(spawnSync('bash', ['-n'], { input: block, encoding: 'utf-8' }).stderr).toBe('');
  });

  test('no section when nothing mounts the cache: storage initializer off, local models disabled, or a release before v0.19', () => {
    const off = cached({ storageInitializer: { enabled: false }, template: { image: 'registry.example.com/vllm-with-model:1.0' } });
    expect(off.runbook).not.toContain('## Model cache');
    expect(cached({ metadataAnnotations: { 'serving.kserve.io/disable-localmodel': 'true' } }).runbook).not.toContain('## Model cache');
    expect(cached({ version: KServeVersion.V0_18 }).runbook).not.toContain('## Model cache');
    expect(runbookOf({})).not.toContain('## Model cache');
  });
});

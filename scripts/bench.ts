/**
 * `npm run bench`: how fast the L2 constructs synthesize compared with the same objects written with
 * the generated L1 classes, and with plain objects dumped by the same YAML library (the floor).
 * Prints one table; not part of the test suite (timings vary with the machine).
 */
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import * as v8 from 'v8';
import { App, Chart, Duration, Yaml } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import { reportColdRequire } from './bench-require';
import * as eso from '../imports/external-secrets-external-secrets.io';
import * as isvcL1 from '../imports/kserve-inferenceservice-serving.kserve.io';
import * as podmon from '../imports/prometheus-podmonitor-monitoring.coreos.com';
import * as rule from '../imports/prometheus-prometheusrule-monitoring.coreos.com';
import {
  Autoscaling, CanaryRollout, InferenceService, InferenceServiceAlerts, MetricsSource, Model, ModelStorageSecret, PodMonitor,
  SecretSource, StorageUri,
} from '../src';

const ROOT = path.resolve(__dirname, '..');

/** One complete stack through the L2 constructs. */
function l2Stack(chart: Chart, i: number): void {
  const creds = ModelStorageSecret.s3(chart, `creds-${i}`, {
    name: `creds-${i}`,
    source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: `ml/model-${i}` }),
    endpoint: 'minio.ml.svc:9000',
    useHttps: false,
    region: 'us-east-1',
  });
  const isvc = new InferenceService(chart, `model-${i}`, {
    predictor: {
      model: Model.sklearn(StorageUri.s3('models', `model-${i}/v2`)),
      storageCredentials: creds,
      autoscaling: Autoscaling.concurrency({ target: 10, minReplicas: 1, maxReplicas: 10 }),
    },
  });
  new CanaryRollout(chart, `rollout-${i}`, { service: isvc, trafficPercent: 10 });
  new PodMonitor(chart, `metrics-${i}`, { target: isvc, source: MetricsSource.MODEL, interval: Duration.seconds(30) });
  new InferenceServiceAlerts(chart, `alerts-${i}`, { target: isvc, latency: { threshold: Duration.millis(500) } });
}

/** The same objects, as plain data (used by the L1 and floor variants). */
function stackObjects(i: number) {
  const name = `model-${i}`;
  const creds = `creds-${i}`;
  const labels = { 'serving.kserve.io/inferenceservice': name, 'component': 'predictor' };
  const annotations = { 'serving.kserve.io/s3-endpoint': 'minio.ml.svc:9000', 'serving.kserve.io/s3-usehttps': '0', 'serving.kserve.io/s3-region': 'us-east-1' };
  const expr = `histogram_quantile(0.99, sum by (le) (rate(request_predict_seconds_bucket{namespace="ml", model_name="${name}"}[5m]))) > 0.5`;
  const selector = `serving.kserve.io/inferenceservice=${name},component=predictor`;
  const alert = {
    alert: `KServeModel${i}HighLatency`,
    annotations: {
      runbook: [
        `kubectl get inferenceservice ${name} -n ml`,
        `kubectl describe inferenceservice ${name} -n ml`,
        `kubectl get pods -n ml -l ${selector}`,
        `kubectl logs -n ml -l ${selector} -c kserve-container --tail=200`,
        'kubectl get events -n ml --sort-by=.lastTimestamp',
      ].join('\n'),
      summary: `p99 predict latency of ml/${name} is above 0.5s`,
    },
    for: '300s',
    labels: { severity: 'warning' },
  };
  return { name, creds, labels, annotations, expr, alert };
}

/** One stack written directly with the generated L1 classes. */
function l1Stack(chart: Chart, i: number): void {
  const s = stackObjects(i);
  new eso.ExternalSecret(chart, `es-${i}`, {
    metadata: { name: s.creds },
    spec: {
      secretStoreRef: { name: 'vault-ml', kind: eso.ExternalSecretSpecSecretStoreRefKind.SECRET_STORE },
      refreshInterval: '3600s',
      target: {
        name: s.creds,
        creationPolicy: eso.ExternalSecretSpecTargetCreationPolicy.OWNER,
        template: {
          engineVersion: eso.ExternalSecretSpecTargetTemplateEngineVersion.V2,
          mergePolicy: eso.ExternalSecretSpecTargetTemplateMergePolicy.MERGE,
          type: 'Opaque',
          metadata: { annotations: s.annotations },
        },
      },
      data: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'].map(k => ({ secretKey: k, remoteRef: { key: `ml/model-${i}`, property: k } })),
    },
  });
  new k8s.KubeServiceAccount(chart, `sa-${i}`, { metadata: { name: s.creds }, automountServiceAccountToken: false, secrets: [{ name: s.creds }] });
  new isvcL1.InferenceService(chart, `isvc-${i}`, {
    metadata: { name: s.name, annotations: { 'serving.kserve.io/deploymentMode': 'Knative' } },
    spec: {
      predictor: {
        serviceAccountName: s.creds,
        minReplicas: 1,
        maxReplicas: 10,
        canaryTrafficPercent: 10,
        scaleMetric: isvcL1.InferenceServiceSpecPredictorScaleMetric.CONCURRENCY,
        scaleTarget: 10,
        model: { modelFormat: { name: 'sklearn' }, storageUri: `s3://models/model-${i}/v2` },
      },
    },
  });
  new podmon.PodMonitor(chart, `pm-${i}`, {
    metadata: { name: `${s.name}-predictor-model` },
    spec: {
      selector: { matchLabels: s.labels },
      namespaceSelector: { matchNames: ['ml'] },
      podMetricsEndpoints: [{ port: 'user-port', path: '/metrics', interval: '30s' }],
    },
  });
  new rule.PrometheusRule(chart, `rule-${i}`, {
    metadata: { name: `${s.name}-alerts` },
    spec: {
      groups: [{
        name: `kserve.ml.${s.name}`,
        rules: [{ ...s.alert, expr: rule.PrometheusRuleSpecGroupsRulesExpr.fromString(s.expr) }],
      }],
    },
  });
}

/** The floor: plain objects, no constructs, dumped with the YAML library cdk8s uses. */
function floorStack(i: number): object[] {
  const s = stackObjects(i);
  return [
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: s.creds, namespace: 'ml' },
      spec: {
        secretStoreRef: { name: 'vault-ml', kind: 'SecretStore' },
        refreshInterval: '3600s',
        target: { name: s.creds, creationPolicy: 'Owner', template: { engineVersion: 'v2', mergePolicy: 'Merge', type: 'Opaque', metadata: { annotations: s.annotations } } },
        data: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'].map(k => ({ secretKey: k, remoteRef: { key: `ml/model-${i}`, property: k } })),
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: s.creds, namespace: 'ml' }, automountServiceAccountToken: false, secrets: [{ name: s.creds }] },
    {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: s.name, namespace: 'ml', annotations: { 'serving.kserve.io/deploymentMode': 'Knative' } },
      spec: {
        predictor: {
          serviceAccountName: s.creds,
          minReplicas: 1,
          maxReplicas: 10,
          canaryTrafficPercent: 10,
          scaleMetric: 'concurrency',
          scaleTarget: 10,
          model: { modelFormat: { name: 'sklearn' }, storageUri: `s3://models/model-${i}/v2` },
        },
      },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: `${s.name}-predictor-model`, namespace: 'ml' },
      spec: { selector: { matchLabels: s.labels }, namespaceSelector: { matchNames: ['ml'] }, podMetricsEndpoints: [{ port: 'user-port', path: '/metrics', interval: '30s' }] },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: `${s.name}-alerts`, namespace: 'ml' },
      spec: { groups: [{ name: `kserve.ml.${s.name}`, rules: [{ ...s.alert, expr: s.expr }] }] },
    },
  ];
}

interface Run {
  readonly ms: number;
  /** Highest heap use sampled during this run (after a full GC before it), in bytes. */
  readonly peakHeap: number;
}

/** Runs `fn` after a full GC (when node has --expose-gc), sampling heap use through the `sample` callback it is given. */
function measure(fn: (sample: () => void) => void): Run {
  (globalThis as { gc?: () => void }).gc?.();
  let peakHeap = 0;
  const sample = () => { peakHeap = Math.max(peakHeap, v8.getHeapStatistics().used_heap_size); };
  const start = process.hrtime.bigint();
  fn(sample);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, peakHeap };
}

/**
 * Stacks are synthesized in one chart (one namespace). cdk8s re-validates and re-walks the whole app for
 * every chart it writes (`App._synthChart`), so with one chart per stack any construct library grows
 * quadratically; `chartPerStack` measures that layout too, at the smaller sizes.
 */
type Builder = (chart: Chart, i: number) => void;
const SAMPLE_EVERY = 100;
const synthesize = (build: Builder, n: number, chartPerStack: boolean) => measure((sample) => {
  const app = new App();
  let chart = new Chart(app, 'stacks', { namespace: 'ml' });
  for (let i = 0; i < n; i++) {
    if (chartPerStack && i > 0) chart = new Chart(app, `stack-${i}`, { namespace: 'ml' });
    build(chart, i);
    if (i % SAMPLE_EVERY === 0) sample();
  }
  app.synthYaml();
  sample(); // the app and its output are both still reachable here
});
const floor = (n: number) => measure((sample) => {
  const docs: object[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(...floorStack(i));
    if (i % SAMPLE_EVERY === 0) sample();
  }
  Yaml.stringify(...docs);
  sample();
});

/** The three variants must write the same objects, or the comparison means nothing. */
function checkSameOutput(): void {
  const yamlOf = (build: Builder) => {
    const app = new App();
    const chart = new Chart(app, 'stacks', { namespace: 'ml' });
    for (let i = 0; i < 3; i++) build(chart, i);
    return app.synthYaml();
  };
  const l2 = yamlOf(l2Stack);
  const l1 = yamlOf(l1Stack);
  const plain = Yaml.stringify(...[0, 1, 2].flatMap(floorStack));
  // cdk8s sorts keys; the floor keeps insertion order, so it is compared as data.
  const parse = (yaml: string) => parseAllDocuments(yaml).map(d => d.toJS());
  if (l1 !== l2 || !isDeepStrictEqual(parse(plain), parse(l2))) {
    throw new Error(`the L2, L1 and floor stacks differ; fix the benchmark first:\n--- L2\n${l2}\n--- L1\n${l1}\n--- floor\n${plain}`);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const sizes = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
  const reps = Number(process.env.BENCH_REPS ?? 5);
  console.log(`cdk8s-kserve benchmark — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  checkSameOutput();
  if (!(globalThis as { gc?: () => void }).gc) console.log('(run with node --expose-gc for per-row heap figures; `npm run bench` does)');
  synthesize(l2Stack, 50, false); synthesize(l1Stack, 50, false); floor(50); // warm up the JIT and module caches
  type Row = { L2: number; L1: number; floor: number; heapL2: number; heapL1: number; heapFloor: number };
  const summarize = (l2: Run[], l1: Run[], fl: Run[]): Row => {
    const ms = (runs: Run[]) => median(runs.map(x => x.ms));
    const heap = (runs: Run[]) => Math.max(...runs.map(x => x.peakHeap));
    return { L2: ms(l2), L1: ms(l1), floor: ms(fl), heapL2: heap(l2), heapL1: heap(l1), heapFloor: heap(fl) };
  };
  const header = (title: string) => {
    console.log(`\n${title}`);
    console.log('     N |     L2 ms |     L1 ms |  floor ms | L2/L1 | L2/floor | L2 ms/stack | peak heap MB: L2 |    L1 | floor');
    console.log('-------|-----------|-----------|-----------|-------|----------|-------------|------------------|-------|------');
  };
  const mb = (bytes: number, width: number) => (bytes / 2 ** 20).toFixed(0).padStart(width);
  const row = (n: number, r: Row) => console.log(`${String(n).padStart(6)} | ${r.L2.toFixed(0).padStart(9)} | `
    + `${r.L1.toFixed(0).padStart(9)} | ${r.floor.toFixed(0).padStart(9)} | ${(r.L2 / r.L1).toFixed(2).padStart(5)} | `
    + `${(r.L2 / r.floor).toFixed(2).padStart(8)} | ${(r.L2 / n).toFixed(3).padStart(11)} | ${mb(r.heapL2, 16)} | ${mb(r.heapL1, 5)} | ${mb(r.heapFloor, 5)}`);
  const results = new Map<number, Row>();
  header('All stacks in one chart');
  for (const n of sizes) {
    const r = n >= 10000 ? 1 : reps; // one run at 10,000 keeps the benchmark within a few minutes
    const runs = (fn: () => Run) => Array.from({ length: r }, fn);
    const result = summarize(runs(() => synthesize(l2Stack, n, false)), runs(() => synthesize(l1Stack, n, false)), runs(() => floor(n)));
    results.set(n, result);
    row(n, result);
  }
  header('One chart per stack (cdk8s walks the whole app once per chart: quadratic for L1 and L2 alike)');
  for (const n of sizes.filter(x => x <= 1000)) {
    row(n, summarize([synthesize(l2Stack, n, true)], [synthesize(l1Stack, n, true)], [floor(n)]));
  }
  const r1000 = results.get(1000);
  if (r1000) console.log(`\nL2/L1 ratio at N=1000: ${(r1000.L2 / r1000.L1).toFixed(2)}`);
  const r10000 = results.get(10000);
  if (r1000 && r10000) {
    console.log(`growth 1,000 → 10,000 (×10 stacks): L2 ×${(r10000.L2 / r1000.L2).toFixed(1)}, L1 ×${(r10000.L1 / r1000.L1).toFixed(1)}, floor ×${(r10000.floor / r1000.floor).toFixed(1)}`);
  }

  // Cold start: fresh processes requiring the compiled package and cdk8s-plus-28, interleaved (scripts/bench-require.ts).
  reportColdRequire();

  // End to end: the cdk8s CLI synthesizing the sklearn-iris example (tsx app, CLI startup, file output).
  const cli = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  const e2e = median(Array.from({ length: 3 }, () => {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, [cli, '--no-check-upgrade', 'synth', '--output', path.join(os.tmpdir(), 'bench-e2e')],
      { cwd: path.join(ROOT, 'examples', 'sklearn-iris'), stdio: 'ignore' });
    return Number(process.hrtime.bigint() - start) / 1e6;
  }));
  console.log(`end-to-end \`cdk8s synth\` of examples/sklearn-iris (median of 3): ${e2e.toFixed(0)} ms`);
}

main();

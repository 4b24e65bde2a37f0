import { App, Chart, Duration, Testing } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import {
  LLMInferenceService, LLMInferenceServiceConfig, LLMInferenceServiceProps, LLMMetricsSource, LLMPodMonitor, LLMPodMonitorProps, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

const MODEL = { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') };
const ROUTER = { gateway: {}, route: {}, scheduler: {} };

/** The relabeling that keeps one container of pods with a label value. */
const keep = (label: string, value: string) => ({
  action: 'keep', regex: `${value};main`, sourceLabels: [label, '__meta_kubernetes_pod_container_name'],
});
const VLLM_ENDPOINTS = [8000, 8001].map(portNumber => ({
  path: '/metrics', portNumber, relabelings: [keep('__meta_kubernetes_pod_label_kserve_io_component', 'workload')],
}));

function monitored(service: Partial<LLMInferenceServiceProps>, monitor: Partial<LLMPodMonitorProps> = {},
  setup?: (chart: Chart) => Partial<LLMPodMonitorProps>) {
  const { app, chart } = newChart('llm');
  const target = new LLMInferenceService(chart, 'qwen', { model: MODEL, ...service });
  const pm = new LLMPodMonitor(chart, 'monitor', { target, ...monitor, ...setup?.(chart) });
  return { app, chart, target, pm };
}

/** Synthesizes, asserts no errors and valid objects (v0.20.0, prometheus-operator, Kubernetes), returns the objects. */
function objectsOf(app: App, chart: Chart): any[] {
  expect(synthErrors(app)).toEqual([]);
  const objects = Testing.synth(chart);
  expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  return objects;
}

describe('LLMPodMonitor output', () => {
  test('with KServe\'s scheduler: vLLM on 8000 and 8001 of the main container, the scheduler with a least-privilege reader', () => {
    const { app, chart, target, pm } = monitored({ router: ROUTER });
    const objects = objectsOf(app, chart);
    const monitor = objects.find(o => o.kind === 'PodMonitor');
    expect(monitor).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'qwen-llm', namespace: 'llm' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'qwen', 'app.kubernetes.io/part-of': 'llminferenceservice' } },
        namespaceSelector: { matchNames: ['llm'] },
        podMetricsEndpoints: [
          ...VLLM_ENDPOINTS,
          {
            port: 'metrics',
            path: '/metrics',
            authorization: { type: 'Bearer', credentials: { name: 'qwen-llm-metrics-reader-token', key: 'token' } },
            relabelings: [keep('__meta_kubernetes_pod_label_app_kubernetes_io_component', 'llminferenceservice-router-scheduler')],
          },
        ],
      },
    });
    expect(pm.sources).toEqual([LLMMetricsSource.VLLM, LLMMetricsSource.SCHEDULER]);
    expect(pm.readerServiceAccountName).toBe('qwen-llm-metrics-reader');
    expect(LLMPodMonitor.of(target)).toEqual([pm]);
    const byKind = (kind: string) => objects.filter(o => o.kind === kind);
    expect(byKind('ServiceAccount')).toEqual([{
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'qwen-llm-metrics-reader', namespace: 'llm' }, automountServiceAccountToken: false,
    }]);
    expect(byKind('Secret')).toEqual([{
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'qwen-llm-metrics-reader-token', namespace: 'llm', annotations: { 'kubernetes.io/service-account.name': 'qwen-llm-metrics-reader' } },
      type: 'kubernetes.io/service-account-token',
    }]);
    // Cluster-scoped, without the chart's namespace; the only rule is `get` on the non-resource URL /metrics.
    expect(byKind('ClusterRole')).toEqual([{
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'llm-qwen-llm-metrics-reader' },
      rules: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }],
    }]);
    expect(byKind('ClusterRoleBinding')).toEqual([{
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'llm-qwen-llm-metrics-reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'llm-qwen-llm-metrics-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'qwen-llm-metrics-reader', namespace: 'llm' }],
    }]);
  });

  test('without a scheduler: vLLM only, and no reader objects', () => {
    const { app, chart, pm } = monitored({});
    const objects = objectsOf(app, chart);
    expect(objects.map(o => o.kind).sort()).toEqual(['LLMInferenceService', 'PodMonitor']);
    expect(objects.find(o => o.kind === 'PodMonitor').spec.podMetricsEndpoints).toEqual(VLLM_ENDPOINTS);
    expect(pm.sources).toEqual([LLMMetricsSource.VLLM]);
    expect(pm.readerServiceAccountName).toBeUndefined();
  });

  test('a scheduler whose pool is referenced by name is not KServe\'s: not scraped by default', () => {
    const { app, chart } = monitored({ router: { ...ROUTER, scheduler: { pool: { name: 'shared-pool' } } } });
    expect(objectsOf(app, chart).find(o => o.kind === 'PodMonitor').spec.podMetricsEndpoints).toEqual(VLLM_ENDPOINTS);
  });

  test('a scheduler from a config of the app, or possibly from a config by name, is scraped', () => {
    const { app, chart } = newChart('llm');
    const config = new LLMInferenceServiceConfig(chart, 'router', { router: ROUTER });
    const fromApp = new LLMInferenceService(chart, 'a', { model: MODEL, baseRefs: [config] });
    const byName = new LLMInferenceService(chart, 'b', { model: MODEL, baseRefs: [LLMInferenceServiceConfig.fromName('team-router')] });
    const a = new LLMPodMonitor(chart, 'ma', { target: fromApp });
    const b = new LLMPodMonitor(chart, 'mb', { target: byName });
    objectsOf(app, chart);
    expect(a.sources).toContain(LLMMetricsSource.SCHEDULER);
    expect(b.sources).toContain(LLMMetricsSource.SCHEDULER);
  });

  test('sources, name, labels, interval and timeout as given', () => {
    const { app, chart } = monitored({ router: ROUTER }, {
      sources: [LLMMetricsSource.SCHEDULER],
      name: 'epp',
      labels: { release: 'prom' },
      interval: Duration.seconds(30),
      scrapeTimeout: Duration.seconds(10),
    });
    const monitor = objectsOf(app, chart).find(o => o.kind === 'PodMonitor');
    expect(monitor.metadata).toEqual({ name: 'epp', namespace: 'llm', labels: { release: 'prom' } });
    expect(monitor.spec.podMetricsEndpoints).toEqual([expect.objectContaining({ port: 'metrics', interval: '30s', scrapeTimeout: '10s' })]);
  });

  test('schedulerToken: the given Secret and key, and no reader objects', () => {
    const { app, chart } = monitored({ router: ROUTER }, {}, c => ({
      schedulerToken: { secret: new Secret(c, 'token', { metadata: { name: 'prom-token' } }), key: 'bearer' },
    }));
    const objects = objectsOf(app, chart);
    expect(objects.filter(o => ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind))).toEqual([]);
    expect(objects.find(o => o.kind === 'PodMonitor').spec.podMetricsEndpoints[2].authorization)
      .toEqual({ type: 'Bearer', credentials: { name: 'prom-token', key: 'bearer' } });
  });

  test('workloadTls: HTTPS to vLLM, trusting the service\'s self-signed certificate for the workload Service name', () => {
    const { app, chart } = monitored({}, { workloadTls: true });
    const [endpoint] = objectsOf(app, chart).find(o => o.kind === 'PodMonitor').spec.podMetricsEndpoints;
    expect(endpoint).toMatchObject({
      scheme: 'https',
      tlsConfig: { ca: { secret: { name: 'qwen-kserve-self-signed-certs', key: 'tls.crt' } }, serverName: 'qwen-kserve-workload-svc.llm.svc' },
    });
  });
});

describe('LLMPodMonitor rules', () => {
  test('the scheduler of a service KServe runs none for', () => {
    const { app } = monitored({}, { sources: [LLMMetricsSource.SCHEDULER] });
    expectError(app, 'test/monitor', "sources: 'qwen' has no scheduler KServe runs");
  });

  test('no source, a source twice', () => {
    expectError(monitored({}, { sources: [] }).app, 'test/monitor', 'sources: give at least one of');
    expectError(monitored({}, { sources: [LLMMetricsSource.VLLM, LLMMetricsSource.VLLM] }).app, 'test/monitor', 'each source at most once');
  });

  test('a token without the scheduler source, a bad key, a Secret in another namespace', () => {
    const unused = monitored({}, {}, c => ({ schedulerToken: { secret: Secret.fromSecretName(c, 's', 'prom-token') } }));
    expectError(unused.app, 'test/monitor', 'schedulerToken is only used to scrape the scheduler');
    const badKey = monitored({ router: ROUTER }, {}, c => ({ schedulerToken: { secret: Secret.fromSecretName(c, 's', 'prom-token'), key: 'a/b' } }));
    expectError(badKey.app, 'test/monitor', "schedulerToken.key 'a/b' must be a Secret key");
    const elsewhere = monitored({ router: ROUTER }, {}, c => ({
      schedulerToken: { secret: new Secret(c, 's', { metadata: { name: 'prom-token', namespace: 'monitoring' } }) },
    }));
    expectError(elsewhere.app, 'test/monitor', "schedulerToken.secret 'prom-token' is in namespace 'monitoring'", "reads it from 'llm'");
  });

  test('timeout over the interval, a bad name, bad labels', () => {
    const { app } = monitored({}, { interval: Duration.seconds(10), scrapeTimeout: Duration.seconds(20), name: 'Bad_Name', labels: { 'bad key!': 'x' } });
    const errors = synthErrors(app);
    expectError(errors, 'test/monitor', 'scrapeTimeout (20s) must not exceed interval (10s)');
    expectError(errors, 'test/monitor', "name 'Bad_Name' must be a DNS-1123 subdomain");
    expectError(errors, 'test/monitor', 'labels');
  });

  test('a service without a namespace', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new LLMPodMonitor(chart, 'monitor', { target: new LLMInferenceService(chart, 'qwen', { model: MODEL }) });
    expectError(app, 'test/monitor', 'this LLMPodMonitor must name the namespace of LLMInferenceService');
  });

  test('plain JavaScript wrong types are synth errors, never TypeErrors', () => {
    const { app, chart } = newChart('llm');
    const target = new LLMInferenceService(chart, 'qwen', { model: MODEL });
    new LLMPodMonitor(chart, 'a', { target, sources: 'vllm' as any });
    new LLMPodMonitor(chart, 'b', { target, workloadTls: 'yes' as any, schedulerToken: { secret: 'prom-token' } as any });
    const errors = synthErrors(app);
    expectError(errors, 'test/a', 'sources');
    expectError(errors, 'test/b', 'workloadTls');
    expectError(errors, 'test/b', 'schedulerToken.secret');
  });

  test('a target that is no LLMInferenceService, or none: a synth error, and nothing written', () => {
    const { app, chart } = newChart('llm');
    new LLMPodMonitor(chart, 'c', { target: {} as any });
    new LLMPodMonitor(chart, 'd', {} as any);
    const errors = synthErrors(app);
    expectError(errors, 'test/c', 'target: must be a LLMInferenceService (new LLMInferenceService(...)) (got an empty object)');
    expectError(errors, 'test/d', 'target is required');
  });
});

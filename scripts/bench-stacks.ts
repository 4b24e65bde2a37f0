/**
 * The benchmark's workload, in one place (issue #19): one complete model stack written four ways, and the app
 * layouts it is synthesized in. `scripts/bench.ts` (the parent) and `scripts/bench-child.ts` (each timed fresh
 * process) both use this module; the children run it compiled, against the compiled package in `lib/`.
 *
 * A stack is 5 objects: an S3 `ModelStorageSecret` filled by an ExternalSecret (+ its ServiceAccount), an
 * `InferenceService` with Knative concurrency autoscaling, a 10 % `CanaryRollout`, a `PodMonitor` and an
 * `InferenceServiceAlerts` latency rule with its runbook. The variants:
 * - `L2`: the library's constructs;
 * - `L1`: the same objects written with the generated classes in `imports/` (and cdk8s-plus-28's `k8s`);
 * - `ApiObject`: the same objects as plain data, each in a `new ApiObject(chart, id, {...})`;
 * - `floor`: the same plain data dumped with cdk8s's `Yaml.stringify`, no constructs at all.
 *
 * Every module a variant needs is required inside {@link loadVariant}, so that a child can time exactly the load
 * of its own variant: nothing here is imported at run time at the top level (type imports are erased).
 */
import type * as Cdk8s from 'cdk8s';

/** The four ways of writing the same stack. */
export const VARIANTS = ['L2', 'L1', 'ApiObject', 'floor'] as const;
export type Variant = (typeof VARIANTS)[number];

/** `one-chart`: every stack in one chart; `per-chart`: one chart per stack. */
export type Layout = 'one-chart' | 'per-chart';

/** Which App class the charts live in: cdk8s's own, or cdk8s-kserve's `FleetApp` (linear synth of many charts). */
export type AppKind = 'App' | 'FleetApp';

/** A loaded variant: synthesizes `n` stacks in `layout` and returns the YAML of all of them. */
export type Workload = (n: number, layout: Layout) => string;

type KServe = typeof import('../src');
type AppClass = new (props?: Cdk8s.AppProps) => Cdk8s.App;

/** The app class of `kind`, from the module it comes from (FleetApp: the package entry point; undefined if it has none). */
export function fleetAppOf(kserve: unknown): AppClass | undefined {
  return (kserve as { FleetApp?: AppClass }).FleetApp;
}

/**
 * Requires what `variant` needs (the caller times this) and returns its workload. With `FleetApp`, every variant
 * also loads the package entry point, since that is where `FleetApp` comes from (the floor builds no app).
 */
export function loadVariant(variant: Variant, appKind: AppKind): Workload {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const cdk8s: typeof Cdk8s = require('cdk8s');
  let AppCtor: AppClass = cdk8s.App;
  if (appKind === 'FleetApp' && variant !== 'floor') {
    const fleet = fleetAppOf(require('../src'));
    if (!fleet) throw new Error('FleetApp is not exported by the compiled package (lib/src)');
    AppCtor = fleet;
  }
  switch (variant) {
    case 'L2': return constructs(cdk8s, AppCtor, l2Stack(cdk8s, require('../src')));
    case 'L1': return constructs(cdk8s, AppCtor, l1Stack(
      require('cdk8s-plus-28').k8s,
      require('../imports/external-secrets-external-secrets.io'),
      require('../imports/kserve-inferenceservice-serving.kserve.io'),
      require('../imports/prometheus-podmonitor-monitoring.coreos.com'),
      require('../imports/prometheus-prometheusrule-monitoring.coreos.com'),
    ));
    case 'ApiObject': return constructs(cdk8s, AppCtor, apiObjectStack(cdk8s));
    case 'floor': return floor(cdk8s);
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}

type Builder = (chart: Cdk8s.Chart, i: number) => void;

/** Builds the app (one chart, or one chart per stack, all in namespace `ml`) and synthesizes it to YAML. */
function constructs(cdk8s: typeof Cdk8s, AppCtor: AppClass, build: Builder): Workload {
  return (n, layout) => {
    const app = new AppCtor();
    let chart = new cdk8s.Chart(app, 'stacks', { namespace: 'ml' });
    for (let i = 0; i < n; i++) {
      if (layout === 'per-chart' && i > 0) chart = new cdk8s.Chart(app, `stack-${i}`, { namespace: 'ml' });
      build(chart, i);
    }
    return app.synthYaml();
  };
}

/** One complete stack through the L2 constructs. */
function l2Stack(cdk8s: typeof Cdk8s, k: KServe): Builder {
  const { Duration } = cdk8s;
  // The package's index loads each export's module on first use (scripts/lazy-index.ts): read them here, so that
  // their loading counts as the variant's load time, not its run time.
  const { ModelStorageSecret, SecretSource, InferenceService, Model, StorageUri } = k;
  const { Autoscaling, CanaryRollout, PodMonitor, MetricsSource, InferenceServiceAlerts } = k;
  return (chart, i) => {
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
  };
}

/** The values every hand-written variant shares. */
function stackValues(i: number) {
  const name = `model-${i}`;
  const creds = `creds-${i}`;
  const selector = `serving.kserve.io/inferenceservice=${name},component=predictor`;
  return {
    name,
    creds,
    labels: { 'component': 'predictor', 'serving.kserve.io/inferenceservice': name },
    annotations: { 'serving.kserve.io/s3-endpoint': 'minio.ml.svc:9000', 'serving.kserve.io/s3-region': 'us-east-1', 'serving.kserve.io/s3-usehttps': '0' },
    data: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'].map(key => ({ remoteRef: { key: `ml/model-${i}`, property: key }, secretKey: key })),
    expr: `histogram_quantile(0.99, sum by (le) (rate(request_predict_seconds_bucket{namespace="ml", model_name="${name}"}[5m]))) > 0.5`,
    alert: {
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
    },
  };
}

type L1Modules = [
  typeof import('cdk8s-plus-28').k8s,
  typeof import('../imports/external-secrets-external-secrets.io'),
  typeof import('../imports/kserve-inferenceservice-serving.kserve.io'),
  typeof import('../imports/prometheus-podmonitor-monitoring.coreos.com'),
  typeof import('../imports/prometheus-prometheusrule-monitoring.coreos.com'),
];

/** One stack written directly with the generated L1 classes. */
function l1Stack(...[k8s, eso, isvcL1, podmon, rule]: L1Modules): Builder {
  return (chart, i) => {
    const s = stackValues(i);
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
        data: s.data,
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
          rules: [{ ...s.alert, expr: rule.PrometheusRuleSpecGroupsRulesExpr.fromString(s.expr), for: '300s', labels: { severity: 'warning' } }],
        }],
      },
    });
  };
}

/**
 * The same objects as plain data, with their construct ids (the L1 ids). Keys are written in the order cdk8s
 * writes them (`apiVersion`, `kind`, `metadata`, then sorted at every level), so the floor's YAML can be compared
 * byte for byte with the others (the parent falls back to comparing parsed data if it is not).
 */
export function plainStack(i: number): Array<[id: string, manifest: Record<string, unknown>]> {
  const s = stackValues(i);
  return [
    [`es-${i}`, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: s.creds, namespace: 'ml' },
      spec: {
        data: s.data,
        refreshInterval: '3600s',
        secretStoreRef: { kind: 'SecretStore', name: 'vault-ml' },
        target: { creationPolicy: 'Owner', name: s.creds, template: { engineVersion: 'v2', mergePolicy: 'Merge', metadata: { annotations: s.annotations }, type: 'Opaque' } },
      },
    }],
    [`sa-${i}`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: s.creds, namespace: 'ml' }, automountServiceAccountToken: false, secrets: [{ name: s.creds }] }],
    [`isvc-${i}`, {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { annotations: { 'serving.kserve.io/deploymentMode': 'Knative' }, name: s.name, namespace: 'ml' },
      spec: {
        predictor: {
          canaryTrafficPercent: 10,
          maxReplicas: 10,
          minReplicas: 1,
          model: { modelFormat: { name: 'sklearn' }, storageUri: `s3://models/model-${i}/v2` },
          scaleMetric: 'concurrency',
          scaleTarget: 10,
          serviceAccountName: s.creds,
        },
      },
    }],
    [`pm-${i}`, {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: `${s.name}-predictor-model`, namespace: 'ml' },
      spec: { namespaceSelector: { matchNames: ['ml'] }, podMetricsEndpoints: [{ interval: '30s', path: '/metrics', port: 'user-port' }], selector: { matchLabels: s.labels } },
    }],
    [`rule-${i}`, {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: `${s.name}-alerts`, namespace: 'ml' },
      spec: { groups: [{ name: `kserve.ml.${s.name}`, rules: [{ ...s.alert, expr: s.expr, for: '300s', labels: { severity: 'warning' } }] }] },
    }],
  ];
}

/** Each plain object in a cdk8s `ApiObject`: constructs, but no generated classes and no library. */
function apiObjectStack(cdk8s: typeof Cdk8s): Builder {
  return (chart, i) => {
    for (const [id, manifest] of plainStack(i)) new cdk8s.ApiObject(chart, id, manifest as unknown as Cdk8s.ApiObjectProps);
  };
}

/**
 * The floor: the same plain objects dumped with the YAML library cdk8s uses, no constructs. The layout does not
 * change it: `App.synthYaml()` also writes all charts' objects in one `Yaml.stringify` call.
 */
function floor(cdk8s: typeof Cdk8s): Workload {
  return (n) => {
    const docs: object[] = [];
    for (let i = 0; i < n; i++) for (const [, manifest] of plainStack(i)) docs.push(manifest);
    return cdk8s.Yaml.stringify(...docs);
  };
}

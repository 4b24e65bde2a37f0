/**
 * Round trip of the YAML converter (issue #21): YAML → convertManifests → TypeScript → strict type check → build(app)
 * in-process → synth → the objects equal the input after the documented normalisations (README "Adopting existing
 * YAML"), each one applied below by name:
 *
 *  1. modernised: a legacy predictor field (`predictor.sklearn`...) is `predictor.model` with that `modelFormat`
 *     (and protocolVersion v2 for triton, onnx, huggingface), as KServe's defaulting webhook stores it;
 *  2. modeAnnotation: the deployment mode annotation is always written, in the target release's spelling;
 *  3. quantities: memory in the largest binary unit that holds it exactly (`1024Mi` → `1Gi`), CPU numbers as strings;
 *  4. storageSecret: the non-field `s3.secretName` becomes `serviceAccountName` and a ServiceAccount listing the Secret;
 *     the Secret itself is not written (unless allowPlaintextSecrets: then its values as stringData, without `type`);
 *  5. canaryBlock: the non-field `predictor.canary` is not written (its model is the rollout's previousModel);
 *  6. serverFields: status and the metadata the API server sets are not written;
 *  7. extendedRequest: an extended resource (a GPU) given as a limit only gets the same request, as Kubernetes defaults it;
 *     a count written as a YAML number is a quantity string;
 *  8. tolerationOperator: a toleration without operator is written with `Equal`, Kubernetes' default;
 *  9. probeDefaults: a probe is written with Kubernetes' defaults failureThreshold 3 and (httpGet) scheme HTTP;
 * 10. claimReadOnly: a persistentVolumeClaim volume without readOnly is written with readOnly: false, Kubernetes' default.
 *
 * The corpus is our own inputs, each described in words; the seed's snippets (../shared/seed/kserve-model-serving.md,
 * the KServe section of the project's seed notes) are written out as fixtures where named.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { convertManifests, ConvertOptions } from '../src';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

type Json = Record<string, any>;

/** The seed's model.yaml (../shared/seed/kserve-model-serving.md, "Archivo model.yaml"), as written there. */
export const SEED_MODEL_YAML = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: sklearn-iris
  namespace: ml
spec:
  predictor:
    sklearn:
      storageUri: gs://kfserving-examples/models/sklearn/1.0/model
      resources:
        requests:
          cpu: 100m
          memory: 256Mi
        limits:
          cpu: 500m
          memory: 512Mi
`;

/** The seed's S3 Secret ("Credenciales para Storage"), as written there (placeholder values). */
export const SEED_S3_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: s3-credentials
  namespace: ml
type: Opaque
stringData:
  AWS_ACCESS_KEY_ID: YOUR_KEY
  AWS_SECRET_ACCESS_KEY: YOUR_SECRET
`;

/**
 * The seed's snippet that references that Secret (`predictor.sklearn.s3.secretName`, a non-field), which has no metadata
 * in the seed: here it is a service named sklearn-s3 in namespace ml.
 */
export const SEED_S3_SERVICE = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: sklearn-s3
  namespace: ml
spec:
  predictor:
    sklearn:
      storageUri: s3://bucket/models/
      s3:
        secretName: s3-credentials
`;

/** The seed's canary snippet ("Canary Deployments"), as written there: no namespace, a `predictor.canary` non-field. */
export const SEED_CANARY = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: sklearn-iris
spec:
  predictor:
    canaryTrafficPercent: 10
    sklearn:
      storageUri: s3://bucket/models/v2/
    canary:
      sklearn:
        storageUri: s3://bucket/models/v1/
`;

/** The seed's ServiceMonitor ("ServiceMonitor"), as written there. */
export const SEED_SERVICE_MONITOR = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: sklearn-iris
  namespace: ml
spec:
  selector:
    matchLabels:
      serving.kserve.io/inferenceservice: sklearn-iris
  endpoints:
    - port: http
      interval: 30s
`;

function parse(text: string): Json[] {
  return parseAllDocuments(text, { version: '1.1' }).map(d => d.toJSON()).filter(v => v != null);
}

// --- the documented normalisations, applied to a copy of the input ---------------------------------------------------

/** 1. The legacy field `format` of `isvc`'s predictor as `model` (plus protocolVersion v2 where KServe's defaulter adds it). */
function modernised(isvc: Json, format: string, v2 = false): void {
  const predictor = isvc.spec.predictor;
  predictor.model = { modelFormat: { name: format }, ...predictor[format], ...(v2 ? { protocolVersion: 'v2' } : {}) };
  delete predictor[format];
}

/** 2. The deployment mode annotation as the app writes it. */
function modeAnnotation(isvc: Json, value: string): void {
  isvc.metadata.annotations = { ...isvc.metadata.annotations, 'serving.kserve.io/deploymentMode': value };
}

/** 3. A quantity as the library writes it. */
function quantity(isvc: Json, bound: 'requests' | 'limits', resource: string, written: string): void {
  isvc.spec.predictor.model.resources[bound][resource] = written;
}

/** 7. An extended resource with a limit only, with the same request. */
function extendedRequest(isvc: Json, name: string): void {
  const resources = isvc.spec.predictor.model.resources;
  resources.requests = { ...resources.requests, [name]: String(resources.limits[name]) };
  resources.limits[name] = String(resources.limits[name]);
}

/** 8. A toleration without operator, with Kubernetes' default. */
function tolerationOperator(isvc: Json, index: number): void {
  isvc.spec.predictor.tolerations[index].operator = 'Equal';
}

/** 9. A probe with Kubernetes' defaults written: failureThreshold 3, and scheme HTTP for an httpGet. */
function probeDefaults(isvc: Json, probe: string): void {
  const p = isvc.spec.predictor.model[probe];
  isvc.spec.predictor.model[probe] = { failureThreshold: 3, ...p, ...(p.httpGet ? { httpGet: { scheme: 'HTTP', ...p.httpGet } } : {}) };
}

/** 10. A claim volume without readOnly, with Kubernetes' default false. */
function claimReadOnly(isvc: Json, volume: string): void {
  isvc.spec.predictor.volumes.find((v: Json) => v.name === volume).persistentVolumeClaim.readOnly = false;
}

/** 4. The non-field s3.secretName as the ServiceAccount the service runs as (the ServiceAccount object is added). */
function storageSecret(isvc: Json): Json {
  const secretName = isvc.spec.predictor.model.s3.secretName;
  delete isvc.spec.predictor.model.s3;
  isvc.spec.predictor.serviceAccountName = secretName;
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: secretName, namespace: isvc.metadata.namespace },
    secrets: [{ name: secretName }],
    automountServiceAccountToken: false,
  };
}

/** 5. The non-field canary block, not written. */
function canaryBlock(isvc: Json): void {
  delete isvc.spec.predictor.canary;
}

/** 6. The fields the API server sets, not written. */
function serverFields(object: Json): void {
  delete object.status;
  for (const key of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields']) delete object.metadata[key];
}

// --- the corpus --------------------------------------------------------------------------------------------------------

interface Case {
  /** What the input is, in our words. */
  readonly description: string;
  readonly files: Record<string, string>;
  readonly options?: ConvertOptions;
  readonly kserveVersion: KServeSchemaVersion;
  /** The input objects after the normalisations that apply, as the app must synthesize them. */
  readonly expected: (input: Json[]) => Json[];
}

const CASES: Case[] = [
  {
    description: "the seed's model.yaml: a legacy sklearn predictor with a gs:// URI and CPU and memory bounds, no mode, no release",
    files: { 'model.yaml': SEED_MODEL_YAML },
    kserveVersion: 'v0.20.0',
    expected: ([isvc]) => {
      modernised(isvc, 'sklearn');
      modeAnnotation(isvc, 'Knative');
      return [isvc];
    },
  },
  {
    description: "the seed's S3 Secret and a service naming it with the seed's s3.secretName non-field: the Secret stays in the cluster",
    files: { 'secret.yaml': SEED_S3_SECRET, 'service.yaml': SEED_S3_SERVICE },
    kserveVersion: 'v0.20.0',
    expected: ([, isvc]) => {
      modernised(isvc, 'sklearn');
      modeAnnotation(isvc, 'Knative');
      return [storageSecret(isvc), isvc];
    },
  },
  {
    description: 'the same with plaintext allowed: the Secret is written from its values (stringData, no type)',
    files: { 'secret.yaml': SEED_S3_SECRET, 'service.yaml': SEED_S3_SERVICE },
    options: { allowPlaintextSecrets: true },
    kserveVersion: 'v0.20.0',
    expected: ([secret, isvc]) => {
      modernised(isvc, 'sklearn');
      modeAnnotation(isvc, 'Knative');
      delete secret.type;
      return [secret, storageSecret(isvc), isvc];
    },
  },
  {
    description: "the seed's canary snippet: 10% to the spec's revision, the canary block's model as the previous one, no namespace",
    files: { 'canary.yaml': SEED_CANARY },
    kserveVersion: 'v0.20.0',
    expected: ([isvc]) => {
      modernised(isvc, 'sklearn');
      canaryBlock(isvc);
      modeAnnotation(isvc, 'Knative');
      return [isvc];
    },
  },
  {
    description: "the seed's ServiceMonitor beside its service: kept as an ApiObject",
    files: { 'model.yaml': SEED_MODEL_YAML, 'monitor.yaml': SEED_SERVICE_MONITOR },
    kserveVersion: 'v0.20.0',
    expected: ([isvc, monitor]) => {
      modernised(isvc, 'sklearn');
      modeAnnotation(isvc, 'Knative');
      return [isvc, monitor];
    },
  },
  {
    description: 'an sklearn service in Standard mode, spelled RawDeployment (a release before v0.16), with an S3 URI and 2-4 replicas',
    files: {
      'standard.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: churn, namespace: risk, labels: { team: risk }, annotations: { serving.kserve.io/deploymentMode: RawDeployment } }
spec:
  predictor:
    minReplicas: 2
    maxReplicas: 4
    model:
      modelFormat: { name: sklearn, version: "1" }
      storageUri: s3://risk-models/churn/v7
`,
    },
    kserveVersion: 'v0.15.2',
    expected: input => input,
  },
  {
    description: 'an xgboost model on v0.20 in Knative mode with a runtime, protocol v2, args, env, a ServiceAccount, concurrency, a '
      + 'timeout, a GPU limit without request and a toleration; a managed annotation the converter keeps as a patch; memory 1024Mi and cpu 2',
    files: {
      'xgboost.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud
  namespace: payments
  annotations: { owner: payments-ml, autoscaling.knative.dev/target: "5" }
spec:
  predictor:
    serviceAccountName: model-reader
    containerConcurrency: 4
    timeout: 30
    nodeSelector: { pool: inference }
    tolerations: [{ key: dedicated, operator: Equal, value: inference, effect: NoSchedule }]
    model:
      modelFormat: { name: xgboost }
      runtime: kserve-xgbserver
      protocolVersion: v2
      storageUri: gs://payments-models/fraud/3
      args: [--workers=2]
      env: [{ name: LOG_LEVEL, value: info }]
      resources:
        requests: { cpu: 2, memory: 1024Mi }
        limits: { memory: 2Gi, nvidia.com/gpu: "1" }
`,
    },
    options: { version: 'v0.20' },
    kserveVersion: 'v0.20.0',
    expected: ([isvc]) => {
      modeAnnotation(isvc, 'Knative');
      quantity(isvc, 'requests', 'cpu', '2');
      quantity(isvc, 'requests', 'memory', '1Gi');
      extendedRequest(isvc, 'nvidia.com/gpu');
      return [isvc];
    },
  },
  {
    description: 'a model of a custom format on a pvc:// URI next to its ServingRuntime (kept as an ApiObject), read back from the cluster '
      + 'with status and server metadata',
    files: {
      'custom.yaml': `
apiVersion: serving.kserve.io/v1alpha1
kind: ServingRuntime
metadata: { name: fraud-server, namespace: payments }
spec:
  supportedModelFormats: [{ name: fraud-gbm, version: "3", autoSelect: true }]
  containers: [{ name: kserve-container, image: registry.example.com/fraud/server:3.2.1 }]
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud-gbm
  namespace: payments
  uid: 0b6c1f5e-0000-4000-8000-000000000001
  resourceVersion: "4711"
  generation: 3
  creationTimestamp: "2026-01-01T00:00:00Z"
  annotations: { serving.kserve.io/deploymentMode: Knative }
spec:
  predictor:
    model:
      modelFormat: { name: fraud-gbm, version: "3" }
      storageUri: pvc://fraud-models/gbm/3
      readinessProbe: { httpGet: { path: /v2/health/ready, port: 8080 } }
status:
  url: http://fraud-gbm.payments.example.com
`,
    },
    kserveVersion: 'v0.20.0',
    expected: ([runtime, isvc]) => {
      serverFields(isvc);
      return [runtime, isvc];
    },
  },
  {
    description: 'a storage Secret named like its service (both sklearn-s3 in ml): each construct gets its own id',
    files: {
      'secret.yaml': SEED_S3_SECRET.replace('s3-credentials', 'sklearn-s3'),
      'service.yaml': SEED_S3_SERVICE.replace('s3-credentials', 'sklearn-s3'),
    },
    kserveVersion: 'v0.20.0',
    expected: ([, isvc]) => {
      modernised(isvc, 'sklearn');
      modeAnnotation(isvc, 'Knative');
      return [storageSecret(isvc), isvc];
    },
  },
  {
    description: 'a Knative service scaling on requests per second with scale to zero and a 30s window on the predictor: Autoscaling.rps',
    files: {
      'rps.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: flowers, namespace: vision, annotations: { serving.kserve.io/deploymentMode: Knative } }
spec:
  predictor:
    scaleMetric: rps
    scaleTarget: 20
    minReplicas: 0
    maxReplicas: 6
    annotations: { autoscaling.knative.dev/window: 30s, team: vision }
    model: { modelFormat: { name: tensorflow }, storageUri: gs://vision-models/flowers/2 }
`,
    },
    kserveVersion: 'v0.20.0',
    expected: input => input,
  },
  {
    description: 'a Standard service on KEDA (v0.20): a Prometheus trigger and a CPU trigger with 1-5 replicas: Autoscaling.keda',
    files: {
      'keda.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: churn-keda
  namespace: risk
  annotations: { serving.kserve.io/deploymentMode: Standard, serving.kserve.io/autoscalerClass: keda }
spec:
  predictor:
    minReplicas: 1
    maxReplicas: 5
    autoScaling:
      metrics:
        - type: External
          external:
            metric: { backend: prometheus, serverAddress: "http://prometheus.monitoring:9090", query: "sum(rate(request_predict_seconds_count[1m]))" }
            target: { type: Value, value: "20" }
        - type: Resource
          resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
    model: { modelFormat: { name: sklearn }, storageUri: s3://risk-models/churn/8 }
`,
    },
    options: { version: 'v0.20' },
    kserveVersion: 'v0.20.0',
    expected: input => input,
  },
  {
    description: 'Standard-mode HPA on CPU with the hpa class, and another without maxReplicas, which the library rejects: kept as patches',
    files: {
      'hpa.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: churn-hpa
  namespace: risk
  annotations: { serving.kserve.io/deploymentMode: Standard, serving.kserve.io/autoscalerClass: hpa }
spec:
  predictor:
    minReplicas: 2
    maxReplicas: 8
    scaleMetric: cpu
    scaleTarget: 60
    model: { modelFormat: { name: sklearn }, storageUri: s3://risk-models/churn/8 }
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: churn-unbounded, namespace: risk, annotations: { serving.kserve.io/deploymentMode: Standard } }
spec:
  predictor:
    minReplicas: 2
    scaleMetric: cpu
    scaleTarget: 60
    model: { modelFormat: { name: sklearn }, storageUri: s3://risk-models/churn/8 }
`,
    },
    options: { version: 'v0.20' },
    kserveVersion: 'v0.20.0',
    expected: input => input,
  },
  {
    description: 'a GPU service on a tainted pool pulling from a private registry, with env from a Secret, a ConfigMap and the pod, '
      + 'beside one whose env reads a resource field and whose toleration has an empty value (both kept as patches)',
    files: {
      'gpu.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: flowers-gpu, namespace: vision }
spec:
  predictor:
    tolerations:
      - { key: nvidia.com/gpu, operator: Exists, effect: NoSchedule }
      - { key: pool, value: gpu }
      - { key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300 }
    imagePullSecrets: [{ name: registry-creds }]
    model:
      modelFormat: { name: tensorflow }
      storageUri: gs://vision-models/flowers/2
      env:
        - { name: HF_TOKEN, valueFrom: { secretKeyRef: { name: hf-token, key: token } } }
        - { name: LOG_LEVEL, valueFrom: { configMapKeyRef: { name: server-settings, key: log-level, optional: true } } }
        - { name: POD_NAME, valueFrom: { fieldRef: { fieldPath: metadata.name } } }
        - { name: TEAM, valueFrom: { fieldRef: { fieldPath: "metadata.labels['team']" } } }
        - { name: WORKERS, value: "2" }
      readinessProbe: { httpGet: { path: /v1/models/flowers, port: 8080 }, periodSeconds: 10 }
      livenessProbe: { tcpSocket: { port: 8080 }, failureThreshold: 5, periodSeconds: 20 }
      startupProbe: { exec: { command: [cat, /tmp/ready] }, initialDelaySeconds: 10, failureThreshold: 30 }
      resources:
        limits: { nvidia.com/gpu: 1, example.com/fpga: "2" }
        requests: { example.com/fpga: "2" }
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: flowers-limits, namespace: vision }
spec:
  predictor:
    tolerations: [{ key: pool, operator: Exists, value: "" }]
    model:
      modelFormat: { name: tensorflow }
      storageUri: gs://vision-models/flowers/2
      env:
        - { name: MEMORY_LIMIT, valueFrom: { resourceFieldRef: { resource: limits.memory } } }
      readinessProbe: { httpGet: { path: /v1/models/flowers, port: 8080, httpHeaders: [{ name: X-Probe, value: kubelet }] } }
`,
    },
    kserveVersion: 'v0.20.0',
    expected: ([gpu, limits]) => {
      for (const isvc of [gpu, limits]) modeAnnotation(isvc, 'Knative');
      extendedRequest(gpu, 'nvidia.com/gpu');
      tolerationOperator(gpu, 1);
      probeDefaults(gpu, 'readinessProbe');
      return [gpu, limits];
    },
  },
  {
    description: "the seed's S3 Secret and service beside the ServiceAccount a ModelStorageSecret writes for it: written once",
    files: {
      'secret.yaml': SEED_S3_SECRET,
      'account.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: s3-credentials, namespace: ml }\n'
        + 'secrets: [{ name: s3-credentials }]\nautomountServiceAccountToken: false\n',
      'service.yaml': SEED_S3_SERVICE,
    },
    kserveVersion: 'v0.20.0',
    expected: ([, account, isvc]) => {
      modernised(isvc, 'sklearn');
      modeAnnotation(isvc, 'Knative');
      expect(storageSecret(isvc)).toEqual(account);
      return [account, isvc];
    },
  },
  {
    description: "the seed's S3 service after a ServiceAccount of the Secret's name with an IRSA role: kept, and the service runs as it",
    files: {
      'account.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s3-credentials\n  namespace: ml\n'
        + '  annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::123456789012:role/models-read" }\nsecrets: [{ name: s3-credentials }]\n',
      'secret.yaml': SEED_S3_SECRET,
      'service.yaml': SEED_S3_SERVICE,
    },
    kserveVersion: 'v0.20.0',
    expected: ([account, , isvc]) => {
      modernised(isvc, 'sklearn');
      modeAnnotation(isvc, 'Knative');
      storageSecret(isvc);
      return [account, isvc];
    },
  },
  {
    description: 'a KEDA service in a mode spelled RawDeployment, without --version: only v0.15 has both, the app targets v0.15.2',
    files: {
      'keda-v15.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: churn-keda
  namespace: risk
  annotations: { serving.kserve.io/deploymentMode: RawDeployment, serving.kserve.io/autoscalerClass: keda }
spec:
  predictor:
    minReplicas: 1
    maxReplicas: 3
    autoScaling:
      metrics: [{ type: Resource, resource: { name: memory, target: { type: AverageValue, averageValue: 2Gi } } }]
    model: { modelFormat: { name: sklearn }, storageUri: s3://risk-models/churn/8 }
`,
    },
    kserveVersion: 'v0.15.2',
    expected: input => input,
  },
  {
    description: 'a Knative model server with a config map, a TLS Secret, a scratch emptyDir and a cache claim mounted once each, '
      + 'beside one whose projected volume cdk8s-plus does not write (kept as patches)',
    files: {
      'volumes.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: iris-volumes, namespace: ml, annotations: { serving.kserve.io/deploymentMode: Knative } }
spec:
  predictor:
    volumes:
      - { name: server-config, configMap: { name: iris-server-config } }
      - { name: tls, secret: { secretName: iris-tls, defaultMode: 256 } }
      - { name: scratch, emptyDir: {} }
      - { name: cache, persistentVolumeClaim: { claimName: iris-cache } }
    model:
      modelFormat: { name: sklearn }
      storageUri: gs://kfserving-examples/models/sklearn/1.0/model
      volumeMounts:
        - { name: server-config, mountPath: /etc/server, readOnly: true }
        - { name: tls, mountPath: /etc/tls, readOnly: true }
        - { name: scratch, mountPath: /scratch }
        - { name: cache, mountPath: /cache }
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: iris-projected, namespace: ml, annotations: { serving.kserve.io/deploymentMode: Knative } }
spec:
  predictor:
    volumes:
      - name: token
        projected: { sources: [{ serviceAccountToken: { path: token, audience: models } }] }
    model:
      modelFormat: { name: sklearn }
      storageUri: gs://kfserving-examples/models/sklearn/1.0/model
      volumeMounts: [{ name: token, mountPath: /var/run/token, readOnly: true }]
`,
    },
    kserveVersion: 'v0.20.0',
    expected: ([volumes, projected]) => {
      claimReadOnly(volumes, 'cache');
      return [volumes, projected];
    },
  },
];

// --- the round trip ----------------------------------------------------------------------------------------------------

const root = path.join(__dirname, '..');
const converted = CASES.map(c => convertManifests(Object.entries(c.files).map(([file, text]) => ({ file, text })), c.options));

test('every generated app type-checks strictly against the public API', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-roundtrip-'));
  const files = converted.map((result, i) => {
    const file = path.join(dir, `case-${i}.ts`);
    fs.writeFileSync(file, result.code);
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
    baseUrl: root,
    typeRoots: [path.join(root, 'node_modules', '@types')],
    types: ['node'],
    paths: { 'cdk8s-kserve': ['src/index.ts'], '*': ['node_modules/*'] },
  });
  const problems = ts.getPreEmitDiagnostics(program)
    .filter(d => d.file && files.includes(d.file.fileName))
    .map(d => `${CASES[files.indexOf(d.file!.fileName)].description}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(problems).toEqual([]);
});

/** Runs a generated app's build(app) in-process (cdk8s-kserve mapped to ../src) and returns what it synthesizes. */
function runApp(code: string): Json[] {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = { exports: {} as { build?: (app: App) => void } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string) => (id === 'cdk8s-kserve' ? require('../src') : require(id));
  new Function('require', 'module', 'exports', js)(load, module, module.exports);
  const app = Testing.app();
  module.exports.build!(app);
  app.synthYaml(); // runs every check of the library, as cdk8s synth does
  return app.charts.flatMap(chart => Testing.synth(chart));
}

const byIdentity = (a: Json, b: Json) => `${a.kind}/${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(`${b.kind}/${b.metadata?.namespace}/${b.metadata?.name}`);

describe.each(CASES.map((c, i) => [c.description, c, converted[i]] as const))('%s', (_description, c, result) => {
  test('synthesizes the input back, after the documented normalisations, and the output is schema-valid', () => {
    const input = Object.values(c.files).flatMap(parse);
    const expected = c.expected(structuredClone(input));
    const synthesized = runApp(result.code);
    expect([...synthesized].sort(byIdentity)).toEqual([...expected].sort(byIdentity));
    expectValidObjects(synthesized, { kserveVersion: c.kserveVersion });
  });
});

test('the seed model.yaml becomes Model.sklearn with StorageUri.gcs, cdk8s-plus Cpu and cdk8s Size, in a chart of namespace ml', () => {
  const code = converted[0].code;
  expect(code).toContain("new Chart(app, 'ml', { namespace: 'ml' })");
  expect(code).toContain("Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model'))");
  expect(code).toContain('cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) }');
  expect(code).toContain('memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) }');
  expect(code).toContain('export function build(app: App): void {');
});

test('the seed canary snippet becomes a CanaryRollout whose previousModel is the canary block model', () => {
  const code = converted[3].code;
  expect(code).toMatch(/new CanaryRollout\(manifestsChart, 'sklearn-iris-rollout', \{\s*service: sklearnIris,\s*trafficPercent: 10,\s*previousModel: Model\.sklearn\(StorageUri\.parse\('s3:\/\/bucket\/models\/v1\/'\)\)/);
});

test('without allowPlaintextSecrets no Secret value reaches the code; with it they do', () => {
  expect(converted[1].code).not.toContain('YOUR_KEY');
  expect(converted[1].code).not.toContain('YOUR_SECRET');
  expect(converted[1].code).toContain("SecretSource.fromSecretName('s3-credentials')");
  expect(converted[1].code).toContain('// TODO:');
  expect(converted[2].code).toContain("SecretSource.unsafePlaintext({ AWS_ACCESS_KEY_ID: 'YOUR_KEY', AWS_SECRET_ACCESS_KEY: 'YOUR_SECRET' })");
});

test('every field the L2 API does not express is kept as a JSON patch and named in a note', () => {
  const fields = converted[6].notes.filter(n => n.message.includes('JSON patch')).map(n => n.field);
  expect(fields).toEqual(["metadata.annotations['autoscaling.knative.dev/target']"]);
  // A probe without periodSeconds in Knative mode is one the library rejects (Knative's fast probing): kept, and the note says why.
  expect(converted[7].notes).toContainEqual(expect.objectContaining({
    field: 'spec.predictor.model.readinessProbe', message: expect.stringContaining('periodSeconds must be given in Knative mode'),
  }));
});

test('scaling fields become the Autoscaling factory that writes them back; a policy the library rejects stays a patch, noted', () => {
  expect(converted[9].code).toContain('autoscaling: Autoscaling.rps({ target: 20, minReplicas: 0, maxReplicas: 6, stableWindow: Duration.seconds(30) })');
  expect(converted[9].code).toContain("annotations: { team: 'vision' }");
  expect(converted[10].code).toMatch(/Autoscaling\.keda\(\{\s*minReplicas: 1,\s*maxReplicas: 5,\s*metrics: \[\s*KedaMetric\.prometheus\(/);
  expect(converted[10].code).toContain('KedaMetric.cpu(70)');
  expect(converted[11].code).toContain('autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 60, minReplicas: 2, maxReplicas: 8 })');
  expect(converted[11].code).toContain("churnUnbounded.apiObject.addJsonPatch(JsonPatch.add('/spec/predictor/scaleMetric', 'cpu'));");
  const note = converted[11].notes.find(n => n.object === 'InferenceService risk/churn-unbounded' && n.field === 'spec.predictor');
  expect(note?.message).toContain('no Autoscaling factory writes these back exactly');
  expect(note?.message).toContain('maxReplicas is required in Standard mode');
  expect(converted[11].notes.filter(n => n.object === 'InferenceService risk/churn-hpa' && n.message.includes('JSON patch'))).toEqual([]);
});

test('GPUs, tolerations, pull secrets and env from Secrets, ConfigMaps and the pod use the typed props; the rest stays, noted', () => {
  const { code, notes } = converted[12];
  expect(code).toContain("extendedResources: [ExtendedResource.nvidiaGpu(1), ExtendedResource.named('example.com/fpga', 2)]");
  expect(code).toContain("Toleration.exists('nvidia.com/gpu', { effect: kplus.TaintEffect.NO_SCHEDULE })");
  expect(code).toContain("Toleration.equal('pool', 'gpu')");
  expect(code).toContain("imagePullSecrets: [kplus.Secret.fromSecretName(visionChart, 'registry-creds-secret', 'registry-creds')]");
  expect(code).toMatch(/kplus\.EnvValue\.fromSecretValue\(\{\s*secret: kplus\.Secret\.fromSecretName\(visionChart, 'hf-token-secret', 'hf-token'\),\s*key: 'token',?\s*\}\)/);
  expect(code).toContain("TEAM: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_LABEL, { key: 'team' })");
  const limits = notes.filter(n => n.object === 'InferenceService vision/flowers-limits' && n.message.includes('JSON patch')).map(n => n.field);
  expect(limits.sort()).toEqual(['spec.predictor.model.env', 'spec.predictor.model.readinessProbe', 'spec.predictor.tolerations']);
  expect(notes).toContainEqual(expect.objectContaining({ field: 'spec.predictor.model.readinessProbe', message: expect.stringContaining("Kubernetes' defaults") }));
  expect(code).toContain('livenessProbe: kplus.Probe.fromTcpSocket({ port: 8080, failureThreshold: 5, periodSeconds: Duration.seconds(20) })');
  expect(code).toMatch(/kplus\.Probe\.fromCommand\(\['cat', '\/tmp\/ready'\], \{\s*failureThreshold: 30,\s*initialDelaySeconds: Duration\.seconds\(10\),?\s*\}\)/);
  expect(notes).toContainEqual(expect.objectContaining({
    field: "spec.predictor.model.resources.limits['nvidia.com/gpu']",
    message: expect.stringContaining('written equal to its limit'),
  }));
});

test('an input ServiceAccount the ModelStorageSecret writes identically is written once; a different one is kept and used', () => {
  expect(converted[13].code).not.toContain('ApiObject');
  expect(converted[13].code).toContain('ModelStorageSecret.s3(');
  expect(converted[13].notes).toContainEqual(expect.objectContaining({
    object: 'ServiceAccount ml/s3-credentials', message: expect.stringContaining('written once, by that ModelStorageSecret'),
  }));
  expect(converted[13].notes.filter(n => n.object === 'ServiceAccount ml/s3-credentials')).toHaveLength(1);
  expect(converted[14].code).not.toContain('ModelStorageSecret');
  expect(converted[14].code).toContain("serviceAccount: kplus.ServiceAccount.fromServiceAccountName(mlChart, 'sklearn-s3-service-account', 's3-credentials')");
  expect(converted[14].notes).toContainEqual(expect.objectContaining({
    object: 'ServiceAccount ml/s3-credentials', message: expect.stringContaining('kept as written and the service runs as it'),
  }));
});

test('the release is detected from what only some releases accept, and the note names what decided it', () => {
  expect(converted[15].code).toContain("KServeVersion.of('v0.15.2')");
  expect(converted[15].code).toContain('KedaMetric.memoryAverage(Size.gibibytes(2))');
  expect(converted[15].notes).toContainEqual(expect.objectContaining({
    field: "metadata.annotations['serving.kserve.io/autoscalerClass']", message: expect.stringContaining('the app targets v0.15.2'),
  }));
});

test('volumes mounted once each by the model container become cdk8s-plus Volumes in volumeMounts; a projected one stays', () => {
  const { code, notes } = converted[16];
  expect(code).toContain("volume: kplus.Volume.fromEmptyDir(mlChart, 'scratch-volume', 'scratch'), path: '/scratch'");
  expect(code).toContain("kplus.Secret.fromSecretName(mlChart, 'iris-tls-secret', 'iris-tls')");
  const kept = notes.filter(n => n.object === 'InferenceService ml/iris-projected' && n.message.includes('JSON patch')).map(n => n.field);
  expect(kept.sort()).toEqual(['spec.predictor.model.volumeMounts', 'spec.predictor.volumes']);
  expect(notes).toContainEqual(expect.objectContaining({ object: 'InferenceService ml/iris-projected', message: expect.stringContaining('is not one cdk8s-plus writes') }));
});

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
 *  7. multiModel: a runtime without `multiModel` is written with `multiModel: false` (KServe reads the unset field so);
 *  8. extendedRequest: an extended resource (a GPU) given as a limit only gets the same request, as Kubernetes defaults it;
 *     a count written as a YAML number is a quantity string;
 *  9. tolerationOperator: a toleration without operator is written with `Equal`, Kubernetes' default;
 * 10. probeDefaults: a probe is written with Kubernetes' defaults failureThreshold 3 and (httpGet) scheme HTTP;
 * 11. claimReadOnly: a persistentVolumeClaim volume without readOnly is written with readOnly: false, Kubernetes' default;
 * 12. customSecurity: a custom container (predictor, transformer, explainer) without securityContext gets the library's
 *     secure defaults (allowPrivilegeEscalation false, seccompProfile RuntimeDefault); a port without protocol gets TCP.
 *
 * The corpus is our own inputs, each described in words; the seed's snippets (../shared/seed/kserve-model-serving.md,
 * the KServe section of the project's seed notes) are written out as fixtures where named.
 */
import { parseAllDocuments } from 'yaml';
import { convertManifests, ConvertOptions } from '../src';
import { runConvertedApp, typeCheckConvertedApps } from './util/converted-app';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';
import { SEED_CANARY, SEED_MODEL_YAML, SEED_S3_SECRET, SEED_S3_SERVICE, SEED_SERVICE_MONITOR } from './util/seed-snippets';

type Json = Record<string, any>;

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

/** 8. An extended resource with a limit only, with the same request. */
function extendedRequest(isvc: Json, name: string): void {
  const resources = isvc.spec.predictor.model.resources;
  resources.requests = { ...resources.requests, [name]: String(resources.limits[name]) };
  resources.limits[name] = String(resources.limits[name]);
}

/** 9. A toleration without operator, with Kubernetes' default. */
function tolerationOperator(isvc: Json, index: number): void {
  isvc.spec.predictor.tolerations[index].operator = 'Equal';
}

/** 10. A probe with Kubernetes' defaults written: failureThreshold 3, and scheme HTTP for an httpGet. */
function probeDefaults(isvc: Json, probe: string): void {
  const p = isvc.spec.predictor.model[probe];
  isvc.spec.predictor.model[probe] = { failureThreshold: 3, ...p, ...(p.httpGet ? { httpGet: { scheme: 'HTTP', ...p.httpGet } } : {}) };
}

/** 11. A claim volume without readOnly, with Kubernetes' default false. */
function claimReadOnly(isvc: Json, volume: string): void {
  isvc.spec.predictor.volumes.find((v: Json) => v.name === volume).persistentVolumeClaim.readOnly = false;
}

/** 12. A custom container of `component` with the library's securityContext defaults (and TCP on a port without protocol). */
function customSecurity(isvc: Json, component: string): void {
  const container = isvc.spec[component].containers[0];
  container.securityContext = { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } };
  for (const port of container.ports ?? []) port.protocol ??= 'TCP';
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

/** 7. A runtime's multiModel as the app writes it. */
function multiModel(runtime: Json): void {
  runtime.spec.multiModel ??= false;
}

/** The runbook InferenceServiceAlerts writes for iris in ml (one kubectl command a line), as a YAML block. */
const IRIS_RUNBOOK = ['get inferenceservice iris -n ml', 'describe inferenceservice iris -n ml',
  'get pods -n ml -l serving.kserve.io/inferenceservice=iris,component=predictor',
  'logs -n ml -l serving.kserve.io/inferenceservice=iris,component=predictor -c kserve-container --tail=200',
  'get events -n ml --sort-by=.lastTimestamp'].map(line => `              kubectl ${line}`).join('\n');

/** A PrometheusRule of the shape InferenceServiceAlerts writes: p95 latency over 0.5s and no traffic, for iris in ml. */
export const IRIS_ALERTS = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: iris-alerts, namespace: ml, labels: { release: prom } }
spec:
  groups:
    - name: kserve.ml.iris
      rules:
        - alert: KServeIrisHighLatency
          expr: 'histogram_quantile(0.95, sum by (le) (rate(request_predict_seconds_bucket{namespace="ml", model_name="iris"}[5m]))) > 0.5'
          for: 300s
          labels: { severity: critical }
          annotations:
            summary: p95 predict latency of ml/iris is above 0.5s
            runbook: |-
${IRIS_RUNBOOK}
        - alert: KServeIrisNoTraffic
          expr: '(sum(rate(request_predict_seconds_count{namespace="ml", model_name="iris"}[5m])) or vector(0)) == 0'
          for: 1800s
          labels: { severity: critical }
          annotations:
            summary: ml/iris served no predictions
            runbook: |-
${IRIS_RUNBOOK}
`;

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
    description: 'a model of a custom format on a pvc:// URI next to its ServingRuntime (typed, the L2 defaults it lacks removed by '
      + 'patches), read back from the cluster with status and server metadata',
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
      multiModel(runtime);
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
      + 'beside one whose env reads a resource field with a divisor, whose toleration has an empty value and whose GPU request differs '
      + 'from its limit (kept as patches)',
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
        - { name: MEMORY_LIMIT, valueFrom: { resourceFieldRef: { resource: limits.memory } } }
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
        - { name: MEMORY_LIMIT_MIB, valueFrom: { resourceFieldRef: { resource: limits.memory, divisor: 1Mi } } }
      readinessProbe: { httpGet: { path: /v1/models/flowers, port: 8080, httpHeaders: [{ name: X-Probe, value: kubelet }] } }
      resources: { limits: { nvidia.com/gpu: "2" }, requests: { nvidia.com/gpu: "1" } }
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
  {
    description: "a ClusterServingRuntime shaped like KServe's Triton runtime (our image and formats): server-type annotation, metrics "
      + 'on 8002, auto-selected formats with priorities and one without, protocols v2 and grpc-v2, the hardened container as uid 1000',
    files: {
      'cluster-runtime.yaml': `
apiVersion: serving.kserve.io/v1alpha1
kind: ClusterServingRuntime
metadata:
  name: acme-triton
  annotations: { serving.kserve.io/server-type: tritonserver }
spec:
  annotations: { prometheus.kserve.io/port: "8002", prometheus.kserve.io/path: /metrics }
  supportedModelFormats:
    - { name: tensorrt, version: "8", autoSelect: true, priority: 2 }
    - { name: onnx, version: "1", autoSelect: true, priority: 2 }
    - { name: pytorch, version: "1" }
  protocolVersions: [v2, grpc-v2]
  containers:
    - name: kserve-container
      image: registry.example.com/ml/triton:24.08-py3
      args: [tritonserver, --model-store=/mnt/models, --grpc-port=9000, --http-port=8080]
      securityContext:
        runAsUser: 1000
        allowPrivilegeEscalation: false
        privileged: false
        runAsNonRoot: true
        capabilities: { drop: [ALL] }
      resources:
        requests: { cpu: "1", memory: 2Gi }
        limits: { cpu: "1", memory: 2Gi }
`,
    },
    kserveVersion: 'v0.20.0',
    expected: ([runtime]) => {
      multiModel(runtime);
      return [runtime];
    },
  },
  {
    description: 'a GPU ClusterServingRuntime with the pod fields KServe merges into its services\' pods (pod labels, a node selector, '
      + 'a toleration, node affinity) and a named gRPC port, hardened as the L2 writes it',
    files: {
      'gpu-runtime.yaml': `
apiVersion: serving.kserve.io/v1alpha1
kind: ClusterServingRuntime
metadata: { name: acme-gpu, labels: { platform: ml } }
spec:
  annotations: { prometheus.kserve.io/port: "8080", prometheus.kserve.io/path: /metrics }
  supportedModelFormats: [{ name: acme-llm, autoSelect: true }]
  protocolVersions: [grpc-v2]
  labels: { cost-center: gpu }
  nodeSelector: { nvidia.com/gpu.present: "true" }
  tolerations: [{ key: nvidia.com/gpu, operator: Exists, effect: NoSchedule }]
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms: [{ matchExpressions: [{ key: gpu-type, operator: In, values: [a100, h100] }] }]
  containers:
    - name: kserve-container
      image: registry.example.com/ml/acme-llm-server:2.0.1
      ports: [{ containerPort: 9000, name: h2c }]
      securityContext:
        allowPrivilegeEscalation: false
        privileged: false
        runAsNonRoot: true
        capabilities: { drop: [ALL] }
`,
    },
    kserveVersion: 'v0.20.0',
    expected: ([runtime]) => {
      multiModel(runtime);
      return [runtime];
    },
  },
  {
    description: 'a namespaced ServingRuntime with labels and a nodeSelector (typed), and what the L2 cannot express (a Secret env beside '
      + 'a plain one, a port with its protocol, a sidecar; no protocolVersions, securityContext or metrics annotations) and a Standard-mode '
      + 'service that names it',
    files: {
      'runtime.yaml': `
apiVersion: serving.kserve.io/v1alpha1
kind: ServingRuntime
metadata: { name: fraud-server, namespace: payments, labels: { team: fraud }, annotations: { owner: fraud-ml } }
spec:
  supportedModelFormats: [{ name: fraud-gbm, version: "3", autoSelect: true }]
  multiModel: false
  nodeSelector: { pool: cpu }
  containers:
    - name: kserve-container
      image: registry.example.com/fraud/server:3.2.1
      args: ["--model_name={{.Name}}", --model_dir=/mnt/models]
      env:
        - { name: LOG_LEVEL, value: info }
        - { name: API_TOKEN, valueFrom: { secretKeyRef: { name: fraud-token, key: token } } }
      ports: [{ containerPort: 8080, protocol: TCP }]
      resources: { requests: { cpu: 250m, memory: 1024Mi }, limits: { memory: 1Gi } }
    - name: log-shipper
      image: registry.example.com/ops/log-shipper:1.0.2
`,
      'service.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: fraud-gbm, namespace: payments, annotations: { serving.kserve.io/deploymentMode: Standard } }
spec:
  predictor:
    model:
      modelFormat: { name: fraud-gbm, version: "3" }
      runtime: fraud-server
      storageUri: s3://fraud-models/gbm/3
`,
    },
    kserveVersion: 'v0.20.0',
    expected: ([runtime, isvc]) => {
      runtime.spec.containers[0].resources.requests.memory = '1Gi';
      return [runtime, isvc];
    },
  },
  {
    description: 'an InferenceGraph over two converted services: a Sequence root whose steps target an Ensemble node and a Splitter '
      + 'node (the second gets the previous response, a hard dependency), router resources, replicas and a timeout',
    files: {
      'services.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: iris-sklearn, namespace: ml, annotations: { serving.kserve.io/deploymentMode: Knative } }
spec:
  predictor:
    model: { modelFormat: { name: sklearn }, storageUri: gs://acme-models/iris/sklearn/2 }
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: iris-xgboost, namespace: ml, annotations: { serving.kserve.io/deploymentMode: Knative } }
spec:
  predictor:
    model: { modelFormat: { name: xgboost }, storageUri: gs://acme-models/iris/xgboost/5 }
`,
      'graph.yaml': `
apiVersion: serving.kserve.io/v1alpha1
kind: InferenceGraph
metadata: { name: iris-pipeline, namespace: ml }
spec:
  nodes:
    root:
      routerType: Sequence
      steps:
        - { name: vote, nodeName: vote }
        - { name: rollout, nodeName: rollout-node, data: $response, dependency: Hard }
    vote:
      routerType: Ensemble
      steps:
        - { name: sklearn, serviceName: iris-sklearn }
        - { name: xgboost, serviceName: iris-xgboost }
    rollout-node:
      routerType: Splitter
      steps:
        - { serviceName: iris-sklearn, weight: 90 }
        - { serviceName: iris-xgboost, weight: 10 }
  resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { cpu: "1", memory: 256Mi } }
  minReplicas: 1
  maxReplicas: 3
  timeout: 30
`,
    },
    kserveVersion: 'v0.20.0',
    expected: input => input,
  },
  {
    description: 'a Switch InferenceGraph over URLs with conditions, router timeouts, a ServiceAccount and tolerations, plus what the L2 '
      + 'cannot express (labels, annotations, affinity, a node the root does not reach)',
    files: {
      'switch.yaml': `
apiVersion: serving.kserve.io/v1alpha1
kind: InferenceGraph
metadata:
  name: model-switch
  namespace: routing
  labels: { team: platform }
  annotations: { owner: platform-ml }
spec:
  nodes:
    root:
      routerType: Switch
      steps:
        - { name: from-client, serviceUrl: "http://scorer-a.routing.svc.cluster.local/v1/models/a:predict", condition: "[@this].#(source==client)" }
        - { name: large, serviceUrl: "http://scorer-b.routing.svc.cluster.local/v1/models/b:predict", condition: "instances.#(intval>10)" }
    spare:
      routerType: Sequence
      steps:
        - { serviceUrl: "http://scorer-c.routing.svc.cluster.local/v1/models/c:predict" }
  serviceAccountName: graph-router
  routerTimeouts: { serverRead: 30, serverWrite: 60 }
  tolerations:
    - { key: dedicated, operator: Equal, value: routing, effect: NoSchedule }
    - { key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300 }
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms: [{ matchExpressions: [{ key: pool, operator: In, values: [routing] }] }]
`,
    },
    kserveVersion: 'v0.20.0',
    expected: input => input,
  },
  {
    description: 'on v0.13: a ClusterServingRuntime shaped like its sklearn runtime and a Splitter InferenceGraph over URLs',
    files: {
      'v013.yaml': `
apiVersion: serving.kserve.io/v1alpha1
kind: ClusterServingRuntime
metadata: { name: acme-sklearn, annotations: { serving.kserve.io/server-type: sklearnserver } }
spec:
  annotations: { prometheus.kserve.io/port: "8080", prometheus.kserve.io/path: /metrics }
  supportedModelFormats: [{ name: sklearn, version: "1", autoSelect: true, priority: 2 }]
  protocolVersions: [v1, v2]
  multiModel: false
  containers:
    - name: kserve-container
      image: registry.example.com/ml/sklearn-server:1.5.2
      args: ["--model_name={{.Name}}", --model_dir=/mnt/models, --http_port=8080]
      securityContext: { allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true, capabilities: { drop: [ALL] } }
      resources: { requests: { cpu: "1", memory: 2Gi }, limits: { cpu: "1", memory: 2Gi } }
---
apiVersion: serving.kserve.io/v1alpha1
kind: InferenceGraph
metadata: { name: ab-test, namespace: ml }
spec:
  nodes:
    root:
      routerType: Splitter
      steps:
        - { name: stable, serviceUrl: "http://iris-v1.ml.svc.cluster.local/v1/models/iris-v1:predict", weight: 75 }
        - { name: candidate, serviceUrl: "http://iris-v2.ml.svc.cluster.local/v1/models/iris-v2:predict", weight: 25 }
`,
    },
    options: { version: 'v0.13' },
    kserveVersion: 'v0.13.1',
    expected: input => input,
  },
  {
    description: 'a PodMonitor of a Knative xgboost service with an rps policy, a GPU, a toleration, env from a Secret and a volume: the '
      + 'service rebuilt from its typed code for the comparison, the monitor typed',
    files: {
      'gpu-monitored.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: vision, namespace: ml, annotations: { serving.kserve.io/deploymentMode: Knative } }
spec:
  predictor:
    scaleMetric: rps
    scaleTarget: 5
    tolerations: [{ key: nvidia.com/gpu, operator: Exists, effect: NoSchedule }]
    volumes: [{ name: settings, configMap: { name: vision-settings } }]
    model:
      modelFormat: { name: xgboost }
      storageUri: gs://acme-models/vision/3
      env: [{ name: HF_TOKEN, valueFrom: { secretKeyRef: { name: hf-token, key: token } } }]
      volumeMounts: [{ name: settings, mountPath: /etc/vision, readOnly: true }]
      resources: { limits: { nvidia.com/gpu: "1" }, requests: { nvidia.com/gpu: "1" } }
---
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: { name: vision-model, namespace: ml }
spec:
  selector: { matchLabels: { serving.kserve.io/inferenceservice: vision, component: predictor } }
  namespaceSelector: { matchNames: [ml] }
  podMetricsEndpoints: [{ port: user-port, path: /metrics, interval: 30s, scrapeTimeout: 10s }]
`,
    },
    kserveVersion: 'v0.20.0',
    expected: input => input,
  },
  {
    description: 'monitors shaped as the L2 writes them: a ServiceMonitor of a Standard-mode service (model metrics, 30s, a release '
      + 'label), a PodMonitor of a Knative-mode service (model metrics on user-port, own name, 30s / 10s), and alerts on the first '
      + '(p95 latency over 0.5s, no traffic for 30 minutes, critical)',
    files: {
      'monitored.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: iris, namespace: ml, annotations: { serving.kserve.io/deploymentMode: Standard } }
spec:
  predictor:
    model: { modelFormat: { name: sklearn }, storageUri: gs://acme-models/iris/sklearn/2 }
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: fraud, namespace: ml, annotations: { serving.kserve.io/deploymentMode: Knative } }
spec:
  predictor:
    model: { modelFormat: { name: xgboost }, storageUri: gs://acme-models/fraud/xgboost/4 }
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: { name: iris-predictor-model, namespace: ml, labels: { release: prom } }
spec:
  selector: { matchLabels: { serving.kserve.io/inferenceservice: iris, component: predictor } }
  namespaceSelector: { matchNames: [ml] }
  endpoints: [{ port: iris-predictor, path: /metrics, interval: 30s }]
---
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: { name: fraud-model, namespace: ml }
spec:
  selector: { matchLabels: { serving.kserve.io/inferenceservice: fraud, component: predictor } }
  namespaceSelector: { matchNames: [ml] }
  podMetricsEndpoints: [{ port: user-port, path: /metrics, interval: 30s, scrapeTimeout: 10s }]
---
${IRIS_ALERTS}`,
    },
    kserveVersion: 'v0.20.0',
    expected: input => input,
  },
  {
    description: 'a ServiceMonitor of a service whose converted runtime serves its metrics on /stats: typed, the path from the runtime',
    files: {
      'stats.yaml': `
apiVersion: serving.kserve.io/v1alpha1
kind: ServingRuntime
metadata: { name: fraud-server, namespace: payments }
spec:
  annotations: { prometheus.kserve.io/port: "8080", prometheus.kserve.io/path: /stats }
  supportedModelFormats: [{ name: fraud-gbm, autoSelect: true }]
  protocolVersions: [v1]
  multiModel: false
  containers:
    - name: kserve-container
      image: registry.example.com/fraud/server:3.2.1
      securityContext: { allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true, capabilities: { drop: [ALL] } }
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: fraud-gbm, namespace: payments, annotations: { serving.kserve.io/deploymentMode: Standard } }
spec:
  predictor:
    model: { modelFormat: { name: fraud-gbm }, runtime: fraud-server, storageUri: s3://fraud-models/gbm/3 }
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: { name: fraud-gbm-predictor-model, namespace: payments }
spec:
  selector: { matchLabels: { serving.kserve.io/inferenceservice: fraud-gbm, component: predictor } }
  namespaceSelector: { matchNames: [payments] }
  endpoints: [{ port: fraud-gbm-predictor, path: /stats }]
`,
    },
    kserveVersion: 'v0.20.0',
    expected: input => input,
  },
  {
    description: "a custom-container predictor (KServe's custom model sample, pinned): image, args, port, PROTOCOL and STORAGE_URI, env, "
      + "resources, a v0.20 predictor name and replica bounds; and the sample's gRPC one on an h2c port",
    files: {
      'custom-predictor.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: custom-model, namespace: ml, annotations: { serving.kserve.io/deploymentMode: Knative } }
spec:
  predictor:
    name: blue
    minReplicas: 1
    maxReplicas: 3
    containers:
      - name: kserve-container
        image: registry.example.com/custom-model:1.4.0
        args: [--model_name=custom-model, --http_port=8080]
        ports: [{ name: http1, containerPort: 8080, protocol: TCP }]
        env:
          - { name: PROTOCOL, value: v2 }
          - { name: STORAGE_URI, value: gs://acme-models/custom/3 }
          - { name: LOG_LEVEL, value: info }
        resources:
          requests: { cpu: 100m, memory: 256Mi }
          limits: { cpu: "1", memory: 1Gi }
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: custom-model-grpc, namespace: ml, annotations: { serving.kserve.io/deploymentMode: Knative } }
spec:
  predictor:
    containers:
      - name: kserve-container
        image: registry.example.com/custom-model-grpc:1.4.0
        ports: [{ name: h2c, protocol: TCP, containerPort: 8081 }]
`,
    },
    kserveVersion: 'v0.20.0',
    expected: ([isvc, grpc]) => {
      customSecurity(isvc, 'predictor');
      customSecurity(grpc, 'predictor');
      return [isvc, grpc];
    },
  },
  {
    description: "a transformer in front of a legacy pytorch predictor (KServe's torchserve image-transformer sample, pinned) and a custom "
      + 'explainer, each with args, env, resources and a port without protocol, in Standard mode',
    files: {
      'transformer.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: torch-transformer, namespace: vision, annotations: { serving.kserve.io/deploymentMode: Standard } }
spec:
  predictor:
    pytorch: { storageUri: gs://acme-models/torchserve/image-classifier/v1 }
  transformer:
    minReplicas: 2
    maxReplicas: 2
    serviceAccountName: transformer-runner
    labels: { team: vision }
    containers:
      - name: kserve-container
        image: registry.example.com/image-transformer:0.14.0
        args: [--model_name=mnist, --protocol=v1]
        ports: [{ name: http1, containerPort: 8080 }]
        env: [{ name: LOG_LEVEL, value: debug }]
        resources:
          requests: { cpu: 200m, memory: 512Mi }
          limits: { cpu: "1", memory: 1Gi }
  explainer:
    containers:
      - name: kserve-container
        image: registry.example.com/anchor-explainer:2.1.0
        command: [python, -m, explainer]
        args: [--model_name=mnist]
        env: [{ name: PROTOCOL, value: v1 }]
`,
    },
    kserveVersion: 'v0.20.0',
    expected: ([isvc]) => {
      modernised(isvc, 'pytorch');
      customSecurity(isvc, 'transformer');
      customSecurity(isvc, 'explainer');
      return [isvc];
    },
  },
  {
    description: 'components kept as written: an ART explainer, a transformer on a latest image, a custom predictor with STORAGE_URI '
      + "after another env var (KServe's collocation sample) and its securityContext and volumes",
    files: {
      'kept.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: collocated, namespace: vision, annotations: { serving.kserve.io/deploymentMode: Knative } }
spec:
  predictor:
    containers:
      - name: kserve-container
        image: pytorch/torchserve:0.9.0-cpu
        args: [torchserve, --start, --model-store=/mnt/models/model-store]
        env:
          - { name: TS_SERVICE_ENVELOPE, value: kserve }
          - { name: STORAGE_URI, value: gs://acme-models/torchserve/image-classifier/v1 }
        securityContext: { runAsNonRoot: true }
        volumeMounts: [{ name: scratch, mountPath: /scratch }]
    volumes: [{ name: scratch, emptyDir: {} }]
  transformer:
    containers:
      - name: kserve-container
        image: kserve/image-transformer:latest
        env: [{ name: PROTOCOL, value: v2 }]
  explainer:
    art:
      type: SquareAttack
      storageUri: gs://acme-models/art/mnist
      config: { nb_classes: "10" }
`,
    },
    kserveVersion: 'v0.20.0',
    expected: input => input,
  },
  {
    description: 'storageUris (from v0.16, which the converter detects from them): a huggingface model from a base and an adapter, and a custom predictor reading two sources',
    files: {
      'uris.yaml': `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: llama-support, namespace: llm, annotations: { serving.kserve.io/deploymentMode: Standard } }
spec:
  predictor:
    model: { modelFormat: { name: huggingface }, protocolVersion: v2 }
    storageUris:
      - { uri: gs://ml-models/llama-3.1-8b-instruct, mountPath: /mnt/models/base }
      - { uri: gs://ml-adapters/llama-3.1-8b/support-v2, mountPath: /mnt/models/support }
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: ranker, namespace: llm, annotations: { serving.kserve.io/deploymentMode: Standard } }
spec:
  predictor:
    storageUris:
      - { uri: gs://ml-models/ranker/7, mountPath: /mnt/models/ranker }
      - { uri: gs://ml-models/tokenizer/2, mountPath: /mnt/models/tokenizer }
    containers:
      - name: kserve-container
        image: registry.example.com/ranker:7.0.1
        securityContext: { allowPrivilegeEscalation: false, seccompProfile: { type: RuntimeDefault } }
`,
    },
    kserveVersion: 'v0.20.0',
    expected: input => input,
  },
];

// --- the round trip ----------------------------------------------------------------------------------------------------

const converted = CASES.map(c => convertManifests(Object.entries(c.files).map(([file, text]) => ({ file, text })), c.options));

test('every generated app type-checks strictly against the public API', () => {
  expect(typeCheckConvertedApps(converted.map((result, i) => [CASES[i].description, result.code] as const))).toEqual([]);
});


const byIdentity = (a: Json, b: Json) => `${a.kind}/${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(`${b.kind}/${b.metadata?.namespace}/${b.metadata?.name}`);

describe.each(CASES.map((c, i) => [c.description, c, converted[i]] as const))('%s', (_description, c, result) => {
  test('synthesizes the input back, after the documented normalisations, and the output is schema-valid', () => {
    const input = Object.values(c.files).flatMap(parse);
    const expected = c.expected(structuredClone(input));
    const synthesized = runConvertedApp(result.code);
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
  expect(resultOf('a Knative service scaling on requests per second').code).toContain('autoscaling: Autoscaling.rps({ target: 20, minReplicas: 0, maxReplicas: 6, stableWindow: Duration.seconds(30) })');
  expect(resultOf('a Knative service scaling on requests per second').code).toContain("annotations: { team: 'vision' }");
  expect(resultOf('a Standard service on KEDA (v0.20)').code).toMatch(/Autoscaling\.keda\(\{\s*minReplicas: 1,\s*maxReplicas: 5,\s*metrics: \[\s*KedaMetric\.prometheus\(/);
  expect(resultOf('a Standard service on KEDA (v0.20)').code).toContain('KedaMetric.cpu(70)');
  expect(resultOf('Standard-mode HPA on CPU').code).toContain('autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 60, minReplicas: 2, maxReplicas: 8 })');
  expect(resultOf('Standard-mode HPA on CPU').code).toContain("churnUnbounded.apiObject.addJsonPatch(JsonPatch.add('/spec/predictor/scaleMetric', 'cpu'));");
  const note = resultOf('Standard-mode HPA on CPU').notes.find(n => n.object === 'InferenceService risk/churn-unbounded' && n.field === 'spec.predictor');
  expect(note?.message).toContain('no Autoscaling factory writes these back exactly');
  expect(note?.message).toContain('maxReplicas is required in Standard mode');
  expect(resultOf('Standard-mode HPA on CPU').notes.filter(n => n.object === 'InferenceService risk/churn-hpa' && n.message.includes('JSON patch'))).toEqual([]);
});

test('GPUs, tolerations, pull secrets and env from Secrets, ConfigMaps and the pod use the typed props; the rest stays, noted', () => {
  const { code, notes } = resultOf('a GPU service on a tainted pool');
  expect(code).toContain("extendedResources: [ExtendedResource.nvidiaGpu(1), ExtendedResource.named('example.com/fpga', 2)]");
  expect(code).toContain("Toleration.exists('nvidia.com/gpu', { effect: kplus.TaintEffect.NO_SCHEDULE })");
  expect(code).toContain("Toleration.equal('pool', 'gpu')");
  expect(code).toContain("imagePullSecrets: [kplus.Secret.fromSecretName(visionChart, 'registry-creds-secret', 'registry-creds')]");
  expect(code).toMatch(/kplus\.EnvValue\.fromSecretValue\(\{\s*secret: kplus\.Secret\.fromSecretName\(visionChart, 'hf-token-secret', 'hf-token'\),\s*key: 'token',?\s*\}\)/);
  expect(code).toContain("TEAM: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_LABEL, { key: 'team' })");
  expect(code).toContain('MEMORY_LIMIT: kplus.EnvValue.fromResource(kplus.ResourceFieldPaths.MEMORY_LIMIT),');
  const limits = notes.filter(n => n.object === 'InferenceService vision/flowers-limits' && n.message.includes('JSON patch')).map(n => n.field);
  expect(limits.sort()).toEqual([
    'spec.predictor.model.env',
    'spec.predictor.model.readinessProbe',
    'spec.predictor.model.resources',
    'spec.predictor.tolerations',
  ]);
  expect(notes).toContainEqual(expect.objectContaining({
    object: 'InferenceService vision/flowers-limits',
    field: "spec.predictor.model.resources.limits['nvidia.com/gpu']",
    message: expect.stringContaining('its request, if any, is the same; kept as written'),
  }));
  expect(notes).toContainEqual(expect.objectContaining({ field: 'spec.predictor.model.readinessProbe', message: expect.stringContaining("Kubernetes' defaults") }));
  expect(code).toContain('livenessProbe: kplus.Probe.fromTcpSocket({ port: 8080, failureThreshold: 5, periodSeconds: Duration.seconds(20) })');
  expect(code).toMatch(/kplus\.Probe\.fromCommand\(\['cat', '\/tmp\/ready'\], \{\s*failureThreshold: 30,\s*initialDelaySeconds: Duration\.seconds\(10\),?\s*\}\)/);
  expect(notes).toContainEqual(expect.objectContaining({
    field: "spec.predictor.model.resources.limits['nvidia.com/gpu']",
    message: expect.stringContaining('written equal to its limit'),
  }));
});

test('an input ServiceAccount the ModelStorageSecret writes identically is written once; a different one is kept and used', () => {
  expect(resultOf("the seed's S3 Secret and service beside the ServiceAccount").code).not.toContain('ApiObject');
  expect(resultOf("the seed's S3 Secret and service beside the ServiceAccount").code).toContain('ModelStorageSecret.s3(');
  expect(resultOf("the seed's S3 Secret and service beside the ServiceAccount").notes).toContainEqual(expect.objectContaining({
    object: 'ServiceAccount ml/s3-credentials', message: expect.stringContaining('written once, by that ModelStorageSecret'),
  }));
  expect(resultOf("the seed's S3 Secret and service beside the ServiceAccount").notes.filter(n => n.object === 'ServiceAccount ml/s3-credentials')).toHaveLength(1);
  expect(resultOf("the seed's S3 service after a ServiceAccount").code).not.toContain('ModelStorageSecret');
  expect(resultOf("the seed's S3 service after a ServiceAccount").code).toContain("serviceAccount: kplus.ServiceAccount.fromServiceAccountName(mlChart, 'sklearn-s3-service-account', 's3-credentials')");
  expect(resultOf("the seed's S3 service after a ServiceAccount").notes).toContainEqual(expect.objectContaining({
    object: 'ServiceAccount ml/s3-credentials', message: expect.stringContaining('kept as written and the service runs as it'),
  }));
});

test('the release is detected from what only some releases accept, and the note names what decided it', () => {
  expect(resultOf('a KEDA service in a mode spelled RawDeployment').code).toContain("KServeVersion.of('v0.15.2')");
  expect(resultOf('a KEDA service in a mode spelled RawDeployment').code).toContain('KedaMetric.memoryAverage(Size.gibibytes(2))');
  expect(resultOf('a KEDA service in a mode spelled RawDeployment').notes).toContainEqual(expect.objectContaining({
    field: "metadata.annotations['serving.kserve.io/autoscalerClass']", message: expect.stringContaining('the app targets v0.15.2'),
  }));
});

test('volumes mounted once each by the model container become cdk8s-plus Volumes in volumeMounts; a projected one stays', () => {
  const { code, notes } = resultOf('a Knative model server with a config map');
  expect(code).toContain("volume: kplus.Volume.fromEmptyDir(mlChart, 'scratch-volume', 'scratch'), path: '/scratch'");
  expect(code).toContain("kplus.Secret.fromSecretName(mlChart, 'iris-tls-secret', 'iris-tls')");
  const kept = notes.filter(n => n.object === 'InferenceService ml/iris-projected' && n.message.includes('JSON patch')).map(n => n.field);
  expect(kept.sort()).toEqual(['spec.predictor.model.volumeMounts', 'spec.predictor.volumes']);
  expect(notes).toContainEqual(expect.objectContaining({ object: 'InferenceService ml/iris-projected', message: expect.stringContaining('is not one cdk8s-plus writes') }));
});

/** The result of the case whose description starts with `start`. */
function resultOf(start: string) {
  const i = CASES.findIndex(c => c.description.startsWith(start));
  expect(i).toBeGreaterThanOrEqual(0);
  return converted[i];
}

test('a service that names a runtime converted from the input takes its name from the runtime construct', () => {
  expect(resultOf('a namespaced ServingRuntime').code).toContain('runtime: fraudServer,');
  expect(resultOf('a namespaced ServingRuntime').code).toMatch(/const fraudServer = new ServingRuntime\(paymentsChart, 'fraud-server', \{/);
});

test("a runtime shaped like KServe's own is written with the L2 props alone, no JSON patch", () => {
  const { code, notes } = resultOf('a ClusterServingRuntime shaped like');
  expect(code).toContain("new ClusterServingRuntime(manifestsChart, 'acme-triton', {");
  expect(code).toContain('protocolVersions: [ProtocolVersion.V2, ProtocolVersion.GRPC_V2],');
  expect(code).toContain('metricsPort: 8002,');
  expect(code).toContain('runAsUser: 1000,');
  expect(code).not.toContain('JsonPatch');
  expect(notes.filter(n => n.field !== undefined).map(n => n.field)).toEqual(['spec.multiModel']);
});

test('a runtime\'s pod fields and ports go through the typed props, no JSON patch', () => {
  const { code } = resultOf('a GPU ClusterServingRuntime');
  expect(code).toContain("podLabels: { 'cost-center': 'gpu' },");
  expect(code).toContain("nodeSelector: { 'nvidia.com/gpu.present': 'true' },");
  expect(code).toMatch(/tolerations: \[Toleration\.exists\('nvidia\.com\/gpu', \{ effect: kplus\.TaintEffect\.NO_SCHEDULE \}\)\]/);
  expect(code).toContain('affinity: {');
  expect(code).toContain("ports: [{ number: 9000, name: 'h2c' }]");
  expect(code).not.toContain('JsonPatch');
});

test('each runtime field the L2 API does not express is kept as a JSON patch, named by object and field in a note', () => {
  const { code, notes } = resultOf('a namespaced ServingRuntime');
  const patched = notes.filter(n => n.object === 'ServingRuntime payments/fraud-server' && n.message.includes('JSON patch'));
  expect(patched.map(n => n.field)).toEqual([
    'spec.containers[0].env',
    'spec.containers[0].ports',
    'spec.containers[0].securityContext',
    'spec.containers[1]',
    'spec.annotations',
    'spec.protocolVersions',
  ]);
  // The object's labels and the pods' node selector go through the typed props.
  expect(code).toContain("labels: { team: 'fraud' },");
  expect(code).toContain("nodeSelector: { pool: 'cpu' },");
  // What the L2 adds and the input lacks is removed, said so.
  expect(patched.find(n => n.field === 'spec.protocolVersions')!.message).toContain('writes ["v1"] here and the input has no such field');
  expect(code).toContain("fraudServer.apiObject.addJsonPatch(JsonPatch.remove('/spec/protocolVersions'));");
  expect(code).toContain("fraudServer.apiObject.addJsonPatch(JsonPatch.add('/spec/containers/1', {");
});

test('a v0.13 runtime and graph are written with the L2 props alone', () => {
  const { code } = resultOf('on v0.13');
  expect(code).toContain("KServeVersion.of('v0.13.1')");
  expect(code).toContain("root: GraphNode.splitter('root', [");
  expect(code).not.toContain('JsonPatch');
});

test('graph steps target the converted services and nodes by object', () => {
  const { code } = resultOf('an InferenceGraph over two converted services');
  expect(code).toContain("{ name: 'sklearn', target: GraphTarget.service(irisSklearn) },");
  expect(code).toMatch(/const voteNode = GraphNode\.ensemble\('vote', \[/);
  expect(code).toContain("{ name: 'vote', target: GraphTarget.node(voteNode) },");
  expect(code).toContain('data: StepData.RESPONSE, dependency: StepDependency.HARD },');
  expect(code).not.toContain('JsonPatch');
});

test('each graph field the L2 API does not express is kept as a JSON patch, named by object and field in a note', () => {
  const { notes } = resultOf('a Switch InferenceGraph');
  expect(notes.filter(n => n.message.includes('JSON patch')).map(n => [n.object, n.field])).toEqual([
    ['InferenceGraph routing/model-switch', 'metadata.labels'],
    ['InferenceGraph routing/model-switch', 'metadata.annotations'],
    ['InferenceGraph routing/model-switch', 'spec.nodes.spare'],
    ['InferenceGraph routing/model-switch', 'spec.affinity'],
  ]);
});

test('graph tolerations are Toleration values', () => {
  const { code } = resultOf('a Switch InferenceGraph');
  expect(code).toContain("Toleration.equal('dedicated', 'routing', { effect: kplus.TaintEffect.NO_SCHEDULE }),");
  expect(code).toMatch(/Toleration\.exists\('node\.kubernetes\.io\/unreachable', \{\s+effect: kplus\.TaintEffect\.NO_EXECUTE,\s+evictAfter: Duration\.seconds\(300\),\s+\}\),/);
});

test('a monitor the L2 writes exactly for its converted service is that construct, its target the service by object', () => {
  const { code } = resultOf('monitors shaped as the L2 writes them');
  expect(code).toContain("new ServiceMonitor(mlChart, 'iris-predictor-model', {");
  expect(code).toMatch(/target: iris,\s+source: MetricsSource\.MODEL,\s+interval: Duration\.seconds\(30\),\s+labels: \{ release: 'prom' \},/);
  expect(code).toMatch(/new PodMonitor\(mlChart, 'fraud-model', \{\s+target: fraud,\s+source: MetricsSource\.MODEL,\s+name: 'fraud-model',/);
  expect(resultOf('a ServiceMonitor of a service whose converted runtime').code)
    .toContain("new ServiceMonitor(paymentsChart, 'fraud-gbm-predictor-model', { target: fraudGbm, source: MetricsSource.MODEL });");
});

test("the seed's ServiceMonitor stays an ApiObject, the note saying why no L2 ServiceMonitor fits its Knative-mode service", () => {
  const { notes } = resultOf("the seed's ServiceMonitor beside its service");
  expect(notes).toContainEqual(expect.objectContaining({
    object: 'ServiceMonitor ml/sklearn-iris',
    message: expect.stringMatching(/the L2 ServiceMonitor cannot scrape InferenceService 'sklearn-iris': .*use a PodMonitor \(port user-port\)/),
  }));
});

test('a PrometheusRule InferenceServiceAlerts writes exactly for its converted service is that construct', () => {
  const { code } = resultOf('monitors shaped as the L2 writes them');
  expect(code).toMatch(/new InferenceServiceAlerts\(mlChart, 'iris-alerts', \{\s+target: iris,\s+latency: \{ threshold: Duration\.millis\(500\), percentile: 0\.95 \},/);
  expect(code).toContain('noTraffic: { pendingFor: Duration.seconds(1800) },');
  expect(code).toContain("severity: 'critical',");
});

test('a monitor of a service with the typed pod and scaling props is compared against the service rebuilt from that code', () => {
  const { code, notes } = resultOf('a PodMonitor of a Knative xgboost service');
  expect(code).toMatch(/new PodMonitor\(mlChart, 'vision-model', \{\s+target: vision,/);
  expect(code).toContain('autoscaling: Autoscaling.rps({ target: 5 })');
  expect(notes.filter(n => n.message.includes('JSON patch') || n.message.includes('ApiObject'))).toEqual([]);
});

test('a custom-container predictor is a CustomContainer: port, PROTOCOL and STORAGE_URI typed, the other env, resources and name as props', () => {
  const { code, notes } = resultOf('a custom-container predictor');
  expect(code).toMatch(/container: \{\s+image: 'registry\.example\.com\/custom-model:1\.4\.0',\s+port: 8080,\s+protocolVersion: ProtocolVersion\.V2,\s+storageUri: StorageUri\.gcs\('acme-models', 'custom\/3'\),\s+\}/);
  expect(code).toContain("env: { LOG_LEVEL: kplus.EnvValue.fromValue('info') },");
  expect(code).toContain("name: 'blue',");
  expect(code).toMatch(/container: \{ image: 'registry\.example\.com\/custom-model-grpc:1\.4\.0' \},\s+ports: \[\{ number: 8081, name: 'h2c', protocol: kplus\.Protocol\.TCP \}\],/);
  expect(code).not.toContain('JsonPatch');
  expect(notes.filter(n => n.message.includes('JSON patch') || n.message.includes('ApiObject'))).toEqual([]);
});

test('a transformer and an explainer of custom containers are the L2 transformer and explainer, with the shared pod props', () => {
  const { code, notes } = resultOf('a transformer in front of');
  expect(code).toMatch(/transformer: \{\s+container: \{ image: 'registry\.example\.com\/image-transformer:0\.14\.0', port: 8080 \},\s+serviceAccount: kplus\.ServiceAccount\.fromServiceAccountName\(/);
  expect(code).toContain("env: { LOG_LEVEL: kplus.EnvValue.fromValue('debug') },");
  expect(code).toContain("labels: { team: 'vision' },");
  expect(code).toMatch(/explainer: \{\s+container: \{\s+image: 'registry\.example\.com\/anchor-explainer:2\.1\.0',\s+command: \['python', '-m', 'explainer'\],\s+protocolVersion: ProtocolVersion\.V1,/);
  expect(code).not.toContain('JsonPatch');
  expect(notes).toContainEqual(expect.objectContaining({ field: 'spec.transformer.containers[0].ports', message: expect.stringContaining("protocol 'TCP'") }));
});

test('an ART explainer, a transformer the library rejects and env with STORAGE_URI after another var stay as patches, each noted', () => {
  const { code, notes } = resultOf('components kept as written');
  expect(code).toContain("container: { image: 'pytorch/torchserve:0.9.0-cpu' },");
  expect(code).toContain("collocated.apiObject.addJsonPatch(JsonPatch.add('/spec/transformer', {");
  expect(code).toContain("collocated.apiObject.addJsonPatch(JsonPatch.add('/spec/explainer', {");
  const kept = notes.filter(n => n.message.includes('JSON patch on the InferenceService')).map(n => n.field);
  expect(kept.sort()).toEqual([
    'spec.explainer',
    'spec.predictor.containers[0].env',
    'spec.predictor.containers[0].securityContext',
    'spec.predictor.containers[0].volumeMounts',
    'spec.predictor.volumes',
    'spec.transformer',
  ]);
  expect(notes).toContainEqual(expect.objectContaining({ field: 'spec.transformer', message: expect.stringContaining("'kserve/image-transformer:latest'") }));
  // The rejected container's PROTOCOL builds no code: nothing imports ProtocolVersion (the strict type check sees unused imports).
  expect(code).not.toContain('ProtocolVersion');
  expect(notes).toContainEqual(expect.objectContaining({ field: 'spec.explainer', message: expect.stringContaining('not a single kserve-container') }));
  expect(notes).toContainEqual(expect.objectContaining({ field: 'spec.predictor.containers[0].env', message: expect.stringContaining('when they lead the list') }));
});

test('storageUris become StorageMounts; a model without storageUri reads them through ModelStorage.fromStorageUris', () => {
  const { code } = resultOf('storageUris');
  expect(code).toContain('model: Model.huggingface(ModelStorage.fromStorageUris(), { protocolVersion: ProtocolVersion.V2 }),');
  expect(code).toContain("{ uri: StorageUri.gcs('ml-adapters', 'llama-3.1-8b/support-v2'), mountPath: '/mnt/models/support' },");
  expect(code).toContain("{ uri: StorageUri.gcs('ml-models', 'ranker/7'), mountPath: '/mnt/models/ranker' },");
});

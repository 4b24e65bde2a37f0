/**
 * The YAML converter's notes, errors, version detection and CLI (issue #21); the round trip is in
 * test/convert-roundtrip.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convertManifests } from '../src';

const ISVC = (annotations = '', predictor = 'sklearn: { storageUri: "gs://models-bucket/iris/1" }') => `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: iris, namespace: ml${annotations ? `, annotations: { ${annotations} }` : ''} }
spec:
  predictor:
    ${predictor}
`;

const convert = (text: string, options = {}) => convertManifests([{ file: 'in.yaml', text }], options);

describe('notes', () => {
  test('a legacy predictor field is modernised, named in a note', () => {
    const { code, notes } = convert(ISVC());
    expect(code).toContain("Model.sklearn(StorageUri.gcs('models-bucket', 'iris/1'))");
    expect(notes).toContainEqual(expect.objectContaining({
      file: 'in.yaml', object: 'InferenceService ml/iris', field: 'spec.predictor.sklearn', message: expect.stringContaining("modelFormat 'sklearn'"),
    }));
  });

  test('legacy huggingface gets protocolVersion v2, as KServe\'s defaulter gives it', () => {
    const { code } = convert(ISVC('', 'huggingface: { storageUri: "hf://acme/tiny-model" }'));
    expect(code).toContain("Model.huggingface(StorageUri.parse('hf://acme/tiny-model'), { protocolVersion: ProtocolVersion.V2 })");
  });

  test('a probe the library rejects on a transformer: one note naming the transformer\'s field, the reason and the patch', () => {
    const { code, notes } = convert(`
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: iris, namespace: ml, annotations: { serving.kserve.io/deploymentMode: Standard } }
spec:
  predictor:
    model: { modelFormat: { name: sklearn }, storageUri: gs://models-bucket/iris/1 }
  transformer:
    containers:
    - name: kserve-container
      image: registry.example.com/ml/transformer:1.0
      livenessProbe: { httpGet: { path: /live, port: 8080 }, successThreshold: 2 }
`, { version: 'v0.20' });
    const field = 'spec.transformer.containers[0].livenessProbe';
    const probeNotes = notes.filter(n => n.field === field);
    expect(probeNotes).toEqual([expect.objectContaining({
      message: `the library rejects it: ${field}.successThreshold (2) must be 1 for a liveness probe; kept as written, as a JSON patch on the InferenceService`,
    })]);
    expect(notes.map(n => n.message).join('\n')).not.toContain('spec.predictor.model.livenessProbe');
    expect(code).toContain("JsonPatch.add('/spec/transformer/containers/0/livenessProbe'");
  });

  test('a model storageUri the library rejects (a template placeholder, a scheme the release lacks) keeps the service as written', () => {
    for (const [uri, version, why] of [
      ['s3://${bucket}/models/llama', 'v0.20', "'${bucket}' is not a valid bucket name"],
      ['hf://acme/tiny-model', 'v0.13', "the 'hf://' scheme needs KServe v0.14 or later"],
    ]) {
      const { code, notes } = convert(ISVC('', `model: { modelFormat: { name: huggingface }, storageUri: "${uri}" }`), { version });
      expect(code).not.toContain('new InferenceService(');
      expect(code).toContain('new ApiObject(');
      expect(notes).toContainEqual(expect.objectContaining({
        object: 'InferenceService ml/iris', message: expect.stringContaining('the library rejects its model\'s storageUri: '),
      }));
      expect(notes.map(n => n.message).join('\n')).toContain(why);
    }
  });

  test('a format without a factory uses Model.fromFormat', () => {
    const { code } = convert(ISVC('', 'model: { modelFormat: { name: fraud-gbm }, storageUri: "s3://risk-models/gbm" }'));
    expect(code).toContain("Model.fromFormat('fraud-gbm', StorageUri.s3('risk-models', 'gbm'))");
  });

  test('an object of another kind is an ApiObject, named in a note', () => {
    const { code, notes } = convert('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: ml }\ndata: { a: "1" }\n');
    expect(code).toContain("new ApiObject(mlChart, 'configmap-settings', {");
    expect(notes).toContainEqual(expect.objectContaining({ object: 'ConfigMap ml/settings', message: expect.stringContaining('ApiObject') }));
  });

  test('a service the L2 API cannot build (a custom predictor with a sidecar) stays an ApiObject, with the reason', () => {
    const { code, notes } = convert(ISVC('', 'containers: [{ name: kserve-container, image: "registry.example.com/server:1.0.0" }, '
      + '{ name: proxy, image: "registry.example.com/proxy:2.0.0" }]'));
    expect(code).toContain("new ApiObject(mlChart, 'inferenceservice-iris', {");
    expect(notes.map(n => n.message).join('\n')).toContain('neither a model nor a single kserve-container with an image');
  });

  test('a custom predictor the library rejects (a latest image) stays an ApiObject, the library\'s error in the note', () => {
    const { code, notes } = convert(ISVC('', 'containers: [{ name: kserve-container, image: "registry.example.com/server:latest" }]'));
    expect(code).toContain("new ApiObject(mlChart, 'inferenceservice-iris', {");
    expect(notes.map(n => n.message).join('\n')).toMatch(/its custom container predictor is not converted: the library rejects .*latest/);
  });

  test('a custom predictor becomes a CustomContainer; its secure securityContext defaults are named in a note', () => {
    const { code, notes } = convert(ISVC('', 'containers: [{ name: kserve-container, image: "registry.example.com/server:1.0.0" }]'));
    expect(code).toContain("predictor: { container: { image: 'registry.example.com/server:1.0.0' } },");
    expect(code).not.toContain('JsonPatch');
    expect(notes).toContainEqual(expect.objectContaining({
      field: 'spec.predictor.containers[0].securityContext', message: expect.stringContaining("the library's secure defaults"),
    }));
  });

  test('a gRPC PROTOCOL on a custom predictor, which the library rejects, keeps the service an ApiObject', () => {
    const { code, notes } = convert(ISVC('', 'containers: [{ name: kserve-container, image: "registry.example.com/server:1.0.0", '
      + 'env: [{ name: PROTOCOL, value: grpc-v2 }] }]'));
    expect(code).toContain("new ApiObject(mlChart, 'inferenceservice-iris', {");
    expect(notes.map(n => n.message).join('\n')).toContain('is not accepted for custom predictors');
    expect(code).not.toMatch(/import .*(ProtocolVersion|InferenceService)/);
  });

  test('predictor.name is typed where the release has it and kept as a patch before', () => {
    const named = 'name: blue\n    sklearn: { storageUri: "gs://models-bucket/iris/1" }';
    expect(convert(ISVC('', named)).code).toContain("name: 'blue'");
    const old = convert(ISVC('', named), { version: 'v0.15.2' });
    expect(old.code).toContain("JsonPatch.add('/spec/predictor/name', 'blue')");
    expect(old.notes).toContainEqual(expect.objectContaining({ field: 'spec.predictor.name', message: expect.stringContaining('JSON patch') }));
  });

  test('a Secret no service uses is left out without allowPlaintextSecrets, with a TODO note', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: ml }\nstringData: { password: hunter2 }\n';
    const { code, notes } = convert(secret);
    expect(code).not.toContain('hunter2');
    expect(notes).toContainEqual(expect.objectContaining({ object: 'Secret ml/db', message: expect.stringContaining('TODO') }));
    expect(convert(secret, { allowPlaintextSecrets: true }).code).toContain('hunter2');
  });

  test('server-set fields are left out, named in a note', () => {
    const { notes } = convert(`${ISVC()}status: { url: http://iris.ml.example.com }\n`);
    expect(notes).toContainEqual(expect.objectContaining({ message: expect.stringContaining('status') }));
  });
});

const RUNTIME = (kind: string, metadata: string, container = 'image: registry.example.com/fraud/server:3.2.1') => `
apiVersion: serving.kserve.io/v1alpha1
kind: ${kind}
metadata: { ${metadata} }
spec:
  supportedModelFormats: [{ name: fraud-gbm, autoSelect: true }]
  containers: [{ name: kserve-container, ${container} }]
`;

const GRAPH = (steps: string) => `
apiVersion: serving.kserve.io/v1alpha1
kind: InferenceGraph
metadata: { name: fraud-graph, namespace: ml }
spec:
  nodes:
    root:
      routerType: Sequence
      steps: ${steps}
`;

const MODEL_WITH_RUNTIME = 'model: { modelFormat: { name: fraud-gbm }, runtime: fraud-server, storageUri: "s3://risk-models/gbm" }';

describe('runtimes', () => {
  test('a runtime named by a service is referenced by object: the namespace\'s ServingRuntime first, else the ClusterServingRuntime', () => {
    const cluster = RUNTIME('ClusterServingRuntime', 'name: fraud-server');
    const namespaced = RUNTIME('ServingRuntime', 'name: fraud-server, namespace: ml');
    expect(convert(`${ISVC('', MODEL_WITH_RUNTIME)}---${cluster}`).code).toMatch(/runtime: fraudServer[ ,}]/);
    const both = convert(`${ISVC('', MODEL_WITH_RUNTIME)}---${cluster}---${namespaced}`).code;
    expect(both).toMatch(/const fraudServer2 = new ServingRuntime\(mlChart, 'fraud-server', \{/);
    expect(both).toMatch(/runtime: fraudServer2[ ,}]/);
    expect(both).toContain("new ClusterServingRuntime(manifestsChart, 'fraud-server', {");
  });

  test('a ServingRuntime of another namespace is not the one KServe finds: the service keeps the name', () => {
    const { code } = convert(`${ISVC('', MODEL_WITH_RUNTIME)}---${RUNTIME('ServingRuntime', 'name: fraud-server, namespace: other')}`);
    expect(code).toContain("runtime: 'fraud-server'");
    expect(code).toContain("new ServingRuntime(otherChart, 'fraud-server', {");
  });

  test('runtimes come before the services that name them, whatever the input order', () => {
    const { code } = convert(`${RUNTIME('ServingRuntime', 'name: fraud-server, namespace: ml')}---${ISVC('', MODEL_WITH_RUNTIME)}`);
    const reversed = convert(`${ISVC('', MODEL_WITH_RUNTIME)}---${RUNTIME('ServingRuntime', 'name: fraud-server, namespace: ml')}`).code;
    expect(reversed.indexOf('new ServingRuntime')).toBeLessThan(reversed.indexOf('new InferenceService'));
    expect(reversed.replace(/^\/\/ Generated.*\n/, '')).toBe(code.replace(/^\/\/ Generated.*\n/, ''));
  });

  test('a runtime the L2 construct rejects stays an ApiObject, with its errors in the note', () => {
    const { code, notes } = convert(RUNTIME('ServingRuntime', 'name: fraud-server, namespace: ml',
      'image: registry.example.com/fraud/server:3.2.1, env: [{ name: PYTHONPATH, value: /opt/lib }]'), { version: 'v0.20' });
    expect(code).toContain("new ApiObject(mlChart, 'servingruntime-fraud-server', {");
    expect(notes).toContainEqual(expect.objectContaining({
      object: 'ServingRuntime ml/fraud-server', message: expect.stringContaining('the L2 ServingRuntime rejects it: container.env: setting PYTHONPATH'),
    }));
    // No note on a conversion that did not happen, no import the code does not use.
    expect(notes.map(n => n.field)).not.toContain('spec.multiModel');
    expect(code).not.toContain('KServeVersion');
  });

  test('a runtime KServe would reject beside an earlier one (the same priority for a format) stays an ApiObject, the earlier one typed', () => {
    const runtime = (name: string) => RUNTIME('ServingRuntime', `name: ${name}, namespace: ml`).replace('autoSelect: true', 'autoSelect: true, priority: 1');
    const { code, notes } = convert(`${runtime('fraud-a')}---${runtime('fraud-b')}`);
    expect(code).toContain("new ServingRuntime(mlChart, 'fraud-a', {");
    expect(code).toContain("new ApiObject(mlChart, 'servingruntime-fraud-b', {");
    expect(notes).toContainEqual(expect.objectContaining({
      object: 'ServingRuntime ml/fraud-b', message: expect.stringContaining("Same priority assigned for the model format fraud-gbm (priority 1) as ServingRuntime 'fraud-a'"),
    }));
  });

  test('an input of runtimes alone notes the release it targets', () => {
    expect(convert(RUNTIME('ClusterServingRuntime', 'name: fraud-server')).notes.map(n => n.message).join('\n'))
      .toContain('nothing in the input names a KServe release: the app targets v0.20.0');
  });

  test('a runtime without a container image, or of another apiVersion, stays an ApiObject, with the reason', () => {
    expect(convert(RUNTIME('ServingRuntime', 'name: fraud-server, namespace: ml', 'args: [serve]')).notes.map(n => n.message).join('\n'))
      .toContain('it has no container with an image');
    const v1beta1 = RUNTIME('ServingRuntime', 'name: fraud-server, namespace: ml').replace('v1alpha1', 'v1beta1');
    expect(convert(v1beta1).notes.map(n => n.message).join('\n')).toContain("apiVersion 'serving.kserve.io/v1beta1' is not serving.kserve.io/v1alpha1");
  });

  test('odd shapes from YAML (a format that is not an object, a string priority) give an ApiObject or a patch, never a TypeError', () => {
    const odd = RUNTIME('ServingRuntime', 'name: fraud-server, namespace: ml').replace('[{ name: fraud-gbm, autoSelect: true }]', '[fraud-gbm]');
    expect(convert(odd).code).toContain("new ApiObject(mlChart, 'servingruntime-fraud-server', {");
    const priority = RUNTIME('ServingRuntime', 'name: fraud-server, namespace: ml').replace('autoSelect: true', 'autoSelect: true, priority: "2"');
    expect(convert(priority).code).toContain("JsonPatch.add('/spec/supportedModelFormats/0/priority', '2')");
  });
});

describe('graphs', () => {
  test('a step naming an InferenceService not converted from the input keeps the graph an ApiObject, with the reason', () => {
    const { code, notes } = convert(GRAPH('[{ serviceName: elsewhere }]'));
    expect(code).toContain("new ApiObject(mlChart, 'inferencegraph-fraud-graph', {");
    expect(notes.map(n => n.message).join('\n')).toContain("a step targets InferenceService 'elsewhere', which is not converted from this input");
  });

  test('a step naming a converted service in another namespace is not that service', () => {
    const other = ISVC().replace('namespace: ml', 'namespace: other');
    expect(convert(`${other}---${GRAPH('[{ serviceName: iris }]')}`).code).toContain("new ApiObject(mlChart, 'inferencegraph-fraud-graph', {");
    expect(convert(`${ISVC()}---${GRAPH('[{ serviceName: iris }]')}`).code).toContain('GraphTarget.service(iris)');
  });

  test('a graph named like the service it targets is converted (the names live in different kinds)', () => {
    const graph = GRAPH('[{ serviceName: iris }]').replace('name: fraud-graph', 'name: iris');
    const { code } = convert(`${ISVC()}---${graph}`);
    expect(code).toContain("new InferenceGraph(mlChart, 'iris-2', {");
    expect(code).toContain("name: 'iris',");
    expect(code).toContain('GraphTarget.service(iris)');
  });

  test('graphs come after the services their steps target, whatever the input order', () => {
    const { code } = convert(`${GRAPH('[{ serviceName: iris }]')}---${ISVC()}`);
    expect(code.indexOf('const iris = new InferenceService')).toBeGreaterThan(0);
    expect(code.indexOf('const iris = new InferenceService')).toBeLessThan(code.indexOf('new InferenceGraph'));
  });

  test('a cycle of node targets, a step with two targets, a missing node or root, an unknown router keep an ApiObject, with the reason', () => {
    const reasons = (text: string) => convert(text).notes.map(n => n.message).join('\n');
    expect(reasons(`${GRAPH('[{ nodeName: loop }]')}    loop: { routerType: Sequence, steps: [{ nodeName: root }] }\n`))
      .toContain("its nodes target each other in a cycle through 'root'");
    expect(reasons(GRAPH('[{ serviceUrl: "http://a.ml.svc/v1", nodeName: other }]'))).toContain('has 2 targets');
    expect(reasons(GRAPH('[{ nodeName: missing }]'))).toContain("a step targets node 'missing', which spec.nodes does not have");
    expect(reasons(GRAPH('[{ serviceUrl: "http://a.ml.svc/v1" }]').replace('root:', 'start:'))).toContain('it has no root node');
    expect(reasons(GRAPH('[{ serviceUrl: "http://a.ml.svc/v1" }]').replace('Sequence', 'RoundRobin'))).toContain("node 'root' has routerType \"RoundRobin\"");
  });

  test('a graph the L2 construct rejects stays an ApiObject, with its errors in the note', () => {
    const splitter = GRAPH('[{ serviceUrl: "http://a.ml.svc/v1", weight: 60 }, { serviceUrl: "http://b.ml.svc/v1", weight: 30 }]').replace('Sequence', 'Splitter');
    const { code, notes } = convert(splitter);
    expect(code).toContain("new ApiObject(mlChart, 'inferencegraph-fraud-graph', {");
    expect(notes.map(n => n.message).join('\n')).toContain("the L2 InferenceGraph rejects it: spec.nodes.root: the weights of a Splitter's steps must sum to 100 (got 90)");
  });
});

describe('monitors', () => {
  const MONITOR = (kind: string, service: string, endpoint: string) => `
apiVersion: monitoring.coreos.com/v1
kind: ${kind}
metadata: { name: iris-metrics, namespace: ml }
spec:
  selector: { matchLabels: { serving.kserve.io/inferenceservice: ${service} } }
  ${kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints'}: [${endpoint}]
`;
  const standard = ISVC('serving.kserve.io/deploymentMode: Standard', 'model: { modelFormat: { name: sklearn }, storageUri: "gs://models-bucket/iris/1" }');

  test('a monitor unlike what the L2 writes for its service stays an ApiObject, the note naming the fields that differ', () => {
    const { code, notes } = convert(`${standard}---${MONITOR('ServiceMonitor', 'iris', '{ port: http, interval: 30s }')}`);
    expect(code).toContain("new ApiObject(mlChart, 'servicemonitor-iris-metrics', {");
    expect(notes).toContainEqual(expect.objectContaining({
      object: 'ServiceMonitor ml/iris-metrics',
      message: expect.stringContaining("it is not what the L2 ServiceMonitor writes for InferenceService 'iris' with any metrics source: "
        + 'spec.selector.matchLabels.component, spec.endpoints[0].port, spec.endpoints[0].path, spec.namespaceSelector differ from the closest'),
    }));
    // The service the monitor did not use is not declared (the app type-checks with noUnusedLocals).
    expect(code).not.toContain('const iris =');
  });

  test('a monitor of a service that is not converted, or that selects no service, stays an ApiObject, with the reason', () => {
    const reasons = (text: string) => convert(text).notes.map(n => n.message).join('\n');
    expect(reasons(MONITOR('PodMonitor', 'elsewhere', '{ port: user-port }'))).toContain("it selects InferenceService 'elsewhere', which is not converted");
    expect(reasons(MONITOR('PodMonitor', 'iris', '{ port: user-port }').replace('serving.kserve.io/inferenceservice', 'app')))
      .toContain("its selector has no 'serving.kserve.io/inferenceservice' label");
  });

  test('a monitor of a service whose code uses a Secret of the app is compared only when the service can be rebuilt', () => {
    const secretService = ISVC('serving.kserve.io/deploymentMode: Standard',
      'model: { modelFormat: { name: sklearn }, storageUri: "s3://models-bucket/iris/1", s3: { secretName: creds } }');
    expect(convert(`${secretService}---${MONITOR('ServiceMonitor', 'iris', '{ port: iris-predictor, path: /metrics }')}`).notes.map(n => n.message).join('\n'))
      .toContain("the InferenceService 'iris' cannot be rebuilt to compare: the converter cannot run 'creds'");
  });
});

describe('alerts', () => {
  const standard = ISVC('serving.kserve.io/deploymentMode: Standard', 'model: { modelFormat: { name: sklearn }, storageUri: "gs://models-bucket/iris/1" }');
  const monitor = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: { name: iris-predictor-model, namespace: ml }
spec:
  selector: { matchLabels: { serving.kserve.io/inferenceservice: iris, component: predictor } }
  namespaceSelector: { matchNames: [ml] }
  endpoints: [{ port: iris-predictor, path: /metrics }]
`;
  const rule = (group: string, alert: string, expr: string, pending = '900s') => `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: iris-alerts, namespace: ml }
spec:
  groups:
    - name: ${group}
      rules: [{ alert: ${alert}, expr: '${expr}', for: ${pending}, labels: { severity: warning }, annotations: { summary: hand-written } }]
`;
  const NO_TRAFFIC = '(sum(rate(request_predict_seconds_count{namespace="ml", model_name="iris"}[5m])) or vector(0)) == 0';
  const reasons = (...docs: string[]) => convert(docs.join('---\n')).notes.filter(n => n.object === 'PrometheusRule ml/iris-alerts').map(n => n.message).join('\n');

  test('a rule of the alerts shape that the L2 writes otherwise stays an ApiObject, the note naming the fields that differ', () => {
    expect(reasons(standard, monitor, rule('kserve.ml.iris', 'KServeIrisNoTraffic', NO_TRAFFIC)))
      .toContain("it is not what the L2 InferenceServiceAlerts writes for InferenceService 'iris': spec.groups[0].rules[0].annotations.summary, spec.groups[0].rules[0].annotations.runbook differ");
  });

  test('the L2 refuses alerts over metrics no monitor of the app scrapes: the rule stays an ApiObject, with its reason', () => {
    expect(reasons(standard, rule('kserve.ml.iris', 'KServeIrisNoTraffic', NO_TRAFFIC)))
      .toContain('the L2 InferenceServiceAlerts rejects it: KServeIrisNoTraffic use model metrics of \'iris\', but no ServiceMonitor or PodMonitor');
  });

  test('a rule of another shape, or a group naming no converted service, stays an ApiObject, with the reason', () => {
    expect(reasons(standard, monitor, rule('kserve.ml.iris', 'IrisDown', 'up == 0'))).toContain('the rule "IrisDown" is not one InferenceServiceAlerts writes');
    expect(reasons(standard, rule('kserve.ml.other', 'KServeOtherNoTraffic', NO_TRAFFIC))).toContain("its group names InferenceService 'other', which is not converted");
    expect(reasons(standard, rule('team-alerts', 'KServeIrisNoTraffic', NO_TRAFFIC))).toContain("it is not one group named 'kserve.<namespace>.<service>'");
  });
});

test("the seed's Knative annotations stay as patches, each note saying what KServe does with it and which prop to use", () => {
  const { notes } = convert(ISVC('autoscaling.knative.dev/minScale: "1", autoscaling.knative.dev/target: "10", internal.serving.kserve.io/x: y'));
  const said = (key: string) => notes.find(n => n.field === `metadata.annotations['${key}']`)?.message;
  expect(said('autoscaling.knative.dev/target')).toContain("KServe replaces it whenever scaleTarget is set; use the 'autoscaling' prop");
  expect(said('autoscaling.knative.dev/minScale')).toContain("set 'minReplicas'");
  expect(said('internal.serving.kserve.io/x')).toContain('(an annotation a typed prop or KServe manages: is internal to the KServe controller');
});

test('odd shapes of the newly typed fields are kept as written, never a crash', () => {
  const odd = [
    'scaleMetric: 5\n    scaleTarget: "10"\n    autoScaling: x',
    'scaleMetric: concurrency\n    scaleTarget: 0.5\n    annotations: { autoscaling.knative.dev/window: 1m }',
    'autoScaling: { metrics: [{ type: External, external: { metric: { backend: prometheus }, target: { type: Value, value: abc } } }] }',
    'tolerations: x\n    imagePullSecrets: [{ name: 1 }]\n    volumes: {}',
    'tolerations: [null, { operator: Exists, value: a }]\n    volumes: [{ name: a, hostPath: { path: /x } }]',
  ];
  const model = '\n    model:\n      modelFormat: { name: sklearn }\n      storageUri: gs://models-b/m\n'
    + '      env: [{ name: 1 }, { name: A, valueFrom: { secretKeyRef: { name: s } } }]\n'
    + '      readinessProbe: x\n      livenessProbe: { httpGet: { path: 1, port: http } }\n      volumeMounts: [{ name: a }]\n'
    + '      resources: { limits: { nvidia.com/gpu: {}, example.com/x: "0.5" }, requests: { nvidia.com/gpu: "2" } }';
  for (const fields of odd) {
    const { code, notes } = convert(ISVC('serving.kserve.io/deploymentMode: Standard', `${fields}${model}`));
    expect(code).toContain("new InferenceService(mlChart, 'iris', {");
    expect(notes.some(n => n.message.includes('JSON patch'))).toBe(true);
  }
});

describe('version', () => {
  test('a mode spelled Serverless targets the newest release before v0.16, noted', () => {
    const { code, notes } = convert(ISVC('serving.kserve.io/deploymentMode: Serverless'));
    expect(code).toContain("KServeVersion.of('v0.15.2')");
    expect(notes.map(n => n.message).join('\n')).toContain("spelled 'Serverless'");
  });

  test('without a signal the default release, noted; --version wins', () => {
    expect(convert(ISVC()).code).toContain("KServeVersion.of('v0.20.0')");
    expect(convert(ISVC()).notes.map(n => n.message).join('\n')).toContain('nothing in the input names a KServe release');
    expect(convert(ISVC('serving.kserve.io/deploymentMode: Serverless'), { version: 'v0.13' }).code).toContain("KServeVersion.of('v0.13.1')");
  });

  test('a mode in another release\'s spelling is respelled, noted', () => {
    const { notes } = convert(ISVC('serving.kserve.io/deploymentMode: RawDeployment'), { version: '0.20' });
    expect(notes.map(n => n.message).join('\n')).toContain("written in v0.20.0's spelling 'Standard'");
  });

  const targeted = (text: string) => {
    const { code, notes } = convert(text);
    // The header names the target release (the app passes it to every construct that takes one).
    return { release: /\(KServe (v[\d.]+)\)/.exec(code)?.[1], note: notes.find(n => n.message.includes('the app targets')) };
  };
  const predictor = (fields: string) => `sklearn: { storageUri: "gs://models-bucket/iris/1" }\n    ${fields}`;

  test('a field that exists from some release on targets the oldest release with it, noted with the field', () => {
    const uris = targeted(ISVC('', predictor('storageUris: [{ uri: "gs://models-bucket/iris/1", mountPath: /mnt/models/iris }]')));
    expect(uris.release).toBe('v0.16.0');
    expect(uris.note).toMatchObject({ field: 'spec.predictor.storageUris', message: expect.stringContaining('which exists from v0.16.0') });
    const confidential = targeted(ISVC('', 'model: { modelFormat: { name: sklearn }, storageUri: "gs://b/m", confidential: { keyUri: "x" } }'));
    expect(confidential).toMatchObject({ release: 'v0.20.0', note: { field: 'spec.predictor.model.confidential' } });
    expect(targeted(ISVC('', 'huggingface: { storageUri: "hf://acme/tiny" }')).release).toBe('v0.14.1');
    expect(targeted(ISVC('serving.kserve.io/disable-localmodel: "true"')).release).toBe('v0.14.1');
  });

  test('KEDA with a mode spelled RawDeployment targets the one release that has both, v0.15.2', () => {
    const text = ISVC('serving.kserve.io/deploymentMode: RawDeployment, serving.kserve.io/autoscalerClass: keda', predictor('autoScaling: { metrics: [] }'));
    expect(targeted(text)).toMatchObject({ release: 'v0.15.2', note: { message: expect.stringContaining('the oldest release that accepts every input object') } });
  });

  test('signals no release accepts together: the oldest release with the fields, noted', () => {
    const text = ISVC('serving.kserve.io/deploymentMode: Serverless', predictor('storageUris: [{ uri: "gs://b/m", mountPath: /mnt/models/m }]'));
    expect(targeted(text)).toMatchObject({ release: 'v0.16.0', note: { message: expect.stringContaining('which no release accepts together') } });
  });

  test('LLMInferenceService v1alpha1 / v1alpha2 and LocalModelNamespaceCache are kinds of later releases', () => {
    const llm = 'apiVersion: serving.kserve.io/v1alpha2\nkind: LLMInferenceService\nmetadata: { name: llama, namespace: ml }\nspec: {}\n';
    expect(targeted(llm).release).toBe('v0.17.1');
    expect(targeted(llm.replace('v1alpha2', 'v1alpha1')).release).toBe('v0.16.0');
    const cache = 'apiVersion: serving.kserve.io/v1alpha1\nkind: LocalModelNamespaceCache\nmetadata: { name: llama, namespace: ml }\nspec: {}\n';
    expect(targeted(cache)).toMatchObject({ release: 'v0.18.1', note: { field: 'kind' } });
    // Signals every release accepts say nothing: the default, as without any.
    expect(targeted(ISVC('serving.kserve.io/autoscalerClass: hpa')).release).toBe('v0.20.0');
  });
});

describe('errors', () => {
  test('invalid YAML names the file and line', () => {
    expect(() => convert('kind: [unclosed\n')).toThrow(/^in\.yaml(:\d+)?: not valid YAML/);
  });

  test('a document that is not a Kubernetes object, or an object without a name, is refused', () => {
    expect(() => convert('just text\n')).toThrow('in.yaml: document 1 is not a Kubernetes object');
    expect(() => convert('apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n')).toThrow('in.yaml: document 1 (ConfigMap) has no metadata.name');
  });

  test('an unsupported version lists the supported ones', () => {
    expect(() => convert(ISVC(), { version: 'v0.9' })).toThrow("version 'v0.9' is not a KServe release this library supports; supported: v0.13.1");
  });

  test('JavaScript callers get a message, never a TypeError', () => {
    expect(() => convertManifests('model.yaml' as any)).toThrow('sources must be an array of { file: string, text: string }');
    expect(() => convertManifests([{ file: 'a.yaml' }] as any)).toThrow('sources must be an array of { file: string, text: string }');
    expect(() => convertManifests([], 'v0.20' as any)).toThrow('options must be an object');
  });
});

describe('cdk8s-kserve convert (the CLI)', () => {
  const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  const cli = path.join(__dirname, '..', 'src', 'convert', 'cli.ts');
  const run = (...args: string[]) => spawnSync(tsx, [cli, ...args], { encoding: 'utf8' });

  test('converts a directory of YAML files (recursively) into main.ts and prints the notes on stderr', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-cli-'));
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(path.join(dir, 'model.yaml'), ISVC());
    fs.writeFileSync(path.join(dir, 'nested', 'config.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: ml }\n');
    fs.writeFileSync(path.join(dir, 'README.md'), 'not yaml');
    const out = path.join(dir, 'main.ts');
    const result = run('convert', dir, '--out', out, '--version', 'v0.20');
    expect(result.stderr).toContain('note: ');
    expect(result.status).toBe(0);
    const expected = convertManifests([
      { file: path.join(dir, 'model.yaml'), text: ISVC() },
      { file: path.join(dir, 'nested', 'config.yml'), text: fs.readFileSync(path.join(dir, 'nested', 'config.yml'), 'utf8') },
    ], { version: 'v0.20' });
    expect(fs.readFileSync(out, 'utf8')).toBe(expected.code);
  });

  test('writes to stdout without --out', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-cli-'));
    fs.writeFileSync(path.join(dir, 'model.yaml'), ISVC());
    const result = run('convert', path.join(dir, 'model.yaml'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('export function build(app: App): void {');
  });

  test('exits 1 with a clear message on unreadable input or bad arguments', () => {
    const missing = run('convert', '/nonexistent/models');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("cdk8s-kserve: cannot read '/nonexistent/models': no such file or directory");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-cli-'));
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'kind: [unclosed\n');
    const broken = run('convert', dir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('broken.yaml');
    expect(broken.stderr).toContain('not valid YAML');
    expect(run('convert').status).toBe(1);
    expect(run('export', dir).stderr).toContain("unknown command 'export'");
  });
});

describe('the storage Secret\'s ServiceAccount', () => {
  const service = 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: { name: iris, namespace: ml }\n'
    + 'spec:\n  predictor:\n    sklearn: { storageUri: "s3://models/iris", s3: { secretName: creds } }\n';
  const account = (extra = '') => `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: creds, namespace: ml }\nsecrets: [{ name: creds }]\n${extra}`;

  test('after the service, identical to the ModelStorageSecret\'s: left out, written once', () => {
    const { code, notes } = convertManifests([{ file: 's.yaml', text: service }, { file: 'a.yaml', text: account('automountServiceAccountToken: false\n') }]);
    expect(code).not.toContain('ApiObject');
    expect(code).toContain("ModelStorageSecret.s3(mlChart, 'creds'");
    expect(notes.filter(n => n.object === 'ServiceAccount ml/creds').map(n => n.message)).toEqual([expect.stringContaining('written once')]);
  });

  test('differing (token automounting on): kept as an ApiObject, the service runs as it, no ModelStorageSecret', () => {
    const { code } = convertManifests([{ file: 's.yaml', text: service }, { file: 'a.yaml', text: account() }]);
    expect(code).toContain("new ApiObject(mlChart, 'serviceaccount-creds'");
    expect(code).not.toContain('ModelStorageSecret');
    expect(code).toContain("kplus.ServiceAccount.fromServiceAccountName(mlChart, 'iris-service-account', 'creds')");
  });
});

describe('version: the logger fields', () => {
  const release = (logger: string) => {
    const { code, notes } = convert(ISVC('', `sklearn: { storageUri: "gs://models-bucket/iris/1" }\n    logger: ${logger}`));
    return { release: /\(KServe (v[\d.]+)\)/.exec(code)?.[1], note: notes.find(n => n.message.includes('the app targets')) };
  };

  test('metadataHeaders, metadataAnnotations, storage and batching target v0.14, v0.15, v0.16 and v0.17, noted with the field', () => {
    expect(release('{ url: "http://c.svc", metadataHeaders: [x-team] }')).toMatchObject({
      release: 'v0.14.1', note: { field: 'spec.predictor.logger.metadataHeaders', message: expect.stringContaining('which exists from v0.14.1') },
    });
    expect(release('{ url: "http://c.svc", metadataAnnotations: [team] }')).toMatchObject({
      release: 'v0.15.2', note: { field: 'spec.predictor.logger.metadataAnnotations' },
    });
    const storage = '{ url: "s3://logs", storage: { path: p, key: k, parameters: { format: json } } }';
    expect(release(storage)).toMatchObject({ release: 'v0.16.0', note: { field: 'spec.predictor.logger.storage' } });
    expect(release('{ url: "s3://logs", storage: { path: p, key: k, parameters: {} }, batchSize: 10 }')).toMatchObject({
      release: 'v0.17.1', note: { field: 'spec.predictor.logger.batchSize', message: expect.stringContaining('which exists from v0.17.1') },
    });
    expect(release('{ url: "s3://logs", storage: { path: p, key: k, parameters: {} }, marshallerUrl: "http://m.svc" }').release).toBe('v0.17.1');
  });

  test('a storage format only later agents write (parquet) targets v0.17; json on storage alone stays v0.16; mode and url say nothing', () => {
    expect(release('{ url: "s3://logs", storage: { path: p, key: k, parameters: { format: parquet } } }')).toMatchObject({
      release: 'v0.17.1', note: { field: 'spec.predictor.logger.storage.parameters.format', message: expect.stringContaining("'parquet'") },
    });
    expect(release('{ url: "s3://logs", storage: { path: p, key: k, parameters: { format: json } } }').release).toBe('v0.16.0');
    // A format no release writes is no release signal (the library's rules report it).
    expect(release('{ url: "s3://logs", storage: { path: p, key: k, parameters: { format: xml } } }').release).toBe('v0.16.0');
    expect(release('{ mode: all, url: "http://c.svc" }').release).toBe('v0.20.0');
  });
});

test('odd shapes of a logger are kept as written with a note, never a crash', () => {
  const odd = [
    'logger: { storage: x }',
    'logger: { mode: all, batchInterval: 5 }',
    'logger: { mode: all, metadataHeaders: a }',
    'logger: { mode: all, url: "s3://b", storage: { path: 1, key: k } }',
    'logger: { mode: all, url: "s3://b", storage: { path: p, key: k, parameters: {}, serviceAccountName: "" } }',
    'logger: { mode: all, url: "s3://b", storage: { path: p, key: k, parameters: { format: 1 } } }',
    'logger: { mode: all, batchSize: 2.5 }',
    'logger: []',
  ];
  for (const fields of odd) {
    const { code, notes } = convert(ISVC('', `sklearn: { storageUri: "gs://models-bucket/iris/1" }\n    ${fields}`));
    expect(code).toContain("JsonPatch.add('/spec/predictor/logger'");
    expect(notes.find(n => n.field === 'spec.predictor.logger')?.message).toContain('kept as written, as a JSON patch');
  }
});

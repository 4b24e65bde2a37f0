/**
 * Overwritten user input (issue #16): an annotation or label the user gave that a prop of the library (a rollout's
 * tagRouting, an autoscaling policy, the install's sync waves) or KServe itself writes with another value is an error
 * naming both; equal values pass. A prop nothing reads in the chosen mode or version is an error too.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Testing } from 'cdk8s';
import {
  Autoscaling, CanaryRollout, ComponentType, CrdSource, DeploymentMode, InferenceService, InferenceServiceProps, KnativeMetrics, KServeInstall,
  KServeVersion, Model, ProtocolVersion, StorageUri, TAG_ROUTING_ANNOTATION,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const model = () => Model.sklearn(StorageUri.parse('gs://models-bucket/iris/v2'));
const previous = () => Model.sklearn(StorageUri.parse('gs://models-bucket/iris/v1'));
const TRANSFORMER = { container: { image: 'registry.example.com/ml/transformer:1.0.0' } };
const VERSIONS: Array<[KServeSchemaVersion, KServeVersion]> = [['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]];

function service(props: Partial<InferenceServiceProps> = {}) {
  const { app, chart } = newChart();
  const iris = new InferenceService(chart, 'iris', { predictor: { model: model() }, ...props });
  return { app, chart, iris };
}

function isvcOf(chart: Chart): any {
  return Testing.synth(chart).find(o => o.kind === 'InferenceService');
}

describe('tagRouting against the tag-routing annotation', () => {
  test("tagRouting with the service's annotation 'false' names both", () => {
    const { app, chart, iris } = service({ annotations: { [TAG_ROUTING_ANNOTATION]: 'false' } });
    new CanaryRollout(chart, 'rollout', { service: iris, trafficPercent: 10, tagRouting: true });
    expect(synthErrors(app)).toEqual([`[test/rollout] metadata.annotations['${TAG_ROUTING_ANNOTATION}'] is 'false', but tagRouting sets it to 'true' `
      + '(the rollout writes it on the InferenceService); remove the annotation or make the two agree']);
  });

  test("tagRouting with the rolled-out component's annotation 'false': KServe would read the component's", () => {
    const { app, chart, iris } = service({ transformer: { ...TRANSFORMER, annotations: { [TAG_ROUTING_ANNOTATION]: 'false' } } });
    new CanaryRollout(chart, 'rollout', { service: iris, trafficPercent: 10, tagRouting: true, component: ComponentType.TRANSFORMER });
    expectError(app, 'test/rollout', `spec.transformer.annotations['${TAG_ROUTING_ANNOTATION}'] is 'false', but tagRouting sets it to 'true' `
      + "(on the InferenceService, and KServe prefers the component's annotations to the service's)");
  });

  test('an annotation on another component does not count', () => {
    const { app, chart, iris } = service({ transformer: { ...TRANSFORMER, annotations: { [TAG_ROUTING_ANNOTATION]: 'false' } } });
    new CanaryRollout(chart, 'rollout', { service: iris, trafficPercent: 10, tagRouting: true });
    expect(synthErrors(app)).toEqual([]);
  });

  test.each(VERSIONS)("tagRouting with the annotation already 'true' passes, written once (KServe %s)", (schema, version) => {
    const { app, chart, iris } = service({ version, annotations: { [TAG_ROUTING_ANNOTATION]: 'true' } });
    new CanaryRollout(chart, 'rollout', { service: iris, trafficPercent: 10, tagRouting: true });
    expect(synthErrors(app)).toEqual([]);
    expect(isvcOf(chart).metadata.annotations[TAG_ROUTING_ANNOTATION]).toBe('true');
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });

  test("tagRouting: false with the annotation 'true' is an error; without tagRouting the annotation is the user's choice", () => {
    const first = service({ predictor: { model: model(), annotations: { [TAG_ROUTING_ANNOTATION]: 'true' } } });
    new CanaryRollout(first.chart, 'rollout', { service: first.iris, trafficPercent: 10, tagRouting: false });
    expect(synthErrors(first.app)).toEqual([`[test/rollout] tagRouting is false, but spec.predictor.annotations['${TAG_ROUTING_ANNOTATION}'] is 'true', `
      + 'which KServe reads: tag routing would be on; remove one of them']);

    const second = service({ annotations: { [TAG_ROUTING_ANNOTATION]: 'true' } });
    new CanaryRollout(second.chart, 'rollout', { service: second.iris, trafficPercent: 10 });
    expect(synthErrors(second.app)).toEqual([]);
    expect(isvcOf(second.chart).metadata.annotations[TAG_ROUTING_ANNOTATION]).toBe('true');
  });

  test("the component's 'false' wins over the service's 'true', so tagRouting: false agrees", () => {
    const { app, chart, iris } = service({
      annotations: { [TAG_ROUTING_ANNOTATION]: 'true' },
      predictor: { model: model(), annotations: { [TAG_ROUTING_ANNOTATION]: 'false' } },
    });
    new CanaryRollout(chart, 'rollout', { service: iris, trafficPercent: 10, tagRouting: false });
    expect(synthErrors(app)).toEqual([]);
  });

  test('from JavaScript, a boolean annotation value is reported, never a TypeError', () => {
    const { app, chart, iris } = service({ annotations: { [TAG_ROUTING_ANNOTATION]: false as any } });
    new CanaryRollout(chart, 'rollout', { service: iris, trafficPercent: 10, tagRouting: true });
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', `annotations['${TAG_ROUTING_ANNOTATION}']: must be a string (got boolean false)`);
    // The value of the wrong type is left out of what is built, so it is reported once, by the type check.
    expect(errors).toHaveLength(1);
  });
});

describe('autoscaling policy annotations against the user\'s', () => {
  const KNATIVE = 'autoscaling.knative.dev/';
  const policy = Autoscaling.concurrency({
    target: 5,
    targetUtilizationPercent: 80,
    initialScale: 2,
    stableWindow: Duration.seconds(60),
    minReplicas: 0,
    scaleToZeroRetention: Duration.seconds(30),
  });
  const written: Array<[string, string]> = [
    ['target-utilization-percentage', '80'], ['initial-scale', '2'], ['window', '60s'], ['scale-to-zero-pod-retention-period', '30s'],
  ];

  test.each(written)("the component's own %s annotation with another value names the policy", (key, value) => {
    const { app } = service({ predictor: { model: model(), autoscaling: policy, annotations: { [`${KNATIVE}${key}`]: '7' } } });
    expect(synthErrors(app)).toEqual([`[test/iris] spec.predictor.annotations['${KNATIVE}${key}'] is '7', but spec.predictor.autoscaling sets it to `
      + `'${value}' (the policy writes it on the same component); remove the annotation or make the two agree`]);
  });

  test.each(written)("the InferenceService's %s annotation with another value: KServe would prefer the component's", (key, value) => {
    const { app } = service({ annotations: { [`${KNATIVE}${key}`]: '7' }, predictor: { model: model(), autoscaling: policy } });
    expectError(app, 'test/iris', `metadata.annotations['${KNATIVE}${key}'] is '7', but spec.predictor.autoscaling sets it to '${value}' `
      + "(on the component, whose annotations KServe prefers to the InferenceService's");
  });

  test("the service's value is lost even when the component's agrees with the policy", () => {
    const { app } = service({
      annotations: { [`${KNATIVE}window`]: '30s' },
      predictor: { model: model(), autoscaling: policy, annotations: { [`${KNATIVE}window`]: '60s' } },
    });
    expect(synthErrors(app)).toEqual([`[test/iris] metadata.annotations['${KNATIVE}window'] is '30s', but spec.predictor.autoscaling sets it to '60s' `
      + "(on the component, whose annotations KServe prefers to the InferenceService's: buildObjectMeta, components/*.go); "
      + 'remove the annotation or make the two agree']);
  });

  test.each(VERSIONS)('equal values pass and reach the YAML once (KServe %s)', (schema, version) => {
    const annotations = Object.fromEntries(written.map(([key, value]) => [`${KNATIVE}${key}`, value]));
    const { app, chart } = service({ version, annotations, predictor: { model: model(), autoscaling: policy, annotations } });
    expect(synthErrors(app)).toEqual([]);
    const isvc = isvcOf(chart);
    expect(isvc.spec.predictor.annotations).toEqual(annotations);
    expect(isvc.metadata.annotations).toMatchObject(annotations);
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });

  test('a service annotation reaches a component without a policy unchanged: no error', () => {
    const { app, chart } = service({
      annotations: { [`${KNATIVE}window`]: '30s' },
      predictor: { model: model(), autoscaling: Autoscaling.concurrency({ stableWindow: Duration.seconds(30) }) },
      transformer: TRANSFORMER,
    });
    expect(synthErrors(app)).toEqual([]);
    expect(isvcOf(chart).metadata.annotations[`${KNATIVE}window`]).toBe('30s');
  });
});

describe('labels KServe writes on the pods', () => {
  test("the service's 'component' label is replaced on every component's pods; the message lists them", () => {
    const { app } = service({ labels: { component: 'predictor' }, transformer: TRANSFORMER });
    expect(synthErrors(app)).toEqual(["[test/iris] metadata.labels['component'] is 'predictor', but KServe sets it on the pods to 'transformer' "
      + '(transformer), so the pods would not carry your value; remove it or use another key']);
  });

  test("a component's 'serving.kserve.io/inferenceservice' label is replaced by the service name", () => {
    const { app } = service({ predictor: { model: model(), labels: { 'serving.kserve.io/inferenceservice': 'fraud' } } });
    expect(synthErrors(app)).toEqual(["[test/iris] spec.predictor.labels['serving.kserve.io/inferenceservice'] is 'fraud', but KServe sets it to "
      + "'iris' on the predictor's pods; remove it or use another key"]);
  });

  test("Standard mode replaces 'app' with isvc.<component name>; Knative keeps the user's", () => {
    const standard = service({ deploymentMode: DeploymentMode.STANDARD, labels: { app: 'iris' }, predictor: { model: model(), maxReplicas: 3 } });
    expectError(standard.app, 'test/iris', "metadata.labels['app'] is 'iris', but KServe sets it on the pods to 'isvc.iris-predictor' (predictor)");
    const named = service({ deploymentMode: DeploymentMode.STANDARD, predictor: { model: model(), maxReplicas: 3, name: 'v2', labels: { app: 'iris' } } });
    expectError(named.app, 'test/iris', "spec.predictor.labels['app'] is 'iris', but KServe sets it to 'isvc.iris-v2-predictor'");
    expect(synthErrors(service({ labels: { app: 'iris' } }).app)).toEqual([]);
  });

  test.each(VERSIONS)('the values KServe would write anyway pass (KServe %s)', (schema, version) => {
    const { app, chart } = service({
      version,
      deploymentMode: DeploymentMode.STANDARD,
      labels: { 'serving.kserve.io/inferenceservice': 'iris', 'team': 'ml' },
      predictor: { model: model(), maxReplicas: 3, labels: { component: 'predictor', app: 'isvc.iris-predictor' } },
    });
    expect(synthErrors(app)).toEqual([]);
    expect(isvcOf(chart).spec.predictor.labels).toEqual({ component: 'predictor', app: 'isvc.iris-predictor' });
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });

  test('from JavaScript, a number label value is reported, never a TypeError', () => {
    const errors = synthErrors(service({ predictor: { model: model(), labels: { component: 7 as any } } }).app);
    expectError(errors, 'test/iris', "predictor.labels['component']: must be a string (got number 7)");
    expect(errors).toHaveLength(1);
  });
});

describe('props nothing reads in the chosen mode or version', () => {
  const STANDARD = { deploymentMode: DeploymentMode.STANDARD };

  test('containerConcurrency in Standard mode (only Knative revisions read it)', () => {
    const { app } = service({ ...STANDARD, predictor: { model: model(), maxReplicas: 3 }, transformer: { ...TRANSFORMER, containerConcurrency: 4 } });
    expect(synthErrors(app)).toEqual(["[test/iris] spec.transformer.containerConcurrency (4) has no effect in 'Standard' mode: only Knative revisions "
      + 'limit concurrent requests; remove it, or use DeploymentMode.KNATIVE']);
  });

  test.each(VERSIONS)('containerConcurrency in Knative mode is written (KServe %s)', (schema, version) => {
    const { app, chart } = service({ version, predictor: { model: model(), containerConcurrency: 4 } });
    expect(synthErrors(app)).toEqual([]);
    expect(isvcOf(chart).spec.predictor.containerConcurrency).toBe(4);
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });

  test('timeout in RawDeployment mode on v0.13 (only Knative revisions read it there)', () => {
    const { app } = service({
      ...STANDARD, version: KServeVersion.V0_13, predictor: { model: model(), maxReplicas: 3, timeout: Duration.seconds(30) },
    });
    expect(synthErrors(app)).toEqual(["[test/iris] spec.predictor.timeout has no effect in 'RawDeployment' mode on KServe v0.13.1: only Knative "
      + 'revisions apply it (from KServe v0.15 also on Gateway API routes); remove it, or use DeploymentMode.KNATIVE']);
  });

  test.each<[string, Partial<InferenceServiceProps>, KServeSchemaVersion]>([
    ['Standard mode on v0.20 (Gateway API routes)', { ...STANDARD, version: KServeVersion.V0_20 }, 'v0.20.0'],
    ['Knative mode on v0.13', { version: KServeVersion.V0_13 }, 'v0.13.1'],
  ])('timeout is written in %s', (_, props, schema) => {
    const { app, chart } = service({ ...props, predictor: { model: model(), maxReplicas: 3, timeout: Duration.seconds(30) } });
    expect(synthErrors(app)).toEqual([]);
    expect(isvcOf(chart).spec.predictor.timeout).toBe(30);
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });

  test('metrics.knative in Standard mode (it describes the queue-proxy, which Standard mode does not run)', () => {
    const { app } = service({
      ...STANDARD, metrics: { knative: KnativeMetrics.defaultFor(KServeVersion.V0_20) }, predictor: { model: model(), maxReplicas: 3 },
    });
    expect(synthErrors(app)).toEqual(["[test/iris] metrics.knative has no effect in 'Standard' mode: it describes Knative's queue-proxy, "
      + 'which that mode does not run; remove it']);
  });

  test('previousModel in Standard mode: the stable model is the service\'s own', () => {
    const { app, chart, iris } = service({ ...STANDARD, predictor: { model: previous(), autoscaling: Autoscaling.cpu({ maxReplicas: 3 }) } });
    new CanaryRollout(chart, 'rollout', { service: iris, trafficPercent: 10, candidate: model(), previousModel: previous() });
    expect(synthErrors(app)).toEqual(["[test/rollout] previousModel has no effect in Standard mode: the InferenceService's own model is the stable "
      + "one and 'candidate' the new one; remove previousModel"]);
  });

  test('previousModel in Knative mode is read (and passes when it differs)', () => {
    const { app, chart, iris } = service();
    new CanaryRollout(chart, 'rollout', { service: iris, trafficPercent: 10, previousModel: previous() });
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart));
  });
});

describe('the install\'s Argo CD sync waves', () => {
  const runtime = (annotations?: Record<string, string>) => ({
    annotations,
    supportedModelFormats: [{ name: 'custom', version: '1', autoSelect: true, priority: 1 }],
    protocolVersions: [ProtocolVersion.V1],
    container: { image: 'registry.example.com/custom-server:1.0.0' },
  });

  function install(props: { argoCdSyncWaves: boolean; crds?: CrdSource }, wave?: string) {
    const app = Testing.app();
    const kserve = new KServeInstall(app, 'kserve', { ...props, standardRuntimes: false });
    kserve.addRuntime('custom', runtime(wave === undefined ? undefined : { 'argocd.argoproj.io/sync-wave': wave }));
    return { app, kserve };
  }

  test("a runtime's own sync wave that differs is an error", () => {
    expect(synthErrors(install({ argoCdSyncWaves: true }, '5').app)).toEqual(["[kserve] addRuntime('custom'): annotations['argocd.argoproj.io/sync-wave'] "
      + "is '5', but argoCdSyncWaves sets it to '0' (the install orders what Argo CD applies by wave); remove the annotation or make the two agree"]);
  });

  test("the same wave passes; without argoCdSyncWaves the runtime's wave is written as given", () => {
    const same = install({ argoCdSyncWaves: true }, '0');
    expect(synthErrors(same.app)).toEqual([]);
    const own = install({ argoCdSyncWaves: false }, '5');
    expect(synthErrors(own.app)).toEqual([]);
    const written = Testing.synth(own.kserve.runtimes).find(o => o.kind === 'ClusterServingRuntime');
    expect(written.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('5');
  });

  test("a CRD file's own sync wave that differs is an error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waves-'));
    const file = path.join(dir, 'crds.yaml');
    fs.writeFileSync(file, ['apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'metadata:', '  name: widgets.example.com',
      '  annotations:', "    argocd.argoproj.io/sync-wave: '-5'", 'spec: {}', ''].join('\n'));
    const { app } = install({ argoCdSyncWaves: true, crds: CrdSource.fromFile(file) });
    expectError(app as App, 'kserve', "crds: CustomResourceDefinition 'widgets.example.com' metadata.annotations['argocd.argoproj.io/sync-wave'] is '-5', "
      + "but argoCdSyncWaves sets it to '-2'");
    fs.rmSync(dir, { recursive: true });
  });
});

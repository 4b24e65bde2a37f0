/**
 * Property (issue #20): for every supported KServe release, a generated stack either synthesizes objects that are
 * valid against THAT release's CRD schemas, or fails at synth with one error per feature the release lacks, each
 * naming the first release that has it. Never schema-invalid output, never another error.
 */
import { Duration, Testing } from 'cdk8s';
import { Cpu, Probe, TaintEffect } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  Autoscaling, DeploymentMode, GraphNode, GraphTarget, InferenceGraph, InferenceService, KedaMetric, KServeVersion, Model, ModelStorage,
  PredictorOptions, StorageUri, Toleration,
} from '../src';
import { newChart, synthErrors } from './util/harness';
import { expectValidObjects, schemaVersionOf } from './util/schema-validator';

// Seeded so a failure is reproducible: rerun with the seed and path fast-check prints.
const runs = (numRuns: number) => ({ seed: 20261202, numRuns });

/** A generated choice: what it adds to the predictor, and which releases have it (a named fact, never a version). */
interface Feature {
  readonly name: string;
  /** The start of the error on a release without it; the message goes on with needsRelease's text. */
  readonly field: string;
  readonly has: (version: KServeVersion) => boolean;
  readonly predictor: Partial<PredictorOptions>;
}

const IRIS = StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model');
const always = () => true;

/** Where the model comes from. */
const STORAGE: Feature[] = [
  { name: 'gs://', field: '', has: always, predictor: { model: Model.sklearn(IRIS) } },
  { name: 'pvc://', field: '', has: always, predictor: { model: Model.sklearn(StorageUri.pvc('models', 'sklearn/iris')) } },
  {
    name: 'hf://',
    field: "spec.predictor.model: storageUri 'hf://acme/iris': the 'hf://' scheme",
    has: v => v._facts.storageSchemes.includes('hf'),
    predictor: { model: Model.huggingface(StorageUri.huggingFace('acme/iris')) },
  },
  {
    name: 'oci+native://',
    field: "spec.predictor.model: storageUri 'oci+native://ghcr.io/acme/iris:1': the 'oci+native://' scheme",
    has: v => v._facts.storageSchemes.includes('oci+native'),
    predictor: { model: Model.sklearn(StorageUri.ociNative('ghcr.io/acme/iris:1')) },
  },
  {
    name: 'storageUris',
    field: 'spec.predictor.storageUris',
    has: v => v._facts.storageUris,
    predictor: { model: Model.sklearn(ModelStorage.fromStorageUris()), storageUris: [{ uri: IRIS }] },
  },
];

/** Features of Knative mode, decided by the Knative Serving the release installs. */
const KNATIVE: Feature[] = [
  {
    name: 'startupProbe',
    field: 'spec.predictor.startupProbe in Knative mode',
    has: v => v._facts.knativeStartupProbe,
    predictor: { startupProbe: Probe.fromHttpGet('/ready', { port: 8080 }) },
  },
  {
    name: 'privileged: false',
    field: 'spec.predictor.securityContext.privileged false in Knative mode',
    has: v => v._facts.knativePrivilegedFalse,
    predictor: { securityContext: { privileged: false } },
  },
  { name: 'hostIPC', field: 'spec.predictor.hostIPC true in Knative mode', has: v => v._facts.knativeHostIPC, predictor: { hostIPC: true } },
];

/** Features of Standard mode. */
const STANDARD: Feature[] = [
  {
    name: 'podResources',
    field: 'spec.predictor.podResources',
    has: v => v._facts.podResources,
    predictor: { resources: { cpu: { request: Cpu.units(1) } }, podResources: { cpu: { request: Cpu.units(2) } } },
  },
  {
    name: 'extraContainers',
    field: 'spec.predictor.extraContainers next to a predictor model',
    has: v => v._facts.modelWithContainers,
    predictor: { extraContainers: [{ name: 'proxy', image: 'ghcr.io/acme/proxy:1.0' }] },
  },
  { name: 'predictor name', field: 'spec.predictor.name', has: v => v._facts.predictorName, predictor: { name: 'v2' } },
];

/** How a Standard-mode predictor scales (one at most). */
const SCALING: Feature[] = [
  {
    name: 'cpu',
    field: '',
    has: always,
    predictor: { autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 70, minReplicas: 1, maxReplicas: 3 }) },
  },
  {
    name: 'fixed',
    field: "spec.predictor.autoscaling: the 'none' autoscaler class",
    has: v => v._facts.autoscalerClasses.includes('none'),
    predictor: { autoscaling: Autoscaling.fixed(2) },
  },
  {
    name: 'keda',
    field: "spec.predictor.autoscaling: the 'keda' autoscaler class",
    has: v => v._facts.autoscalerClasses.includes('keda'),
    predictor: { autoscaling: Autoscaling.keda({ metrics: [KedaMetric.cpu(70)], minReplicas: 1, maxReplicas: 3 }) },
  },
];

/** InferenceGraph placement fields (fact inferenceGraphFields). */
const GRAPH_FIELDS = {
  nodeSelector: { nodeSelector: { pool: 'cpu' } },
  serviceAccountName: { serviceAccountName: 'router' },
  tolerations: { tolerations: [Toleration.equal('dedicated', 'ml', { effect: TaintEffect.NO_SCHEDULE })] },
  routerTimeouts: { routerTimeouts: { serverRead: Duration.seconds(30) } },
} as const;
type GraphField = keyof typeof GRAPH_FIELDS;

const stack = fc.record({
  version: fc.constantFrom(...KServeVersion.all()),
  standard: fc.boolean(),
  storage: fc.constantFrom(...STORAGE),
  knative: fc.subarray(KNATIVE),
  standardFeatures: fc.subarray(STANDARD),
  scaling: fc.option(fc.constantFrom(...SCALING), { nil: undefined }),
  graph: fc.option(fc.subarray(Object.keys(GRAPH_FIELDS) as GraphField[]), { nil: undefined }),
});

/** `needs KServe v0.15 or later (target is v0.14.1)`, computed here from the facts, independently of src/private/releases.ts. */
function needs(has: (v: KServeVersion) => boolean, target: KServeVersion): string {
  const first = KServeVersion.all().find(has)!;
  return `needs KServe v${first.major}.${first.minor} or later (target is ${target.name})`;
}

test('every generated stack is valid for its release, or names the first release of each feature it lacks', () => {
  fc.assert(fc.property(stack, (s) => {
    const features = [s.storage, ...(s.standard ? [...s.standardFeatures, ...(s.scaling ? [s.scaling] : [])] : s.knative)];
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', {
      version: s.version,
      deploymentMode: s.standard ? DeploymentMode.STANDARD : DeploymentMode.KNATIVE,
      predictor: Object.assign({}, ...features.map(f => f.predictor)) as PredictorOptions,
    });
    if (s.graph) {
      new InferenceGraph(chart, 'graph', {
        version: s.version,
        root: GraphNode.sequence('root', [{ target: GraphTarget.url('http://iris.ml.svc.cluster.local/v1/models/iris:predict') }]),
        ...Object.assign({}, ...s.graph.map(f => GRAPH_FIELDS[f])),
      });
    }
    const expected = [
      ...features.filter(f => !f.has(s.version)).map(f => `[test/iris] ${f.field} ${needs(f.has, s.version)}`),
      ...(s.graph ?? []).filter(f => !s.version._facts.inferenceGraphFields.includes(f))
        .map(f => `[test/graph] spec.${f} ${needs(v => v._facts.inferenceGraphFields.includes(f), s.version)}`),
    ];
    const errors = synthErrors(app);
    if (expected.length === 0) {
      expect(errors).toEqual([]);
      expectValidObjects(Testing.synth(chart), { kserveVersion: schemaVersionOf(s.version) });
    } else {
      // One error per missing feature, each starting with the field and naming the first release (messages may go on).
      expect(errors).toHaveLength(expected.length);
      for (const line of expected) expect(errors.filter(e => e.startsWith(line))).toHaveLength(1);
    }
  }), runs(120));
});

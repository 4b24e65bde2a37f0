/**
 * Issue #16: nothing is written unless the whole app validates, and nothing throws after validation.
 *
 * cdk8s validates the app, then renders and writes one chart at a time, so an object that throws while a later chart
 * renders would leave the earlier charts' files behind. Each construct renders its objects while it validates and
 * reports a throw as an error; a check that crashes is an error on its construct, and the other constructs' errors are
 * still collected. The render made for the check is the one written, so the output is unchanged.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Lazy, Testing, YamlOutputType } from 'cdk8s';
import {
  CanaryRollout, DeploymentMode, GraphNode, GraphTarget, InferenceGraph, InferenceService, KServeInstall, KServeVersion, Model,
  ModelStorageSecret, SecretSource, StorageUri, Toleration,
} from '../src';
import { expectError, newChart, synthErrors, VALIDATION_FAILED } from './util/harness';
import { expectValidObjects } from './util/schema-validator';
import { EmittedObject } from '../src/private/emitted-object';

const IRIS = StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model');
const IRIS_V2 = StorageUri.parse('gs://kfserving-examples/models/sklearn/2.0/model');

/** A chart `id` holding one InferenceService `iris` named `iris-<id>` (one name per app: some output types write one file). */
function serviceChart(app: App, id: string): InferenceService {
  const chart = new Chart(app, id, { namespace: 'ml' });
  return new InferenceService(chart, 'iris', { name: `iris-${id}`, predictor: { model: Model.sklearn(IRIS) } });
}

/** Runs `app.synth()` into a fresh directory; returns the validation error lines and the files left there. */
function synthToDisk(build: (app: App) => void, yamlOutputType?: YamlOutputType): { errors: string[]; written: string[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-partial-output-'));
  try {
    const app = new App({ outdir, yamlOutputType });
    build(app);
    let errors: string[] = [];
    try {
      app.synth();
    } catch (e) {
      const [head, ...lines] = (e as Error).message.split('\n');
      if (head !== VALIDATION_FAILED) throw e;
      errors = lines.map(l => l.trim());
    }
    return { errors, written: fs.readdirSync(outdir, { recursive: true }) as string[] };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Three charts; only the last one's service has a JSON patch whose parent path does not exist. */
function brokenLate(app: App): void {
  serviceChart(app, 'first');
  serviceChart(app, 'second');
  serviceChart(app, 'third').apiObject.addJsonPatch(JsonPatch.add('/spec/predictor/nodeSelector/pool', 'gpu'));
}

describe('a value that breaks only when written is a synth error, and nothing is written', () => {
  test.each([
    ['one file per chart', YamlOutputType.FILE_PER_CHART],
    ['one file per app', YamlOutputType.FILE_PER_APP],
    ['one file per resource', YamlOutputType.FILE_PER_RESOURCE],
    ['one folder per chart', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
  ])('a JSON patch of the last chart with a path that does not exist (%s)', (_name, type) => {
    const { errors, written } = synthToDisk(brokenLate, type);
    expect(errors).toEqual(["[third/iris] apiObject (InferenceService 'iris-third') cannot be written: JSON patch 1 of 1 "
      + "(add '/spec/predictor/nodeSelector/pool') cannot be applied: '/spec/predictor/nodeSelector' does not exist in the object "
      + '(add it first, or fix the path)']);
    expect(written).toEqual([]);
  });

  test('the same app without the bad patch writes every chart', () => {
    const { errors, written } = synthToDisk(app => {
      serviceChart(app, 'first');
      serviceChart(app, 'second');
      serviceChart(app, 'third').apiObject.addJsonPatch(JsonPatch.add('/spec/predictor/nodeSelector', { pool: 'gpu' }));
    });
    expect(errors).toEqual([]);
    expect(written.sort()).toEqual(['first.k8s.yaml', 'second.k8s.yaml', 'third.k8s.yaml']);
  });

  test('the failing patch is named among several, by its position', () => {
    const { errors } = synthToDisk(app => {
      serviceChart(app, 'only').apiObject.addJsonPatch(
        JsonPatch.add('/spec/predictor/minReplicas', 2),
        JsonPatch.test('/spec/predictor/minReplicas', 3),
      );
    });
    expectError(errors, 'only/iris', "JSON patch 2 of 2 (test '/spec/predictor/minReplicas') cannot be applied: the value at '/spec/predictor/minReplicas' is 2, not 3");
  });

  test('a Lazy in the metadata that throws', () => {
    const { errors, written } = synthToDisk(app => {
      serviceChart(app, 'first');
      serviceChart(app, 'second').apiObject.metadata.addLabel('team', Lazy.any({ produce: () => { throw new Error('no team configured'); } }) as any);
    });
    expect(errors).toEqual(["[second/iris] apiObject (InferenceService 'iris-second') cannot be written: no team configured"]);
    expect(written).toEqual([]);
  });

  test('a render helper that meets a value it did not expect (the spec is rendered at synth)', () => {
    // Stands for any rendering bug: the model renders inside the service's spec, which is produced at write time.
    const render = jest.spyOn(Model.prototype, '_render').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'name')");
    });
    try {
      const { errors, written } = synthToDisk(app => {
        new Chart(app, 'first', { namespace: 'ml' });
        serviceChart(app, 'second');
      });
      expect(errors).toEqual(["[second/iris] apiObject (InferenceService 'iris-second') cannot be written: TypeError: Cannot read properties of "
        + "undefined (reading 'name')"]);
      expect(written).toEqual([]);
    } finally {
      render.mockRestore();
    }
  });

  test('an object that is not the construct\'s apiObject is named by its property', () => {
    const { chart, app } = newChart();
    const creds = ModelStorageSecret.gcs(chart, 'creds', { name: 'gcs-creds', source: SecretSource.externalSecret({ store: 'gcp-sm', remoteKey: 'key' }) });
    creds.serviceAccountApiObject!.addJsonPatch(JsonPatch.add('/imagePullSecrets/0/name', 'registry'));
    expectError(app, 'test/creds', "serviceAccountApiObject (ServiceAccount 'gcs-creds') cannot be written: JSON patch 1 of 1 "
      + "(add '/imagePullSecrets/0/name') cannot be applied: '/imagePullSecrets/0' does not exist");
  });

  test('an object of a construct nested in another is reported once, on the construct that owns it', () => {
    const app = Testing.app();
    const install = new KServeInstall(app, 'kserve');
    const [runtime] = install.clusterServingRuntimes;
    runtime.apiObject.addJsonPatch(JsonPatch.add('/spec/missing/field', 1));
    install.controllerDeployment.addJsonPatch(JsonPatch.add('/spec/missing/field', 1));
    const errors = synthErrors(app);
    expectError(errors, runtime.node.path, `apiObject (ClusterServingRuntime '${runtime.name}') cannot be written: JSON patch 1 of 1`);
    expectError(errors, 'kserve', "controllerDeployment (Deployment 'kserve-controller-manager') cannot be written: JSON patch 1 of 1");
    expect(errors).toHaveLength(2);
  });

  test('a construct with errors of its own is not rendered: its errors are the ones shown', () => {
    const { app, chart } = newChart();
    const service = new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(IRIS), minReplicas: -1 } });
    service.apiObject.addJsonPatch(JsonPatch.add('/spec/missing/field', 1));
    expect(synthErrors(app)).toEqual(['[test/iris] spec.predictor.minReplicas (-1) must be a whole number >= 0']);
  });
});

describe('a check that crashes is reported on its construct; the other errors are still collected', () => {
  test('a crash in the check of one field names the field; the other constructs\' errors are still listed', () => {
    // Stands for a value of an unexpected type (from JavaScript) that a value object's check does not expect.
    const validate = jest.spyOn(Model.prototype, '_validate').mockImplementation(() => {
      throw new TypeError('model.storage is undefined');
    });
    try {
      const { app, chart } = newChart();
      new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(IRIS) } });
      new InferenceGraph(chart, 'graph', { root: GraphNode.sequence('start', [{ target: GraphTarget.url('http://example.com') }]) });
      expect(synthErrors(app)).toEqual([
        '[test/iris] spec.predictor.model: the check failed on this value (TypeError: model.storage is undefined); '
          + 'give a value of the documented type',
        "[test/graph] the root node is named 'start'; KServe needs the entry node to be named 'root'",
      ]);
    } finally {
      validate.mockRestore();
    }
  });

  test('a crash anywhere else in a construct\'s checks is one error on that construct', () => {
    const validate = jest.spyOn(Toleration.prototype, '_validate').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'length')");
    });
    try {
      const { app, chart } = newChart();
      new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(IRIS), tolerations: [Toleration.exists('gpu')] } });
      new InferenceService(chart, 'other', { predictor: { model: Model.sklearn(IRIS), minReplicas: -1 } });
      expect(synthErrors(app)).toEqual([
        "[test/iris] the checks failed on an unexpected value (TypeError: Cannot read properties of undefined (reading 'length')), "
          + 'so other errors of this construct may be missing; give each prop a value of its documented type',
        '[test/other] spec.predictor.minReplicas (-1) must be a whole number >= 0',
      ]);
    } finally {
      validate.mockRestore();
    }
  });
});

describe('a second CanaryRollout of one service is a synth error, not a throw at construction', () => {
  test.each([
    ['Knative', { deploymentMode: DeploymentMode.KNATIVE }, {}],
    ['Standard', { deploymentMode: DeploymentMode.STANDARD, version: KServeVersion.V0_20 }, { candidate: Model.sklearn(IRIS_V2) }],
  ])('%s mode: the second rollout is reported, the first keeps the service, and other errors are still listed', (_mode, service, rollout) => {
    const { app, chart } = newChart();
    const isvc = new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(IRIS) }, ...service });
    const first = new CanaryRollout(chart, 'first', { service: isvc, trafficPercent: 10, ...rollout });
    new CanaryRollout(chart, 'second', { service: isvc, trafficPercent: 150, ...rollout });
    expect(CanaryRollout.of(isvc)).toBe(first);
    const errors = synthErrors(app);
    expectError(errors, 'test/second', "service: InferenceService 'test/iris' already has the CanaryRollout 'test/first'; "
      + 'one rollout describes all its traffic: remove one of them');
    expectError(errors, 'test/second', 'trafficPercent (150) must be a whole percentage between 0 and 100');
    expect(errors).toHaveLength(2);
  });

  test('with one rollout left, the service renders it (the second never reached the spec)', () => {
    const { app, chart } = newChart();
    const isvc = new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(IRIS) } });
    new CanaryRollout(chart, 'first', { service: isvc, trafficPercent: 10 });
    expect(synthErrors(app)).toEqual([]);
    expect(Testing.synth(chart)[0].spec.predictor.canaryTrafficPercent).toBe(10);
  });
});

describe('the render made for the check is the one written', () => {
  test('each object renders once per synth, and the output is the same as without the check', () => {
    // The library's objects are EmittedObjects (src/private/emitted-object.ts), which render in their own toJson().
    const toJson = jest.spyOn(EmittedObject.prototype, 'toJson');
    try {
      const app = Testing.app();
      const isvc = serviceChart(app, 'first');
      new CanaryRollout(isvc, 'rollout', { service: isvc, trafficPercent: 10 });
      serviceChart(app, 'second');
      const yaml = app.synthYaml();
      expect(toJson).toHaveBeenCalledTimes(2);
      expect(yaml).toContain('canaryTrafficPercent: 10');
    } finally {
      toJson.mockRestore();
    }
  });

  test('the output validates against the KServe schema', () => {
    const app = Testing.app();
    const isvc = serviceChart(app, 'first');
    isvc.apiObject.addJsonPatch(JsonPatch.add('/spec/predictor/nodeSelector', { pool: 'gpu' }));
    const objects = Testing.synth(isvc.node.scope as Chart);
    expect(objects[0].spec.predictor.nodeSelector).toEqual({ pool: 'gpu' });
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('changes made after a synth still reach the next one (JSON patches, each metadata change, a rollout added later)', () => {
    const app = Testing.app();
    const first = serviceChart(app, 'first');
    const second = serviceChart(app, 'second');
    // Validation renders both charts' objects; only the first chart is written.
    expect(Testing.synth(first.node.scope as Chart)).toHaveLength(1);
    second.apiObject.addJsonPatch(JsonPatch.add('/spec/predictor/nodeSelector', { pool: 'gpu' }));
    second.apiObject.metadata.addLabel('team', 'vision');
    const [written] = Testing.synth(second.node.scope as Chart);
    expect(written.spec.predictor.nodeSelector).toEqual({ pool: 'gpu' });
    expect(written.metadata.labels).toEqual({ team: 'vision' });
    // Each public way to change the metadata is seen, one at a time.
    const changes: Array<[string, (o: ApiObject) => void, (json: any) => unknown, unknown]> = [
      ['addAnnotation', o => o.metadata.addAnnotation('owner', 'ml-team'), json => json.metadata.annotations.owner, 'ml-team'],
      ['addFinalizers', o => o.metadata.addFinalizers('example.com/keep'), json => json.metadata.finalizers, ['example.com/keep']],
      ['addOwnerReference', o => o.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '1' }),
        json => json.metadata.ownerReferences[0].name, 'owner'],
      ['add', o => o.metadata.add('generateName', 'iris-'), json => json.metadata.generateName, 'iris-'],
    ];
    for (const [method, change, read, expected] of changes) {
      const [kept, changed] = [serviceChart(app, `kept-${method.toLowerCase()}`), serviceChart(app, `changed-${method.toLowerCase()}`)];
      expect(Testing.synth(kept.node.scope as Chart)).toHaveLength(1);
      change(changed.apiObject);
      expect(read(Testing.synth(changed.node.scope as Chart)[0])).toEqual(expected);
    }

    const third = serviceChart(app, 'third');
    const fourth = serviceChart(app, 'fourth');
    expect(Testing.synth(third.node.scope as Chart)).toHaveLength(1);
    new CanaryRollout(fourth, 'rollout', { service: fourth, trafficPercent: 20 });
    expect(Testing.synth(fourth.node.scope as Chart)[0].spec.predictor.canaryTrafficPercent).toBe(20);
  });

  test('two synths of the same app write the same YAML', () => {
    const app = Testing.app();
    serviceChart(app, 'first');
    serviceChart(app, 'second').apiObject.addJsonPatch(JsonPatch.add('/spec/predictor/nodeSelector', { pool: 'gpu' }));
    expect(app.synthYaml()).toEqual(app.synthYaml());
  });
});

import { App, Chart, Testing } from 'cdk8s';
import { InferenceService, KServeVersion, Model, ModelOptions, ProtocolVersion, StorageUri } from '../src';
import { synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const ID = 'model-test';
const VERSIONS: Array<[KServeVersion, KServeSchemaVersion]> = [
  [KServeVersion.V0_13, 'v0.13.1'],
  [KServeVersion.V0_20, 'v0.20.0'],
];

interface Rendered {
  readonly app: App;
  readonly chart: Chart;
  readonly isvc: InferenceService;
}

function render(model: Model, version: KServeVersion = KServeVersion.V0_20, name?: string): Rendered {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  const isvc = new InferenceService(chart, ID, { name, version, predictor: { model } });
  return { app, chart, isvc };
}

/** Synthesizes with construct validation (as `cdk8s synth` does) and returns the objects. */
function synth(model: Model, version: KServeVersion = KServeVersion.V0_20): any[] {
  const { app, chart } = render(model, version);
  app.synthYaml();
  return Testing.synth(chart);
}

/** The rendered `spec.predictor.model`. */
function renderedModel(model: Model, version: KServeVersion = KServeVersion.V0_20): any {
  const objects = synth(model, version);
  expect(objects).toHaveLength(1);
  return objects[0].spec.predictor.model;
}

/** The validation error lines synth reports, or [] when synth succeeds. */
function modelErrors(model: Model, version: KServeVersion = KServeVersion.V0_20): string[] {
  return synthErrors(render(model, version).app);
}

/** Asserts synth fails with exactly one error, on the model, containing every fragment. */
function expectModelError(model: Model, version: KServeVersion, ...fragments: string[]) {
  const errors = modelErrors(model, version);
  expect(errors).toHaveLength(1);
  expect(errors[0].startsWith(`[test/${ID}] spec.predictor.model: `)).toBe(true);
  for (const fragment of fragments) {
    expect(errors[0]).toContain(fragment);
  }
}

type Factory = (storageUri: StorageUri, options?: ModelOptions) => Model;

interface FactoryCase {
  readonly factory: string;
  readonly create: Factory;
  readonly format: string;
  readonly storage: StorageUri;
  /** The protocol emitted when none is given. */
  readonly defaultProtocol?: string;
  /** A protocol to pass explicitly (one the format's standard runtimes serve). */
  readonly protocol: ProtocolVersion;
}

function factoryCase(
  factory: string, format: string, create: Factory, storage: StorageUri, protocol: ProtocolVersion, defaultProtocol?: string,
): FactoryCase {
  return { factory, format, create, storage, protocol, defaultProtocol };
}

const FACTORIES: FactoryCase[] = [
  factoryCase('sklearn', 'sklearn', Model.sklearn, StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model'), ProtocolVersion.V2),
  factoryCase('xgboost', 'xgboost', Model.xgboost, StorageUri.s3('models', 'xgboost/iris/model.bst'), ProtocolVersion.V1),
  factoryCase('tensorflow', 'tensorflow', Model.tensorflow, StorageUri.gcs('kfserving-examples', 'models/tensorflow/flowers'),
    ProtocolVersion.GRPC_V1),
  factoryCase('pytorch', 'pytorch', Model.pytorch, StorageUri.gcs('kfserving-examples', 'models/torchserve/image_classifier/v1'),
    ProtocolVersion.GRPC_V2),
  factoryCase('onnx', 'onnx', Model.onnx, StorageUri.azureBlob('mystorage', 'models', 'onnx/style/model.onnx'), ProtocolVersion.GRPC_V2, 'v2'),
  factoryCase('triton', 'triton', Model.triton, StorageUri.gcs('kfserving-examples', 'models/torchscript'), ProtocolVersion.GRPC_V2, 'v2'),
  factoryCase('lightgbm', 'lightgbm', Model.lightgbm, StorageUri.pvc('model-store', 'lightgbm/iris'), ProtocolVersion.V2),
  factoryCase('paddle', 'paddle', Model.paddle, StorageUri.url('https://models.example.com/paddle/resnet.tar.gz'), ProtocolVersion.V1),
  factoryCase('pmml', 'pmml', Model.pmml, StorageUri.url('http://models.internal:8000/pmml/model.pmml'), ProtocolVersion.V2),
  factoryCase('huggingface', 'huggingface', Model.huggingface, StorageUri.oci('ghcr.io/acme/bert-base-uncased:1.0.0'), ProtocolVersion.V1),
  factoryCase('mlflow', 'mlflow', Model.mlflow, StorageUri.s3('models', 'mlflow/wine-quality'), ProtocolVersion.V2, 'v2'),
  factoryCase('fromFormat', 'autogluon', (uri, options) => Model.fromFormat('autogluon', uri, options), StorageUri.gcs('models', 'autogluon/adult'),
    ProtocolVersion.V1),
];

describe('every framework factory renders spec.predictor.model', () => {
  describe.each(FACTORIES)('$factory', (c) => {
    test('with defaults: the format, the storage URI and the format\'s default protocol only', () => {
      const model = c.create(c.storage);
      expect(model.formatName).toBe(c.format);
      expect(renderedModel(model)).toStrictEqual({
        modelFormat: { name: c.format },
        ...(c.defaultProtocol ? { protocolVersion: c.defaultProtocol } : {}),
        storageUri: c.storage.uri,
      });
    });

    test('with every option', () => {
      const model = c.create(c.storage, {
        formatVersion: '2',
        runtime: 'my-runtime',
        runtimeVersion: '1.2.3',
        protocolVersion: c.protocol,
      });
      expect(renderedModel(model)).toStrictEqual({
        modelFormat: { name: c.format, version: '2' },
        runtime: 'my-runtime',
        runtimeVersion: '1.2.3',
        protocolVersion: c.protocol.value,
        storageUri: c.storage.uri,
      });
    });

    test('a protocol the standard runtimes serve needs no runtime', () => {
      expect(renderedModel(c.create(c.storage, { protocolVersion: c.protocol })).protocolVersion).toBe(c.protocol.value);
    });

    test.each(VERSIONS)('validates against the KServe %s schema', (version, schema) => {
      expectValidObjects(synth(c.create(c.storage), version), { kserveVersion: schema });
      const full = c.create(c.storage, { formatVersion: '1', runtime: 'custom-runtime', runtimeVersion: 'v0.1.0', protocolVersion: c.protocol });
      expectValidObjects(synth(full, version), { kserveVersion: schema });
    });
  });

  test('fromFormat with a known format name behaves like the named factory', () => {
    const uri = StorageUri.s3('models', 'onnx/model.onnx');
    expect(renderedModel(Model.fromFormat('onnx', uri))).toStrictEqual(renderedModel(Model.onnx(uri)));
    expect(renderedModel(Model.fromFormat('mlflow', uri))).toStrictEqual({
      modelFormat: { name: 'mlflow' },
      protocolVersion: 'v2',
      storageUri: uri.uri,
    });
    expectModelError(Model.fromFormat('mlflow', uri, { protocolVersion: ProtocolVersion.V1 }), KServeVersion.V0_20, "protocolVersion 'v1'");
  });

  test('an explicit protocol replaces the format default', () => {
    const model = Model.onnx(StorageUri.s3('models', 'onnx'), { protocolVersion: ProtocolVersion.GRPC_V2 });
    expect(model.protocolVersion).toBe(ProtocolVersion.GRPC_V2);
    expect(renderedModel(model).protocolVersion).toBe('grpc-v2');
  });
});

describe('protocolVersion must be served by the standard runtimes unless a runtime is named', () => {
  test.each([
    ['mlflow', Model.mlflow, ProtocolVersion.V1, "'v2'"],
    ['onnx', Model.onnx, ProtocolVersion.V1, "'v2', 'grpc-v2'"],
    ['triton', Model.triton, ProtocolVersion.GRPC_V1, "'v2', 'grpc-v2'"],
    ['sklearn', Model.sklearn, ProtocolVersion.GRPC_V1, "'v1', 'v2'"],
    ['xgboost', Model.xgboost, ProtocolVersion.GRPC_V2, "'v1', 'v2'"],
    ['pytorch', Model.pytorch, ProtocolVersion.GRPC_V1, "'v1', 'v2', 'grpc-v2'"],
  ])('%s with %s is rejected, naming the allowed protocols', (format, create, protocol, allowed) => {
    const storage = StorageUri.s3('models', `${format}/model`);
    for (const [version] of VERSIONS) {
      expectModelError(create(storage, { protocolVersion: protocol }), version,
        `protocolVersion '${protocol.value}' is not served for model format '${format}'`,
        `use one of ${allowed} or name a runtime that serves it`);
    }
  });

  test.each([
    ['mlflow', Model.mlflow, ProtocolVersion.V1],
    ['onnx', Model.onnx, ProtocolVersion.V1],
    ['sklearn', Model.sklearn, ProtocolVersion.GRPC_V1],
  ])('%s with %s is accepted when a runtime is named', (format, create, protocol) => {
    const model = create(StorageUri.s3('models', `${format}/model`), { protocolVersion: protocol, runtime: 'my-runtime' });
    expect(modelErrors(model)).toEqual([]);
    expect(renderedModel(model)).toMatchObject({ runtime: 'my-runtime', protocolVersion: protocol.value });
  });

  test('tensorflow accepts every protocol (TF Serving for v1/grpc-v1, Triton for v2/grpc-v2)', () => {
    for (const protocol of ProtocolVersion.all()) {
      expect(modelErrors(Model.tensorflow(StorageUri.s3('models', 'tf'), { protocolVersion: protocol }))).toEqual([]);
    }
  });

  test('fromFormat with an unknown format accepts any protocol', () => {
    for (const protocol of ProtocolVersion.all()) {
      expect(modelErrors(Model.fromFormat('custom-format', StorageUri.s3('models', 'x'), { protocolVersion: protocol }))).toEqual([]);
    }
  });
});

describe('hf:// storage needs KServe v0.14', () => {
  const hf = StorageUri.huggingFace('google-bert/bert-base-uncased', 'main');

  test('rejected for KServe v0.13', () => {
    expectModelError(Model.huggingface(hf), KServeVersion.V0_13,
      "storageUri 'hf://google-bert/bert-base-uncased:main'",
      "the 'hf://' scheme needs KServe v0.14 or later (target is v0.13.1)");
  });

  test('accepted for KServe v0.20 and valid against its schema', () => {
    const objects = synth(Model.huggingface(hf), KServeVersion.V0_20);
    expect(objects[0].spec.predictor.model.storageUri).toBe('hf://google-bert/bert-base-uncased:main');
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('the default version is v0.20, so hf:// is accepted without a version', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new InferenceService(chart, ID, { predictor: { model: Model.huggingface(hf) } });
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('ONNX storage must be a .onnx file or a directory', () => {
  test.each(VERSIONS)('a .pb file is rejected (KServe %s)', (version) => {
    expectModelError(Model.onnx(StorageUri.gcs('models', 'onnx/model.pb')), version,
      "storageUri 'gs://models/onnx/model.pb'", "expected file extension '.onnx' but got '.pb'");
  });

  test.each([
    ['a .onnx file', StorageUri.gcs('models', 'onnx/model.onnx')],
    ['a directory', StorageUri.gcs('models', 'onnx/style')],
    ['a directory with a trailing slash', StorageUri.parse('s3://models/onnx/')],
    ['an OCI image', StorageUri.oci('ghcr.io/acme/onnx-style:1.0')],
  ])('%s is accepted', (_name, storage) => {
    expect(modelErrors(Model.onnx(storage))).toEqual([]);
  });

  test('the extension rule is only for onnx', () => {
    expect(modelErrors(Model.tensorflow(StorageUri.gcs('models', 'tf/model.pb')))).toEqual([]);
  });
});

describe('runtimeVersion and runtime names', () => {
  test.each(['latest', ''])('runtimeVersion %j is rejected', (runtimeVersion) => {
    expectModelError(Model.sklearn(StorageUri.s3('models', 'iris'), { runtimeVersion }), KServeVersion.V0_20,
      `runtimeVersion '${runtimeVersion}' must pin a release tag (not empty, not 'latest')`);
  });

  test('a pinned runtimeVersion is accepted', () => {
    expect(modelErrors(Model.sklearn(StorageUri.s3('models', 'iris'), { runtimeVersion: 'v0.13.1-gpu' }))).toEqual([]);
  });

  test.each(['MyRuntime', 'my_runtime', '-runtime'])('runtime %j is rejected', (runtime) => {
    expectModelError(Model.sklearn(StorageUri.s3('models', 'iris'), { runtime }), KServeVersion.V0_20,
      `runtime '${runtime}' must be the name of a ServingRuntime or ClusterServingRuntime (DNS-1123 subdomain)`);
  });

  test('a lower-case runtime name is accepted', () => {
    expect(modelErrors(Model.sklearn(StorageUri.s3('models', 'iris'), { runtime: 'kserve-sklearnserver.v2' }))).toEqual([]);
  });
});

describe('fromFormat format names', () => {
  test.each(['my format', '', '-leading-dash', 'slash/name'])('%j is rejected', (name) => {
    expectModelError(Model.fromFormat(name, StorageUri.s3('models', 'x')), KServeVersion.V0_20,
      `model format name '${name}' must be a non-empty word of letters, digits, '.', '-' or '_'`);
  });

  test.each(['vLLM', 'tensorrt', 'custom_format.v2'])('%j is accepted', (name) => {
    const model = Model.fromFormat(name, StorageUri.s3('models', 'x'));
    expect(modelErrors(model)).toEqual([]);
    expect(renderedModel(model).modelFormat).toStrictEqual({ name });
  });
});

describe('all model problems are reported together', () => {
  test('every rule adds its own line', () => {
    const model = Model.onnx(StorageUri.huggingFace('acme/model'), {
      protocolVersion: ProtocolVersion.V1,
      runtimeVersion: 'latest',
    });
    const errors = modelErrors(model, KServeVersion.V0_13);
    expect(errors).toHaveLength(3);
    expect(errors.every(e => e.startsWith(`[test/${ID}] spec.predictor.model: `))).toBe(true);
    expect(errors.join('\n')).toMatch(/protocolVersion 'v1'[\s\S]*'hf:\/\/' scheme[\s\S]*runtimeVersion 'latest'/);
  });
});

describe('effective protocol and predict path', () => {
  test.each([
    ['sklearn without protocol', Model.sklearn(StorageUri.s3('models', 'iris')), undefined, ProtocolVersion.V1],
    ['sklearn with v2', Model.sklearn(StorageUri.s3('models', 'iris'), { protocolVersion: ProtocolVersion.V2 }),
      ProtocolVersion.V2, ProtocolVersion.V2],
    ['onnx', Model.onnx(StorageUri.s3('models', 'onnx')), ProtocolVersion.V2, ProtocolVersion.V2],
    ['triton', Model.triton(StorageUri.s3('models', 'triton')), ProtocolVersion.V2, ProtocolVersion.V2],
    ['mlflow', Model.mlflow(StorageUri.s3('models', 'mlflow')), ProtocolVersion.V2, ProtocolVersion.V2],
    ['tensorflow with grpc-v1', Model.tensorflow(StorageUri.s3('models', 'tf'), { protocolVersion: ProtocolVersion.GRPC_V1 }),
      ProtocolVersion.GRPC_V1, ProtocolVersion.GRPC_V1],
  ])('%s', (_name, model, written, effective) => {
    expect(model.protocolVersion).toBe(written);
    expect(model.effectiveProtocol).toBe(effective);
  });

  test('v1: /v1/models/<name>:predict, named after the InferenceService', () => {
    const { isvc } = render(Model.sklearn(StorageUri.s3('models', 'iris')), KServeVersion.V0_20, 'iris');
    expect(isvc.protocolVersion).toBe(ProtocolVersion.V1);
    expect(isvc.predictPath).toBe('/v1/models/iris:predict');
  });

  test('v2: /v2/models/<name>/infer', () => {
    // Triton serves the model under its repository directory name, not the InferenceService name (KServe's onnx
    // sample: InferenceService style-sample, model onnx-model): known only through servedModelName.
    expect(render(Model.onnx(StorageUri.s3('models', 'onnx')), KServeVersion.V0_20, 'style').isvc.predictPath).toBeUndefined();
    expect(render(Model.onnx(StorageUri.s3('models', 'onnx'), { servedModelName: 'onnx-model' }), KServeVersion.V0_20, 'style').isvc.predictPath)
      .toBe('/v2/models/onnx-model/infer');
    expect(render(Model.sklearn(StorageUri.s3('models', 'iris'), { protocolVersion: ProtocolVersion.V2 })).isvc.predictPath)
      .toBe(`/v2/models/${ID}/infer`);
  });

  test.each([ProtocolVersion.GRPC_V1, ProtocolVersion.GRPC_V2])('%s has no HTTP predict path', (protocol) => {
    const { isvc } = render(Model.tensorflow(StorageUri.s3('models', 'tf'), { protocolVersion: protocol }));
    expect(isvc.protocolVersion).toBe(protocol);
    expect(isvc.predictPath).toBeUndefined();
  });
});

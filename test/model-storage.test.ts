/**
 * The model's storage spec (`model.storage`: key, path, parameters) and the storage URI schemes, through the typed
 * API of an InferenceService: exact YAML, both schema versions, and every rule with its error.
 */
import { Chart, Testing } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import {
  Autoscaling, AzureCredentialType, CanaryRollout, DeploymentMode, InferenceService, KServeVersion, Model, ModelStorage, ModelStorageSecret,
  PredictorOptions, SecretSource, StorageConfigProps, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const VERSIONS: Array<[KServeSchemaVersion, KServeVersion]> = [['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]];
const VAULT = SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/minio' });

/** A storage-config entry written by the library (an ExternalSecret), with its settings. */
function entry(chart: Chart, props: Partial<StorageConfigProps> = {}): ModelStorageSecret {
  return ModelStorageSecret.storageConfig(chart, 'cfg', { key: 'localMinIO', bucket: 'mlpipeline', source: VAULT, ...props });
}

/** Builds one InferenceService `iris` whose predictor gets `predictor(chart)`. */
function build(predictor: (chart: Chart) => PredictorOptions, version: KServeVersion = KServeVersion.DEFAULT, deploymentMode?: DeploymentMode) {
  const { app, chart } = newChart();
  new InferenceService(chart, 'iris', { version, deploymentMode, predictor: predictor(chart) });
  return { app, chart };
}

/** The synthesized predictor spec; fails when synth reports errors. */
function predictorOf(app: ReturnType<typeof newChart>['app'], chart: Chart): any {
  expect(synthErrors(app)).toEqual([]);
  return Testing.synth(chart).find(o => o.kind === 'InferenceService').spec.predictor;
}

describe('storage.path, storage.parameters and storage.key', () => {
  test.each(VERSIONS)('a path in the entry\'s storage with its own bucket: key, path and parameters, no storageUri (KServe %s)', (schema, version) => {
    const { app, chart } = build(c => ({
      model: Model.sklearn(ModelStorage.path('sklearn', { bucket: 'example-models' })),
      storageCredentials: entry(c),
    }), version);
    const predictor = predictorOf(app, chart);
    expect(predictor.model).toStrictEqual({
      modelFormat: { name: 'sklearn' },
      storage: { key: 'localMinIO', path: 'sklearn', parameters: { bucket: 'example-models' } },
    });
    expect(predictor.serviceAccountName).toBeUndefined();
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });

  test.each(VERSIONS)('a storageUri with parameters laid over the entry (KServe %s)', (schema, version) => {
    const { app, chart } = build(c => ({
      model: Model.xgboost(ModelStorage.uri(StorageUri.s3('models', 'xgboost/iris'), { parameters: { region: 'eu-west-1', verify_ssl: '0' } })),
      storageCredentials: entry(c),
    }), version);
    const predictor = predictorOf(app, chart);
    expect(predictor.model).toStrictEqual({
      modelFormat: { name: 'xgboost' },
      storageUri: 's3://models/xgboost/iris',
      storage: { key: 'localMinIO', parameters: { region: 'eu-west-1', verify_ssl: '0' } },
    });
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });

  test.each(VERSIONS)('without storage-config credentials the spec names no key: KServe reads the default entry (KServe %s)', (schema, version) => {
    const { app, chart } = build(() => ({
      model: Model.sklearn(ModelStorage.path('/models/sklearn/iris', { parameters: { type: 's3', bucket: 'shared-models' } })),
    }), version);
    // The path is written exactly as given; KServe trims the leading '/' itself.
    expect(predictorOf(app, chart).model.storage).toStrictEqual({ path: '/models/sklearn/iris', parameters: { type: 's3', bucket: 'shared-models' } });
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });

  test('a plain StorageUri with storage-config credentials writes only the key, as before', () => {
    const { app, chart } = build(c => ({ model: Model.sklearn(StorageUri.s3('models', 'iris')), storageCredentials: entry(c) }));
    expect(predictorOf(app, chart).model).toStrictEqual({ modelFormat: { name: 'sklearn' }, storageUri: 's3://models/iris', storage: { key: 'localMinIO' } });
  });

  test('a plain StorageUri without storage-config credentials writes no storage spec', () => {
    const { app, chart } = build(() => ({ model: Model.sklearn(StorageUri.s3('models', 'iris')) }));
    expect(predictorOf(app, chart).model.storage).toBeUndefined();
  });

  test('the Model exposes its storage', () => {
    const byPath = Model.sklearn(ModelStorage.path('sklearn', { bucket: 'b1', parameters: { region: 'us-east-1' } }));
    expect(byPath.storageUri).toBeUndefined();
    expect([byPath.storage.path, byPath.storage.parameters, byPath.storage.usesStorageSpec, `${byPath.storage}`])
      .toEqual(['sklearn', { region: 'us-east-1', bucket: 'b1' }, true, 'storage.path sklearn']);
    const byUri = Model.sklearn(StorageUri.gcs('models', 'iris'));
    expect([byUri.storageUri?.uri, byUri.storage.path, byUri.storage.parameters, byUri.storage.usesStorageSpec, `${byUri.storage}`])
      .toEqual(['gs://models/iris', undefined, undefined, false, 'gs://models/iris']);
  });

  test.each(VERSIONS)('runtimeVersion, args and env render on the model next to the storage spec (KServe %s)', (schema, version) => {
    const { app, chart } = build(c => ({
      model: Model.sklearn(ModelStorage.path('sklearn'), { runtimeVersion: 'v0.13.1' }),
      storageCredentials: entry(c),
      args: ['--workers=2'],
      env: { LOG_LEVEL: EnvValue.fromValue('debug'), TOKEN: EnvValue.fromSecretValue({ secret: { name: 'tok' } as any, key: 'value' }) },
    }), version);
    const model = predictorOf(app, chart).model;
    expect(model.runtimeVersion).toBe('v0.13.1');
    expect(model.args).toEqual(['--workers=2']);
    expect(model.env).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'tok', key: 'value' } } },
    ]);
    expect(model.storage).toStrictEqual({ key: 'localMinIO', path: 'sklearn' });
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });
});

describe('removed rule: the storage-config entry\'s bucket need not be the model\'s bucket', () => {
  // KServe reads the entry's bucket only to build the URI of a storage.path (CreateStorageSpecSecretEnvs,
  // pkg/credentials/service_account_credentials.go); a storageUri keeps its own bucket.
  test.each(VERSIONS)('a model in another bucket than the entry\'s synthesizes (KServe %s)', (schema, version) => {
    const { app, chart } = build(c => ({ model: Model.sklearn(StorageUri.s3('other-bucket', 'x')), storageCredentials: entry(c) }), version);
    expect(predictorOf(app, chart).model.storageUri).toBe('s3://other-bucket/x');
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });

  test('an entry without a bucket serves a storageUri and a path with its own bucket', () => {
    const { app, chart } = newChart();
    const cfg = entry(chart, { bucket: undefined });
    new InferenceService(chart, 'a', { predictor: { model: Model.sklearn(StorageUri.s3('models', 'iris')), storageCredentials: cfg } });
    new InferenceService(chart, 'b', { predictor: { model: Model.sklearn(ModelStorage.path('iris', { bucket: 'models' })), storageCredentials: cfg } });
    new InferenceService(chart, 'c', { predictor: { model: Model.sklearn(ModelStorage.path('iris', { parameters: { bucket: 'models' } })), storageCredentials: cfg } });
    expect(synthErrors(app)).toEqual([]);
    const es = Testing.synth(chart).find(o => o.kind === 'ExternalSecret');
    expect(es.spec.target.template.data.localMinIO).not.toContain('bucket');
  });
});

describe('storage spec rules', () => {
  test('a path needs a bucket: from the model or from the entry (MissingBucket)', () => {
    const { app } = build(c => ({ model: Model.sklearn(ModelStorage.path('iris')), storageCredentials: entry(c, { bucket: undefined }) }));
    expectError(app, 'test/iris', "spec.predictor.model.storage.path: KServe builds s3://<bucket>/iris but storage-config entry 'localMinIO' has no bucket");
  });

  test('an existing storage-config Secret holds its own bucket and type: nothing is assumed about them', () => {
    const { app } = build(c => ({
      model: Model.sklearn(ModelStorage.path('user/ml/iris', { parameters: { type: 'hdfs' } })),
      storageCredentials: ModelStorageSecret.storageConfig(c, 'cfg', { key: 'internalhdfs', source: SecretSource.fromSecretName('storage-config') }),
    }));
    expect(synthErrors(app)).toEqual([]);
  });

  test('parameters.type must not turn the s3 entry the library writes into another kind', () => {
    const { app } = build(c => ({ model: Model.sklearn(ModelStorage.path('iris', { parameters: { type: 'hdfs' } })), storageCredentials: entry(c) }));
    expectError(app, 'test/iris', "spec.predictor.model.storage.parameters: type 'hdfs' overrides the type of storage-config entry 'localMinIO', which is an s3 entry");
  });

  test.each([
    ['a ServiceAccount Secret (S3 keys)', (c: Chart) => ModelStorageSecret.s3(c, 'creds', { source: VAULT }), 's3'],
    ['an IRSA ServiceAccount', (c: Chart) => ModelStorageSecret.awsIrsa(c, 'creds', { roleArn: 'arn:aws:iam::123456789012:role/models' }), 's3'],
  ])('a storage spec with %s is rejected: KServe would skip those credentials', (_name, creds, provider) => {
    const { app } = build(c => ({ model: Model.sklearn(ModelStorage.uri(StorageUri.s3('models', 'iris'), { parameters: { region: 'eu-west-1' } })), storageCredentials: creds(c) }));
    expectError(app, 'test/iris', 'spec.predictor.model.storage: a storage path or parameters make KServe read the storage-config Secret',
      `the ${provider} credentials 'test/creds' would be ignored`);
  });

  test.each([
    ['a credential in the parameters', ModelStorage.path('iris', { parameters: { secret_access_key: 'x' } }),
      "storage.parameters['secret_access_key'] is a credential and would be written in plain text"],
    ['an HDFS keytab in the parameters', ModelStorage.path('iris', { parameters: { KERBEROS_KEYTAB: 'x' } }),
      "storage.parameters['KERBEROS_KEYTAB'] is a credential"],
    ['a type that is not a storage spec type', ModelStorage.path('iris', { parameters: { type: 'gs' } }),
      "storage.parameters type 'gs' is not a storage spec type; use one of 's3', 'hdfs', 'webhdfs'"],
    ['the bucket twice', ModelStorage.path('iris', { bucket: 'a-bucket', parameters: { bucket: 'b-bucket' } }),
      "storage: the bucket option ('a-bucket') and parameters.bucket ('b-bucket') both set the bucket"],
    ['a bucket KServe ignores next to a storageUri', ModelStorage.uri(StorageUri.s3('models', 'iris'), { parameters: { bucket: 'other' } }),
      "storage.parameters.bucket 'other' has no effect with a storageUri"],
  ])('%s is rejected', (_name, storage, message) => {
    const { app } = build(() => ({ model: Model.sklearn(storage) }));
    expectError(app, 'test/iris', `spec.predictor.model: ${message}`);
  });

  // From JavaScript: the runtime type check (private/shape.ts) names the factory argument, where the model is used.
  const STORAGE_URI = 'a StorageUri (StorageUri.parse(...), StorageUri.s3(...), StorageUri.gcs(...), ...)';
  const MODEL_STORAGE = 'a ModelStorage (ModelStorage.path(...), ModelStorage.uri(...) or ModelStorage.fromStorageUris())';
  test.each([
    ['parameters that are not an object', () => ModelStorage.path('iris', { parameters: 'bucket=a' as any }),
      "ModelStorage.path(options).parameters: must be an object mapping names to strings (got string 'bucket=a')"],
    ['a parameter that is not a string', () => ModelStorage.path('iris', { parameters: { verify_ssl: 0 } as any }),
      "ModelStorage.path(options).parameters['verify_ssl']: must be a string (got number 0)"],
    ['a path that is not a string', () => ModelStorage.path(42 as any), 'ModelStorage.path(path): must be a string (got number 42)'],
    ['a bucket that is not a string', () => ModelStorage.path('iris', { bucket: 7 as any }), 'ModelStorage.path(options).bucket: must be a string (got number 7)'],
    ['a plain object instead of a StorageUri', () => ModelStorage.uri({ uri: 's3://models/iris' } as any),
      `ModelStorage.uri(uri): must be ${STORAGE_URI} (got a plain object { uri })`],
  ])('from JavaScript, %s is a synth error, not a TypeError', (_name, storage, message) => {
    const { app } = build(() => ({ model: Model.sklearn(storage()) }));
    expectError(app, 'test/iris', `predictor.model: Model.sklearn(storage): ${message}`);
  });

  test('from JavaScript, no storage at all is a synth error, not a TypeError', () => {
    const { app } = build(() => ({ model: Model.sklearn(undefined as any) }));
    expectError(app, 'test/iris', `predictor.model: Model.sklearn(storage) is required (${STORAGE_URI} or ${MODEL_STORAGE})`);
  });

  test('a plain object passed to a Model factory instead of a StorageUri is a synth error', () => {
    const { app } = build(() => ({ model: Model.onnx({ uri: 'gs://models/x.onnx' } as any) }));
    expectError(app, 'test/iris', `predictor.model: Model.onnx(storage): must be ${STORAGE_URI} or ${MODEL_STORAGE} (got a plain object { uri })`);
  });

  test('a multi-node predictor needs a storageUri: a storage.path model has none (MissingStorageURI)', () => {
    const { app } = build(c => ({
      model: Model.huggingface(ModelStorage.path('llama', { bucket: 'models' }), { runtime: 'kserve-huggingfaceserver-multinode' }),
      storageCredentials: entry(c),
      autoscaling: Autoscaling.fixed(1),
      multiNode: { pipelineParallelSize: 2, tensorParallelSize: 1 },
    }), KServeVersion.V0_20, DeploymentMode.STANDARD);
    expectError(app, 'test/iris', 'spec.predictor.multiNode: KServe v0.20.0 serves multi-node models only from a pvc:// or oci:// storageUri; the model has no storageUri');
  });

  test('a Standard-mode canary candidate cannot carry a storage spec, nor replace a stable storage.path', () => {
    const { app, chart } = newChart();
    const isvc = new InferenceService(chart, 'iris', {
      deploymentMode: DeploymentMode.STANDARD,
      predictor: { model: Model.sklearn(ModelStorage.path('iris', { bucket: 'models' })), storageCredentials: entry(chart) },
    });
    new CanaryRollout(chart, 'rollout', {
      service: isvc, trafficPercent: 10, candidate: Model.sklearn(ModelStorage.uri(StorageUri.s3('models', 'iris-v2'), { parameters: { region: 'eu-west-1' } })),
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/rollout', 'candidate: a Standard-mode canary candidate needs a plain StorageUri');
    expectError(errors, 'test/rollout', "service: the stable model is given as 'storage.path iris'");
  });
});

describe('storage URI schemes in an InferenceService', () => {
  const everywhere: Array<[string, StorageUri]> = [
    ['file', StorageUri.file('/mnt/shared/models/iris')],
    ['hdfs', StorageUri.hdfs('user/ml/models/iris')],
    ['webhdfs', StorageUri.webhdfs('user/ml/models/iris')],
    ['azure-file', StorageUri.azureFile('mystorage', 'models', 'sklearn/iris')],
  ];

  test.each(VERSIONS.flatMap(([schema, version]) => everywhere.map(([name, uri]) => [name, schema, version, uri] as const)))(
    '%s:// is accepted on KServe %s', (_name, schema, version, uri) => {
      const { app, chart } = build(() => ({ model: Model.sklearn(uri) }), version);
      expect(predictorOf(app, chart).model.storageUri).toBe(uri.uri);
      expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
    });

  test('oci+native:// is accepted on KServe v0.20', () => {
    const uri = StorageUri.ociNative('ghcr.io/acme/models/llama:1.0.0');
    const { app, chart } = build(() => ({ model: Model.huggingface(uri) }), KServeVersion.V0_20);
    expect(predictorOf(app, chart).model.storageUri).toBe('oci+native://ghcr.io/acme/models/llama:1.0.0');
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });

  test.each([
    ['model', (uri: StorageUri): PredictorOptions => ({ model: Model.sklearn(uri) }), 'spec.predictor.model: storageUri'],
    ['container', (uri: StorageUri): PredictorOptions => ({ container: { image: 'ghcr.io/acme/server:1.0', storageUri: uri } }), 'spec.predictor.container.storageUri'],
  ])('oci+native:// on KServe v0.13 is rejected at synth naming both versions (%s)', (_name, predictor, field) => {
    const { app } = build(() => predictor(StorageUri.ociNative('ghcr.io/acme/iris:1.0')), KServeVersion.V0_13);
    expectError(app, 'test/iris', `${field} 'oci+native://ghcr.io/acme/iris:1.0': the 'oci+native://' scheme needs KServe v0.20 or later (target is v0.13.1)`);
  });

  test('Azure credentials open an Azure file share; HTTPS headers do not', () => {
    const share = StorageUri.azureFile('mystorage', 'models', 'iris');
    const { app } = build(c => ({
      model: Model.sklearn(share),
      storageCredentials: ModelStorageSecret.azure(c, 'azure', { source: VAULT, credentialType: AzureCredentialType.STORAGE_ACCESS_KEY }),
    }));
    expect(synthErrors(app)).toEqual([]);
    const { app: app2 } = build(c => ({
      model: Model.sklearn(share),
      storageCredentials: ModelStorageSecret.https(c, 'headers', { host: 'mystorage.file.core.windows.net', source: VAULT }),
    }));
    expectError(app2, 'test/iris', "spec.predictor.storageCredentials: https credentials 'test/headers' cannot open", "(scheme 'azure-file')");
  });
});

describe('storageContainerName (KServe v0.20)', () => {
  test('names the ClusterStorageContainer on the predictor and validates against the v0.20.0 schema', () => {
    const { app, chart } = build(() => ({ model: Model.sklearn(StorageUri.s3('models', 'iris')), storageContainerName: 'team-downloader' }), KServeVersion.V0_20);
    const predictor = predictorOf(app, chart);
    expect(predictor.storageContainerName).toBe('team-downloader');
    expect(predictor.model.storageUri).toBe('s3://models/iris');
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });

  test('a custom container with a storageUri may name one too', () => {
    const { app, chart } = build(() => ({
      container: { image: 'ghcr.io/acme/server:1.0', storageUri: StorageUri.s3('models', 'iris') }, storageContainerName: 'team-downloader',
    }), KServeVersion.V0_20);
    expect(predictorOf(app, chart).storageContainerName).toBe('team-downloader');
  });

  test('KServe v0.13 has no storageContainerName: rejected naming the version', () => {
    const { app } = build(() => ({ model: Model.sklearn(StorageUri.s3('models', 'iris')), storageContainerName: 'team-downloader' }), KServeVersion.V0_13);
    expectError(app, 'test/iris', 'spec.predictor.storageContainerName needs KServe v0.20 or later (target is v0.13.1)');
  });

  test.each([
    ['a name that is not an object name', (): PredictorOptions => ({ model: Model.sklearn(StorageUri.s3('models', 'iris')), storageContainerName: 'Team_Downloader' }),
      "spec.predictor.storageContainerName 'Team_Downloader' must be the name of a ClusterStorageContainer (DNS-1123 subdomain)"],
    ['a number from JavaScript', (): PredictorOptions => ({ model: Model.sklearn(StorageUri.s3('models', 'iris')), storageContainerName: 3 as any }),
      'predictor.storageContainerName: must be a string (got number 3)'],
    ['nothing to download', (): PredictorOptions => ({ container: { image: 'ghcr.io/acme/server:1.0' }, storageContainerName: 'team-downloader' }),
      'spec.predictor.storageContainerName has no effect: the container has no storageUri to download'],
  ])('%s is rejected', (_name, predictor, message) => {
    const { app } = build(predictor, KServeVersion.V0_20);
    expectError(app, 'test/iris', message);
  });

  test('a transformer has no storageContainerName (from JavaScript)', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', {
      predictor: { model: Model.sklearn(StorageUri.s3('models', 'iris')) },
      transformer: { container: { image: 'ghcr.io/acme/transformer:1.0' }, storageContainerName: 'team-downloader' } as any,
    });
    expectError(app, 'test/iris', 'transformer.storageContainerName: unknown property; not a prop of CustomComponentOptions');
  });
});

/**
 * `storageUris` on every component, `ModelStorage.fromStorageUris()`, and `model.confidential` (KServe v0.20 only).
 */
import { Testing } from 'cdk8s';
import { Volume } from 'cdk8s-plus-28';
import {
  KServeVersion, Model, ModelStorage, ModelStorageSecret, SecretSource, StorageMount, StorageUri,
} from '../src';
import { expectError, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';
import { buildService as build } from './util/service';

const AT = 'test/iris';
const SERVER = { image: 'registry.example.com/ml/server:1.0.0' };
const BASE = StorageUri.parse('gs://models/llama/base');
const LORA = StorageUri.parse('s3://adapters/llama/sql');


const fromMounts = (storageUris: StorageMount[]) => ({ model: Model.huggingface(ModelStorage.fromStorageUris()), storageUris });

describe('storageUris', () => {
  test('a model from several sources: storageUris on the predictor, no storageUri on the model; valid on v0.20.0', () => {
    const { app, chart } = build(() => ({
      predictor: fromMounts([{ uri: BASE, mountPath: '/mnt/models/base' }, { uri: LORA, mountPath: '/mnt/models/lora' }]),
    }));
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    const predictor = objects.find(o => o.kind === 'InferenceService').spec.predictor;
    expect(predictor.storageUris).toEqual([
      { uri: 'gs://models/llama/base', mountPath: '/mnt/models/base' },
      { uri: 's3://adapters/llama/sql', mountPath: '/mnt/models/lora' },
    ]);
    expect(predictor.model).toEqual({ modelFormat: { name: 'huggingface' } });
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('the mount path is written only when given (the CRD defaults it to /mnt/models); transformer and explainer take it too', () => {
    const { app, chart } = build(() => ({
      predictor: fromMounts([{ uri: BASE }]),
      transformer: { container: SERVER, storageUris: [{ uri: StorageUri.parse('pvc://tokenizers'), mountPath: '/opt/tokenizer' }] },
      explainer: { container: SERVER, storageUris: [{ uri: LORA }] },
    }));
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    const spec = objects.find(o => o.kind === 'InferenceService').spec;
    expect(spec.predictor.storageUris).toEqual([{ uri: 'gs://models/llama/base' }]);
    expect(spec.transformer.storageUris).toEqual([{ uri: 'pvc://tokenizers', mountPath: '/opt/tokenizer' }]);
    expect(spec.explainer.storageUris).toEqual([{ uri: 's3://adapters/llama/sql' }]);
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('KServe v0.13 has no storageUris: rejected at synth naming the version', () => {
    const { app } = build(() => ({ version: KServeVersion.V0_13, predictor: fromMounts([{ uri: BASE }]) }));
    expectError(app, AT, 'spec.predictor.storageUris needs KServe v0.16 or later (target is v0.13.1)');
  });

  test('ModelStorage.fromStorageUris() without storageUris is an error', () => {
    const { app } = build(() => ({ predictor: { model: Model.sklearn(ModelStorage.fromStorageUris()) } }));
    expectError(app, AT, 'spec.predictor.storageUris is missing', 'ModelStorage.fromStorageUris()');
  });

  test.each([
    ['the model has a storageUri', { model: Model.sklearn(BASE) }, 'next to the storage URI \'gs://models/llama/base\''],
    ['the model is a storage.path', { model: Model.sklearn(ModelStorage.path('iris')) }, 'the model is a storage.path'],
    ['the custom container has a storageUri', { model: undefined, container: { ...SERVER, storageUri: BASE } }, 'next to the storage URI'],
  ])('cannot be combined with another model location: %s (InvalidStorageUriConfigError)', (_, predictor, fragment) => {
    const { app } = build(() => ({ predictor: { ...predictor, storageUris: [{ uri: LORA }] } as any }));
    expectError(app, AT, 'spec.predictor.storageUris', fragment);
  });

  test.each([
    ['relative', 'models', 'must be an absolute path'],
    ['the root', '/', "must not be '/'"],
    ['with ..', '/mnt/../etc', "must not contain '..'"],
    ['too long', `/${'a'.repeat(255)}`, 'must be at most 255 characters'],
    ['with a colon', '/mnt/a:b', "must not contain ':'"],
  ])('a mount path %s is rejected', (_, mountPath, fragment) => {
    const { app } = build(() => ({ predictor: fromMounts([{ uri: BASE, mountPath }]) }));
    expectError(app, AT, `spec.predictor.storageUris[0].mountPath '${mountPath}' ${fragment}`);
  });

  test('an empty list is rejected (the CRD\'s MinItems)', () => {
    const { app } = build(() => ({ predictor: { model: Model.sklearn(ModelStorage.fromStorageUris()), storageUris: [] } }));
    expectError(app, AT, 'spec.predictor.storageUris must be a non-empty list');
  });

  // From JavaScript: the runtime type check (private/shape.ts) names the props as given.
  test.each([
    ['not a list', 'gs://models/x', "predictor.storageUris: must be an array of StorageMount ({ uri, ... }) (got string 'gs://models/x')"],
    ['an entry that is not an object', ['gs://models/x'], "predictor.storageUris[0]: must be a StorageMount ({ uri, ... }) (got string 'gs://models/x')"],
    ['a plain string uri', [{ uri: 'gs://models/x' }], "predictor.storageUris[0].uri: must be a StorageUri (StorageUri.parse(...), StorageUri.s3(...), StorageUri.gcs(...), ...) (got string 'gs://models/x')"],
    ['a mount path not a string', [{ uri: BASE, mountPath: 42 }], 'predictor.storageUris[0].mountPath: must be a string (got number 42)'],
  ])('plain JavaScript values give a synth error, never a TypeError: %s', (_, storageUris, message) => {
    const { app } = build(() => ({ predictor: { model: Model.sklearn(ModelStorage.fromStorageUris()), storageUris: storageUris as any } }));
    expectError(app, AT, message);
  });

  test('a transformer\'s storageUris are rejected on v0.13 too', () => {
    const { app } = build(() => ({
      version: KServeVersion.V0_13,
      predictor: { model: Model.sklearn(BASE) },
      transformer: { container: SERVER, storageUris: [{ uri: LORA }] },
    }));
    expectError(app, AT, 'spec.transformer.storageUris needs KServe v0.16 or later (target is v0.13.1)');
  });

  test('a pvc:// entry with a path is rejected: KServe mounts the whole claim', () => {
    const { app } = build(() => ({ predictor: fromMounts([{ uri: StorageUri.pvc('models', 'llama') }]) }));
    expectError(app, AT, "spec.predictor.storageUris[0].uri 'pvc://models/llama': KServe mounts the whole claim", "ignores the path 'llama'");
  });

  test('downloaded sources need a common parent other than / (validateMultipleStorageURIsSpec)', () => {
    const { app } = build(() => ({ predictor: fromMounts([{ uri: BASE, mountPath: '/models/base' }, { uri: LORA, mountPath: '/adapters/sql' }]) }));
    expectError(app, AT, "spec.predictor.storageUris: the mount paths of the downloaded sources ('/models/base', '/adapters/sql')", "other than '/'");
  });

  test('PVC sources are not held to a common parent, but their mount paths are unique', () => {
    const ok = build(() => ({
      predictor: fromMounts([
        { uri: StorageUri.pvc('base', ''), mountPath: '/models/base' }, { uri: StorageUri.pvc('lora', ''), mountPath: '/adapters/sql' },
      ]),
    }));
    expect(synthErrors(ok.app)).toEqual([]);
    const { app } = build(() => ({
      predictor: fromMounts([
        { uri: StorageUri.pvc('base', ''), mountPath: '/models/x' }, { uri: StorageUri.pvc('lora', ''), mountPath: '/models/x' },
      ]),
    }));
    expectError(app, AT, "spec.predictor.storageUris: two pvc:// entries mount at '/models/x'");
  });

  test('oci:// modelcars need distinct parent directories and a path two levels deep (ValidateOCIMountPaths)', () => {
    const oci = (tag: string) => StorageUri.oci(`registry.example.com/models/llama:${tag}`);
    const { app } = build(() => ({ predictor: fromMounts([{ uri: oci('1'), mountPath: '/mnt/models/a' }, { uri: oci('2'), mountPath: '/mnt/models/b' }]) }));
    expectError(app, AT, "several oci:// entries have mount paths in '/mnt/models'");
    const shallow = build(() => ({ predictor: fromMounts([{ uri: oci('1'), mountPath: '/models' }]) }));
    expectError(shallow.app, AT, "spec.predictor.storageUris[0].mountPath '/models': a modelcar mounts its volume at the parent directory");
  });

  test('a derived volume name must be a DNS-1123 label', () => {
    const { app } = build(() => ({ predictor: fromMounts([{ uri: BASE, mountPath: '/mnt/Models' }]) }));
    expectError(app, AT, "spec.predictor.storageUris[0]: KServe names the volume at '/mnt/Models' 'mnt-Models', which is not a DNS-1123 label");
  });

  test('two sources whose derived volume names clash are rejected (AddModelMount would skip the second)', () => {
    const { app } = build(() => ({
      predictor: fromMounts([
        { uri: StorageUri.pvc('a', ''), mountPath: '/mnt/a-b' }, { uri: StorageUri.pvc('b', ''), mountPath: '/mnt-a/b' },
      ]),
    }));
    expectError(app, AT, "spec.predictor.storageUris[1]: KServe would name its volume 'mnt-a-b' like the one of spec.predictor.storageUris[0]");
  });

  test('a PVC at the common parent of the downloaded sources clashes with their volume', () => {
    const { app } = build(() => ({
      predictor: fromMounts([
        { uri: BASE, mountPath: '/mnt/models/base' }, { uri: LORA, mountPath: '/mnt/models/lora' }, { uri: StorageUri.pvc('x', ''), mountPath: '/mnt/models' },
      ]),
    }));
    expectError(app, AT, "KServe would name its volume 'mnt-models'");
  });

  test('a user volume named like a derived volume, or a user mount at a storageUris path, is rejected', () => {
    const { app } = build(c => ({
      predictor: {
        ...fromMounts([{ uri: BASE, mountPath: '/opt/model' }]),
        volumeMounts: [
          { volume: Volume.fromEmptyDir(c, 'v', 'opt-model'), path: '/data' },
          { volume: Volume.fromEmptyDir(c, 'w', 'scratch'), path: '/opt/model/tmp' },
        ],
      },
    }));
    const errors = synthErrors(app);
    expectError(errors, AT, "spec.predictor.volumeMounts[0].volume: volume name 'opt-model' is the one KServe gives the volume of a storageUris mount path");
    expectError(errors, AT, "spec.predictor.volumeMounts[1].path '/opt/model/tmp' clashes with where KServe mounts the model (/opt/model)",
      'change the mountPath of the storageUris entry');
  });

  test('with storageUris away from /mnt/models, a user mount at /mnt/models is the user\'s', () => {
    const { app, chart } = build(c => ({
      predictor: {
        ...fromMounts([{ uri: BASE, mountPath: '/opt/model' }]),
        volumeMounts: [{ volume: Volume.fromEmptyDir(c, 'v', 'cache'), path: '/mnt/models' }],
      },
    }));
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });

  test('storage credentials are checked against every source; storage-config entries are not read for storageUris', () => {
    const { app } = build(c => ({
      predictor: {
        ...fromMounts([{ uri: LORA, mountPath: '/mnt/models/lora' }, { uri: BASE, mountPath: '/mnt/models/base' }]),
        storageCredentials: ModelStorageSecret.s3(c, 'creds', { source: SecretSource.fromSecretName('minio'), endpoint: 'minio.ml.svc:9000' }),
      },
    }));
    expectError(app, AT, 'spec.predictor.storageCredentials', "cannot open 'gs://models/llama/base'");
    const config = build(c => ({
      predictor: {
        ...fromMounts([{ uri: LORA }]),
        storageCredentials: ModelStorageSecret.storageConfig(c, 'cfg', { key: 'minio', source: SecretSource.fromSecretName('storage-config') }),
      },
    }));
    expectError(config.app, AT, 'spec.predictor.storageCredentials: KServe reads storage-config entries only for a model storage spec');
  });
});

describe('model.confidential', () => {
  const confidential = { resourceId: 'kbs:///default/llama/key-1' };

  test('renders enabled with the resource id; valid on v0.20.0', () => {
    const { app, chart } = build(() => ({ predictor: { model: Model.sklearn(BASE, { confidential }), runtimeClassName: 'kata-cc' } }));
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(objects.find(o => o.kind === 'InferenceService').spec.predictor.model.confidential)
      .toEqual({ enabled: true, resourceId: 'kbs:///default/llama/key-1' });
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('KServe v0.13 has no confidential serving: rejected naming the version', () => {
    const { app } = build(() => ({ version: KServeVersion.V0_13, predictor: { model: Model.sklearn(BASE, { confidential }) } }));
    expectError(app, AT, 'spec.predictor.model: confidential needs KServe v0.20 or later (target is v0.13.1)');
  });

  test.each([
    ['not a KBS id', { resourceId: 'vault://key' }, '"vault://key"'],
    ['too few parts', { resourceId: 'kbs:///default/key' }, '"kbs:///default/key"'],
  ])('resourceId %s is rejected with a synth error', (_, value, fragment) => {
    const { app } = build(() => ({ predictor: { model: Model.sklearn(BASE, { confidential: value }) } }));
    expectError(app, AT, "spec.predictor.model: confidential.resourceId must be a Key Broker Service resource 'kbs:///<repository>/<type>/<tag>'", fragment);
  });

  // From JavaScript: the runtime type check (private/shape.ts) names the factory argument, where the model is used.
  test.each([
    ['missing (the storage initializer exits without one)', {}, 'predictor.model: Model.sklearn(options).confidential.resourceId is required (a string)'],
    ['a plain string', 'kbs:///a/b/c', "predictor.model: Model.sklearn(options).confidential: must be a ConfidentialModel ({ resourceId }) (got string 'kbs:///a/b/c')"],
  ])('resourceId %s is rejected with a synth error', (_, value, message) => {
    const { app } = build(() => ({ predictor: { model: Model.sklearn(BASE, { confidential: value as any }) } }));
    expectError(app, AT, message);
  });

  test('needs the model as a storageUri (validateConfidential)', () => {
    const { app } = build(() => ({ predictor: { model: Model.sklearn(ModelStorage.path('iris'), { confidential }) } }));
    expectError(app, AT, 'spec.predictor.model: confidential needs the model as a storageUri', "'storage.path iris'");
  });

  test.each(['pvc://models/llama', 'oci://registry.example.com/models/llama:1'])('has no effect on %s, which the storage initializer does not download', (uri) => {
    const { app } = build(() => ({ predictor: { model: Model.sklearn(StorageUri.parse(uri), { confidential }) } }));
    expectError(app, AT, `spec.predictor.model: confidential has no effect on '${uri}'`);
  });
});

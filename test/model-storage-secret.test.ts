import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Testing } from 'cdk8s';
import { Secret, ServiceAccount } from 'cdk8s-plus-28';
import {
  AzureCredentialType, InferenceService, KServeVersion, Model, ModelStorageSecret, SecretSource, SecretSourceKind, SecretStoreKind,
  StorageUri,
} from '../src';
import { expectError, newChart, synthErrors, withEnv } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

// Obvious fakes. They may only ever reach the output through SecretSource.unsafe*.
const FAKE: Record<string, string> = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKEACCESSKEYID00',
  AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key-do-not-use',
  HF_TOKEN: 'hf_FAKETOKENdonotuse',
  AZURE_CLIENT_SECRET: 'fake-azure-client-secret',
  AZURE_STORAGE_ACCESS_KEY: 'fake-azure-storage-access-key',
};
const FAKE_VALUES = Object.values(FAKE);

const VERSIONS: Array<[KServeSchemaVersion, KServeVersion]> = [['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]];
const S3_URI = StorageUri.s3('models', 'sklearn/iris');
const GCS_URI = StorageUri.gcs('models', 'sklearn/iris');
const SA_ANNOTATION_IRSA = 'eks.amazonaws.com/role-arn';
const SA_ANNOTATION_GKE = 'iam.gke.io/gcp-service-account';

/** YAML of every successful synth of the tests that do not opt into an unsafe source. */
const SAFE_OUTPUTS: string[] = [];

/** Synthesizes with validation (as `cdk8s synth` does), records the YAML and returns the objects. */
function synth(app: App, chart: Chart, record = true): any[] {
  const yaml = app.synthYaml();
  if (record) SAFE_OUTPUTS.push(yaml);
  return Testing.synth(chart);
}

function ofKind(objects: any[], kind: string): any[] {
  return objects.filter(o => o.kind === kind);
}

function only(objects: any[], kind: string): any {
  const found = ofKind(objects, kind);
  expect(found).toHaveLength(1);
  return found[0];
}

function kinds(objects: any[]): string[] {
  return objects.map(o => o.kind).sort();
}

/**
 * Runs an example app with `App.synth` replaced by `synthYaml` (validation included) and returns its YAML. The app's
 * outdir (where `Runbook.writeAll` still writes) is a temporary folder, never the checkout's `dist/`.
 */
function exampleYaml(name: string): string {
  const yamls: string[] = [];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
  withEnv({ CDK8S_OUTDIR: outdir }, () => jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const isolated = require('cdk8s') as { App: typeof App };
    const spy = jest.spyOn(isolated.App.prototype, 'synth').mockImplementation(function (this: App) {
      yamls.push(this.synthYaml());
    });
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(__dirname, '..', 'examples', name, 'main.ts'));
    } finally {
      spy.mockRestore();
    }
  }));
  fs.rmSync(outdir, { recursive: true, force: true });
  expect(yamls).toHaveLength(1);
  return yamls[0];
}

// ---- provider scenarios: a credential and an InferenceService using it -----------------------------

type Scenario = (chart: Chart, version: KServeVersion) => void;

const SCENARIOS: Record<string, Scenario> = {
  's3-external-secret': (chart, version) => {
    const creds = ModelStorageSecret.s3(chart, 'minio', {
      source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/minio' }),
      endpoint: 'minio.ml.svc:9000',
      useHttps: false,
      region: 'us-east-1',
      verifySsl: true,
      useVirtualBucket: false,
      useAccelerate: true,
      caBundle: '/etc/ssl/custom-certs/ca.crt',
      caBundleConfigMap: 'minio-ca',
    });
    new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds } });
  },
  's3-cluster-store': (chart, version) => {
    const creds = ModelStorageSecret.s3(chart, 'aws', {
      source: SecretSource.externalSecret({
        store: 'aws-secrets',
        storeKind: SecretStoreKind.CLUSTER_SECRET_STORE,
        remoteKey: 'ml/s3',
        properties: { AWS_ACCESS_KEY_ID: 'access_key', AWS_SECRET_ACCESS_KEY: 'secret_key' },
        refreshInterval: Duration.minutes(15),
      }),
      useHttps: true,
      verifySsl: false,
      useVirtualBucket: true,
    });
    new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds } });
  },
  's3-anonymous': (chart, version) => {
    const creds = ModelStorageSecret.s3(chart, 'public-models', { anonymous: true });
    new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds } });
  },
  'gcs': (chart, version) => {
    const creds = ModelStorageSecret.gcs(chart, 'gcs-key', {
      source: SecretSource.externalSecret({ store: 'gcp-sm', remoteKey: 'ml-gcs-key' }),
    });
    new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(GCS_URI), storageCredentials: creds } });
  },
  'azure-service-principal': (chart, version) => {
    const creds = ModelStorageSecret.azure(chart, 'azure-sp', {
      source: SecretSource.externalSecret({ store: 'azure-kv', remoteKey: 'ml-sp' }),
    });
    new InferenceService(chart, 'iris', {
      version,
      predictor: { model: Model.sklearn(StorageUri.azureBlob('mlmodels', 'models', 'iris')), storageCredentials: creds },
    });
  },
  'azure-storage-access-key': (chart, version) => {
    const creds = ModelStorageSecret.azure(chart, 'azure-key', {
      credentialType: AzureCredentialType.STORAGE_ACCESS_KEY,
      source: SecretSource.externalSecret({ store: 'azure-kv', remoteKey: 'ml-storage', properties: { AZURE_STORAGE_ACCESS_KEY: 'key1' } }),
    });
    new InferenceService(chart, 'iris', {
      version,
      predictor: { model: Model.sklearn(StorageUri.azureBlob('mlmodels', 'models', 'iris')), storageCredentials: creds },
    });
  },
  'https': (chart, version) => {
    const creds = ModelStorageSecret.https(chart, 'model-server', {
      host: 'models.example.com',
      source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/model-server', properties: { headers: 'headers_json' } }),
    });
    new InferenceService(chart, 'iris', {
      version,
      predictor: { model: Model.sklearn(StorageUri.url('https://models.example.com/iris/model.joblib')), storageCredentials: creds },
    });
  },
  'hugging-face': (chart, version) => {
    const creds = ModelStorageSecret.huggingFace(chart, 'hf-token', {
      source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/huggingface', properties: { HF_TOKEN: 'token' } }),
    });
    new InferenceService(chart, 'llm', {
      version,
      predictor: { model: Model.huggingface(StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct')), storageCredentials: creds },
    });
  },
  'aws-irsa': (chart, version) => {
    const creds = ModelStorageSecret.awsIrsa(chart, 's3-reader', {
      roleArn: 'arn:aws:iam::123456789012:role/kserve-model-reader',
      region: 'eu-west-1',
      endpoint: 's3.eu-west-1.amazonaws.com',
      useHttps: true,
    });
    new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds } });
  },
  'gcp-workload-identity': (chart, version) => {
    const creds = ModelStorageSecret.gcpWorkloadIdentity(chart, 'gcs-reader', {
      gcpServiceAccount: 'model-reader@my-project.iam.gserviceaccount.com',
    });
    new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(GCS_URI), storageCredentials: creds } });
  },
};

/** Scenarios that KServe v0.13 cannot serve. */
const V0_20_ONLY = ['hugging-face'];

function scenario(name: string, version: KServeVersion = KServeVersion.V0_20): any[] {
  const { app, chart } = newChart();
  SCENARIOS[name](chart, version);
  return synth(app, chart);
}

describe('providers', () => {
  describe('S3 through an ExternalSecret', () => {
    test('renders the Secret, ServiceAccount and InferenceService wiring', () => {
      const objects = scenario('s3-external-secret');
      expect(objects).toMatchSnapshot();
      expect(kinds(objects)).toEqual(['ExternalSecret', 'InferenceService', 'ServiceAccount']);
      const es = only(objects, 'ExternalSecret');
      expect(es.apiVersion).toBe('external-secrets.io/v1');
      expect(es.metadata).toEqual({ name: 'minio', namespace: 'ml' });
      expect(es.spec.target.name).toBe('minio');
      const isvc = only(objects, 'InferenceService');
      expect(isvc.spec.predictor.serviceAccountName).toBe('minio');
    });

    test('data keys are the names KServe reads, from the property of the same name by default', () => {
      const es = only(scenario('s3-external-secret'), 'ExternalSecret');
      expect(es.spec.data).toEqual([
        { secretKey: 'AWS_ACCESS_KEY_ID', remoteRef: { key: 'ml/minio', property: 'AWS_ACCESS_KEY_ID' } },
        { secretKey: 'AWS_SECRET_ACCESS_KEY', remoteRef: { key: 'ml/minio', property: 'AWS_SECRET_ACCESS_KEY' } },
      ]);
    });

    test('custom properties map each key onto a property of the remote secret', () => {
      const es = only(scenario('s3-cluster-store'), 'ExternalSecret');
      expect(es.spec.data).toEqual([
        { secretKey: 'AWS_ACCESS_KEY_ID', remoteRef: { key: 'ml/s3', property: 'access_key' } },
        { secretKey: 'AWS_SECRET_ACCESS_KEY', remoteRef: { key: 'ml/s3', property: 'secret_key' } },
      ]);
    });

    test('secretStoreRef is a SecretStore by default and a ClusterSecretStore on request', () => {
      expect(only(scenario('s3-external-secret'), 'ExternalSecret').spec.secretStoreRef).toEqual({ name: 'vault-ml', kind: 'SecretStore' });
      expect(only(scenario('s3-cluster-store'), 'ExternalSecret').spec.secretStoreRef).toEqual({ name: 'aws-secrets', kind: 'ClusterSecretStore' });
    });

    test('refreshInterval defaults to 3600s and takes a custom duration', () => {
      expect(only(scenario('s3-external-secret'), 'ExternalSecret').spec.refreshInterval).toBe('3600s');
      expect(only(scenario('s3-cluster-store'), 'ExternalSecret').spec.refreshInterval).toBe('900s');
    });

    test('the template merges the fetched keys with every serving.kserve.io/s3-* annotation given', () => {
      const template = only(scenario('s3-external-secret'), 'ExternalSecret').spec.target.template;
      expect(template.mergePolicy).toBe('Merge');
      expect(template.type).toBe('Opaque');
      expect(template.metadata.annotations).toEqual({
        'serving.kserve.io/s3-endpoint': 'minio.ml.svc:9000',
        'serving.kserve.io/s3-usehttps': '0',
        'serving.kserve.io/s3-region': 'us-east-1',
        'serving.kserve.io/s3-verifyssl': '1',
        'serving.kserve.io/s3-usevirtualbucket': 'false',
        'serving.kserve.io/s3-useaccelerate': 'true',
        'serving.kserve.io/s3-cabundle': '/etc/ssl/custom-certs/ca.crt',
        'serving.kserve.io/s3-cabundle-configmap': 'minio-ca',
      });
    });

    test('only the settings given become annotations (usehttps 1, no endpoint, region or CA bundle)', () => {
      const template = only(scenario('s3-cluster-store'), 'ExternalSecret').spec.target.template;
      expect(template.metadata.annotations).toEqual({
        'serving.kserve.io/s3-usehttps': '1',
        'serving.kserve.io/s3-verifyssl': '0',
        'serving.kserve.io/s3-usevirtualbucket': 'true',
      });
    });

    test('the ServiceAccount is named like the Secret, lists it and does not automount a token', () => {
      const sa = only(scenario('s3-external-secret'), 'ServiceAccount');
      expect(sa.metadata).toEqual({ name: 'minio', namespace: 'ml' });
      expect(sa.secrets).toEqual([{ name: 'minio' }]);
      expect(sa.automountServiceAccountToken).toBe(false);
    });

    test.each(VERSIONS)('validates against the schemas of KServe %s', (schema, version) => {
      expectValidObjects(scenario('s3-external-secret', version), { kserveVersion: schema });
      expectValidObjects(scenario('s3-cluster-store', version), { kserveVersion: schema });
    });
  });

  describe('S3 anonymous', () => {
    test('is a Secret with the anonymous annotation and empty key names (KServe detects S3 Secrets by them)', () => {
      const objects = scenario('s3-anonymous');
      expect(objects).toMatchSnapshot();
      expect(kinds(objects)).toEqual(['InferenceService', 'Secret', 'ServiceAccount']);
      const secret = only(objects, 'Secret');
      expect(secret.metadata).toEqual({
        name: 'public-models',
        namespace: 'ml',
        annotations: { 'serving.kserve.io/s3-useanoncredential': 'true' },
      });
      expect(secret.data).toBeUndefined();
      expect(secret.stringData).toEqual({ AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
      expect(only(objects, 'ServiceAccount').secrets).toEqual([{ name: 'public-models' }]);
      expect(only(objects, 'InferenceService').spec.predictor.serviceAccountName).toBe('public-models');
    });

    test.each(VERSIONS)('validates against the schemas of KServe %s', (schema, version) => {
      expectValidObjects(scenario('s3-anonymous', version), { kserveVersion: schema });
    });
  });

  describe('GCS', () => {
    test('fetches gcloud-application-credentials.json', () => {
      const objects = scenario('gcs');
      expect(objects).toMatchSnapshot();
      const es = only(objects, 'ExternalSecret');
      expect(es.spec.data).toEqual([
        { secretKey: 'gcloud-application-credentials.json', remoteRef: { key: 'ml-gcs-key', property: 'gcloud-application-credentials.json' } },
      ]);
      expect(es.spec.target.template.metadata).toBeUndefined();
      expect(only(objects, 'ServiceAccount').secrets).toEqual([{ name: 'gcs-key' }]);
      expect(only(objects, 'InferenceService').spec.predictor.serviceAccountName).toBe('gcs-key');
    });

    test.each(VERSIONS)('validates against the schemas of KServe %s', (schema, version) => {
      expectValidObjects(scenario('gcs', version), { kserveVersion: schema });
    });
  });

  describe('Azure', () => {
    test('a service principal fetches the four AZURE_* keys', () => {
      const objects = scenario('azure-service-principal');
      expect(objects).toMatchSnapshot();
      expect(only(objects, 'ExternalSecret').spec.data.map((d: any) => [d.secretKey, d.remoteRef.property])).toEqual([
        ['AZURE_SUBSCRIPTION_ID', 'AZURE_SUBSCRIPTION_ID'],
        ['AZURE_TENANT_ID', 'AZURE_TENANT_ID'],
        ['AZURE_CLIENT_ID', 'AZURE_CLIENT_ID'],
        ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_SECRET'],
      ]);
      expect(only(objects, 'ServiceAccount').secrets).toEqual([{ name: 'azure-sp' }]);
      expect(only(objects, 'InferenceService').spec.predictor.serviceAccountName).toBe('azure-sp');
    });

    test('a storage access key fetches AZURE_STORAGE_ACCESS_KEY only', () => {
      const objects = scenario('azure-storage-access-key');
      expect(objects).toMatchSnapshot();
      expect(only(objects, 'ExternalSecret').spec.data).toEqual([
        { secretKey: 'AZURE_STORAGE_ACCESS_KEY', remoteRef: { key: 'ml-storage', property: 'key1' } },
      ]);
      expect(only(objects, 'InferenceService').spec.predictor.serviceAccountName).toBe('azure-key');
    });

    test.each(VERSIONS)('validates against the schemas of KServe %s', (schema, version) => {
      expectValidObjects(scenario('azure-service-principal', version), { kserveVersion: schema });
      expectValidObjects(scenario('azure-storage-access-key', version), { kserveVersion: schema });
    });
  });

  describe('HTTPS', () => {
    test('writes https-host as template data and fetches the headers from the store', () => {
      const objects = scenario('https');
      expect(objects).toMatchSnapshot();
      const es = only(objects, 'ExternalSecret');
      expect(es.spec.target.template.data).toEqual({ 'https-host': 'models.example.com' });
      expect(es.spec.target.template.mergePolicy).toBe('Merge');
      expect(es.spec.data).toEqual([{ secretKey: 'headers', remoteRef: { key: 'ml/model-server', property: 'headers_json' } }]);
      expect(only(objects, 'InferenceService').spec.predictor.serviceAccountName).toBe('model-server');
    });

    test.each(VERSIONS)('validates against the schemas of KServe %s', (schema, version) => {
      expectValidObjects(scenario('https', version), { kserveVersion: schema });
    });
  });

  describe('Hugging Face', () => {
    test('fetches HF_TOKEN', () => {
      const objects = scenario('hugging-face');
      expect(objects).toMatchSnapshot();
      expect(only(objects, 'ExternalSecret').spec.data).toEqual([
        { secretKey: 'HF_TOKEN', remoteRef: { key: 'ml/huggingface', property: 'token' } },
      ]);
      expect(only(objects, 'InferenceService').spec.predictor.serviceAccountName).toBe('hf-token');
    });

    test('validates against the schemas of KServe v0.20.0', () => {
      expectValidObjects(scenario('hugging-face', KServeVersion.V0_20), { kserveVersion: 'v0.20.0' });
    });

    test('is rejected on KServe v0.13', () => {
      const { app, chart } = newChart();
      SCENARIOS['hugging-face'](chart, KServeVersion.V0_13);
      expectError(app, 'test/llm', 'spec.predictor.storageCredentials', 'HF_TOKEN', 'needs KServe v0.14 or later (target is v0.13.1)');
    });
  });

  describe('AWS IRSA', () => {
    test('is an annotated ServiceAccount with the S3 settings and no Secret', () => {
      const objects = scenario('aws-irsa');
      expect(objects).toMatchSnapshot();
      expect(kinds(objects)).toEqual(['InferenceService', 'ServiceAccount']);
      const sa = only(objects, 'ServiceAccount');
      expect(sa.metadata).toEqual({
        name: 's3-reader',
        namespace: 'ml',
        annotations: {
          [SA_ANNOTATION_IRSA]: 'arn:aws:iam::123456789012:role/kserve-model-reader',
          'serving.kserve.io/s3-endpoint': 's3.eu-west-1.amazonaws.com',
          'serving.kserve.io/s3-usehttps': '1',
          'serving.kserve.io/s3-region': 'eu-west-1',
        },
      });
      expect(sa.secrets).toBeUndefined();
      expect(only(objects, 'InferenceService').spec.predictor.serviceAccountName).toBe('s3-reader');
    });

    test.each(VERSIONS)('validates against the schemas of KServe %s', (schema, version) => {
      expectValidObjects(scenario('aws-irsa', version), { kserveVersion: schema });
    });
  });

  describe('GKE Workload Identity', () => {
    test('is an annotated ServiceAccount and no Secret', () => {
      const objects = scenario('gcp-workload-identity');
      expect(objects).toMatchSnapshot();
      expect(kinds(objects)).toEqual(['InferenceService', 'ServiceAccount']);
      const sa = only(objects, 'ServiceAccount');
      expect(sa.metadata.annotations).toEqual({ [SA_ANNOTATION_GKE]: 'model-reader@my-project.iam.gserviceaccount.com' });
      expect(sa.secrets).toBeUndefined();
      expect(only(objects, 'InferenceService').spec.predictor.serviceAccountName).toBe('gcs-reader');
    });

    test.each(VERSIONS)('validates against the schemas of KServe %s', (schema, version) => {
      expectValidObjects(scenario('gcp-workload-identity', version), { kserveVersion: schema });
    });
  });
});

// ---- sources -----------------------------------------------------------------------------------

describe('sources', () => {
  test('fromSecretName emits no Secret and lists the existing Secret by name', () => {
    const { app, chart } = newChart();
    const creds = ModelStorageSecret.s3(chart, 'creds', { source: SecretSource.fromSecretName('minio-creds') });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds } });
    const objects = synth(app, chart);
    expect(creds.name).toBe('minio-creds');
    expect(creds.apiObject).toBeUndefined();
    expect(creds.source!.writesValuesToOutput).toBe(false);
    expect(kinds(objects)).toEqual(['InferenceService', 'ServiceAccount']);
    const sa = only(objects, 'ServiceAccount');
    expect(sa.metadata.name).toBe('minio-creds');
    expect(sa.secrets).toEqual([{ name: 'minio-creds' }]);
    expect(only(objects, 'InferenceService').spec.predictor.serviceAccountName).toBe('minio-creds');
  });

  test('fromSecret with an imported cdk8s-plus Secret emits no Secret and uses its name', () => {
    const { app, chart } = newChart();
    const imported = Secret.fromSecretName(chart, 'imported', 'gcs-service-key');
    const creds = ModelStorageSecret.gcs(chart, 'creds', { source: SecretSource.fromSecret(imported) });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(GCS_URI), storageCredentials: creds } });
    const objects = synth(app, chart);
    expect(creds.name).toBe('gcs-service-key');
    expect(creds.secret).toBe(imported);
    expect(kinds(objects)).toEqual(['InferenceService', 'ServiceAccount']);
    expect(only(objects, 'ServiceAccount').secrets).toEqual([{ name: 'gcs-service-key' }]);
  });

  test('fromSecret with a cdk8s-plus Secret of the app adds no Secret or ExternalSecret of its own', () => {
    const { app, chart } = newChart();
    const own = new Secret(chart, 'own', { metadata: { name: 'hf-secret' } });
    const creds = ModelStorageSecret.huggingFace(chart, 'creds', { source: SecretSource.fromSecret(own) });
    new InferenceService(chart, 'llm', {
      predictor: { model: Model.huggingface(StorageUri.huggingFace('org/model')), storageCredentials: creds },
    });
    const objects = synth(app, chart);
    expect(creds.name).toBe('hf-secret');
    expect(kinds(objects)).toEqual(['InferenceService', 'Secret', 'ServiceAccount']);
    expect(only(objects, 'Secret').metadata.name).toBe('hf-secret');
    expect(only(objects, 'ServiceAccount').secrets).toEqual([{ name: 'hf-secret' }]);
    expect(only(objects, 'InferenceService').spec.predictor.serviceAccountName).toBe('hf-secret');
  });

  test('unsafePlaintext writes the given values into the Secret (explicit opt-in)', () => {
    const { app, chart } = newChart();
    const source = SecretSource.unsafePlaintext({ AWS_ACCESS_KEY_ID: FAKE.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: FAKE.AWS_SECRET_ACCESS_KEY });
    const creds = ModelStorageSecret.s3(chart, 'minio', { source, endpoint: 'minio.ml.svc:9000', useHttps: false });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds } });
    const objects = synth(app, chart, false);
    expect(source.kind).toBe(SecretSourceKind.PLAINTEXT);
    expect(source.writesValuesToOutput).toBe(true);
    expect(kinds(objects)).toEqual(['InferenceService', 'Secret', 'ServiceAccount']);
    const secret = only(objects, 'Secret');
    expect(secret.metadata).toEqual({
      name: 'minio',
      namespace: 'ml',
      annotations: { 'serving.kserve.io/s3-endpoint': 'minio.ml.svc:9000', 'serving.kserve.io/s3-usehttps': '0' },
    });
    expect(secret.stringData).toEqual({ AWS_ACCESS_KEY_ID: 'AKIAFAKEACCESSKEYID00', AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key-do-not-use' });
    expect(only(objects, 'ServiceAccount').secrets).toEqual([{ name: 'minio' }]);
    for (const [schema] of VERSIONS) expectValidObjects(objects, { kserveVersion: schema });
  });

  test('unsafeFromEnvironment reads the variables of the same name at construction', () => {
    const { app, chart } = newChart();
    const creds = withEnv({ HF_TOKEN: FAKE.HF_TOKEN }, () => ModelStorageSecret.huggingFace(chart, 'hf', {
      source: SecretSource.unsafeFromEnvironment(),
    }));
    new InferenceService(chart, 'llm', {
      predictor: { model: Model.huggingface(StorageUri.huggingFace('org/model')), storageCredentials: creds },
    });
    // The variable is gone again; the value was captured when the construct was created.
    expect(process.env.HF_TOKEN).not.toBe(FAKE.HF_TOKEN);
    const objects = synth(app, chart, false);
    expect(creds.source!.writesValuesToOutput).toBe(true);
    expect(only(objects, 'Secret').stringData).toEqual({ HF_TOKEN: FAKE.HF_TOKEN });
  });

  test('unsafeFromEnvironment maps keys onto custom variables', () => {
    const { app, chart } = newChart();
    const env = {
      MINIO_USER: FAKE.AWS_ACCESS_KEY_ID,
      MINIO_PASSWORD: FAKE.AWS_SECRET_ACCESS_KEY,
      AWS_ACCESS_KEY_ID: 'wrong',
      AWS_SECRET_ACCESS_KEY: 'wrong',
    };
    const creds = withEnv(env, () => ModelStorageSecret.s3(chart, 'minio', {
      source: SecretSource.unsafeFromEnvironment({ AWS_ACCESS_KEY_ID: 'MINIO_USER', AWS_SECRET_ACCESS_KEY: 'MINIO_PASSWORD' }),
      endpoint: 'minio.ml.svc:9000',
    }));
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds } });
    const objects = synth(app, chart, false);
    expect(only(objects, 'Secret').stringData).toEqual({
      AWS_ACCESS_KEY_ID: FAKE.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: FAKE.AWS_SECRET_ACCESS_KEY,
    });
  });
});

// ---- wiring ------------------------------------------------------------------------------------

describe('wiring', () => {
  test('a cdk8s-plus ServiceAccount passed as serviceAccount lists the Secret and is the one the service runs as', () => {
    const { app, chart } = newChart();
    const account = new ServiceAccount(chart, 'models-sa', { metadata: { name: 'models' } });
    const creds = ModelStorageSecret.s3(chart, 'minio', {
      source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/minio' }),
      serviceAccount: account,
    });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds } });
    const objects = synth(app, chart);
    expect(creds.serviceAccount).toBe(account);
    const sa = only(objects, 'ServiceAccount');
    expect(sa.metadata.name).toBe('models');
    expect(sa.secrets).toEqual([{ name: 'minio' }]);
    expect(only(objects, 'InferenceService').spec.predictor.serviceAccountName).toBe('models');
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('passing the same ServiceAccount as the component serviceAccount is accepted', () => {
    const { app, chart } = newChart();
    const account = new ServiceAccount(chart, 'models-sa', { metadata: { name: 'models' } });
    const creds = ModelStorageSecret.s3(chart, 'minio', { anonymous: true, serviceAccount: account });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds, serviceAccount: account } });
    const objects = synth(app, chart);
    expect(only(objects, 'InferenceService').spec.predictor.serviceAccountName).toBe('models');
  });

  test('two InferenceServices sharing one credential produce one Secret and one ServiceAccount', () => {
    const { app, chart } = newChart();
    const creds = ModelStorageSecret.s3(chart, 'minio', { source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/minio' }) });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds } });
    new InferenceService(chart, 'iris-xgb', {
      predictor: { model: Model.xgboost(StorageUri.s3('models', 'xgboost/iris')), storageCredentials: creds },
    });
    const objects = synth(app, chart);
    expect(kinds(objects)).toEqual(['ExternalSecret', 'InferenceService', 'InferenceService', 'ServiceAccount']);
    expect(ofKind(objects, 'InferenceService').map(i => i.spec.predictor.serviceAccountName)).toEqual(['minio', 'minio']);
  });

  test('transformer storageCredentials set the transformer serviceAccountName', () => {
    const { app, chart } = newChart();
    const creds = ModelStorageSecret.gcs(chart, 'gcs-key', { source: SecretSource.externalSecret({ store: 'gcp-sm', remoteKey: 'ml-gcs-key' }) });
    new InferenceService(chart, 'iris', {
      predictor: { model: Model.sklearn(StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model')) },
      transformer: { container: { image: 'registry.example.com/iris-transformer:1.0.0' }, storageCredentials: creds },
    });
    const objects = synth(app, chart);
    const isvc = only(objects, 'InferenceService');
    expect(isvc.spec.transformer.serviceAccountName).toBe('gcs-key');
    expect(isvc.spec.predictor.serviceAccountName).toBeUndefined();
  });
});

// ---- checks ------------------------------------------------------------------------------------

describe('checks', () => {
  const external = () => SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/creds' });

  function s3(props: Parameters<typeof ModelStorageSecret.s3>[2], version = KServeVersion.V0_20, namespace = 'ml'): App {
    const { app, chart } = newChart(namespace);
    const creds = ModelStorageSecret.s3(chart, 'creds', props);
    new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds } });
    return app;
  }

  test('S3 credentials cannot open a gs:// URI', () => {
    const { app, chart } = newChart();
    const creds = ModelStorageSecret.s3(chart, 'creds', { source: external() });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(GCS_URI), storageCredentials: creds } });
    expectError(app, 'test/iris', 'spec.predictor.storageCredentials', "'test/creds'", "scheme 'gs'", "'s3'");
  });

  test('GCS credentials cannot open an s3:// URI', () => {
    const { app, chart } = newChart();
    const creds = ModelStorageSecret.gcs(chart, 'creds', { source: external() });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds } });
    expectError(app, 'test/iris', 'spec.predictor.storageCredentials', "'test/creds'", "scheme 's3'", "'gs'");
  });

  test('HTTPS headers for another host are rejected', () => {
    const { app, chart } = newChart();
    const creds = ModelStorageSecret.https(chart, 'creds', { host: 'models.example.com', source: external() });
    new InferenceService(chart, 'iris', {
      predictor: { model: Model.sklearn(StorageUri.url('https://cdn.example.org/iris/model.joblib')), storageCredentials: creds },
    });
    expectError(app, 'test/iris', 'spec.predictor.storageCredentials', "'test/creds'", "'models.example.com'", "'cdn.example.org'");
  });

  test('HTTPS headers match the host of a URI with a port', () => {
    const { app, chart } = newChart();
    const creds = ModelStorageSecret.https(chart, 'creds', { host: 'models.example.com', source: external() });
    new InferenceService(chart, 'iris', {
      predictor: { model: Model.sklearn(StorageUri.url('https://models.example.com:8443/iris/model.joblib')), storageCredentials: creds },
    });
    expect(synthErrors(app)).toEqual([]);
  });

  test('credentials in another namespace than the service are rejected', () => {
    const app = s3({ source: external(), namespace: 'other' });
    expectError(app, 'test/iris', 'spec.predictor.storageCredentials', "'test/creds'", "namespace 'other'", "'ml'");
  });

  test('S3 credentials with neither a source nor anonymous are rejected', () => {
    expectError(s3({ endpoint: 'minio:9000' }), 'test/creds', "'source'", "'anonymous: true'");
  });

  test('S3 anonymous plus a source is rejected', () => {
    expectError(s3({ anonymous: true, source: external() }), 'test/creds', "'anonymous: true' and a 'source' conflict");
  });

  test('an endpoint with a path is rejected', () => {
    const app = s3({ source: external(), endpoint: 'minio.ml.svc:9000/models' });
    expectError(app, 'test/creds', "endpoint 'minio.ml.svc:9000/models'", 'without a path');
  });

  test('an endpoint port above 65535 is rejected', () => {
    expectError(s3({ source: external(), endpoint: 'minio:70000' }), 'test/creds', "endpoint 'minio:70000'");
  });

  test('an https:// endpoint with useHttps false conflicts', () => {
    const app = s3({ source: external(), endpoint: 'https://x', useHttps: false });
    expectError(app, 'test/creds', "endpoint 'https://x'", 'useHttps: false', 'conflict');
  });

  test('a region that is not a region name is rejected', () => {
    expectError(s3({ source: external(), region: 'US East' }), 'test/creds', "region 'US East'");
  });

  test('a relative caBundle path is rejected', () => {
    expectError(s3({ source: external(), caBundle: 'certs/ca.crt' }), 'test/creds', "caBundle 'certs/ca.crt'", 'absolute');
  });

  test('verifySsl false with a CA bundle conflicts', () => {
    expectError(s3({ source: external(), verifySsl: false, caBundle: '/etc/ssl/ca.crt' }), 'test/creds', "'verifySsl: false'", 'CA bundle');
    expectError(s3({ source: external(), verifySsl: false, caBundleConfigMap: 'minio-ca' }), 'test/creds', "'verifySsl: false'", 'CA bundle');
  });

  test('a caBundleConfigMap that is not a ConfigMap name is rejected', () => {
    expectError(s3({ source: external(), caBundleConfigMap: 'CA_Bundle' }), 'test/creds', "caBundleConfigMap 'CA_Bundle'");
  });

  test('an endpoint with a scheme is rejected on v0.13 and accepted on v0.20', () => {
    expectError(s3({ source: external(), endpoint: 'http://minio:9000' }, KServeVersion.V0_13),
      'test/iris', 'spec.predictor.storageCredentials', 'v0.13.1', "'minio:9000'", 'useHttps');
    expect(synthErrors(s3({ source: external(), endpoint: 'http://minio:9000' }, KServeVersion.V0_20))).toEqual([]);
  });

  test('S3 settings on an existing Secret are rejected with advice for the target version', () => {
    const props = { source: SecretSource.fromSecretName('minio-creds'), endpoint: 'minio:9000', useHttps: false };
    const v20 = expectError(s3(props, KServeVersion.V0_20), 'test/iris', 'spec.predictor.storageCredentials', "existing Secret 'minio-creds'");
    expect(v20).toContain('data keys (S3_ENDPOINT');
    expect(v20).not.toContain('annotate the Secret');
    const v13 = expectError(s3(props, KServeVersion.V0_13), 'test/iris', 'spec.predictor.storageCredentials', "existing Secret 'minio-creds'");
    expect(v13).toContain('annotate the Secret with serving.kserve.io/s3-*');
    expect(v13).not.toContain('S3_ENDPOINT');
  });

  test('unsafePlaintext missing a required key is rejected without echoing values', () => {
    const app = s3({ source: SecretSource.unsafePlaintext({ AWS_ACCESS_KEY_ID: FAKE.AWS_ACCESS_KEY_ID }) });
    const error = expectError(app, 'test/creds', 'unsafePlaintext', 'AWS_SECRET_ACCESS_KEY');
    for (const value of FAKE_VALUES) expect(error).not.toContain(value);
  });

  test('unsafePlaintext with a key KServe does not read is rejected without echoing values', () => {
    const app = s3({
      source: SecretSource.unsafePlaintext({
        AWS_ACCESS_KEY_ID: FAKE.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: FAKE.AWS_SECRET_ACCESS_KEY, HF_TOKEN: FAKE.HF_TOKEN,
      }),
    });
    const error = expectError(app, 'test/creds', 'unsafePlaintext', 'HF_TOKEN');
    for (const errorLine of synthErrors(app)) {
      for (const value of FAKE_VALUES) expect(errorLine).not.toContain(value);
    }
    expect(error).toContain('allowed: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY');
  });

  test('unsafeFromEnvironment with an unset variable is rejected', () => {
    const app = withEnv({ KSERVE_TEST_UNSET_HF: undefined }, () => {
      const { app: a, chart } = newChart();
      const source = SecretSource.unsafeFromEnvironment({ HF_TOKEN: 'KSERVE_TEST_UNSET_HF' });
      const creds = ModelStorageSecret.huggingFace(chart, 'creds', { source });
      new InferenceService(chart, 'llm', {
        predictor: { model: Model.huggingface(StorageUri.huggingFace('org/model')), storageCredentials: creds },
      });
      return a;
    });
    expectError(app, 'test/creds', 'environment variable KSERVE_TEST_UNSET_HF is not set');
  });

  test('externalSecret properties for a key KServe does not read are rejected', () => {
    const source = SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/minio', properties: { AWS_SESSION_TOKEN: 'token' } });
    expectError(s3({ source }), 'test/creds', 'externalSecret properties', 'AWS_SESSION_TOKEN');
  });

  test('an externalSecret store that is not a store name is rejected', () => {
    const source = SecretSource.externalSecret({ store: 'Vault_ML', remoteKey: 'ml/minio' });
    expectError(s3({ source }), 'test/creds', "externalSecret store 'Vault_ML'");
  });

  test('an empty externalSecret remoteKey is rejected', () => {
    expectError(s3({ source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: '  ' }) }), 'test/creds', 'externalSecret remoteKey');
  });

  test('an externalSecret refreshInterval that is not whole seconds is rejected', () => {
    const source = SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/minio', refreshInterval: Duration.millis(1500) });
    expectError(s3({ source }), 'test/creds', 'externalSecret refreshInterval (1.5s)');
  });

  test('an IRSA roleArn that is not an IAM role ARN is rejected', () => {
    const { app, chart } = newChart();
    const creds = ModelStorageSecret.awsIrsa(chart, 'creds', { roleArn: 'arn:aws:iam::1234:user/models' });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds } });
    expectError(app, 'test/creds', "roleArn 'arn:aws:iam::1234:user/models'");
  });

  test('a gcpServiceAccount that is not a Google service account email is rejected', () => {
    const { app, chart } = newChart();
    const creds = ModelStorageSecret.gcpWorkloadIdentity(chart, 'creds', { gcpServiceAccount: 'models@example.com' });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(GCS_URI), storageCredentials: creds } });
    expectError(app, 'test/creds', "gcpServiceAccount 'models@example.com'");
  });

  test.each(['https://models.example.com', 'models.example.com:443'])('an https host %s with a scheme or port is rejected', (host) => {
    const { app, chart } = newChart();
    ModelStorageSecret.https(chart, 'creds', { host, source: external() });
    expectError(app, 'test/creds', `host '${host}'`, 'bare lower-case hostname');
  });

  test('an https host with upper case is rejected with the format message', () => {
    const { app, chart } = newChart();
    ModelStorageSecret.https(chart, 'creds', { host: 'Models.example.com', source: external() });
    expectError(app, 'test/creds', "host 'Models.example.com'", 'bare lower-case hostname');
  });

  test('a user ServiceAccount in another namespace is rejected', () => {
    const { app, chart } = newChart();
    const sa = new ServiceAccount(chart, 'sa', { metadata: { name: 'models', namespace: 'other' } });
    ModelStorageSecret.s3(chart, 'creds', { source: external(), serviceAccount: sa });
    expectError(app, 'test/creds', "serviceAccount 'models' is in namespace 'other', not 'ml'");
  });

  test('an existing Secret in another namespace is rejected', () => {
    const { app, chart } = newChart();
    const secret = new Secret(chart, 'own', { metadata: { name: 'hf', namespace: 'other' } });
    ModelStorageSecret.huggingFace(chart, 'creds', { source: SecretSource.fromSecret(secret) });
    expectError(app, 'test/creds', "the existing Secret 'hf' is in namespace 'other', not 'ml'");
  });

  test('a name that differs from an existing cdk8s-plus Secret is rejected', () => {
    const { app, chart } = newChart();
    ModelStorageSecret.gcs(chart, 'creds', { name: 'other-name', source: SecretSource.fromSecret(Secret.fromSecretName(chart, 'real', 'real-secret')) });
    expectError(app, 'test/creds', "name 'other-name' differs from the existing Secret 'real-secret'");
  });

  test('a Secret name with upper case is rejected', () => {
    expectError(s3({ source: external(), name: 'MinIO-Creds' }), 'test/creds', "name 'MinIO-Creds'", 'DNS-1123');
  });

  test('a namespace longer than a DNS label (63 characters) is rejected', () => {
    const namespace = 'a'.repeat(64);
    expectError(s3({ source: external(), namespace }), 'test/creds', `namespace '${namespace}'`, 'at most 63 characters');
  });

  test('a component serviceAccount different from the credentials ServiceAccount is rejected', () => {
    const { app, chart } = newChart();
    const other = new ServiceAccount(chart, 'other', { metadata: { name: 'other' } });
    const creds = ModelStorageSecret.s3(chart, 'creds', { source: external() });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(S3_URI), storageCredentials: creds, serviceAccount: other } });
    expectError(app, 'test/iris', 'spec.predictor', "'serviceAccount' and 'storageCredentials'");
  });
});

// ---- secrecy (keep last: it also checks the YAML the tests above recorded) ----------------------------

describe('secrecy', () => {
  test('credential values never reach the output unless an unsafe source opts in', () => {
    const outputs: string[] = [...SAFE_OUTPUTS];
    // Put the fakes where a careless implementation would pick them up implicitly.
    withEnv(FAKE, () => {
      for (const [name, build] of Object.entries(SCENARIOS)) {
        for (const [, version] of VERSIONS) {
          if (V0_20_ONLY.includes(name) && version === KServeVersion.V0_13) continue;
          const { app, chart } = newChart();
          build(chart, version);
          outputs.push(app.synthYaml());
        }
      }
      outputs.push(exampleYaml('s3-minio'));
    });
    expect(outputs.length).toBeGreaterThan(2 * Object.keys(SCENARIOS).length);
    for (const yaml of outputs) {
      for (const value of FAKE_VALUES) expect(yaml).not.toContain(value);
    }

    // The check can fail: the opt-in path does write the same values.
    const { app, chart } = newChart();
    const source = SecretSource.unsafePlaintext({ AWS_ACCESS_KEY_ID: FAKE.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: FAKE.AWS_SECRET_ACCESS_KEY });
    ModelStorageSecret.s3(chart, 'creds', { source });
    expect(app.synthYaml()).toContain(FAKE.AWS_SECRET_ACCESS_KEY);
  });
});


describe('storage-config entries (storage-spec mechanism)', () => {
  const uri = StorageUri.s3('models', 'sklearn/iris');
  const entry = (chart: Chart, extra: Partial<Parameters<typeof ModelStorageSecret.storageConfig>[2]> = {}) =>
    ModelStorageSecret.storageConfig(chart, 'cfg', {
      key: 'minio',
      bucket: 'models',
      endpointUrl: 'http://minio.ml.svc:9000',
      region: 'us-east-1',
      verifySsl: false,
      source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/minio' }),
      ...extra,
    });

  test.each(VERSIONS)('an ExternalSecret templates the JSON entry; the model references it by key (KServe %s)', (schema, version) => {
    const { app, chart } = newChart();
    const cfg = entry(chart);
    new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(uri), storageCredentials: cfg } });
    const objects = synth(app, chart);
    expect(objects).toMatchSnapshot();
    expect(kinds(objects)).toEqual(['ExternalSecret', 'InferenceService']);
    const es = only(objects, 'ExternalSecret');
    expect(es.metadata.name).toBe('storage-config');
    expect(es.spec.target.template.mergePolicy).toBe('Replace');
    const json = es.spec.target.template.data.minio as string;
    expect(json).toContain('"type": "s3", "bucket": "models", "endpoint_url": "http://minio.ml.svc:9000", "region": "us-east-1", "verify_ssl": "0"');
    expect(json).toContain('"access_key_id": {{ .AWS_ACCESS_KEY_ID | toJson }}');
    expect(es.spec.data.map((d: any) => d.secretKey)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
    const predictor = only(objects, 'InferenceService').spec.predictor;
    expect(predictor.model.storage).toEqual({ key: 'minio' });
    expect(predictor.serviceAccountName).toBeUndefined();
    expect(cfg.serviceAccount).toBeUndefined();
    expectValidObjects(objects, { kserveVersion: schema });
  });

  test('an anonymous entry is a plain Secret whose JSON values are all strings', () => {
    const { app, chart } = newChart();
    entry(chart, { source: undefined, anonymous: true, verifySsl: undefined });
    const secret = only(synth(app, chart), 'Secret');
    expect(JSON.parse(secret.stringData.minio)).toEqual({
      type: 's3', bucket: 'models', endpoint_url: 'http://minio.ml.svc:9000', region: 'us-east-1', anonymous: 'true',
    });
  });

  test('a plaintext entry is one line of JSON laid out like the templated one', () => {
    const { app, chart } = newChart();
    entry(chart, { source: SecretSource.unsafePlaintext({ AWS_ACCESS_KEY_ID: 'AK"1', AWS_SECRET_ACCESS_KEY: 'line\nbreak' }) });
    const secret = only(synth(app, chart, false), 'Secret');
    expect(secret.stringData.minio).toBe('{"type": "s3", "bucket": "models", "endpoint_url": "http://minio.ml.svc:9000", "region": "us-east-1", '
      + '"verify_ssl": "0", "access_key_id": "AK\\"1", "secret_access_key": "line\\nbreak"}');
  });

  test('an existing storage-config Secret keeps its name, is checked, and takes no entry settings it cannot carry', () => {
    const { app, chart } = newChart();
    const cfg = entry(chart, { key: 'bad key!', source: SecretSource.fromSecretName('team-storage') });
    expect(cfg.name).toBe('team-storage');
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(uri), storageCredentials: cfg } });
    expectError(app, 'test/cfg', "key 'bad key!' must be a Secret data key");
    expectError(app, 'test/cfg', "bucket, endpointUrl, region, verifySsl cannot be added to the existing Secret's 'bad key!' entry");
  });

  test('a custom container cannot use an entry', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', { predictor: { container: { image: 'a/b:1.0', storageUri: uri }, storageCredentials: entry(chart) } });
    expectError(app, 'test/iris', 'only a predictor \'model\' can use them');
  });

  test.each([
    [{ endpointUrl: 'minio:9000' }, "endpointUrl 'minio:9000' must be a URL with scheme and host"],
    [{ bucket: 'Models' }, "bucket 'Models' is not a valid S3 bucket name"],
    [{ key: 'a key' }, "key 'a key' must be a Secret data key"],
    [{ source: undefined }, "storage-config entries need a 'source'"],
    [{ anonymous: true }, "'anonymous: true' and a 'source' conflict"],
    [{ region: 'EU' }, "region 'EU' must be a region name"],
    [{ caBundle: 'ca.pem' }, "caBundle 'ca.pem' must be an absolute file path"],
  ])('%j is rejected', (extra, message) => {
    const { app, chart } = newChart();
    entry(chart, extra);
    expectError(app, 'test/cfg', message);
  });
});

/**
 * Issue #8, one rule broken at a time, for model storage credentials: every rule of ModelStorageSecret
 * (each factory and each SecretSource kind) and every rule an InferenceService checks when it uses one.
 */
import { Chart, Duration } from 'cdk8s';
import { Secret, ServiceAccount } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  AzureCredentialType, DeploymentMode, ExternalSecretSourceOptions, InferenceService, KServeVersion, Model, ModelStorageSecret, S3Settings,
  SecretSource, SecretStoreKind, StorageProvider, StorageUri,
} from '../src';
import { Build, expectBrokenRule, expectValidApp } from './util/broken-rule';
import { KServeSchemaVersion } from './util/schema-validator';

const RUNS = { seed: 20261125, numRuns: 6 };

type Kind = 's3' | 'gcs' | 'azure' | 'https' | 'huggingFace' | 'storageConfig' | 'awsIrsa' | 'gcpWorkloadIdentity';
type Source = 'fromSecretName' | 'fromSecret' | 'externalSecret' | 'unsafePlaintext' | 'unsafeFromEnvironment' | 'none';
/** What uses the credentials: a Model, a custom container with or without a storageUri, or nothing. */
type Consumer = 'model' | 'container' | 'bare-container' | 'none';

const KINDS: Kind[] = ['s3', 'gcs', 'azure', 'https', 'huggingFace', 'storageConfig', 'awsIrsa', 'gcpWorkloadIdentity'];
const SOURCES: Source[] = ['fromSecretName', 'fromSecret', 'externalSecret', 'unsafePlaintext', 'unsafeFromEnvironment', 'none'];
const EXISTING: Source[] = ['fromSecretName', 'fromSecret'];
const WRITTEN: Source[] = ['externalSecret', 'unsafePlaintext', 'unsafeFromEnvironment'];
const IDENTITIES: Kind[] = ['awsIrsa', 'gcpWorkloadIdentity'];
const WITH_KEYS: Kind[] = ['s3', 'gcs', 'azure', 'https', 'huggingFace', 'storageConfig'];
const WITH_SERVICE_ACCOUNT: Kind[] = ['s3', 'gcs', 'azure', 'https', 'huggingFace'];

interface Entry {
  readonly key: string;
  readonly bucket?: string;
  readonly endpointUrl?: string;
  readonly region?: string;
  readonly verifySsl?: boolean;
  readonly caBundle?: string;
}

interface Case {
  readonly version: KServeVersion;
  readonly mode: DeploymentMode;
  readonly kind: Kind;
  readonly source: Source;
  readonly anonymous: boolean;
  readonly credId: string;
  readonly serviceId: string;
  /** The credentials' namespace; 'ml' is the chart's. */
  readonly namespace: string;
  readonly explicitNamespace: boolean;
  readonly serviceNamespace: string;
  readonly name?: string;
  readonly secretName: string;
  readonly secretNamespace: string;
  readonly ownServiceAccount: boolean;
  readonly serviceAccountNamespace: string;
  readonly s3: S3Settings;
  readonly azureType?: AzureCredentialType;
  readonly host: string;
  readonly roleArn: string;
  readonly gcpServiceAccount: string;
  readonly entry: Entry;
  readonly values?: Record<string, string>;
  readonly variables: Record<string, string>;
  readonly external: ExternalSecretSourceOptions;
  readonly consumer: Consumer;
  readonly format: 'sklearn' | 'xgboost' | 'lightgbm';
  readonly bucket: string;
  readonly account: string;
  readonly httpUri: string;
  /** Overrides where the consumer's model is. */
  readonly uri?: StorageUri;
}

/** The Secret keys KServe reads for a case (from KServe's credential builders). */
function requiredKeys(c: Case): string[] {
  switch (c.kind) {
    case 's3':
    case 'storageConfig': return c.source === 'none' ? [] : ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
    case 'gcs': return ['gcloud-application-credentials.json'];
    case 'azure': return c.azureType === AzureCredentialType.STORAGE_ACCESS_KEY
      ? ['AZURE_STORAGE_ACCESS_KEY'] : ['AZURE_SUBSCRIPTION_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'];
    case 'https': return ['headers'];
    case 'huggingFace': return ['HF_TOKEN'];
    default: return [];
  }
}

const ALL_KEYS = [
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'gcloud-application-credentials.json', 'AZURE_SUBSCRIPTION_ID', 'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_STORAGE_ACCESS_KEY', 'headers', 'HF_TOKEN',
];
/** The variable unsafeFromEnvironment reads a key from when the case maps it. */
const mappedVariable = (key: string) => `MSS_RULES_${key.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
const UNSET_VARIABLE = 'MSS_RULES_NEVER_SET';

/** An obvious fake for a key; HTTPS `headers` must be a JSON object of strings, which synth checks. */
const fake = (key: string, tag = 'fake') => (key === 'headers' ? JSON.stringify({ Authorization: `Bearer ${tag}-headers` }) : `${tag}-${key}`);

// Obvious fakes for unsafeFromEnvironment, under the mapped names and the same-name default; restored afterwards.
const savedEnv: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const name of [...ALL_KEYS, ...ALL_KEYS.map(mappedVariable), UNSET_VARIABLE]) savedEnv[name] = process.env[name];
  for (const key of ALL_KEYS) {
    process.env[key] = fake(key);
    process.env[mappedVariable(key)] = fake(key, 'fake-mapped');
  }
  delete process.env[UNSET_VARIABLE];
});
afterAll(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name]; else process.env[name] = value;
  }
});

const label = (max: number) => fc.stringMatching(new RegExp(`^[a-z][a-z0-9]{0,${max}}$`));
const namespaceArb = fc.oneof(fc.constant('ml'), label(8).map(s => `ns-${s}`));
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const s3Arb = fc.record({
  host: opt(fc.constantFrom('minio.ml.svc', 's3.eu-west-1.amazonaws.com', 'ceph-rgw')),
  port: opt(fc.integer({ min: 1, max: 65535 })),
  scheme: opt(fc.constantFrom('http', 'https')),
  useHttps: opt(fc.boolean()),
  region: opt(fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2')),
  verifySsl: opt(fc.boolean()),
  useVirtualBucket: opt(fc.boolean()),
  useAccelerate: opt(fc.boolean()),
  caBundle: opt(fc.constantFrom('/etc/ssl/custom/ca.crt', '/var/run/ca/bundle.pem')),
  caBundleConfigMap: opt(fc.constantFrom('minio-ca', 's3-ca.v1')),
});

const rawArb = fc.record({
  version: fc.constantFrom(KServeVersion.V0_13, KServeVersion.V0_20),
  mode: fc.constantFrom(DeploymentMode.KNATIVE, DeploymentMode.STANDARD),
  kind: fc.constantFrom(...KINDS),
  source: fc.constantFrom(...SOURCES),
  anonymous: fc.boolean(),
  credId: label(6).map(s => `creds-${s}`),
  serviceId: label(6).map(s => `model-${s}`),
  namespace: namespaceArb,
  explicitNamespace: fc.boolean(),
  name: opt(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z0-9]{1,4})?$/)),
  nameGiven: fc.boolean(),
  secretName: label(8).map(s => `secret-${s}`),
  ownServiceAccount: fc.boolean(),
  s3: s3Arb,
  azureType: opt(fc.constantFrom(AzureCredentialType.SERVICE_PRINCIPAL, AzureCredentialType.STORAGE_ACCESS_KEY)),
  host: fc.constantFrom('models.example.com', 'artifacts.internal', '10.0.0.12'),
  httpScheme: fc.constantFrom('http', 'https'),
  httpPort: opt(fc.constantFrom(8080, 8443)),
  account: fc.stringMatching(/^[a-z0-9]{3,12}$/),
  roleArn: fc.tuple(fc.stringMatching(/^\d{12}$/), label(10)).map(([account, role]) => `arn:aws:iam::${account}:role/kserve-${role}`),
  gcpServiceAccount: fc.tuple(label(10), label(10)).map(([sa, project]) => `reader-${sa}@proj-${project}.iam.gserviceaccount.com`),
  entry: fc.record({
    key: fc.stringMatching(/^[a-z][-._a-zA-Z0-9]{0,10}$/),
    endpointUrl: opt(fc.constantFrom('http://minio.ml.svc:9000', 'https://s3.amazonaws.com/')),
    region: opt(fc.constantFrom('us-east-1', 'eu-central-1')),
    verifySsl: opt(fc.boolean()),
    caBundle: opt(fc.constant('/etc/ssl/custom/ca.crt')),
  }),
  bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/),
  mapVariables: fc.boolean(),
  external: fc.record({
    store: label(10).map(s => `store-${s}`),
    storeKind: opt(fc.constantFrom(SecretStoreKind.SECRET_STORE, SecretStoreKind.CLUSTER_SECRET_STORE)),
    remoteKey: fc.constantFrom('ml/minio', 'secret/data/ml', 'gcs-key'),
    renameProperties: fc.boolean(),
    refreshMinutes: opt(fc.integer({ min: 1, max: 720 })),
  }),
  consumer: fc.constantFrom<Consumer>('model', 'container', 'bare-container', 'none'),
  format: fc.constantFrom<Case['format']>('sklearn', 'xgboost', 'lightgbm'),
  path: fc.constantFrom('sklearn/iris', 'models/v1'),
});

interface Only {
  readonly kinds?: Kind[];
  readonly sources?: Source[];
  readonly versions?: KServeVersion[];
  readonly consumers?: Consumer[];
}

/** Random valid cases, optionally restricted to the kinds, sources, versions and consumers a rule applies to. */
function cases(only: Only = {}): fc.Arbitrary<Case> {
  const pick = <T>(all: T[], allowed: T[] | undefined) => (allowed ? fc.constantFrom(...allowed) : fc.constantFrom(...all));
  return fc.tuple(
    rawArb,
    pick(KINDS, only.kinds),
    pick(SOURCES, only.sources),
    pick([KServeVersion.V0_13, KServeVersion.V0_20], only.versions),
    pick<Consumer>(['model', 'container', 'bare-container', 'none'], only.consumers),
  ).map(([r, kind, pickedSource, pickedVersion, pickedConsumer]) => {
    // Hugging Face tokens are read from v0.20 on.
    const version = kind === 'huggingFace' ? KServeVersion.V0_20 : pickedVersion;
    // Only S3 and storage-config entries go without a source (anonymous); cloud identities never have one.
    const source: Source = IDENTITIES.includes(kind) ? 'none'
      : pickedSource === 'none' && kind !== 's3' && kind !== 'storageConfig' ? 'externalSecret' : pickedSource;
    const anonymous = source === 'none' && (kind === 's3' || kind === 'storageConfig');
    const existing = EXISTING.includes(source);
    // S3 settings cannot be added to an existing Secret; an endpoint scheme is v0.20+ and decides useHttps itself.
    const s3Given = (kind === 's3' || kind === 'awsIrsa') && !existing;
    const endpoint = r.s3.host === undefined ? undefined
      : `${r.s3.scheme && version.isAtLeast(KServeVersion.V0_20) ? `${r.s3.scheme}://` : ''}${r.s3.host}${r.s3.port ? `:${r.s3.port}` : ''}`;
    const withScheme = endpoint !== undefined && endpoint.includes('://');
    const s3: S3Settings = s3Given ? {
      endpoint,
      useHttps: withScheme && r.s3.useHttps !== undefined ? endpoint.startsWith('https') : r.s3.useHttps,
      region: r.s3.region,
      verifySsl: r.s3.verifySsl,
      useVirtualBucket: r.s3.useVirtualBucket,
      useAccelerate: r.s3.useAccelerate,
      caBundle: r.s3.verifySsl === false ? undefined : r.s3.caBundle,
      caBundleConfigMap: r.s3.verifySsl === false ? undefined : r.s3.caBundleConfigMap,
    } : {};
    const base: Case = {
      version,
      mode: r.mode,
      kind,
      source,
      anonymous,
      credId: r.credId,
      serviceId: r.serviceId,
      namespace: r.namespace,
      explicitNamespace: r.explicitNamespace || r.namespace !== 'ml',
      serviceNamespace: r.namespace,
      // An existing Secret names the credentials (repeating its name is allowed).
      name: existing ? (r.nameGiven ? r.secretName : undefined) : r.name,
      secretName: r.secretName,
      secretNamespace: r.namespace,
      ownServiceAccount: r.ownServiceAccount && WITH_SERVICE_ACCOUNT.includes(kind),
      serviceAccountNamespace: r.namespace,
      s3,
      azureType: r.azureType,
      host: r.host,
      roleArn: r.roleArn,
      gcpServiceAccount: r.gcpServiceAccount,
      // An existing Secret holds the entry's JSON itself: only the key applies.
      entry: existing ? { key: r.entry.key } : { ...r.entry, bucket: r.bucket },
      variables: {},
      external: { store: r.external.store, storeKind: r.external.storeKind, remoteKey: r.external.remoteKey },
      // storage-config entries are referenced by model.storage.key, so only a Model can use them.
      consumer: kind === 'storageConfig' && pickedConsumer !== 'none' ? 'model' : pickedConsumer,
      format: r.format,
      bucket: r.bucket,
      account: r.account,
      httpUri: `${r.httpScheme}://${r.host}${r.httpPort ? `:${r.httpPort}` : ''}/${r.path}/model.joblib`,
    };
    const keys = requiredKeys(base);
    return {
      ...base,
      variables: r.mapVariables ? Object.fromEntries(keys.map(k => [k, mappedVariable(k)])) : {},
      external: {
        ...base.external,
        properties: r.external.renameProperties ? Object.fromEntries(keys.map(k => [k, k.toLowerCase()])) : undefined,
        refreshInterval: r.external.refreshMinutes === undefined ? undefined : Duration.minutes(r.external.refreshMinutes),
      },
    };
  });
}

function modelUri(c: Case): StorageUri {
  switch (c.kind) {
    case 'gcs':
    case 'gcpWorkloadIdentity': return StorageUri.gcs(c.bucket, 'sklearn/iris');
    case 'azure': return StorageUri.azureBlob(c.account, 'models', 'sklearn/iris');
    case 'https': return StorageUri.url(c.httpUri);
    case 'huggingFace': return StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct');
    default: return StorageUri.s3(c.bucket, 'sklearn/iris');
  }
}

function sourceOf(chart: Chart, c: Case): SecretSource | undefined {
  switch (c.source) {
    case 'fromSecretName': return SecretSource.fromSecretName(c.secretName);
    case 'fromSecret': return SecretSource.fromSecret(new Secret(chart, 'existing-secret', {
      metadata: { name: c.secretName, namespace: c.secretNamespace === 'ml' ? undefined : c.secretNamespace },
    }));
    case 'externalSecret': return SecretSource.externalSecret(c.external);
    case 'unsafePlaintext': return SecretSource.unsafePlaintext(c.values ?? Object.fromEntries(requiredKeys(c).map(k => [k, fake(k)])));
    case 'unsafeFromEnvironment': return SecretSource.unsafeFromEnvironment(c.variables);
    default: return undefined;
  }
}

function credentials(chart: Chart, c: Case): ModelStorageSecret {
  const source = sourceOf(chart, c);
  const namespace = c.explicitNamespace ? c.namespace : undefined;
  const serviceAccount = c.ownServiceAccount ? new ServiceAccount(chart, 'own-sa', {
    metadata: { name: `${c.credId}-sa`, namespace: c.serviceAccountNamespace === 'ml' ? undefined : c.serviceAccountNamespace },
    automountToken: false,
  }) : undefined;
  const common = { name: c.name, namespace, serviceAccount };
  switch (c.kind) {
    case 's3': return ModelStorageSecret.s3(chart, c.credId, { ...common, ...c.s3, source, anonymous: c.anonymous || undefined });
    case 'gcs': return ModelStorageSecret.gcs(chart, c.credId, { ...common, source: source! });
    case 'azure': return ModelStorageSecret.azure(chart, c.credId, { ...common, source: source!, credentialType: c.azureType });
    case 'https': return ModelStorageSecret.https(chart, c.credId, { ...common, host: c.host, source: source! });
    case 'huggingFace': return ModelStorageSecret.huggingFace(chart, c.credId, { ...common, source: source! });
    case 'storageConfig': return ModelStorageSecret.storageConfig(chart, c.credId, {
      ...c.entry, source, anonymous: c.anonymous || undefined, name: c.name, namespace,
    });
    case 'awsIrsa': return ModelStorageSecret.awsIrsa(chart, c.credId, { ...c.s3, roleArn: c.roleArn, name: c.name, namespace });
    case 'gcpWorkloadIdentity': return ModelStorageSecret.gcpWorkloadIdentity(chart, c.credId, {
      gcpServiceAccount: c.gcpServiceAccount, name: c.name, namespace,
    });
  }
}

function build(c: Case): Build {
  return (chart) => {
    const storageCredentials = credentials(chart, c);
    if (c.consumer === 'none') return;
    const uri = c.uri ?? modelUri(c);
    const model = uri.uri.startsWith('hf://') ? Model.huggingface(uri) : Model.fromFormat(c.format, uri);
    new InferenceService(chart, c.serviceId, {
      namespace: c.serviceNamespace === 'ml' ? undefined : c.serviceNamespace,
      version: c.version,
      deploymentMode: c.mode,
      predictor: c.consumer === 'model' ? { model, storageCredentials } : {
        container: { image: 'registry.example.com/ml/server:1.0.0', storageUri: c.consumer === 'container' ? uri : undefined },
        storageCredentials,
      },
    });
  };
}

const schemaOf = (c: Case) => c.version.name as KServeSchemaVersion;
/** A namespace other than the case's. */
const elsewhere = (c: Case) => (c.namespace === 'ns-elsewhere' ? 'ns-other' : 'ns-elsewhere');

test('random valid credentials of every kind and source, alone or used by an InferenceService, synthesize schema-valid for their version', () => {
  fc.assert(fc.property(cases(), c => {
    expectValidApp(build(c), schemaOf(c));
  }), { ...RUNS, numRuns: 30 });
});

interface Breaker {
  readonly only?: Only;
  readonly breakIt: (c: Case) => Case;
  /** The construct id (under the chart `test`) the error must name. */
  readonly at: (c: Case) => string;
  readonly field: (c: Case) => string;
}

/** The provider the scheme-mismatch message names. */
const PROVIDERS: Record<Kind, StorageProvider> = {
  s3: StorageProvider.S3,
  awsIrsa: StorageProvider.S3,
  gcs: StorageProvider.GCS,
  gcpWorkloadIdentity: StorageProvider.GCS,
  azure: StorageProvider.AZURE,
  https: StorageProvider.HTTPS,
  huggingFace: StorageProvider.HUGGING_FACE,
  storageConfig: StorageProvider.STORAGE_CONFIG,
};
const atCredentials = (c: Case) => c.credId;
const atService = (c: Case) => c.serviceId;
const USE = 'spec.predictor.storageCredentials: ';
const CONSUMING: Consumer[] = ['model', 'container', 'bare-container'];
const WITH_URI: Consumer[] = ['model', 'container'];
const S3_WRITTEN: Only = { kinds: ['s3', 'awsIrsa'], sources: [...WRITTEN, 'none'] };
const ENTRY: Only = { kinds: ['storageConfig'], sources: [...WRITTEN, 'none'] };
const withS3 = (c: Case, s3: S3Settings) => ({ ...c, s3: { ...c.s3, ...s3 } });
const withEntry = (c: Case, entry: Partial<Entry>) => ({ ...c, entry: { ...c.entry, ...entry } });

const breakers: Array<[string, Breaker]> = [
  // ---- every factory: names -------------------------------------------------------------------------------
  ['name is a DNS-1123 subdomain', {
    breakIt: c => (EXISTING.includes(c.source)
      ? { ...c, secretName: 'Bad_Name', name: c.name === undefined ? undefined : 'Bad_Name' }
      : { ...c, name: 'Bad_Name' }),
    at: atCredentials,
    field: () => "name 'Bad_Name' must be a DNS-1123 subdomain",
  }],
  ['namespace is a DNS-1123 label', {
    // Without a consumer: a service in another namespace would be a second broken rule.
    only: { consumers: ['none'] },
    breakIt: c => ({ ...c, namespace: 'Bad_NS', explicitNamespace: true, secretNamespace: 'Bad_NS', serviceAccountNamespace: 'Bad_NS' }),
    at: atCredentials,
    field: () => "namespace 'Bad_NS' must be a DNS-1123 label",
  }],
  ['namespace is at most 63 characters', {
    only: { consumers: ['none'] },
    breakIt: c => {
      const long = 'n'.repeat(64);
      return { ...c, namespace: long, explicitNamespace: true, secretNamespace: long, serviceAccountNamespace: long };
    },
    at: atCredentials,
    field: () => `namespace '${'n'.repeat(64)}' must be a DNS-1123 label (lower case alphanumerics and '-', at most 63 characters)`,
  }],

  // ---- s3 and awsIrsa ---------------------------------------------------------------------------------------
  ['s3 needs a source or anonymous', {
    only: { kinds: ['s3'] },
    breakIt: c => ({ ...c, source: 'none', anonymous: false }),
    at: atCredentials,
    field: () => "S3 credentials need a 'source'",
  }],
  ['s3 anonymous conflicts with a source', {
    only: { kinds: ['s3'], sources: WRITTEN },
    breakIt: c => ({ ...c, anonymous: true }),
    at: atCredentials,
    field: () => "'anonymous: true' and a 'source' conflict",
  }],
  ['s3 endpoint has no path', {
    only: S3_WRITTEN,
    breakIt: c => withS3(c, { endpoint: 'minio.ml.svc:9000/models' }),
    at: atCredentials,
    field: () => "endpoint 'minio.ml.svc:9000/models' must be host[:port]",
  }],
  ['s3 endpoint port is at most 65535', {
    only: S3_WRITTEN,
    breakIt: c => withS3(c, { endpoint: 'minio.ml.svc:65536' }),
    at: atCredentials,
    field: () => "endpoint 'minio.ml.svc:65536' must be host[:port]",
  }],
  ['s3 endpoint scheme agrees with useHttps', {
    // v0.13 rejects any endpoint scheme (a different rule).
    only: { ...S3_WRITTEN, versions: [KServeVersion.V0_20] },
    breakIt: c => withS3(c, { endpoint: 'https://minio.ml.svc:9000', useHttps: false }),
    at: atCredentials,
    field: () => "endpoint 'https://minio.ml.svc:9000' and useHttps: false conflict",
  }],
  ['s3 region is a region name', {
    only: S3_WRITTEN,
    breakIt: c => withS3(c, { region: 'US_EAST_1' }),
    at: atCredentials,
    field: () => "region 'US_EAST_1' must be a region name",
  }],
  ['s3 caBundle is an absolute path', {
    only: S3_WRITTEN,
    // verifySsl false with a CA bundle is a different rule.
    breakIt: c => withS3(c, { caBundle: 'certs/ca.crt', verifySsl: c.s3.verifySsl === false ? undefined : c.s3.verifySsl }),
    at: atCredentials,
    field: () => "caBundle 'certs/ca.crt' must be an absolute file path",
  }],
  ['s3 verifySsl false conflicts with caBundle', {
    only: S3_WRITTEN,
    breakIt: c => withS3(c, { verifySsl: false, caBundle: '/etc/ssl/custom/ca.crt' }),
    at: atCredentials,
    field: () => "'verifySsl: false' and a CA bundle conflict",
  }],
  ['s3 verifySsl false conflicts with caBundleConfigMap', {
    only: S3_WRITTEN,
    breakIt: c => withS3(c, { verifySsl: false, caBundle: undefined, caBundleConfigMap: 'minio-ca' }),
    at: atCredentials,
    field: () => "'verifySsl: false' and a CA bundle conflict",
  }],
  ['s3 caBundleConfigMap is a ConfigMap name', {
    only: S3_WRITTEN,
    breakIt: c => withS3(c, { caBundleConfigMap: 'Minio_CA', verifySsl: c.s3.verifySsl === false ? undefined : c.s3.verifySsl }),
    at: atCredentials,
    field: () => "caBundleConfigMap 'Minio_CA' must be a ConfigMap name",
  }],
  ['awsIrsa roleArn is an IAM role ARN', {
    only: { kinds: ['awsIrsa'] },
    breakIt: c => ({ ...c, roleArn: c.roleArn.replace(':role/', ':user/') }),
    at: atCredentials,
    field: c => `roleArn '${c.roleArn.replace(':role/', ':user/')}' must be an IAM role ARN`,
  }],

  // ---- gcpWorkloadIdentity, https ---------------------------------------------------------------------------
  ['gcpWorkloadIdentity gcpServiceAccount is a service account email', {
    only: { kinds: ['gcpWorkloadIdentity'] },
    breakIt: c => ({ ...c, gcpServiceAccount: c.gcpServiceAccount.replace('.iam.gserviceaccount.com', '.example.com') }),
    at: atCredentials,
    field: c => `gcpServiceAccount '${c.gcpServiceAccount.replace('.iam.gserviceaccount.com', '.example.com')}' must be a Google service account`,
  }],
  ['https host is a bare lower-case hostname', {
    // The model stays on that host (URL parsing keeps the '_'), so the host-match rule still holds.
    only: { kinds: ['https'] },
    breakIt: c => ({ ...c, host: 'model_store.example.com', httpUri: 'https://model_store.example.com/models/model.joblib' }),
    at: atCredentials,
    field: () => "host 'model_store.example.com' must be a bare lower-case hostname",
  }],

  // ---- SecretSource kinds ----------------------------------------------------------------------------------
  ['unsafePlaintext gives every key KServe reads', {
    only: { kinds: WITH_KEYS, sources: ['unsafePlaintext'] },
    breakIt: c => ({ ...c, values: Object.fromEntries(requiredKeys(c).slice(1).map(k => [k, fake(k)])) }),
    at: atCredentials,
    field: c => `unsafePlaintext values miss the key(s) ${requiredKeys(c)[0]}`,
  }],
  ['unsafePlaintext gives only keys KServe reads', {
    only: { kinds: WITH_KEYS, sources: ['unsafePlaintext'] },
    breakIt: c => ({ ...c, values: { ...Object.fromEntries(requiredKeys(c).map(k => [k, fake(k)])), NOT_READ_BY_KSERVE: 'fake' } }),
    at: atCredentials,
    field: () => 'unsafePlaintext values have key(s) KServe does not read for',
  }],
  ['unsafeFromEnvironment maps only keys KServe reads', {
    only: { kinds: WITH_KEYS, sources: ['unsafeFromEnvironment'] },
    breakIt: c => ({ ...c, variables: { ...c.variables, NOT_READ_BY_KSERVE: mappedVariable('HF_TOKEN') } }),
    at: atCredentials,
    field: () => 'unsafeFromEnvironment maps key(s) KServe does not read for',
  }],
  ['unsafeFromEnvironment variables are set', {
    only: { kinds: WITH_KEYS, sources: ['unsafeFromEnvironment'] },
    breakIt: c => ({ ...c, variables: { ...c.variables, [requiredKeys(c)[0]]: UNSET_VARIABLE } }),
    at: atCredentials,
    field: () => `environment variable ${UNSET_VARIABLE} is not set`,
  }],
  ['externalSecret properties name only keys KServe reads', {
    only: { kinds: WITH_KEYS, sources: ['externalSecret'] },
    breakIt: c => ({ ...c, external: { ...c.external, properties: { ...c.external.properties, NOT_READ_BY_KSERVE: 'token' } } }),
    at: atCredentials,
    field: () => 'externalSecret properties name key(s) KServe does not read for',
  }],
  ['externalSecret store is a SecretStore name', {
    only: { kinds: WITH_KEYS, sources: ['externalSecret'] },
    breakIt: c => ({ ...c, external: { ...c.external, store: 'Vault_ML' } }),
    at: atCredentials,
    field: () => "externalSecret store 'Vault_ML' must be a SecretStore name",
  }],
  ['externalSecret remoteKey is not empty', {
    only: { kinds: WITH_KEYS, sources: ['externalSecret'] },
    breakIt: c => ({ ...c, external: { ...c.external, remoteKey: '  ' } }),
    at: atCredentials,
    field: () => 'externalSecret remoteKey must not be empty',
  }],
  ['externalSecret refreshInterval is whole seconds', {
    only: { kinds: WITH_KEYS, sources: ['externalSecret'] },
    breakIt: c => ({ ...c, external: { ...c.external, refreshInterval: Duration.millis(1500) } }),
    at: atCredentials,
    field: () => 'externalSecret refreshInterval (1.5s) must be a whole number of seconds',
  }],
  ['externalSecret refreshInterval is above zero', {
    only: { kinds: WITH_KEYS, sources: ['externalSecret'] },
    breakIt: c => ({ ...c, external: { ...c.external, refreshInterval: Duration.seconds(0) } }),
    at: atCredentials,
    field: () => 'externalSecret refreshInterval (0s) must be a whole number of seconds',
  }],
  ['an existing Secret is not renamed', {
    only: { kinds: WITH_KEYS, sources: EXISTING },
    breakIt: c => ({ ...c, name: `${c.secretName}-x` }),
    at: atCredentials,
    field: c => `name '${c.secretName}-x' differs from the existing Secret '${c.secretName}'`,
  }],
  ['an existing Secret is in the credentials namespace', {
    only: { kinds: WITH_KEYS, sources: ['fromSecret'] },
    breakIt: c => ({ ...c, secretNamespace: elsewhere(c) }),
    at: atCredentials,
    field: c => `the existing Secret '${c.secretName}' is in namespace '${elsewhere(c)}', not '${c.namespace}'`,
  }],
  ['a given ServiceAccount is in the credentials namespace', {
    only: { kinds: WITH_SERVICE_ACCOUNT },
    breakIt: c => ({ ...c, ownServiceAccount: true, serviceAccountNamespace: elsewhere(c) }),
    at: atCredentials,
    field: c => `serviceAccount '${c.credId}-sa' is in namespace '${elsewhere(c)}', not '${c.namespace}'`,
  }],

  // ---- storageConfig (validateStorageConfig runs only without an existing Secret: see the report) ----------
  ['storageConfig key is a Secret data key', {
    only: ENTRY,
    breakIt: c => withEntry(c, { key: 'ml/minio' }),
    at: atCredentials,
    field: () => "key 'ml/minio' must be a Secret data key",
  }],
  ['storageConfig bucket is an S3 bucket name', {
    // '_' passes StorageUri (so the model can stay in that bucket) but not S3's bucket naming rules.
    only: ENTRY,
    breakIt: c => ({ ...withEntry(c, { bucket: 'models_bucket' }), bucket: 'models_bucket' }),
    at: atCredentials,
    field: () => "bucket 'models_bucket' is not a valid S3 bucket name",
  }],
  ['storageConfig needs a source or anonymous', {
    only: ENTRY,
    breakIt: c => ({ ...c, source: 'none', anonymous: false }),
    at: atCredentials,
    field: () => "storage-config entries need a 'source'",
  }],
  ['storageConfig anonymous conflicts with a source', {
    only: { kinds: ['storageConfig'], sources: WRITTEN },
    breakIt: c => ({ ...c, anonymous: true }),
    at: atCredentials,
    field: () => "'anonymous: true' and a 'source' conflict",
  }],
  ['storageConfig settings with an existing Secret', {
    only: { kinds: ['storageConfig'], sources: EXISTING },
    breakIt: c => withEntry(c, { region: 'eu-west-1' }),
    at: atCredentials,
    field: c => `region cannot be added to the existing Secret's '${c.entry.key}' entry`,
  }],
  ['storageConfig bucket with an existing Secret', {
    only: { kinds: ['storageConfig'], sources: EXISTING },
    breakIt: c => withEntry(c, { bucket: 'models' }),
    at: atCredentials,
    field: c => `bucket cannot be added to the existing Secret's '${c.entry.key}' entry`,
  }],
  ['storageConfig endpointUrl has a scheme', {
    only: ENTRY,
    breakIt: c => withEntry(c, { endpointUrl: 'minio.ml.svc:9000' }),
    at: atCredentials,
    field: () => "endpointUrl 'minio.ml.svc:9000' must be a URL with scheme and host",
  }],
  ['storageConfig region is a region name', {
    only: ENTRY,
    breakIt: c => withEntry(c, { region: 'EU Central' }),
    at: atCredentials,
    field: () => "region 'EU Central' must be a region name",
  }],
  ['storageConfig caBundle is an absolute path', {
    only: ENTRY,
    breakIt: c => withEntry(c, { caBundle: 'ca.crt' }),
    at: atCredentials,
    field: () => "caBundle 'ca.crt' must be an absolute file path",
  }],

  // ---- _validateUse: the InferenceService that uses the credentials --------------------------------------
  ['credentials are in the service namespace', {
    only: { consumers: CONSUMING },
    breakIt: c => ({ ...c, serviceNamespace: elsewhere(c) }),
    at: atService,
    field: c => `${USE}credentials 'test/${c.credId}' are in namespace '${c.namespace}' but the service is in '${elsewhere(c)}'`,
  }],
  ['credentials fit the model URI scheme', {
    only: { consumers: WITH_URI },
    breakIt: c => ({ ...c, uri: PROVIDERS[c.kind] === StorageProvider.GCS ? StorageUri.s3(c.bucket, 'iris') : StorageUri.gcs(c.bucket, 'iris') }),
    at: atService,
    field: c => `${USE}${PROVIDERS[c.kind]} credentials 'test/${c.credId}' cannot open`,
  }],
  ['https headers are for the model host', {
    only: { kinds: ['https'], consumers: WITH_URI },
    breakIt: c => ({ ...c, uri: StorageUri.url('https://elsewhere.example.org/models/model.joblib') }),
    at: atService,
    field: c => `${USE}the headers in 'test/${c.credId}' are for host '${c.host}' but the model is on 'elsewhere.example.org'`,
  }],
  ['huggingFace tokens need v0.14', {
    // A container without storageUri: an hf:// model on v0.13 would break the Model's own rule too.
    only: { kinds: ['huggingFace'], consumers: ['bare-container'] },
    breakIt: c => ({ ...c, version: KServeVersion.V0_13 }),
    at: atService,
    field: () => `${USE}a Hugging Face token (HF_TOKEN) needs KServe v0.14 or later (target is v0.13.1)`,
  }],
  ['s3 endpoint has no scheme on v0.13', {
    only: { ...S3_WRITTEN, versions: [KServeVersion.V0_13], consumers: CONSUMING },
    breakIt: c => withS3(c, { endpoint: 'http://minio.ml.svc:9000', useHttps: undefined }),
    at: atService,
    field: () => `${USE}KServe v0.13.1 prefixes the endpoint with a scheme itself ('https://http://minio.ml.svc:9000')`,
  }],
  ['s3 settings are not added to an existing Secret (v0.13)', {
    only: { kinds: ['s3'], sources: EXISTING, versions: [KServeVersion.V0_13], consumers: CONSUMING },
    breakIt: c => withS3(c, { region: 'us-east-1' }),
    at: atService,
    field: c => `${USE}S3 settings on 'test/${c.credId}' cannot be added to the existing Secret '${c.secretName}'; annotate the Secret`,
  }],
  ['s3 settings are not added to an existing Secret (v0.20)', {
    only: { kinds: ['s3'], sources: EXISTING, versions: [KServeVersion.V0_20], consumers: CONSUMING },
    breakIt: c => withS3(c, { useVirtualBucket: true }),
    at: atService,
    field: c => `${USE}S3 settings on 'test/${c.credId}' cannot be added to the existing Secret '${c.secretName}'; store them in the Secret`,
  }],
];

test.each(breakers)('one broken rule (%s): synth fails naming the construct path and field, and writes no file', (_rule, b) => {
  fc.assert(fc.property(cases(b.only), c => {
    // The restricted base is valid, so the error below comes from the one broken rule.
    expectValidApp(build(c), schemaOf(c));
    const broken = b.breakIt(c);
    expectBrokenRule(build(broken), { at: `test/${b.at(c)}`, field: b.field(c) });
  }), RUNS);
});

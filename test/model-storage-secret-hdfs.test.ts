import { Testing } from 'cdk8s';
import { ServiceAccount } from 'cdk8s-plus-28';
import {
  HdfsCredentialsProps, InferenceService, KServeVersion, Model, ModelStorageSecret, SecretSource, StorageProvider, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, schemaVersionOf } from './util/schema-validator';

// ModelStorageSecret.hdfs: KServe mounts a Secret with HDFS_NAMENODE at /var/secrets/kserve-hdfscreds
// (pkg/credentials/hdfs/hdfs_secret.go), where the storage initializer reads one file per setting.

const KEYTAB = SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/hdfs', properties: { KERBEROS_KEYTAB: 'keytab' } });

function stack(props: HdfsCredentialsProps, version = KServeVersion.V0_20, uri = StorageUri.hdfs('sklearn/iris')) {
  const { app, chart } = newChart();
  const hdfs = ModelStorageSecret.hdfs(chart, 'hdfs-models', props);
  new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(uri), storageCredentials: hdfs } });
  return { app, chart, hdfs };
}

const ofKind = (objects: any[], kind: string) => objects.filter(o => o.kind === kind);

describe.each(KServeVersion.all())('ModelStorageSecret.hdfs on %s', version => {
  test('Kerberos: the settings are template data, the keytab is fetched, the ServiceAccount lists the Secret; schema-valid', () => {
    const { app, chart } = stack({
      nameNode: 'https://namenode.hadoop.svc:9871',
      rootPath: '/models',
      proxyUser: 'ml',
      kerberosPrincipal: 'kserve@EXAMPLE.COM',
      certificateAuthority: true,
      headers: { 'X-Team': 'ml' },
      threads: 4,
      source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/hdfs', properties: { KERBEROS_KEYTAB: 'keytab', TLS_CA: 'ca' } }),
    }, version);
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expectValidObjects(objects, { kserveVersion: schemaVersionOf(version) });
    const [es] = ofKind(objects, 'ExternalSecret');
    expect(es.spec.target.template).toMatchObject({
      mergePolicy: 'Merge',
      data: {
        HDFS_NAMENODE: 'https://namenode.hadoop.svc:9871',
        HDFS_ROOTPATH: '/models',
        USER_PROXY: 'ml',
        KERBEROS_PRINCIPAL: 'kserve@EXAMPLE.COM',
        HEADERS: '{"X-Team":"ml"}',
        N_THREADS: '4',
      },
    });
    expect(es.spec.data).toEqual([
      { secretKey: 'KERBEROS_KEYTAB', remoteRef: { key: 'ml/hdfs', property: 'keytab' } },
      { secretKey: 'TLS_CA', remoteRef: { key: 'ml/hdfs', property: 'ca' } },
    ]);
    const [sa] = ofKind(objects, 'ServiceAccount');
    expect(sa.secrets).toEqual([{ name: 'hdfs-models' }]);
    const [isvc] = ofKind(objects, 'InferenceService');
    expect(isvc.spec.predictor.serviceAccountName).toBe('hdfs-models');
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });
});

describe('ModelStorageSecret.hdfs', () => {
  test('a name node that needs no files: a Secret of settings only, nothing fetched (snapshot)', () => {
    const { app, chart, hdfs } = stack({ nameNode: 'http://namenode.hadoop.svc:9870', tlsSkipVerify: false });
    expect(synthErrors(app)).toEqual([]);
    expect(hdfs.provider).toBe(StorageProvider.HDFS);
    const objects = Testing.synth(chart);
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
    expect(ofKind(objects, 'Secret')[0].stringData).toEqual({ HDFS_NAMENODE: 'http://namenode.hadoop.svc:9870', TLS_SKIP_VERIFY: 'false' });
    expect(ofKind(objects, 'ExternalSecret')).toEqual([]);
    expect(objects).toMatchSnapshot();
  });

  test('webhdfs:// models use the same credentials', () => {
    const { app } = stack({ nameNode: 'https://namenode:9871' }, KServeVersion.V0_20, StorageUri.parse('webhdfs://user/ml/iris'));
    expect(synthErrors(app)).toEqual([]);
  });

  test('an existing Secret holds everything; with a ServiceAccount of yours the Secret is added to it', () => {
    const { app, chart } = newChart();
    const account = new ServiceAccount(chart, 'reader', { metadata: { name: 'reader' } });
    const hdfs = ModelStorageSecret.hdfs(chart, 'hdfs', { source: SecretSource.fromSecretName('hdfs-creds'), serviceAccount: account });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(StorageUri.hdfs('iris')), storageCredentials: hdfs } });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(ofKind(objects, 'ServiceAccount')[0].secrets).toEqual([{ name: 'hdfs-creds' }]);
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  test('a client certificate needs TLS_CERT and TLS_KEY from the source (plaintext, for the check)', () => {
    const { app } = stack({
      nameNode: 'https://namenode:9871',
      clientCertificate: true,
      source: SecretSource.unsafePlaintext({ TLS_CERT: 'cert', TLS_KEY: 'key' }),
    });
    expect(synthErrors(app)).toEqual([]);
    const missing = stack({ nameNode: 'https://namenode:9871', clientCertificate: true, source: SecretSource.unsafePlaintext({ TLS_CERT: 'cert' }) });
    expectError(missing.app, 'test/hdfs-models', 'unsafePlaintext values miss the key(s) TLS_KEY');
  });

  const RULES: Array<[string, HdfsCredentialsProps, string]> = [
    ['the name node is required', { kerberosPrincipal: 'k@X', source: KEYTAB }, 'nameNode is required'],
    ['the name node is a URL', { nameNode: 'namenode:9870' }, "nameNode 'namenode:9870' must be the WebHDFS URL"],
    ['TLS settings over http://', { nameNode: 'http://nn:9870', tlsSkipVerify: true }, 'tlsSkipVerify: the name node URL'],
    ['skip-verify with a CA', { nameNode: 'https://nn:9871', tlsSkipVerify: true, certificateAuthority: true, source: SecretSource.unsafePlaintext({ TLS_CA: 'ca' }) },
      'tlsSkipVerify and certificateAuthority conflict'],
    ['threads below 1', { nameNode: 'https://nn:9871', threads: 0 }, 'threads 0 must be a whole number of at least 1'],
    ['threads not whole', { nameNode: 'https://nn:9871', threads: 1.5 }, 'threads 1.5 must be a whole number'],
    ['files without a source', { nameNode: 'https://nn:9871', kerberosPrincipal: 'k@X' }, "KERBEROS_KEYTAB need a 'source'"],
    ['a source without files', { nameNode: 'https://nn:9871', source: KEYTAB }, 'a source gives files'],
    ['settings on an existing Secret', { nameNode: 'https://nn:9871', source: SecretSource.fromSecretName('hdfs') },
      'nameNode cannot be added to the existing Secret'],
    ["'{{' in a templated setting", { nameNode: 'https://nn:9871', kerberosPrincipal: 'k@X', headers: { a: '{{ .x }}' }, source: KEYTAB },
      "HEADERS must not contain '{{'"],
  ];
  test.each(RULES)('rejected: %s', (_, props, message) => {
    const { app } = stack(props);
    expectError(app, 'test/hdfs-models', message);
  });

  test('HDFS credentials cannot open another store', () => {
    const { app } = stack({ nameNode: 'https://nn:9871' }, KServeVersion.V0_20, StorageUri.s3('models', 'iris'));
    expectError(app, 'test/iris', "hdfs credentials 'test/hdfs-models' cannot open 's3://models/iris'");
  });

  test('JavaScript callers: a wrong type is a synth error, not a crash', () => {
    const { app } = stack({ nameNode: 42 as any, threads: 'four' as any });
    const errors = synthErrors(app);
    expect(errors.join('\n')).toMatch(/nameNode/);
    expect(errors.join('\n')).toMatch(/threads/);
  });
});

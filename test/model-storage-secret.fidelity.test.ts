/**
 * Issue #15 (fidelity audit rows 9 and the S3 `anonymous: false` item): what the credentials write is what KServe reads.
 * - `anonymous: false` is written (`serving.kserve.io/s3-useanoncredential: "false"`, storage-config `"anonymous": "false"`):
 *   KServe takes the annotation over the cluster-wide `credentials.s3.s3UseAnonymousCredential` when present
 *   (pkg/credentials/s3/utils.go at v0.13.1 and v0.20.0).
 * - HTTPS `headers` seen at synth (unsafe sources) must be a JSON object of strings: the storage initializer
 *   json.loads it and hands it to requests as the request headers.
 */
import { Testing } from 'cdk8s';
import { InferenceService, KServeVersion, Model, ModelStorageSecret, SecretSource, StorageUri } from '../src';
import { expectError, newChart, synthErrors, withEnv } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const VERSIONS: Array<[KServeSchemaVersion, KServeVersion]> = [['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]];
const KEYS = SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/minio' });
const ANON = 'serving.kserve.io/s3-useanoncredential';

describe('S3 anonymous: false', () => {
  test.each(VERSIONS)('is written on the ExternalSecret template and the plain Secret, and validates on KServe %s', (schema, version) => {
    const { app, chart } = newChart();
    const external = ModelStorageSecret.s3(chart, 'signed', { source: KEYS, anonymous: false });
    const plain = ModelStorageSecret.s3(chart, 'signed-plain', {
      source: SecretSource.unsafePlaintext({ AWS_ACCESS_KEY_ID: 'AKIAFAKE', AWS_SECRET_ACCESS_KEY: 'fake' }), anonymous: false,
    });
    new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(StorageUri.s3('models', 'iris')), storageCredentials: external } });
    new InferenceService(chart, 'iris2', { version, predictor: { model: Model.sklearn(StorageUri.s3('models', 'iris')), storageCredentials: plain } });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    const es = objects.find(o => o.kind === 'ExternalSecret');
    expect(es.spec.target.template.metadata.annotations).toEqual({ [ANON]: 'false' });
    const secret = objects.find(o => o.kind === 'Secret');
    expect(secret.metadata.annotations).toEqual({ [ANON]: 'false' });
    expectValidObjects(objects, { kserveVersion: schema });
  });

  test('true is still written as "true" and an unset flag writes nothing', () => {
    const { chart } = newChart();
    ModelStorageSecret.s3(chart, 'public', { anonymous: true });
    ModelStorageSecret.s3(chart, 'unset', { source: KEYS });
    const objects = Testing.synth(chart);
    expect(objects.find(o => o.kind === 'Secret').metadata.annotations).toEqual({ [ANON]: 'true' });
    expect(objects.find(o => o.kind === 'ExternalSecret').spec.target.template.metadata).toBeUndefined();
  });

  test('on an existing Secret it cannot be written, so synth says so', () => {
    const { app, chart } = newChart();
    const creds = ModelStorageSecret.s3(chart, 'mine', { source: SecretSource.fromSecretName('mine'), anonymous: false });
    new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(StorageUri.s3('models', 'iris')), storageCredentials: creds } });
    expectError(synthErrors(app), 'test/iris', "S3 settings on 'test/mine' cannot be added to the existing Secret 'mine'");
  });

  test('is written into the storage-config entry', () => {
    const { chart } = newChart();
    ModelStorageSecret.storageConfig(chart, 'entry', {
      key: 'minio', source: SecretSource.unsafePlaintext({ AWS_ACCESS_KEY_ID: 'AKIAFAKE', AWS_SECRET_ACCESS_KEY: 'fake' }), anonymous: false,
    });
    const secret = Testing.synth(chart).find(o => o.kind === 'Secret');
    expect(JSON.parse(secret.stringData.minio)).toEqual({ type: 's3', anonymous: 'false', access_key_id: 'AKIAFAKE', secret_access_key: 'fake' });
  });

  test('on an existing storage-config Secret it cannot be written, so synth says so', () => {
    const { app, chart } = newChart();
    ModelStorageSecret.storageConfig(chart, 'entry', { key: 'minio', source: SecretSource.fromSecretName('storage-config'), anonymous: false });
    expectError(synthErrors(app), 'test/entry', "anonymous cannot be added to the existing Secret's 'minio' entry");
  });
});

describe('HTTPS headers', () => {
  const TOKEN = 'Bearer fake-token-do-not-use';

  function headers(value: unknown): string[] {
    const { app, chart } = newChart();
    ModelStorageSecret.https(chart, 'hub', { host: 'models.example.com', source: SecretSource.unsafePlaintext({ headers: value as string }) });
    return synthErrors(app);
  }

  test('a JSON object of strings passes and is written as given', () => {
    const value = JSON.stringify({ Authorization: TOKEN });
    const { app, chart } = newChart();
    ModelStorageSecret.https(chart, 'hub', { host: 'models.example.com', source: SecretSource.unsafePlaintext({ headers: value }) });
    expect(synthErrors(app)).toEqual([]);
    expect(Testing.synth(chart).find(o => o.kind === 'Secret').stringData).toEqual({ 'https-host': 'models.example.com', 'headers': value });
  });

  test.each([
    ['not JSON', `Authorization: ${TOKEN}`, "'headers' is not valid JSON"],
    ['a JSON array', JSON.stringify([TOKEN]), "'headers' is JSON array, not an object"],
    ['a JSON string', JSON.stringify(TOKEN), "'headers' is JSON string, not an object"],
    ['JSON null', 'null', "'headers' is JSON null, not an object"],
    ['an object with a non-string value', JSON.stringify({ 'Authorization': TOKEN, 'X-Retries': 3 }), "'headers' value(s) of 'X-Retries' must be JSON strings"],
  ])('%s is rejected without quoting the token', (_what, value, fragment) => {
    const errors = headers(value);
    expectError(errors, 'test/hub', fragment);
    expect(errors.join('\n')).not.toContain('fake-token');
  });

  test('a plain JavaScript object instead of a string is a synth error, not a TypeError', () => {
    const errors = headers({ Authorization: TOKEN });
    expectError(errors, 'test/hub', "ModelStorageSecret.https(props).source: SecretSource.unsafePlaintext(values)['headers']: must be a string (got a plain object { Authorization })");
    expect(errors.join('\n')).not.toContain('fake-token');
  });

  test('values read from the environment are checked the same way', () => {
    withEnv({ HUB_HEADERS: '["x"]' }, () => {
      const { app, chart } = newChart();
      ModelStorageSecret.https(chart, 'hub', { host: 'models.example.com', source: SecretSource.unsafeFromEnvironment({ headers: 'HUB_HEADERS' }) });
      expectError(synthErrors(app), 'test/hub', "'headers' is JSON array");
    });
  });
});

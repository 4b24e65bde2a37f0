/**
 * `ComponentOptions.logger` with every field of every release: metadataHeaders (v0.14+), metadataAnnotations (v0.15+),
 * storage (v0.16+), marshallerUrl / batchSize / batchInterval (v0.17+); each rendered, schema-valid on every release
 * that has it, rejected (naming the first release) on one that lacks it, and KServe's and our own rules on them.
 */
import { Duration, Testing } from 'cdk8s';
import { ServiceAccount } from 'cdk8s-plus-28';
import { KServeVersion, Logger, LoggerMode, Model, StorageUri } from '../src';
import { expectError, synthErrors } from './util/harness';
import { expectValidObjects, schemaVersionOf } from './util/schema-validator';
import { buildService as build, serviceSpec } from './util/service';

const AT = 'test/iris';
const MODEL = Model.sklearn(StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model'));
const SERVER = { image: 'registry.example.com/ml/transformer:1.0.0' };
const BROKER = 'http://broker-ingress.knative-eventing.svc/ml/default';
const STORAGE = { path: 'payloads', key: 'logs', parameters: { format: 'json' } };

/** The releases that have a feature, and those that lack it. */
const split = (has: (v: KServeVersion) => boolean) =>
  [KServeVersion.all().filter(has), KServeVersion.all().filter(v => !has(v))] as const;

describe('every field renders into spec.<component>.logger', () => {
  test('predictor: all fields, exactly as the CRD names them; batchInterval as a Go duration', () => {
    const { app, chart } = build(c => ({
      predictor: {
        model: MODEL,
        logger: {
          mode: LoggerMode.REQUEST,
          url: 's3://inference-logs/iris',
          metadataHeaders: ['x-request-id', 'X-Team'],
          metadataAnnotations: ['example.com/team', 'owner'],
          storage: {
            path: 'payloads',
            key: 'logs',
            parameters: { format: 'parquet' },
            serviceAccount: ServiceAccount.fromServiceAccountName(c, 'log-writer', 'inference-log-writer'),
          },
          marshallerUrl: 'http://marshaller.ml.svc:9083/marshal',
          batchSize: 100,
          batchInterval: Duration.seconds(30),
        },
      },
    }));
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(objects.find(o => o.kind === 'InferenceService').spec.predictor.logger).toEqual({
      mode: 'request',
      url: 's3://inference-logs/iris',
      metadataHeaders: ['x-request-id', 'X-Team'],
      metadataAnnotations: ['example.com/team', 'owner'],
      storage: { path: 'payloads', key: 'logs', parameters: { format: 'parquet' }, serviceAccountName: 'inference-log-writer' },
      marshallerUrl: 'http://marshaller.ml.svc:9083/marshal',
      batchSize: 100,
      batchInterval: '30s',
    });
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test.each([
    ['1500 ms', Duration.millis(1500), '1500ms'],
    ['250 ms', Duration.millis(250), '250ms'],
    ['2 minutes', Duration.minutes(2), '120s'],
  ])('batchInterval of %s is written %s', (_, interval, expected) => {
    const { app, chart } = build({
      predictor: { model: MODEL, logger: { url: 'gs://logs', storage: STORAGE, batchSize: 10, batchInterval: interval } },
    });
    expect(synthErrors(app)).toEqual([]);
    expect(serviceSpec(chart).predictor.logger.batchInterval).toBe(expected);
  });

  test('storage without parameters or ServiceAccount: parameters written as {} (KServe\'s webhook requires the field)', () => {
    const { app, chart } = build({
      predictor: { model: MODEL, logger: { url: 'abfs://logs@account.dfs.core.windows.net/iris', storage: { path: 'p', key: '' } } },
    });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(objects.find(o => o.kind === 'InferenceService').spec.predictor.logger.storage).toEqual({ path: 'p', key: '', parameters: {} });
    expectValidObjects(objects, { kserveVersion: 'v0.16.0' });
  });

  test('transformer and explainer: mode, url and the metadata lists, each in its own logger', () => {
    const logger: Logger = { url: BROKER, metadataHeaders: ['x-request-id'], metadataAnnotations: ['example.com/team'] };
    const { app, chart } = build({
      predictor: { model: MODEL },
      transformer: { container: SERVER, logger },
      explainer: { container: SERVER, logger: { ...logger, mode: LoggerMode.RESPONSE } },
    });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    const spec = objects.find(o => o.kind === 'InferenceService').spec;
    expect(spec.transformer.logger).toEqual({ mode: 'all', ...logger });
    expect(spec.explainer.logger).toEqual({ mode: 'response', ...logger });
    expect(spec.predictor.logger).toBeUndefined();
    expectValidObjects(objects, { kserveVersion: 'v0.15.2' });
  });

  test('a logger of mode and url only renders as before (no new keys)', () => {
    const { chart } = build({ predictor: { model: MODEL, logger: { url: BROKER } } });
    expect(serviceSpec(chart).predictor.logger).toEqual({ mode: 'all', url: BROKER });
  });
});

describe('each field on every release: schema-valid where it exists, an error naming the first release where not', () => {
  const cases: Array<[string, Logger, (v: KServeVersion) => boolean, string]> = [
    ['metadataHeaders', { url: BROKER, metadataHeaders: ['x-request-id'] }, v => v._facts.loggerMetadataHeaders, 'v0.14'],
    ['metadataAnnotations', { url: BROKER, metadataAnnotations: ['example.com/team'] }, v => v._facts.loggerMetadataAnnotations, 'v0.15'],
    ['storage', { url: 's3://logs/iris', storage: STORAGE }, v => v._facts.loggerStorageFormats.length > 0, 'v0.16'],
    ['marshallerUrl', { url: 's3://logs/iris', storage: STORAGE, marshallerUrl: 'http://localhost:9083/marshal' }, v => v._facts.loggerBatching, 'v0.17'],
    ['batchSize', { url: 's3://logs/iris', storage: STORAGE, batchSize: 50 }, v => v._facts.loggerBatching, 'v0.17'],
    ['batchInterval', { url: 's3://logs/iris', storage: STORAGE, batchSize: 50, batchInterval: Duration.seconds(5) }, v => v._facts.loggerBatching, 'v0.17'],
  ];

  test.each(cases)('%s', (prop, logger, has, first) => {
    const [have, lack] = split(has);
    expect(have.length).toBeGreaterThan(0);
    expect(lack.length).toBeGreaterThan(0);
    for (const version of have) {
      const { app, chart } = build({ version, predictor: { model: MODEL, logger } });
      expect([version.name, synthErrors(app)]).toEqual([version.name, []]);
      const objects = Testing.synth(chart);
      expect(objects.find(o => o.kind === 'InferenceService').spec.predictor.logger[prop]).toBeDefined();
      expectValidObjects(objects, { kserveVersion: schemaVersionOf(version) });
    }
    for (const version of lack) {
      const { app } = build({ version, predictor: { model: MODEL, logger } });
      expectError(app, AT, `spec.predictor.logger.${prop} needs KServe ${first} or later (target is ${version.name})`);
    }
  });

  test('the first releases are the ones whose CRDs add the fields', () => {
    const first = (has: (v: KServeVersion) => boolean) => KServeVersion.all().find(has)!.name;
    expect(first(v => v._facts.loggerMetadataHeaders)).toBe('v0.14.1');
    expect(first(v => v._facts.loggerMetadataAnnotations)).toBe('v0.15.2');
    expect(first(v => v._facts.loggerStorageFormats.length > 0)).toBe('v0.16.0');
    expect(first(v => v._facts.loggerBatching)).toBe('v0.17.1');
  });
});

describe('rules', () => {
  const predictorError = (logger: Logger, ...fragments: string[]) => {
    const { app } = build({ predictor: { model: MODEL, logger } });
    return expectError(app, AT, ...fragments);
  };

  test.each(['storage', 'marshallerUrl', 'batchSize', 'batchInterval'] as const)(
    '%s on a transformer or explainer is an error: KServe reads it from the predictor\'s logger only', prop => {
      const values: Logger = { storage: STORAGE, marshallerUrl: 'http://localhost:9083/marshal', batchSize: 10, batchInterval: Duration.seconds(1) };
      const logger = { url: 's3://logs/iris', [prop]: values[prop] };
      const { app } = build({ predictor: { model: MODEL }, transformer: { container: SERVER, logger }, explainer: { container: SERVER, logger } });
      const errors = synthErrors(app);
      for (const component of ['transformer', 'explainer']) {
        expectError(errors, AT, `spec.${component}.logger.${prop}: KServe reads it only from spec.predictor.logger`);
      }
    });

  test('on a release without the field, a transformer\'s storage gets the release error only', () => {
    const { app } = build({
      version: KServeVersion.V0_15, predictor: { model: MODEL }, transformer: { container: SERVER, logger: { url: BROKER, storage: STORAGE } },
    });
    expect(synthErrors(app).filter(e => e.includes('spec.transformer.logger.storage'))).toEqual([
      '[test/iris] spec.transformer.logger.storage needs KServe v0.16 or later (target is v0.15.2)',
    ]);
  });

  test('a transformer may log to a bucket (its agent uses the predictor\'s storage)', () => {
    const { app } = build({
      predictor: { model: MODEL, logger: { url: 's3://logs/iris', storage: STORAGE } },
      transformer: { container: SERVER, logger: { url: 's3://logs/iris' } },
    });
    expect(synthErrors(app)).toEqual([]);
  });

  test.each(['transformer', 'explainer'] as const)(
    'the %s logging to a bucket while the predictor\'s logger has no storage: nothing would be written', component => {
      const { app } = build({
        predictor: { model: MODEL, logger: { url: BROKER } },
        [component]: { container: SERVER, logger: { url: 's3://logs/iris' } },
      });
      const errors = synthErrors(app);
      expectError(errors, AT, `spec.${component}.logger.url 's3://logs/iris' is a bucket: KServe's agent takes the storage for it `
        + 'from spec.predictor.logger, which has none');
      expect(errors).toHaveLength(1);
    });

  test('the predictor\'s storage serves a transformer\'s bucket whatever the predictor\'s own url (none, or http)', () => {
    for (const predictorLogger of [{ url: BROKER, storage: STORAGE }, { storage: STORAGE }]) {
      const { app } = build({
        predictor: { model: MODEL, logger: predictorLogger },
        transformer: { container: SERVER, logger: { url: 'gs://logs/iris' } },
      });
      expect(synthErrors(app)).toEqual([]);
    }
  });

  test('without a predictor logger the cluster\'s logger config supplies the storage: a transformer\'s bucket is not an error', () => {
    const { app } = build({ predictor: { model: MODEL }, transformer: { container: SERVER, logger: { url: 's3://logs/iris' } } });
    expect(synthErrors(app)).toEqual([]);
  });

  test.each(['ftp://logs.example.com/events', 'broker', 'http://message dumper.ml'])('url %s is rejected', url => {
    predictorError({ url }, `spec.predictor.logger.url '${url}' must be an http:// or https:// URL (or, with logger.storage`);
  });

  test('before v0.16 a bucket url is not an option (no storage)', () => {
    const { app } = build({ version: KServeVersion.V0_15, predictor: { model: MODEL, logger: { url: 's3://logs/iris' } } });
    const line = expectError(app, AT, "spec.predictor.logger.url 's3://logs/iris' must be an http:// or https:// URL");
    expect(line).not.toContain('bucket');
  });

  test('a bucket url without storage: the agent would drop every event', () => {
    predictorError({ url: 'gs://logs/iris' }, "spec.predictor.logger.url 'gs://logs/iris' is a bucket: KServe writes to it only with logger.storage");
  });

  test('storage with an http(s) url: KServe would ignore the storage', () => {
    predictorError({ url: BROKER, storage: STORAGE }, `spec.predictor.logger.storage is ignored by KServe for the http(s) url '${BROKER}'`);
  });

  test('storage without a url', () => {
    predictorError({ storage: STORAGE }, 'spec.predictor.logger.url is missing: logger.storage needs the bucket');
  });

  test('storage with an empty path (validateLogger; the agent writes nothing)', () => {
    predictorError({ url: 's3://logs', storage: { ...STORAGE, path: ' ' } }, 'spec.predictor.logger.storage.path must not be empty');
  });

  test('a storage parameter other than format is an error (KServe reads only format)', () => {
    predictorError({ url: 's3://logs', storage: { ...STORAGE, parameters: { format: 'json', compression: 'gzip' } } },
      "spec.predictor.logger.storage.parameters['compression']: KServe v0.20.0 reads only the 'format' parameter");
  });

  test.each([
    [KServeVersion.V0_16, 'csv', 'json'],
    [KServeVersion.V0_20, 'yaml', 'json, csv, parquet'],
  ])('on %s the format %s is rejected (allowed: %s)', (version, format, allowed) => {
    const { app } = build({ version, predictor: { model: MODEL, logger: { url: 's3://logs', storage: { ...STORAGE, parameters: { format } } } } });
    expectError(app, AT, `spec.predictor.logger.storage.parameters['format'] '${format}' is not a format KServe ${version.name} writes; use one of: ${allowed}`);
  });

  test.each(['x request', 'x,y', ''])('metadataHeaders entry %p is not a header name', header => {
    predictorError({ url: BROKER, metadataHeaders: ['x-ok', header] }, `spec.predictor.logger.metadataHeaders[1] '${header}' must be an HTTP header name`);
  });

  test('metadataAnnotations entries must be annotation keys', () => {
    predictorError({ url: BROKER, metadataAnnotations: ['example.com/team', 'bad key'] }, "spec.predictor.logger.metadataAnnotations[1] key 'bad key' is invalid");
  });

  test('marshallerUrl must be http(s)', () => {
    predictorError({ url: 's3://logs', storage: STORAGE, marshallerUrl: 'localhost:9083' },
      "spec.predictor.logger.marshallerUrl 'localhost:9083' must be an http:// or https:// URL");
  });

  test.each([0, 2.5, -1])('batchSize %p must be a whole number above zero', batchSize => {
    predictorError({ url: 's3://logs', storage: STORAGE, batchSize }, `spec.predictor.logger.batchSize (${batchSize}) must be a whole number greater than zero`);
  });

  test('batchInterval in whole milliseconds, above zero', () => {
    predictorError({ url: 's3://logs', storage: STORAGE, batchSize: 5, batchInterval: Duration.millis(0.5) },
      'spec.predictor.logger.batchInterval (0.5ms) must be a whole number of milliseconds greater than zero');
  });

  test.each(['marshallerUrl', 'batchSize', 'batchInterval'] as const)('%s without storage is ignored by KServe: an error', prop => {
    const values: Logger = { marshallerUrl: 'http://localhost:9083/marshal', batchSize: 10, batchInterval: Duration.seconds(1) };
    predictorError({ url: BROKER, batchSize: 10, [prop]: values[prop] }, `spec.predictor.logger.${prop} applies only to logs written to a bucket (logger.storage)`);
  });

  test.each([undefined, 1])('batchInterval with batchSize %p: the timed batch needs a size above 1', batchSize => {
    predictorError({ url: 's3://logs', storage: STORAGE, batchSize, batchInterval: Duration.seconds(5) },
      `spec.predictor.logger.batchInterval applies only with a batchSize above 1 (got ${batchSize ?? 'none'})`);
  });
});

describe('JavaScript callers: wrong shapes are synth errors, not TypeErrors', () => {
  test.each<[string, unknown, string]>([
    ['metadataHeaders', 'x-request-id', 'must be an array of strings'],
    ['metadataAnnotations', [1], 'must be'],
    ['storage', 'bucket', 'must be'],
    ['batchSize', '10', 'must be a number'],
    ['batchInterval', 5, 'must be a Duration'],
    ['marshallerUrl', 9083, 'must be a string'],
  ])('%s given %p', (prop, value, fragment) => {
    const { app } = build({ predictor: { model: MODEL, logger: { url: 's3://logs', storage: STORAGE, [prop]: value } as any } });
    const errors = synthErrors(app);
    expect(errors.length).toBeGreaterThan(0);
    expectError(errors, AT, `predictor.logger.${prop}`, fragment);
  });

  test('storage without path or key', () => {
    const { app } = build({ predictor: { model: MODEL, logger: { url: 's3://logs', storage: { parameters: {} } } as any } });
    const errors = synthErrors(app);
    expectError(errors, AT, 'predictor.logger.storage.path');
    expectError(errors, AT, 'predictor.logger.storage.key');
  });

  test('storage.serviceAccount that is not a ServiceAccount', () => {
    const { app } = build({ predictor: { model: MODEL, logger: { url: 's3://logs', storage: { ...STORAGE, serviceAccount: 'logger-sa' } } as any } });
    expectError(app, AT, 'predictor.logger.storage.serviceAccount');
  });
});

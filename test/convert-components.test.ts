/**
 * The converter's component fields (issue #21): `logger`, `batcher`, `deploymentStrategy`, `terminationGracePeriodSeconds`
 * and a model's `ports` become the L2's typed props when the library writes them back exactly in a service of that mode
 * and release; otherwise they stay JSON patches, with a note saying why. A probe without its own port is rendered like
 * any other. A field no CRD of the target release has is kept, and the note says so.
 *
 * Each case is our own input, described in words: convert → run the generated app → compare with the input → validate
 * against the release's CRD schemas (../shared/schemas).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ConvertResult, KServeVersion, convertManifests } from '../src';
import { runConvertedApp, typeCheckConvertedApps } from './util/converted-app';
import { expectValidObjects, KServeSchemaVersion, validateObjects } from './util/schema-validator';
import { unknownCrdFields } from '../src/private/convert-isvc';

type Json = Record<string, any>;

const root = path.join(__dirname, '..');


/** An InferenceService of our own, in namespace ml, with the deployment mode annotation written out. */
function service(name: string, mode: 'Knative' | 'Standard' | 'Serverless', spec: Json): Json {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name, namespace: 'ml', annotations: { 'serving.kserve.io/deploymentMode': mode } },
    spec,
  };
}

const SKLEARN = { modelFormat: { name: 'sklearn' }, storageUri: 'gs://team-models/iris/v3' };
/** A transformer the library writes back (a pinned image), with its secure defaults added (README "Adopting existing YAML"). */
const TRANSFORMER = { containers: [{ name: 'kserve-container', image: 'registry.example/iris-transformer:1.4.2' }] };

/** The input as the app writes it: a custom container without securityContext gets the library's secure defaults. */
function withSecureDefaults(input: Json): Json {
  const copy = structuredClone(input);
  for (const component of ['predictor', 'transformer', 'explainer']) {
    for (const container of copy.spec[component]?.containers ?? []) {
      container.securityContext ??= { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } };
    }
  }
  return copy;
}

interface Case {
  readonly description: string;
  readonly input: Json;
  readonly version: KServeSchemaVersion;
  /** Whether the input is valid against the release's CRD (a field no CRD has is not). */
  readonly invalid?: boolean;
}

const CASES: Case[] = [
  {
    description: 'a Knative sklearn service logging requests to an HTTP collector',
    version: 'v0.20.0',
    input: service('iris-logged', 'Knative', {
      predictor: { model: SKLEARN, logger: { mode: 'request', url: 'http://collector.observability.svc/events' } },
    }),
  },
  {
    description: 'a logger without mode (which KServe rejects) and one with v0.20 metadata headers',
    version: 'v0.20.0',
    input: service('iris-logged-plain', 'Knative', {
      predictor: { model: SKLEARN, logger: { url: 'http://collector.observability.svc/events' } },
      transformer: { ...TRANSFORMER, logger: { mode: 'all', url: 'http://collector.observability.svc/events', metadataHeaders: ['x-team'] } },
    }),
  },
  {
    description: 'a Knative predictor storing parquet logs to S3 in batches of 50 every 1500 ms, with metadata headers and annotations',
    version: 'v0.20.0',
    input: service('iris-stored-logs', 'Knative', {
      predictor: {
        model: SKLEARN,
        logger: {
          mode: 'all',
          url: 's3://team-logs/iris',
          metadataHeaders: ['x-team', 'x-request-id'],
          metadataAnnotations: ['serving.kserve.io/owner'],
          storage: { path: 'payloads', key: 'credentials', parameters: { format: 'parquet' }, serviceAccountName: 'log-uploader' },
          marshallerUrl: 'http://marshaller.observability.svc/marshal',
          batchSize: 50,
          batchInterval: '1500ms',
        },
      },
    }),
  },
  {
    description: 'a v0.16 Standard predictor storing JSON logs to GCS as its own ServiceAccount, and a transformer logging a metadata header',
    version: 'v0.16.0',
    input: service('iris-stored-v016', 'Standard', {
      predictor: {
        model: SKLEARN,
        logger: {
          mode: 'response',
          url: 'gs://team-logs',
          storage: { path: 'iris', key: 'credentials', parameters: { format: 'json' }, serviceAccountName: 'gcs-logger' },
        },
      },
      transformer: { ...TRANSFORMER, logger: { mode: 'request', url: 'http://collector.observability.svc/events', metadataHeaders: ['x-team'] } },
    }),
  },
  {
    description: 'a transformer logger with storage, which KServe reads from the predictor only',
    version: 'v0.20.0',
    input: service('iris-transformer-storage', 'Knative', {
      predictor: { model: SKLEARN },
      transformer: {
        ...TRANSFORMER,
        logger: { mode: 'all', url: 's3://team-logs', storage: { path: 'transformer', key: 'credentials', parameters: {} } },
      },
    }),
  },
  {
    description: 'a v0.16 predictor storing parquet logs, a format v0.16\'s agent lacks',
    version: 'v0.16.0',
    input: service('iris-parquet-v016', 'Knative', {
      predictor: {
        model: SKLEARN,
        logger: { mode: 'all', url: 's3://team-logs', storage: { path: 'iris', key: 'credentials', parameters: { format: 'parquet' } } },
      },
    }),
  },
  {
    description: 'a predictor logger batching every 1m30s, a Go duration the L2 writes another way',
    version: 'v0.20.0',
    input: service('iris-odd-interval', 'Knative', {
      predictor: {
        model: SKLEARN,
        logger: {
          mode: 'all', url: 's3://team-logs', storage: { path: 'iris', key: 'credentials', parameters: {} }, batchSize: 10, batchInterval: '1m30s',
        },
      },
    }),
  },
  {
    description: 'a predictor batching up to 32 requests for 250 ms with a 5 second timeout, and a transformer batching too',
    version: 'v0.13.1',
    // v0.13.1 spells the Knative mode 'Serverless'.
    input: service('iris-batched', 'Serverless', {
      predictor: { model: SKLEARN, batcher: { maxBatchSize: 32, maxLatency: 250, timeout: 5 } },
      transformer: { ...TRANSFORMER, batcher: { maxBatchSize: 8 } },
    }),
  },
  {
    description: 'a batcher with a batch size of 0, which KServe\'s agent refuses',
    version: 'v0.20.0',
    input: service('iris-batch-zero', 'Knative', { predictor: { model: SKLEARN, batcher: { maxBatchSize: 0 } } }),
  },
  {
    description: 'a Knative Triton model on gRPC declaring its h2c port 9000',
    version: 'v0.20.0',
    input: service('digits-grpc', 'Knative', {
      predictor: {
        model: {
          modelFormat: { name: 'triton' },
          protocolVersion: 'grpc-v2',
          storageUri: 's3://team-models/digits/v1',
          ports: [{ containerPort: 9000, name: 'h2c', protocol: 'TCP' }],
        },
      },
    }),
  },
  {
    description: 'a Knative model declaring two ports, which Knative refuses',
    version: 'v0.20.0',
    input: service('iris-two-ports', 'Knative', {
      predictor: { model: { ...SKLEARN, ports: [{ containerPort: 8080, name: 'http1' }, { containerPort: 8082 }] } },
    }),
  },
  {
    description: 'a Standard service rolling one extra pod at a time, with a transformer recreated and a 45 second grace period',
    version: 'v0.20.0',
    input: service('iris-rolling', 'Standard', {
      predictor: {
        model: SKLEARN,
        deploymentStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
        terminationGracePeriodSeconds: 45,
      },
      transformer: { ...TRANSFORMER, deploymentStrategy: { type: 'Recreate' }, terminationGracePeriodSeconds: 20 },
    }),
  },
  {
    description: 'a Knative service with a deployment strategy, which KServe honours in Standard mode only',
    version: 'v0.20.0',
    input: service('iris-strategy-knative', 'Knative', {
      predictor: { model: SKLEARN, deploymentStrategy: { type: 'Recreate' } },
    }),
  },
  {
    description: 'a Standard service whose maxUnavailable is the string "0", and a grace period of 2.5 seconds',
    version: 'v0.20.0',
    invalid: true,
    input: service('iris-strategy-string', 'Standard', {
      predictor: {
        model: SKLEARN,
        deploymentStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '0' } },
        terminationGracePeriodSeconds: 2.5,
      },
    }),
  },
  {
    description: 'a Standard model on port 8081 with a readiness probe on that port and a liveness probe with no port',
    version: 'v0.20.0',
    input: service('iris-probed', 'Standard', {
      predictor: {
        model: {
          ...SKLEARN,
          ports: [{ containerPort: 8081, name: 'http' }],
          readinessProbe: { httpGet: { path: '/v2/health/ready', port: 8081, scheme: 'HTTP' }, periodSeconds: 10, failureThreshold: 3 },
          livenessProbe: { httpGet: { path: '/v2/health/live' }, periodSeconds: 15 },
        },
      },
    }),
  },
  {
    description: 'a Standard custom predictor on port 8080 with a readiness probe there and a liveness probe on an undeclared port',
    version: 'v0.20.0',
    input: service('scorer-probed', 'Standard', {
      predictor: {
        containers: [{
          name: 'kserve-container',
          image: 'registry.example/scorer:2.1.0',
          ports: [{ name: 'http1', containerPort: 8080, protocol: 'TCP' }],
          readinessProbe: { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, failureThreshold: 3 },
          livenessProbe: { httpGet: { path: '/live', port: 9000, scheme: 'HTTP' }, periodSeconds: 10, failureThreshold: 3 },
        }],
      },
    }),
  },
  {
    description: 'an explainer given as a built-in block no CRD has, and a node name at the spec\'s top',
    version: 'v0.20.0',
    invalid: true,
    input: service('iris-explained', 'Knative', {
      predictor: { model: SKLEARN },
      explainer: { minReplicas: 1, anchors: { type: 'AnchorTabular', storageUri: 'gs://team-models/iris/explainer' } },
      nodeName: 'gpu-node-7',
    }),
  },
];

const results = new Map<string, ConvertResult>(CASES.map(c => [c.description,
  convertManifests([{ file: `${c.input.metadata.name}.yaml`, text: JSON.stringify(c.input) }], { version: c.version })]));
const resultOf = (start: string) => results.get(CASES.find(c => c.description.startsWith(start))!.description)!;
const notesOf = (start: string, field: string) => resultOf(start).notes.filter(n => n.field === field).map(n => n.message).join('\n');

describe.each(CASES.map(c => [c.description, c] as const))('%s', (_description, c) => {
  test('synthesizes the input back, and what the library writes is valid against the release\'s CRD', () => {
    const written = runConvertedApp(results.get(c.description)!.code);
    expect(written).toEqual([withSecureDefaults(c.input)]);
    if (c.invalid) {
      expect(validateObjects(written, { kserveVersion: c.version }).length).toBeGreaterThan(0);
    } else {
      expectValidObjects(written, { kserveVersion: c.version });
    }
  });
});

test('every generated app type-checks strictly against the public API', () => {
  expect(typeCheckConvertedApps(CASES.map(c => [c.description, results.get(c.description)!.code] as const))).toEqual([]);
});

test('a logger of mode and url is a Logger, on a transformer with metadata headers too; one without mode stays a patch, noted', () => {
  const typed = resultOf('a Knative sklearn service logging');
  expect(typed.code).toContain("logger: { mode: LoggerMode.REQUEST, url: 'http://collector.observability.svc/events' }");
  expect(typed.code).not.toContain('addJsonPatch');
  const kept = resultOf('a logger without mode');
  expect(kept.code).toContain("JsonPatch.add('/spec/predictor/logger'");
  // KServe's webhook would reject it (validateLogger, component.go): the note says so and how to fix it.
  expect(notesOf('a logger without mode', 'spec.predictor.logger')).toContain(
    'KServe\'s webhook rejects a logger without mode (validateLogger takes all, request or response), and the L2 always writes one; '
    + 'give the logger a mode');
  // v0.20 has metadataHeaders on every component's logger: the transformer's is typed.
  expect(kept.code).not.toContain("JsonPatch.add('/spec/transformer/logger'");
  expect(kept.code).toContain("logger: { mode: LoggerMode.ALL, url: 'http://collector.observability.svc/events', metadataHeaders: ['x-team'] }");
  expect(notesOf('a logger without mode', 'spec.transformer.logger')).toBe('');
});

test('the full logger is a Logger: metadata lists, storage with its ServiceAccount by name, marshaller, batch size and interval', () => {
  const typed = resultOf('a Knative predictor storing parquet logs');
  expect(typed.code).not.toContain('addJsonPatch');
  expect(typed.code).toContain("metadataHeaders: ['x-team', 'x-request-id'],");
  expect(typed.code).toContain("metadataAnnotations: ['serving.kserve.io/owner'],");
  expect(typed.code).toMatch(/storage: \{\s*path: 'payloads',\s*key: 'credentials',\s*parameters: \{ format: 'parquet' \},\s*serviceAccount: kplus\.ServiceAccount\.fromServiceAccountName\(\s*mlChart,\s*'log-uploader-logger-service-account',\s*'log-uploader',?\s*\),?\s*\}/);
  expect(typed.code).toContain("marshallerUrl: 'http://marshaller.observability.svc/marshal',");
  expect(typed.code).toContain('batchSize: 50,');
  expect(typed.code).toContain('batchInterval: Duration.millis(1500),');
  // v0.16: storage typed on the predictor (no batching yet), metadata headers on the transformer.
  const v016 = resultOf('a v0.16 Standard predictor storing JSON logs');
  expect(v016.code).not.toContain('addJsonPatch');
  expect(v016.code).toMatch(/storage: \{\s*path: 'iris',\s*key: 'credentials',\s*parameters: \{ format: 'json' \},\s*serviceAccount: kplus\.ServiceAccount\.fromServiceAccountName\(\s*mlChart,\s*'gcs-logger-logger-service-account',\s*'gcs-logger',?\s*\)/);
  expect(v016.code).toContain("logger: { mode: LoggerMode.REQUEST, url: 'http://collector.observability.svc/events', metadataHeaders: ['x-team'] }");
});

test('a whole-second batchInterval is Duration.seconds; 2000ms (which the L2 writes as 2s) stays a patch, noted', () => {
  const input = (interval: string) => service('iris-interval', 'Knative', {
    predictor: {
      model: SKLEARN,
      logger: { mode: 'all', url: 's3://team-logs', storage: { path: 'iris', key: 'credentials', parameters: {} }, batchSize: 10, batchInterval: interval },
    },
  });
  const seconds = convertManifests([{ file: 'x.yaml', text: JSON.stringify(input('30s')) }], { version: 'v0.20.0' });
  expect(seconds.code).toContain('batchInterval: Duration.seconds(30)');
  expect(seconds.code).not.toContain('addJsonPatch');
  expect(runConvertedApp(seconds.code)).toEqual([input('30s')]);
  const millis = convertManifests([{ file: 'x.yaml', text: JSON.stringify(input('2000ms')) }], { version: 'v0.20.0' });
  expect(millis.code).toContain("batchInterval: '2000ms'");
  expect(millis.notes.find(n => n.field === 'spec.predictor.logger')?.message).toContain('"batchInterval":"2s"');
  expect(runConvertedApp(millis.code)).toEqual([input('2000ms')]);
});

test('a logger the library rejects, or with a batchInterval it does not type, stays a patch, the note giving the reason', () => {
  expect(resultOf('a transformer logger with storage').code).toContain("JsonPatch.add('/spec/transformer/logger'");
  expect(notesOf('a transformer logger with storage', 'spec.transformer.logger')).toMatch(
    /the library rejects it in a Knative-mode service of v0\.20\.0: spec\.transformer\.logger\.storage: KServe reads it only from spec\.predictor\.logger/);
  expect(resultOf('a v0.16 predictor storing parquet').code).toContain("JsonPatch.add('/spec/predictor/logger'");
  expect(notesOf('a v0.16 predictor storing parquet', 'spec.predictor.logger')).toContain(
    "spec.predictor.logger.storage.parameters['format'] 'parquet' is not a format KServe v0.16.0 writes; use one of: json");
  expect(resultOf('a predictor logger batching every 1m30s').code).toContain("batchInterval: '1m30s'");
  expect(notesOf('a predictor logger batching every 1m30s', 'spec.predictor.logger')).toContain(
    'batchInterval "1m30s" is typed as a Duration only in whole seconds (\'30s\') or milliseconds (\'1500ms\')');
});

test('a batcher of whole numbers is a Batcher with Durations, on a predictor and a transformer; a batch size of 0 stays, noted', () => {
  const typed = resultOf('a predictor batching');
  expect(typed.code).toContain('batcher: { maxBatchSize: 32, maxLatency: Duration.millis(250), timeout: Duration.seconds(5) }');
  expect(typed.code).toContain('batcher: { maxBatchSize: 8 }');
  expect(typed.code).not.toContain('addJsonPatch');
  const kept = resultOf('a batcher with a batch size of 0');
  expect(kept.code).toContain("JsonPatch.add('/spec/predictor/batcher', { maxBatchSize: 0 })");
  expect(notesOf('a batcher with a batch size of 0', 'spec.predictor.batcher')).toMatch(/the library rejects it in a Knative-mode service of v0\.20\.0: .*spec\.predictor\.batcher\.maxBatchSize/);
});

test("a model's ports are cdk8s-plus ContainerPorts; ports Knative refuses stay, noted", () => {
  const typed = resultOf('a Knative Triton model');
  expect(typed.code).toContain("ports: [{ number: 9000, name: 'h2c', protocol: kplus.Protocol.TCP }]");
  expect(typed.code).not.toContain('addJsonPatch');
  const kept = resultOf('a Knative model declaring two ports');
  expect(kept.code).toContain("JsonPatch.add('/spec/predictor/model/ports'");
  expect(notesOf('a Knative model declaring two ports', 'spec.predictor.model.ports')).toContain('Knative accepts exactly one on the serving container');
});

test('a deployment strategy is a DeploymentStrategy in Standard mode; in Knative mode or with a non-percentage string it stays, noted', () => {
  const typed = resultOf('a Standard service rolling');
  expect(typed.code).toMatch(/deploymentStrategy: DeploymentStrategy\.rollingUpdate\(\{\s*maxSurge: kplus\.PercentOrAbsolute\.absolute\(1\),\s*maxUnavailable: kplus\.PercentOrAbsolute\.percent\(25\),?\s*\}\)/);
  expect(typed.code).toContain('deploymentStrategy: DeploymentStrategy.recreate()');
  expect(typed.code).not.toContain('addJsonPatch');
  expect(notesOf('a Knative service with a deployment strategy', 'spec.predictor.deploymentStrategy'))
    .toMatch(/the library rejects it in a Knative-mode service of v0\.20\.0: .*only honoured in Standard mode/);
  expect(notesOf('a Standard service whose maxUnavailable', 'spec.predictor.deploymentStrategy'))
    .toContain('rollingUpdate.maxUnavailable "0" is neither a whole number nor a percentage');
});

test('terminationGracePeriodSeconds is terminationGracePeriod in whole seconds; a fraction stays, noted', () => {
  const typed = resultOf('a Standard service rolling');
  expect(typed.code).toContain('terminationGracePeriod: Duration.seconds(45)');
  expect(typed.code).toContain('terminationGracePeriod: Duration.seconds(20)');
  expect(resultOf('a Standard service whose maxUnavailable').code).toContain("JsonPatch.add('/spec/predictor/terminationGracePeriodSeconds', 2.5)");
  expect(notesOf('a Standard service whose maxUnavailable', 'spec.predictor.terminationGracePeriodSeconds'))
    .toContain('terminationGracePeriod types a whole number of seconds');
});

test('a probe on the declared port is typed with the ports; one without a port stays, the note naming the port cdk8s-plus would write', () => {
  const result = resultOf('a Standard model on port 8081');
  expect(result.code).toContain("readinessProbe: kplus.Probe.fromHttpGet('/v2/health/ready'");
  expect(result.code).toContain("ports: [{ number: 8081, name: 'http' }]");
  expect(result.code).toContain("JsonPatch.add('/spec/predictor/model/livenessProbe'");
  expect(notesOf('a Standard model on port 8081', 'spec.predictor.model.livenessProbe')).toContain(
    'it has no port of its own, and cdk8s-plus writes the port such a probe targets (the serving port, the first of ports) explicitly: 8081');
  // Without declared ports the library asks for the probe's own port.
  const bare = convertManifests([{
    file: 'x.yaml',
    text: JSON.stringify(service('iris-bare-probe', 'Standard', {
      predictor: { model: { ...SKLEARN, livenessProbe: { httpGet: { path: '/live' }, periodSeconds: 15 } } },
    })),
  }], { version: 'v0.20.0' });
  expect(bare.notes.find(n => n.field === 'spec.predictor.model.livenessProbe')?.message).toContain('needs its own port');
});

test("a custom container's probes are checked on that container: one on an undeclared port stays, noted", () => {
  const result = resultOf('a Standard custom predictor on port 8080');
  expect(result.code).toContain("readinessProbe: kplus.Probe.fromHttpGet('/ready'");
  expect(result.code).toContain("JsonPatch.add('/spec/predictor/containers/0/livenessProbe'");
  expect(notesOf('a Standard custom predictor on port 8080', 'spec.predictor.containers[0].livenessProbe'))
    .toContain('targets port 9000, which the container does not declare (8080)');
});

test('a field no CRD of the release has is kept, and the note says the API server would reject or drop it', () => {
  const result = resultOf('an explainer given as a built-in block');
  expect(result.code).toContain("JsonPatch.add('/spec/explainer'");
  expect(result.code).toContain("JsonPatch.add('/spec/nodeName', 'gpu-node-7')");
  expect(notesOf('an explainer given as a built-in block', 'spec.explainer')).toContain(
    "spec.explainer.anchors: KServe v0.20.0's InferenceService CRD has no such field, so the API server would reject the object");
  expect(notesOf('an explainer given as a built-in block', 'spec.nodeName')).toContain("spec.nodeName: KServe v0.20.0's InferenceService CRD has no such field");
  // A known field is not named, and fields under a free-form map are not looked into.
  expect(notesOf('an explainer given as a built-in block', 'spec.explainer')).not.toContain('minReplicas');
  expect(unknownCrdFields('/spec/predictor/labels', { anything: 'goes' }, KServeVersion.V0_20)).toEqual([]);
  expect(unknownCrdFields('/spec/predictor/volumes/0', { name: 'v', emptyDir: {}, bogus: 1 }, KServeVersion.V0_20)).toEqual(['/spec/predictor/volumes/0/bogus']);
});

/** Every field path of a CRD schema (`/spec/...`), list items as index 0 and map entries as key `k`. */
function schemaPaths(schema: Json, at: string, out: string[]): void {
  for (const [key, sub] of Object.entries<Json>(schema.properties ?? {})) {
    const p = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    out.push(p);
    schemaPaths(sub, p, out);
  }
  if (schema.items && typeof schema.items === 'object') schemaPaths(schema.items, `${at}/0`, out);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') schemaPaths(schema.additionalProperties, `${at}/k`, out);
}

test('no field of any release\'s InferenceService CRD is named as missing from that release (../shared/schemas)', () => {
  for (const version of KServeVersion.all()) {
    const file = path.join(root, '..', 'shared', 'schemas', 'kserve', version.name, 'serving.kserve.io_inferenceservices.yaml');
    const crd = parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJSON()).find(d => d?.kind === 'CustomResourceDefinition');
    const spec = crd.spec.versions.find((v: Json) => v.storage).schema.openAPIV3Schema.properties.spec;
    const paths: string[] = [];
    schemaPaths(spec, '/spec', paths);
    expect(paths.length).toBeGreaterThan(1000);
    const claimed = paths.filter(p => unknownCrdFields(p, {}, version).length > 0);
    expect({ release: version.name, claimed }).toEqual({ release: version.name, claimed: [] });
  }
  // And one that none has, in every release.
  for (const version of KServeVersion.all()) expect(unknownCrdFields('/spec/explainer/alibi', {}, version)).toEqual(['/spec/explainer/alibi']);
});

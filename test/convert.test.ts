/**
 * The YAML converter's notes, errors, version detection and CLI (issue #21); the round trip is in
 * test/convert-roundtrip.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convertManifests } from '../src';

const ISVC = (annotations = '', predictor = 'sklearn: { storageUri: "gs://models-bucket/iris/1" }') => `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: iris, namespace: ml${annotations ? `, annotations: { ${annotations} }` : ''} }
spec:
  predictor:
    ${predictor}
`;

const convert = (text: string, options = {}) => convertManifests([{ file: 'in.yaml', text }], options);

describe('notes', () => {
  test('a legacy predictor field is modernised, named in a note', () => {
    const { code, notes } = convert(ISVC());
    expect(code).toContain("Model.sklearn(StorageUri.gcs('models-bucket', 'iris/1'))");
    expect(notes).toContainEqual(expect.objectContaining({
      file: 'in.yaml', object: 'InferenceService ml/iris', field: 'spec.predictor.sklearn', message: expect.stringContaining("modelFormat 'sklearn'"),
    }));
  });

  test('legacy huggingface gets protocolVersion v2, as KServe\'s defaulter gives it', () => {
    const { code } = convert(ISVC('', 'huggingface: { storageUri: "hf://acme/tiny-model" }'));
    expect(code).toContain("Model.huggingface(StorageUri.parse('hf://acme/tiny-model'), { protocolVersion: ProtocolVersion.V2 })");
  });

  test('a format without a factory uses Model.fromFormat', () => {
    const { code } = convert(ISVC('', 'model: { modelFormat: { name: fraud-gbm }, storageUri: "s3://risk-models/gbm" }'));
    expect(code).toContain("Model.fromFormat('fraud-gbm', StorageUri.s3('risk-models', 'gbm'))");
  });

  test('an object of another kind is an ApiObject, named in a note', () => {
    const { code, notes } = convert('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: ml }\ndata: { a: "1" }\n');
    expect(code).toContain("new ApiObject(mlChart, 'configmap-settings', {");
    expect(notes).toContainEqual(expect.objectContaining({ object: 'ConfigMap ml/settings', message: expect.stringContaining('ApiObject') }));
  });

  test('a service the L2 API cannot build (a custom container) stays an ApiObject, with the reason', () => {
    const { code, notes } = convert(ISVC('', 'containers: [{ name: kserve-container, image: "registry.example.com/server:1.0.0" }]'));
    expect(code).toContain("new ApiObject(mlChart, 'inferenceservice-iris', {");
    expect(notes.map(n => n.message).join('\n')).toContain('a custom container predictor is not converted yet');
  });

  test('a Secret no service uses is left out without allowPlaintextSecrets, with a TODO note', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: ml }\nstringData: { password: hunter2 }\n';
    const { code, notes } = convert(secret);
    expect(code).not.toContain('hunter2');
    expect(notes).toContainEqual(expect.objectContaining({ object: 'Secret ml/db', message: expect.stringContaining('TODO') }));
    expect(convert(secret, { allowPlaintextSecrets: true }).code).toContain('hunter2');
  });

  test('server-set fields are left out, named in a note', () => {
    const { notes } = convert(`${ISVC()}status: { url: http://iris.ml.example.com }\n`);
    expect(notes).toContainEqual(expect.objectContaining({ message: expect.stringContaining('status') }));
  });
});

describe('version', () => {
  test('a mode spelled Serverless targets the newest release before v0.16, noted', () => {
    const { code, notes } = convert(ISVC('serving.kserve.io/deploymentMode: Serverless'));
    expect(code).toContain("KServeVersion.of('v0.15.2')");
    expect(notes.map(n => n.message).join('\n')).toContain("spelled 'Serverless'");
  });

  test('without a signal the default release, noted; --version wins', () => {
    expect(convert(ISVC()).code).toContain("KServeVersion.of('v0.20.0')");
    expect(convert(ISVC()).notes.map(n => n.message).join('\n')).toContain('nothing in the input names a KServe release');
    expect(convert(ISVC('serving.kserve.io/deploymentMode: Serverless'), { version: 'v0.13' }).code).toContain("KServeVersion.of('v0.13.1')");
  });

  test('a mode in another release\'s spelling is respelled, noted', () => {
    const { notes } = convert(ISVC('serving.kserve.io/deploymentMode: RawDeployment'), { version: '0.20' });
    expect(notes.map(n => n.message).join('\n')).toContain("written in v0.20.0's spelling 'Standard'");
  });

  const targeted = (text: string) => {
    const { code, notes } = convert(text);
    // The header names the target release (the app passes it to every construct that takes one).
    return { release: /\(KServe (v[\d.]+)\)/.exec(code)?.[1], note: notes.find(n => n.message.includes('the app targets')) };
  };
  const predictor = (fields: string) => `sklearn: { storageUri: "gs://models-bucket/iris/1" }\n    ${fields}`;

  test('a field that exists from some release on targets the oldest release with it, noted with the field', () => {
    const uris = targeted(ISVC('', predictor('storageUris: [{ uri: "gs://models-bucket/iris/1", mountPath: /mnt/models/iris }]')));
    expect(uris.release).toBe('v0.16.0');
    expect(uris.note).toMatchObject({ field: 'spec.predictor.storageUris', message: expect.stringContaining('which exists from v0.16.0') });
    const confidential = targeted(ISVC('', 'model: { modelFormat: { name: sklearn }, storageUri: "gs://b/m", confidential: { keyUri: "x" } }'));
    expect(confidential).toMatchObject({ release: 'v0.20.0', note: { field: 'spec.predictor.model.confidential' } });
    expect(targeted(ISVC('', 'huggingface: { storageUri: "hf://acme/tiny" }')).release).toBe('v0.14.1');
    expect(targeted(ISVC('serving.kserve.io/disable-localmodel: "true"')).release).toBe('v0.14.1');
  });

  test('KEDA with a mode spelled RawDeployment targets the one release that has both, v0.15.2', () => {
    const text = ISVC('serving.kserve.io/deploymentMode: RawDeployment, serving.kserve.io/autoscalerClass: keda', predictor('autoScaling: { metrics: [] }'));
    expect(targeted(text)).toMatchObject({ release: 'v0.15.2', note: { message: expect.stringContaining('the oldest release that accepts every input object') } });
  });

  test('signals no release accepts together: the oldest release with the fields, noted', () => {
    const text = ISVC('serving.kserve.io/deploymentMode: Serverless', predictor('storageUris: [{ uri: "gs://b/m", mountPath: /mnt/models/m }]'));
    expect(targeted(text)).toMatchObject({ release: 'v0.16.0', note: { message: expect.stringContaining('which no release accepts together') } });
  });

  test('LLMInferenceService v1alpha2 and LocalModelNamespaceCache are kinds of later releases', () => {
    const llm = 'apiVersion: serving.kserve.io/v1alpha2\nkind: LLMInferenceService\nmetadata: { name: llama, namespace: ml }\nspec: {}\n';
    expect(targeted(llm).release).toBe('v0.17.1');
    const cache = 'apiVersion: serving.kserve.io/v1alpha1\nkind: LocalModelNamespaceCache\nmetadata: { name: llama, namespace: ml }\nspec: {}\n';
    expect(targeted(cache)).toMatchObject({ release: 'v0.18.1', note: { field: 'kind' } });
    // Signals every release accepts say nothing: the default, as without any.
    expect(targeted(ISVC('serving.kserve.io/autoscalerClass: hpa')).release).toBe('v0.20.0');
  });
});

describe('errors', () => {
  test('invalid YAML names the file and line', () => {
    expect(() => convert('kind: [unclosed\n')).toThrow(/^in\.yaml(:\d+)?: not valid YAML/);
  });

  test('a document that is not a Kubernetes object, or an object without a name, is refused', () => {
    expect(() => convert('just text\n')).toThrow('in.yaml: document 1 is not a Kubernetes object');
    expect(() => convert('apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n')).toThrow('in.yaml: document 1 (ConfigMap) has no metadata.name');
  });

  test('an unsupported version lists the supported ones', () => {
    expect(() => convert(ISVC(), { version: 'v0.9' })).toThrow("version 'v0.9' is not a KServe release this library supports; supported: v0.13.1");
  });

  test('JavaScript callers get a message, never a TypeError', () => {
    expect(() => convertManifests('model.yaml' as any)).toThrow('sources must be an array of { file: string, text: string }');
    expect(() => convertManifests([{ file: 'a.yaml' }] as any)).toThrow('sources must be an array of { file: string, text: string }');
    expect(() => convertManifests([], 'v0.20' as any)).toThrow('options must be an object');
  });
});

describe('cdk8s-kserve convert (the CLI)', () => {
  const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  const cli = path.join(__dirname, '..', 'src', 'convert', 'cli.ts');
  const run = (...args: string[]) => spawnSync(tsx, [cli, ...args], { encoding: 'utf8' });

  test('converts a directory of YAML files (recursively) into main.ts and prints the notes on stderr', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-cli-'));
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(path.join(dir, 'model.yaml'), ISVC());
    fs.writeFileSync(path.join(dir, 'nested', 'config.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: ml }\n');
    fs.writeFileSync(path.join(dir, 'README.md'), 'not yaml');
    const out = path.join(dir, 'main.ts');
    const result = run('convert', dir, '--out', out, '--version', 'v0.20');
    expect(result.stderr).toContain('note: ');
    expect(result.status).toBe(0);
    const expected = convertManifests([
      { file: path.join(dir, 'model.yaml'), text: ISVC() },
      { file: path.join(dir, 'nested', 'config.yml'), text: fs.readFileSync(path.join(dir, 'nested', 'config.yml'), 'utf8') },
    ], { version: 'v0.20' });
    expect(fs.readFileSync(out, 'utf8')).toBe(expected.code);
  });

  test('writes to stdout without --out', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-cli-'));
    fs.writeFileSync(path.join(dir, 'model.yaml'), ISVC());
    const result = run('convert', path.join(dir, 'model.yaml'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('export function build(app: App): void {');
  });

  test('exits 1 with a clear message on unreadable input or bad arguments', () => {
    const missing = run('convert', '/nonexistent/models');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("cdk8s-kserve: cannot read '/nonexistent/models': no such file or directory");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-cli-'));
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'kind: [unclosed\n');
    const broken = run('convert', dir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('broken.yaml');
    expect(broken.stderr).toContain('not valid YAML');
    expect(run('convert').status).toBe(1);
    expect(run('export', dir).stderr).toContain("unknown command 'export'");
  });
});

describe('the storage Secret\'s ServiceAccount', () => {
  const service = 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: { name: iris, namespace: ml }\n'
    + 'spec:\n  predictor:\n    sklearn: { storageUri: "s3://models/iris", s3: { secretName: creds } }\n';
  const account = (extra = '') => `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: creds, namespace: ml }\nsecrets: [{ name: creds }]\n${extra}`;

  test('after the service, identical to the ModelStorageSecret\'s: left out, written once', () => {
    const { code, notes } = convertManifests([{ file: 's.yaml', text: service }, { file: 'a.yaml', text: account('automountServiceAccountToken: false\n') }]);
    expect(code).not.toContain('ApiObject');
    expect(code).toContain("ModelStorageSecret.s3(mlChart, 'creds'");
    expect(notes.filter(n => n.object === 'ServiceAccount ml/creds').map(n => n.message)).toEqual([expect.stringContaining('written once')]);
  });

  test('differing (token automounting on): kept as an ApiObject, the service runs as it, no ModelStorageSecret', () => {
    const { code } = convertManifests([{ file: 's.yaml', text: service }, { file: 'a.yaml', text: account() }]);
    expect(code).toContain("new ApiObject(mlChart, 'serviceaccount-creds'");
    expect(code).not.toContain('ModelStorageSecret');
    expect(code).toContain("kplus.ServiceAccount.fromServiceAccountName(mlChart, 'iris-service-account', 'creds')");
  });
});

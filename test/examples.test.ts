import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const EXAMPLES = path.join(__dirname, '..', 'examples');

/** Runs an example app the way `cdk8s synth` does (CDK8S_OUTDIR) and returns the objects it wrote. */
function synthExample(name: string): any[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
  const previous = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require(path.join(EXAMPLES, name, 'main.ts')));
  } finally {
    if (previous === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = previous;
  }
  return fs.readdirSync(outdir).sort().flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(outdir, file), 'utf-8')).map(doc => doc.toJS()));
}

// Examples that use features of one KServe version only (spec.canary exists from v0.20).
const VERSIONS: Record<string, KServeSchemaVersion[]> = { canary: ['v0.20.0'] };

const examples = fs.readdirSync(EXAMPLES).filter(name => fs.existsSync(path.join(EXAMPLES, name, 'cdk8s.yaml'))).sort();

test('every example is listed', () => {
  expect(examples).toContain('sklearn-iris');
});

describe.each(examples)('examples/%s', (name) => {
  const objects = synthExample(name);

  test('synthesizes to the expected manifests', () => {
    expect(objects.length).toBeGreaterThan(0);
    expect(objects).toMatchSnapshot();
  });

  test.each<KServeSchemaVersion>(VERSIONS[name] ?? ['v0.13.1', 'v0.20.0'])('validates against the KServe %s schemas', (version) => {
    expectValidObjects(objects, { kserveVersion: version });
  });
});

test('the sklearn-iris example is the seed stack', () => {
  const [isvc] = synthExample('sklearn-iris');
  expect(isvc.metadata).toMatchObject({ name: 'sklearn-iris', namespace: 'ml' });
  expect(isvc.spec.predictor.model).toEqual({
    modelFormat: { name: 'sklearn' },
    storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  });
});

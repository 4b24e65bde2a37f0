import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const EXAMPLES = path.join(__dirname, '..', 'examples');

/** Runs an example app the way `cdk8s synth` does (CDK8S_OUTDIR) and returns the objects it wrote. */
function synthExample(name: string): any[] {
  return synthExampleFiles(name).flatMap(f => f.objects);
}

/** The objects of an example per output file (relative path). */
function synthExampleFiles(name: string): Array<{ file: string; objects: any[] }> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
  const previous = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require(path.join(EXAMPLES, name, 'main.ts')));
  } finally {
    if (previous === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = previous;
  }
  return yamlFiles(outdir).map(file => ({
    file: path.relative(outdir, file),
    objects: parseAllDocuments(fs.readFileSync(file, 'utf-8')).map(doc => doc.toJS()),
  }));
}

/** Every YAML file under a directory (apps may write sub-folders), in a stable order. */
function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap(entry => entry.isDirectory() ? yamlFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)])
    .filter(file => file.endsWith('.yaml'));
}

// Examples that use features of one KServe version only (spec.canary exists from v0.20).
const VERSIONS: Record<string, KServeSchemaVersion[]> = { canary: ['v0.20.0'] };
// Examples writing one folder per KServe version (v0.13/, v0.20/) are validated folder by folder.
const FOLDER_VERSIONS: Record<string, KServeSchemaVersion> = { 'v0.13': 'v0.13.1', 'v0.20': 'v0.20.0' };

const examples = fs.readdirSync(EXAMPLES).filter(name => fs.existsSync(path.join(EXAMPLES, name, 'cdk8s.yaml'))).sort();

test('every example is listed', () => {
  expect(examples).toContain('sklearn-iris');
});

describe.each(examples)('examples/%s', (name) => {
  const files = synthExampleFiles(name);
  const objects = files.flatMap(f => f.objects);
  const folders = [...new Set(files.map(f => f.file.split(path.sep)[0]).filter(folder => FOLDER_VERSIONS[folder]))];

  test('synthesizes to the expected manifests', () => {
    expect(objects.length).toBeGreaterThan(0);
    expect(objects).toMatchSnapshot();
  });

  if (folders.length > 0) {
    test.each(folders)('%s/ validates against the schemas of its KServe version', (folder) => {
      expectValidObjects(files.filter(f => f.file.startsWith(folder + path.sep)).flatMap(f => f.objects), { kserveVersion: FOLDER_VERSIONS[folder] });
    });
  } else {
    test.each<KServeSchemaVersion>(VERSIONS[name] ?? ['v0.13.1', 'v0.20.0'])('validates against the KServe %s schemas', (version) => {
      expectValidObjects(objects, { kserveVersion: version });
    });
  }
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

import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES, synthExample, synthExampleFiles } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

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

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

/** Every file under a directory with its bytes, keyed by relative path. */
function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full); else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf-8');
    }
  };
  walk(dir);
  return out;
}

/** Runs an example app in a fresh process (as `cdk8s synth` does) and returns what it wrote. */
function synthInProcess(example: string): Record<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `determinism-${example}-`));
  const result = spawnSync(TSX, ['main.ts'], { cwd: path.join(ROOT, 'examples', example), env: { ...process.env, CDK8S_OUTDIR: outdir }, encoding: 'utf-8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return snapshotDir(outdir);
}

describe('determinism', () => {
  test.each(['kserve-install', 'monitoring', 's3-minio', 'canary'])('examples/%s synthesizes byte-identical YAML in two processes', (example) => {
    const first = synthInProcess(example);
    const second = synthInProcess(example);
    expect(Object.keys(first).length).toBeGreaterThan(0);
    expect(second).toEqual(first);
  });
});

describe('a failing synth through the cdk8s CLI', () => {
  const app = `
import { App, Chart } from ${JSON.stringify(path.join(ROOT, 'node_modules', 'cdk8s'))};
import { InferenceService, Model, StorageUri } from ${JSON.stringify(path.join(ROOT, 'src'))};
const app = new App();
const chart = new Chart(app, 'bad', { namespace: 'ml' });
new InferenceService(chart, 'Bad_Name', { predictor: { model: Model.sklearn(StorageUri.parse('gs://bucket/model')), minReplicas: 3, maxReplicas: 1 } });
new InferenceService(chart, 'good', { predictor: { model: Model.sklearn(StorageUri.parse('gs://bucket/model')) } });
app.synth();
`;

  test('exits non-zero, prints every error once, and writes no manifest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'failing-app-'));
    fs.writeFileSync(path.join(dir, 'main.ts'), app);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `language: typescript\napp: ${TSX} main.ts\n`);
    const outdir = path.join(dir, 'dist');
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'previous.k8s.yaml'), 'kind: Previous\n');
    const result = spawnSync(process.execPath, [CLI, '--no-check-upgrade', 'synth', '--output', outdir], { cwd: dir, encoding: 'utf-8', timeout: 120_000 });
    expect(result.status).not.toBe(0);
    const output = result.stdout + result.stderr;
    for (const fragment of ["metadata.name 'Bad_Name' must consist of", 'spec.predictor.minReplicas (3) must be less than or equal to spec.predictor.maxReplicas (1)']) {
      expect(output.split(fragment).length - 1).toBe(1);
    }
    // What cdk8s does: the CLI empties --output before running the app, so the previous manifests are gone and
    // nothing new is written. `npm run synth:examples` guards against that by synthesizing into a staging dir.
    expect(fs.existsSync(path.join(outdir, 'previous.k8s.yaml'))).toBe(false);
    expect(fs.existsSync(outdir) ? fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')) : []).toEqual([]);
  });
});

/**
 * Synthesizes every example app (a folder under examples/ with a cdk8s.yaml) into dist/<example>/
 * through the `cdk8s synth` CLI, exactly as a user's pipeline would run it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const examplesDir = path.join(root, 'examples');
const cli = path.join(root, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

const examples = fs.readdirSync(examplesDir)
  .filter(name => fs.existsSync(path.join(examplesDir, name, 'cdk8s.yaml')))
  .sort();

// `cdk8s synth` empties its output directory before running the app, so a failing synth would leave
// dist/<example> empty. Synthesize into a staging directory and replace dist/<example> only on success.
for (const name of examples) {
  const outdir = path.join(root, 'dist', name);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), `synth-${name}-`));
  console.log(`synthesizing examples/${name} -> dist/${name}`);
  const result = spawnSync(process.execPath, [cli, '--no-check-upgrade', 'synth', '--output', staging], {
    cwd: path.join(examplesDir, name),
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`examples/${name} failed to synthesize (exit code ${result.status}); dist/${name} is left as it was`);
    process.exit(1);
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  fs.cpSync(staging, outdir, { recursive: true });
  fs.rmSync(staging, { recursive: true, force: true });
}
console.log(`synthesized ${examples.length} example(s) into dist/`);

/**
 * Synthesizes every example app (a folder under examples/ with a cdk8s.yaml) into dist/<example>/
 * through the `cdk8s synth` CLI, exactly as a user's pipeline would run it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const examplesDir = path.join(root, 'examples');
const cli = path.join(root, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

const examples = fs.readdirSync(examplesDir)
  .filter(name => fs.existsSync(path.join(examplesDir, name, 'cdk8s.yaml')))
  .sort();

for (const name of examples) {
  const outdir = path.join(root, 'dist', name);
  console.log(`synthesizing examples/${name} -> dist/${name}`);
  const result = spawnSync(process.execPath, [cli, '--no-check-upgrade', 'synth', '--output', outdir], {
    cwd: path.join(examplesDir, name),
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`examples/${name} failed to synthesize (exit code ${result.status})`);
    process.exit(1);
  }
}
console.log(`synthesized ${examples.length} example(s) into dist/`);

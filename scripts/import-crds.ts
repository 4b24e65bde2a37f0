/**
 * Regenerates the L1 classes in imports/ from the upstream CRDs in ../shared/schemas with `cdk8s import`.
 *
 *   tsx scripts/import-crds.ts            # writes imports/
 *   tsx scripts/import-crds.ts <outdir>   # writes elsewhere (the drift test compares the two)
 *
 * Every import is named (`name:=file`): unnamed imports of one API group would overwrite each other.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

const execFileAsync = promisify(execFile);

export const REPO_ROOT = path.resolve(__dirname, '..');
export const SCHEMAS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'schemas');

/** The CRDs we generate classes for, relative to SCHEMAS_DIR. */
export const CRD_IMPORTS: ReadonlyArray<{ readonly name: string; readonly file: string }> = [
  { name: 'kserve-inferenceservice', file: 'kserve/v0.20.0/serving.kserve.io_inferenceservices.yaml' },
  { name: 'kserve-servingruntime', file: 'kserve/v0.20.0/serving.kserve.io_servingruntimes.yaml' },
  { name: 'kserve-clusterservingruntime', file: 'kserve/v0.20.0/serving.kserve.io_clusterservingruntimes.yaml' },
  { name: 'kserve-inferencegraph', file: 'kserve/v0.20.0/serving.kserve.io_inferencegraphs.yaml' },
  { name: 'kserve-clusterstoragecontainer', file: 'kserve/v0.20.0/serving.kserve.io_clusterstoragecontainers.yaml' },
  { name: 'cert-manager-issuer', file: 'cert-manager/v1.21.1/cert-manager.io_issuers.yaml' },
  { name: 'cert-manager-certificate', file: 'cert-manager/v1.21.1/cert-manager.io_certificates.yaml' },
  { name: 'external-secrets', file: 'external-secrets/v2.9.0/external-secrets.io_externalsecrets.yaml' },
  { name: 'prometheus-servicemonitor', file: 'prometheus-operator/v0.93.0/monitoring.coreos.com_servicemonitors.yaml' },
  { name: 'prometheus-podmonitor', file: 'prometheus-operator/v0.93.0/monitoring.coreos.com_podmonitors.yaml' },
  { name: 'prometheus-prometheusrule', file: 'prometheus-operator/v0.93.0/monitoring.coreos.com_prometheusrules.yaml' },
];

/** Runs `cdk8s import` for every CRD into `outdir`, as many at once as the machine has cores (each is its own process). */
export async function importCrds(outdir: string): Promise<void> {
  fs.mkdirSync(outdir, { recursive: true });
  const cli = path.join(REPO_ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  for (const crd of CRD_IMPORTS) {
    const file = path.join(SCHEMAS_DIR, crd.file);
    if (!fs.existsSync(file)) {
      throw new Error(`CRD file not found: ${file} (the import reads ../shared/schemas beside the repo)`);
    }
  }
  // Each import writes its own file (named imports), so running them side by side changes no byte.
  const queue = [...CRD_IMPORTS];
  const worker = async () => {
    for (let crd = queue.shift(); crd; crd = queue.shift()) {
      await execFileAsync(process.execPath,
        [cli, '--no-check-upgrade', 'import', `${crd.name}:=${path.join(SCHEMAS_DIR, crd.file)}`, '--output', outdir, '--language', 'typescript'],
        { cwd: REPO_ROOT });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, os.cpus().length) }, worker));
}

if (require.main === module) {
  const outdir = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, 'imports'));
  importCrds(outdir).then(
    () => console.log(`imported ${CRD_IMPORTS.length} CRDs into ${path.relative(process.cwd(), outdir) || '.'}`),
    (e: Error) => { console.error(e.message); process.exitCode = 1; },
  );
}

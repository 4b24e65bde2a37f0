import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';

/** What the apply script needs to know of an install. @internal */
export interface InstallStages {
  /** The KServe release, for the header. */
  readonly versionName: string;
  readonly crds: Chart;
  readonly controlPlane: Chart;
  readonly runtimes: Chart;
  readonly namespace: string;
  /** The controller Deployments, whose pods serve the webhooks. */
  readonly controllerDeployments: readonly string[];
  /** The cert-manager Certificates of the webhook servers, when cert-manager issues them. */
  readonly certificates: readonly string[];
  /** The CRDs the control plane needs, checked by name when the install emits none (`CrdSource.none()`). */
  readonly crdNames: readonly string[];
}

// Waits are bounded so a broken cluster fails the script instead of hanging it.
const CRD_TIMEOUT = '120s';
const CONTROLLER_TIMEOUT = '300s';
// Attempts of an apply the KServe webhook cannot be called for yet, 5 s apart.
const WEBHOOK_ATTEMPTS = 30;

/**
 * The files `app.synth()` wrote, one per chart in the app's order, as cdk8s names them (IndexedChartNamer:
 * `<index>-<chart dns label><extension>`; a folder without the extension in FOLDER_PER_CHART_FILE_PER_RESOURCE).
 */
function chartFiles(app: App, outdir: string): Map<Chart, string> {
  const folders = app.yamlOutputType === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE;
  // Our own rules: the staged apply needs one file per chart, written by app.synth() before this runs.
  if (!folders && app.yamlOutputType !== YamlOutputType.FILE_PER_CHART) {
    throw new Error('KServeInstall.writeApplyScript(app): the install applies in stages, one file (or folder) per chart; create the App with '
      + 'yamlOutputType FILE_PER_CHART (the default) or FOLDER_PER_CHART_FILE_PER_RESOURCE');
  }
  const files = new Map<Chart, string>();
  app.charts.forEach((chart, i) => {
    const name = `${i.toString().padStart(4, '0')}-${Names.toDnsLabel(chart)}${folders ? '' : app.outputFileExtension}`;
    if (!fs.existsSync(path.join(outdir, name))) {
      throw new Error(`KServeInstall.writeApplyScript(outdir): '${name}' is not in '${outdir}'; call it after app.synth(), with the app's outdir`);
    }
    files.set(chart, name);
  });
  return files;
}

const hasObjects = (chart: Chart) => chart.node.findAll().some(c => c instanceof ApiObject && Chart.of(c) === chart);

/**
 * A POSIX shell script that applies the app's output in stages, each waiting for what the next one needs:
 * 1. the CRDs, then `kubectl wait` until they are Established (custom resources of a CRD created in the same
 *    apply fail with "no matches for kind");
 * 2. the control plane, then each webhook Certificate Ready and each controller Deployment Available (every KServe
 *    webhook has failurePolicy Fail, so runtimes and services are rejected until the controller serves them);
 * 3. the runtimes and 4. the app's other charts, retried while the webhook cannot be called yet: its endpoints
 *    and the CA bundle cert-manager injects arrive shortly after the Deployment is Available.
 */
function applyScript(app: App, outdir: string, install: InstallStages): string {
  const files = chartFiles(app, outdir);
  const file = (chart: Chart) => `"$DIR/${files.get(chart)}"`;
  const ns = install.namespace;
  const others = app.charts.filter(c => c !== install.crds && c !== install.controlPlane && c !== install.runtimes && hasObjects(c));
  const crds = hasObjects(install.crds)
    ? [
      `$KUBECTL apply --server-side -f ${file(install.crds)}`,
      `$KUBECTL wait --for=condition=Established --timeout=${CRD_TIMEOUT} -f ${file(install.crds)}`,
    ]
    : [
      '# The install emits no CRDs (CrdSource.none()): check that they are installed.',
      `$KUBECTL wait --for=condition=Established --timeout=${CRD_TIMEOUT} ${install.crdNames.map(n => `crd/${n}`).join(' ')}`,
    ];
  return [
    '#!/bin/sh',
    `# Applies KServe ${install.versionName} and the rest of this folder in order, on a fresh cluster or an existing one.`,
    '# Written by cdk8s-kserve (KServeInstall.writeApplyScript) next to the YAML it applies; kubectl uses the current context',
    '# (set KUBECTL to use another binary or flags, e.g. KUBECTL="kubectl --context prod").',
    'set -eu',
    'DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)',
    'KUBECTL=${KUBECTL:-kubectl}',
    '',
    '# Applies the files, again while the KServe webhook cannot be called yet (no endpoints, CA not injected);',
    '# any other error, such as a webhook denying an object, stops the script.',
    'apply_admitted() {',
    '  attempt=1',
    '  while :; do',
    '    if out=$($KUBECTL apply --server-side "$@" 2>&1); then echo "$out"; return 0; fi',
    '    case "$out" in',
    `      *"failed calling webhook"*) [ "$attempt" -lt ${WEBHOOK_ATTEMPTS} ] || { echo "$out" >&2; return 1; } ;;`,
    '      *) echo "$out" >&2; return 1 ;;',
    '    esac',
    `    echo "KServe webhook not reachable yet (attempt $attempt of ${WEBHOOK_ATTEMPTS}); retrying in 5s" >&2`,
    '    attempt=$((attempt + 1))',
    '    sleep 5',
    '  done',
    '}',
    '',
    '# 1. CRDs, Established before any custom resource of theirs is applied.',
    ...crds,
    '',
    '# 2. Control plane; its webhooks reject every KServe object until the controller serves them.',
    `$KUBECTL apply --server-side -f ${file(install.controlPlane)}`,
    ...install.certificates.map(c => `$KUBECTL wait --for=condition=Ready --timeout=${CONTROLLER_TIMEOUT} -n ${ns} certificate/${c}`),
    ...install.controllerDeployments.map(d => `$KUBECTL wait --for=condition=Available --timeout=${CONTROLLER_TIMEOUT} -n ${ns} deployment/${d}`),
    '',
    '# 3. Serving runtimes and the storage container (validated by the webhook).',
    `apply_admitted -f ${file(install.runtimes)}`,
    ...(others.length > 0 ? ['', '# 4. The other charts of the app, in the order cdk8s numbered them.', `apply_admitted ${others.map(c => `-f ${file(c)}`).join(' ')}`] : []),
    '',
  ].join('\n');
}

/**
 * Writes the apply script of the app's install to `<outdir>/apply.sh`, executable; returns its path.
 * @internal
 */
export function writeApplyScript(app: App, outdir: string, install: InstallStages): string {
  const file = path.join(outdir, 'apply.sh');
  fs.writeFileSync(file, applyScript(app, outdir, install), { mode: 0o755 });
  return file;
}

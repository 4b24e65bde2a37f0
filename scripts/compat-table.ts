/*
 * Renders the README's "KServe releases" table (feature × release) from the facts of `KServeVersion.all()` and the
 * install data (src/install/release.ts), so the table cannot drift from what the library does.
 * `test/releases.test.ts` fails when README.md's table differs from this output.
 *
 *   npx tsx scripts/compat-table.ts          # print the table
 *   npx tsx scripts/compat-table.ts --write  # replace the table in README.md between the markers
 */
import * as fs from 'fs';
import * as path from 'path';
import { llmInstall } from '../src/install/llm-controller';
import { presetSafetyFindings } from '../src/install/llm-presets';
import { release } from '../src/install/release';
import { KServeVersion } from '../src/kserve-version';

export const README = path.resolve(__dirname, '..', 'README.md');
export const START = '<!-- kserve-releases:start -->';
export const END = '<!-- kserve-releases:end -->';

type Cell = (v: KServeVersion) => string;
const yes = (has: (v: KServeVersion) => boolean): Cell => v => (has(v) ? '✓' : '–');
const list = (values: (v: KServeVersion) => readonly string[]): Cell => v => (values(v).length > 0 ? values(v).join(', ') : '–');

/** One row per feature: its label and how a release's cell reads. */
const ROWS: Array<[string, Cell]> = [
  ['`deploymentMode` values (Knative / Standard)', v => `${v._facts.deploymentModeNames.Knative} / ${v._facts.deploymentModeNames.Standard}`],
  ['`hf://` storage and Hugging Face tokens', yes(v => v._facts.storageSchemes.includes('hf'))],
  ['`oci+native://` storage', yes(v => v._facts.storageSchemes.includes('oci+native'))],
  ['`storageUris` (several model sources)', yes(v => v._facts.storageUris)],
  ['`storageContainerName`', yes(v => v._facts.storageContainerName)],
  ['`confidential` models', yes(v => v._facts.confidentialModels)],
  ['`logger.metadataHeaders`, `metadataAnnotations`', v => (v._facts.loggerMetadataAnnotations ? '✓' : v._facts.loggerMetadataHeaders ? 'headers' : '–')],
  ['`logger.storage` (formats); batching', v => (v._facts.loggerStorageFormats.length === 0 ? '–'
    : `${v._facts.loggerStorageFormats.join(', ')}${v._facts.loggerBatching ? '; ✓' : ''}`)],
  ['`multiNode` (storage it loads from)', list(v => v._facts.multiNodeStorageSchemes)],
  ['Standard-mode canaries (`spec.canary`), `predictor.name`', yes(v => v._facts.standardCanary)],
  ['`keda` and `none` autoscaler classes (`Autoscaling.keda`, `Autoscaling.fixed`)',
    yes(v => v._facts.autoscalerClasses.includes('keda') && v._facts.autoscalerClasses.includes('none'))],
  ['`autoScaling` (KEDA, `memoryAverage` in Standard mode)', yes(v => v._facts.componentAutoScaling)],
  ['`podResources`, resource claims (Kubernetes 1.31 shape)', yes(v => v._facts.podResources && v._facts.podResourceClaims)],
  ['`extraContainers` next to a predictor model', yes(v => v._facts.modelWithContainers)],
  ['`timeout` in Standard mode (Gateway API routes)', yes(v => v._facts.standardModeTimeout)],
  ['blocked env vars', list(v => v._facts.blockedEnv)],
  ['S3 endpoint with its own scheme', yes(v => v._facts.s3EndpointScheme)],
  ['S3 settings read from Secret data', yes(v => v._facts.s3SettingsFromSecretData)],
  ['InferenceGraph `nodeSelector`, `serviceAccountName`, `tolerations`', yes(v => v._facts.inferenceGraphFields.includes('nodeSelector'))],
  ['InferenceGraph `routerTimeouts`', yes(v => v._facts.inferenceGraphFields.includes('routerTimeouts'))],
  ['Knative mode: `startupProbe`', yes(v => v._facts.knativeStartupProbe)],
  ['Knative mode: `privileged: false`, `hostIPC`', yes(v => v._facts.knativePrivilegedFalse && v._facts.knativeHostIPC)],
  ['Knative queue-proxy metrics over OpenTelemetry', yes(v => v._facts.knativeOpenTelemetryMetrics)],
  ['local model caches', yes(v => v._facts.localModelCache)],
  ['`LocalModelNamespaceCache`', yes(v => v._facts.localModelNamespaceCache)],
  // The LLM facts the constructs check (src/private/llm-object.ts, src/private/llm-releases.ts).
  ['`LLMInferenceService`, `LLMInferenceServiceConfig` (version written)', v => v._facts.llmApiVersion?.split('/')[1] ?? '–'],
  ['LLM `scaling`, `storageInitializer`, workload and scheduler `labels`/`annotations`, scheduler `config`/`replicas`, managed route on gateway refs',
    yes(v => v._facts.llmScaling && v._facts.llmStorageInitializer && v._facts.llmWorkloadMetadata && v._facts.llmSchedulerOptions
      && v._facts.llmManagedRouteWithGatewayRefs)],
  ['LLM InferencePool (scheduler pool spec, route backends)', v => v._facts.llmInferencePool ?? '–'],
  ['LLM gateway refs with a listener (`sectionName`)', yes(v => v._facts.llmGatewaySectionName)],
  ['LLM `model.criticality` (v1alpha1 only)', yes(v => v._facts.llmModelCriticality)],
  ['LLM LoRA adapters, local model caches', yes(v => v._facts.llmLoRA && v._facts.llmLocalModelCache)],
  ['LLM `tracing`, `kvCacheOffloading`, `model.confidential`, route `group`/`weight`, pool `appProtocol`, managed DRA',
    yes(v => v._facts.llmTracing && v._facts.llmKvCacheOffloading && v._facts.confidentialModels && v._facts.llmTrafficSplitting
      && v._facts.llmPoolAppProtocol && v._facts.llmManagedDra)],
  ['LLM `parallelism.tensor` without a worker (single-node presets)', yes(v => v._facts.llmSingleNodeTensorParallel)],
  ['install: LLM controller (`llmInferenceServiceController`)', yes(v => llmInstall(v) !== undefined)],
  ['install: LLM presets by default (`llmPresets`)', v => {
    const presets = llmInstall(v)?.presets;
    return presets ? (presetSafetyFindings(presets).length > 0 ? 'set `true` or `false` (less safe)' : '✓') : '–';
  }],
  ['install: standard ClusterServingRuntimes', v => String(release(v).runtimes.names.length)],
  ['install: MLServer image tag', v => release(v).runtimes.mlserverTag],
  ['install: `enableGatewayApi` config', yes(v => release(v).config.gatewayApi !== undefined)],
];

/** The markdown table, one column per release, oldest first. */
export function compatTable(): string {
  const versions = KServeVersion.all();
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    row(['', ...versions.map(v => v.name)]),
    row(['---', ...versions.map(() => '---')]),
    ...ROWS.map(([label, cell]) => row([label, ...versions.map(cell)])),
  ].join('\n');
}

/** README.md's text between the markers (without them). */
export function readmeTable(text = fs.readFileSync(README, 'utf8')): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`compat-table: ${README} has no ${START} ... ${END} markers`);
  return text.slice(start + START.length, end).trim();
}

if (require.main === module) {
  if (process.argv.includes('--write')) {
    const text = fs.readFileSync(README, 'utf8');
    readmeTable(text);
    const [before, rest] = [text.slice(0, text.indexOf(START) + START.length), text.slice(text.indexOf(END))];
    fs.writeFileSync(README, `${before}\n${compatTable()}\n${rest}`);
  } else {
    process.stdout.write(`${compatTable()}\n`);
  }
}

/**
 * The converter's release detection (issue #21): what in the input objects only some KServe releases accept, each read
 * from `KServeVersion`'s facts (no second table of releases): fields and kinds that exist from some release on, and
 * the deployment mode spellings of the releases before v0.16.
 */
import { isObject } from './convert-yaml';
import { AUTOSCALER_CLASS_ANNOTATION } from '../autoscaling';
import { DEPLOYMENT_MODE_ANNOTATION } from '../deployment-mode';
import { KServeVersion, ReleaseFacts } from '../kserve-version';
import { DISABLE_LOCAL_MODEL_ANNOTATION } from './model-cache';

/** Something in an input object that only some releases accept. */
export interface VersionSignal {
  /** The field, as notes name it (`spec.predictor.storageUris`). */
  readonly field: string;
  /** What it is, for the note: `a field that exists from v0.16.0`. */
  readonly what: string;
  /**
   * `since`: a field or kind that exists from some release on (the release is at least the oldest that accepts it);
   * `spelling`: a deployment mode spelled the old way (written for a release before the rename).
   */
  readonly kind: 'since' | 'spelling';
  readonly accepts: (version: KServeVersion) => boolean;
}

const COMPONENTS = ['predictor', 'transformer', 'explainer'];

/**
 * LLM spec fields that exist from some release on, in either version (v1alpha1 gains them in the same releases as
 * v1alpha2: pkg/apis/serving/v1alpha1/llm_inference_service_types.go at v0.16.0, v0.17.1, v0.19.0 and v0.20.0), each with
 * the fact that says so: so that a v1alpha1 object using one does not make the app target v0.16, which lacks it.
 */
const LLM_FIELDS: Array<[string, (f: ReleaseFacts) => boolean]> = [
  ['labels', f => f.llmWorkloadMetadata], ['annotations', f => f.llmWorkloadMetadata],
  ['prefill.labels', f => f.llmWorkloadMetadata], ['prefill.annotations', f => f.llmWorkloadMetadata],
  ['scaling', f => f.llmScaling], ['prefill.scaling', f => f.llmScaling],
  ['storageInitializer', f => f.llmStorageInitializer],
  ['router.scheduler.config', f => f.llmSchedulerOptions], ['router.scheduler.replicas', f => f.llmSchedulerOptions],
  ['router.scheduler.labels', f => f.llmSchedulerOptions], ['router.scheduler.annotations', f => f.llmSchedulerOptions],
  ['model.lora.maxRank', f => f.llmLoRA], ['model.lora.maxAdapters', f => f.llmLoRA], ['model.lora.maxCpuAdapters', f => f.llmLoRA],
  ['tracing', f => f.llmTracing],
  ['router.route.group', f => f.llmTrafficSplitting], ['router.route.weight', f => f.llmTrafficSplitting],
  ['kvCacheOffloading', f => f.llmKvCacheOffloading], ['prefill.kvCacheOffloading', f => f.llmKvCacheOffloading],
  ['model.confidential', f => f.confidentialModels],
];

/** The signals of the LLM spec fields in `spec` that exist from some release on (LLM_FIELDS). */
function llmFieldSignals(spec: Record<string, unknown>): VersionSignal[] {
  return LLM_FIELDS.filter(([path]) => path.split('.').reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), spec) != null)
    .map(([path, fact]) => since(`spec.${path}`, fact, `spec.${path}`));
}

/** A signal for a field that exists from the first release whose `fact` holds. */
function since(field: string, fact: (facts: ReleaseFacts) => boolean, what: string): VersionSignal {
  const first = KServeVersion.all().find(v => fact(v._facts));
  return { field, what: `${what}, which exists from ${first?.name ?? 'no release'}`, kind: 'since', accepts: v => fact(v._facts) };
}

/** Logger fields that exist from some release on, each with the fact that says so (LoggerSpec, inference_service.go). */
const LOGGER_FIELDS: Array<[string, (f: ReleaseFacts) => boolean]> = [
  ['metadataHeaders', f => f.loggerMetadataHeaders],
  ['metadataAnnotations', f => f.loggerMetadataAnnotations],
  ['storage', f => f.loggerStorageFormats.length > 0],
  ['marshallerUrl', f => f.loggerBatching], ['batchSize', f => f.loggerBatching], ['batchInterval', f => f.loggerBatching],
];

/** The signals of a component's `logger` (at `at`): its fields by release, and a storage format only later agents write. */
function loggerSignals(logger: Record<string, unknown>, at: string): VersionSignal[] {
  const signals = LOGGER_FIELDS.filter(([key]) => logger[key] != null).map(([key, fact]) => since(`${at}.${key}`, fact, `${at}.${key}`));
  const format = isObject(logger.storage) && isObject(logger.storage.parameters) ? logger.storage.parameters.format : undefined;
  // A format some release's agent writes but not the first with storage (csv and parquet from v0.17.0, loggerStorageFormats).
  const first = KServeVersion.all().find(v => v._facts.loggerStorageFormats.length > 0);
  if (typeof format === 'string' && first && !first._facts.loggerStorageFormats.includes(format)
    && KServeVersion.all().some(v => v._facts.loggerStorageFormats.includes(format))) {
    signals.push(since(`${at}.storage.parameters.format`, f => f.loggerStorageFormats.includes(format), `the logger storage format '${format}'`));
  }
  return signals;
}

/** What in `value` (one input object) only some releases accept. */
export function versionSignals(value: Record<string, unknown>): VersionSignal[] {
  const signals: VersionSignal[] = [];
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const spec = isObject(value.spec) ? value.spec : {};
  const kind = value.kind;
  if (kind === 'LLMInferenceService' || kind === 'LLMInferenceServiceConfig') {
    // v1alpha2 is the storage version from v0.17; v1alpha1 is served by every release with the LLM CRDs (llmApiVersion's doc).
    const v1alpha2 = 'serving.kserve.io/v1alpha2';
    if (value.apiVersion === v1alpha2) signals.push(since('apiVersion', f => f.llmApiVersion === v1alpha2, `${kind} ${v1alpha2}`));
    if (value.apiVersion === 'serving.kserve.io/v1alpha1') {
      signals.push(since('apiVersion', f => f.llmApiVersion !== undefined, `${kind} serving.kserve.io/v1alpha1`));
    }
    signals.push(...llmFieldSignals(spec));
  }
  if (kind === 'LocalModelCache' || kind === 'LocalModelNodeGroup' || kind === 'LocalModelNode') {
    signals.push(since('kind', f => f.localModelCache, `the kind ${kind}`));
  }
  if (kind === 'LocalModelNamespaceCache') signals.push(since('kind', f => f.localModelNamespaceCache, `the kind ${kind}`));
  if (kind !== 'InferenceService') return signals;

  const mode = annotations[DEPLOYMENT_MODE_ANNOTATION];
  const current = Object.values(KServeVersion.DEFAULT._facts.deploymentModeNames);
  if (typeof mode === 'string' && !current.includes(mode) && KServeVersion.all().some(v => Object.values(v._facts.deploymentModeNames).includes(mode))) {
    signals.push({
      field: `metadata.annotations['${DEPLOYMENT_MODE_ANNOTATION}']`,
      what: `the deployment mode spelled '${mode}', as KServe releases before v0.16 spell it`,
      kind: 'spelling',
      accepts: v => Object.values(v._facts.deploymentModeNames).includes(mode),
    });
  }
  const autoscalerClass = annotations[AUTOSCALER_CLASS_ANNOTATION];
  if (typeof autoscalerClass === 'string' && KServeVersion.all().some(v => v._facts.autoscalerClasses.includes(autoscalerClass))) {
    signals.push(since(`metadata.annotations['${AUTOSCALER_CLASS_ANNOTATION}']`, f => f.autoscalerClasses.includes(autoscalerClass),
      `the autoscaler class '${autoscalerClass}'`));
  }
  if (annotations[DISABLE_LOCAL_MODEL_ANNOTATION] !== undefined) {
    signals.push(since(`metadata.annotations['${DISABLE_LOCAL_MODEL_ANNOTATION}']`, f => f.localModelCache, 'the local model cache annotation'));
  }
  if (spec.canary !== undefined) signals.push(since('spec.canary', f => f.standardCanary, 'spec.canary'));
  for (const component of COMPONENTS) {
    const c = isObject(spec[component]) ? spec[component] : undefined;
    if (!c) continue;
    const at = `spec.${component}`;
    if (c.storageUris !== undefined) signals.push(since(`${at}.storageUris`, f => f.storageUris, `${at}.storageUris`));
    if (c.autoScaling !== undefined) signals.push(since(`${at}.autoScaling`, f => f.componentAutoScaling, `${at}.autoScaling`));
    if (isObject(c.resources)) signals.push(since(`${at}.resources`, f => f.podResources, `${at}.resources (pod-level resources)`));
    if (isObject(c.logger)) signals.push(...loggerSignals(c.logger, `${at}.logger`));
    if (component !== 'predictor') continue;
    if (c.name !== undefined) signals.push(since(`${at}.name`, f => f.predictorName, `${at}.name`));
    if (c.storageContainerName !== undefined) signals.push(since(`${at}.storageContainerName`, f => f.storageContainerName, `${at}.storageContainerName`));
    const model = isObject(c.model) ? c.model : undefined;
    if (model?.confidential !== undefined) signals.push(since(`${at}.model.confidential`, f => f.confidentialModels, `${at}.model.confidential`));
    // The model's storageUri, or a legacy framework field's (predictor.huggingface.storageUri...).
    for (const [key, block] of Object.entries(c)) {
      const uri = isObject(block) && typeof block.storageUri === 'string' ? block.storageUri : undefined;
      const scheme = uri && /^([a-z0-9+.-]+):\/\//.exec(uri)?.[1];
      const known = scheme !== undefined && KServeVersion.all().some(v => v._facts.storageSchemes.includes(scheme));
      if (scheme && known && !KServeVersion.all()[0]._facts.storageSchemes.includes(scheme)) {
        signals.push(since(`${at}.${key}.storageUri`, f => f.storageSchemes.includes(scheme), `the storage scheme ${scheme}://`));
      }
    }
  }
  return signals;
}

/*
 * What LLMInferenceService and LLMInferenceServiceConfig check alike on their object: the target version and the
 * metadata.
 */
import { IConstruct } from 'constructs';
import { firstRelease, minorName } from './releases';
import { namespaceErrors, validateAnnotations, validateLabels } from './validation';
import { KServeVersion } from '../kserve-version';

/** The group/version both LLM kinds are written in (the storage version of the CRDs from v0.17.1 to v0.20.0). */
export const LLM_API_VERSION = 'serving.kserve.io/v1alpha2';

/**
 * Why `what` cannot be written for `version`: the release has no LLMInferenceService as the library writes it.
 * Fact llmInferenceService: v1alpha2 is served from v0.17 (v0.16.0's CRDs serve only v1alpha1); what differs between
 * v0.17.1 and v0.20.0 is checked field by field (llm-releases.ts).
 */
function llmMissingReason(what: string, version: KServeVersion): string {
  return `${what} needs KServe ${minorName(firstRelease(v => v._facts.llmInferenceService))} or later (the first release serving `
    + `LLMInferenceService as ${LLM_API_VERSION}; v0.16.0 serves only v1alpha1); the target is ${version.name}`;
}

/** The metadata both kinds take. */
interface LLMObjectMetadata {
  readonly metadataLabels?: Record<string, string>;
  readonly metadataAnnotations?: Record<string, string>;
}

/**
 * Problems with the object: the release must have the kind (fact llmInferenceService), the namespace a DNS label,
 * the labels and annotations valid (Kubernetes core validation). On a release without the kind, that is the only error.
 */
export function llmObjectErrors(scope: IConstruct, kind: string, props: LLMObjectMetadata, version: KServeVersion, namespace: string): string[] {
  // Fact llmInferenceService (config/crd/full/llmisvc CRD at v0.16.0: v1alpha1 only).
  if (!version._facts.llmInferenceService) {
    return [`${llmMissingReason(`${kind} '${scope.node.path}'`, version)}. Target KServeVersion.V0_17 or later, or serve the model with an InferenceService`];
  }
  return [
    ...namespaceErrors(namespace, 'metadata.namespace'),
    ...validateLabels(props.metadataLabels, 'metadata.labels'),
    ...validateAnnotations(props.metadataAnnotations, 'metadata.annotations'),
  ];
}

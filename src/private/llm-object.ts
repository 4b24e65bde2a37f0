/*
 * What LLMInferenceService and LLMInferenceServiceConfig check alike on their object: the target version and the
 * metadata.
 */
import { IConstruct } from 'constructs';
import { namespaceErrors, validateAnnotations, validateLabels } from './validation';
import { KServeVersion } from '../kserve-version';

/** The group/version both LLM kinds are written in (the storage version of the v0.20.0 CRDs). */
export const LLM_API_VERSION = 'serving.kserve.io/v1alpha2';

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
  if (!version._facts.llmInferenceService) {
    return [`${kind} '${scope.node.path}' needs KServe v0.20, which serves ${kind} (${LLM_API_VERSION}); the target is ${version.name}. `
      + 'Target KServeVersion.V0_20, or serve the model with an InferenceService'];
  }
  return [
    ...namespaceErrors(namespace, 'metadata.namespace'),
    ...validateLabels(props.metadataLabels, 'metadata.labels'),
    ...validateAnnotations(props.metadataAnnotations, 'metadata.annotations'),
  ];
}

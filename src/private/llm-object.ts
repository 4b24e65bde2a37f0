/*
 * What LLMInferenceService and LLMInferenceServiceConfig check alike on their object: the target version and the
 * metadata.
 */
import { IConstruct } from 'constructs';
import { firstRelease, minorName } from './releases';
import { namespaceErrors, validateAnnotations, validateLabels } from './validation';
import { KServeVersion } from '../kserve-version';

/** The storage version of both LLM kinds from v0.17.1 to v0.20.0 (what the install's LLM controller converts to). */
export const LLM_API_VERSION = 'serving.kserve.io/v1alpha2';

/**
 * The group/version both kinds are written in for `version` (fact llmApiVersion: v1alpha1 at v0.16.0, v1alpha2 from
 * v0.17); a release without the kinds reports it (llmObjectErrors), and the object then keeps the newest form.
 */
export function llmApiVersion(version: KServeVersion): string {
  return version._facts.llmApiVersion ?? LLM_API_VERSION;
}

/** Whether `version` has the LLM kinds at all (fact llmApiVersion). */
export function hasLlmKinds(version: KServeVersion): boolean {
  return version._facts.llmApiVersion !== undefined;
}

/** The metadata both kinds take. */
interface LLMObjectMetadata {
  readonly metadataLabels?: Record<string, string>;
  readonly metadataAnnotations?: Record<string, string>;
}

/**
 * Problems with the object: the release must have the kind (fact llmApiVersion), the namespace a DNS label, the labels
 * and annotations valid (Kubernetes core validation). On a release without the kind, that is the only error.
 */
export function llmObjectErrors(scope: IConstruct, kind: string, props: LLMObjectMetadata, version: KServeVersion, namespace: string): string[] {
  // Fact llmApiVersion (config/crd/full/llmisvc, first at v0.16.0).
  if (!hasLlmKinds(version)) {
    return [`${kind} '${scope.node.path}' needs KServe ${minorName(firstRelease(hasLlmKinds))} or later (the first release with the `
      + `LLMInferenceService CRDs); the target is ${version.name}. Target KServeVersion.V0_16 or later, or serve the model with an InferenceService`];
  }
  return [
    ...namespaceErrors(namespace, 'metadata.namespace'),
    ...validateLabels(props.metadataLabels, 'metadata.labels'),
    ...validateAnnotations(props.metadataAnnotations, 'metadata.annotations'),
  ];
}

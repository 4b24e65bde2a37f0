import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ILLMInferenceServiceConfig, LLMObjectProps, LLMSpecOptions } from './llm-spec';
import { KServeDefaults } from '../kserve-defaults';
import { KServeVersion } from '../kserve-version';
import { EmittedObject } from '../private/emitted-object';
import { loraAttachErrors } from '../private/llm-checks';
import { hasLlmKinds, llmApiVersion, llmObjectErrors } from '../private/llm-object';
import { llmSpecErrors, renderLlmSpec } from '../private/llm-spec';
import { checkProps, guardMethods } from '../private/shape';
import { shown } from '../private/shown';
import { addValidationOnce, DNS1123_SUBDOMAIN_NAME, namespaceOf } from '../private/validation';

/**
 * Props of an LLMInferenceServiceConfig: a spec that LLMInferenceServices inherit through `baseRefs`.
 * @category LLM
 */
export interface LLMInferenceServiceConfigProps extends LLMObjectProps {}

/** A config referenced by name (see `LLMInferenceServiceConfig.fromName`). */
class ConfigByName implements ILLMInferenceServiceConfig {
  constructor(public readonly configName: string, public readonly configNamespace?: string) {}
}

/**
 * A KServe LLMInferenceServiceConfig (`serving.kserve.io/v1alpha2` on KServe v0.17 to v0.20, `v1alpha1` on v0.16): a reusable preset of an
 * LLMInferenceService spec. Services list configs in `baseRefs`; KServe merges them in order under the service's own
 * spec (strategic merge, config_merge.go at v0.20.0). KServe looks a config up in the service's namespace, then in
 * its own namespace.
 *
 * Validation mirrors KServe's config webhook (llm_inference_service_config_validation.go at v0.20.0: no `baseRefs`,
 * which the props do not have and the type check rejects from JavaScript; scheduler replicas above zero) plus the field rules of the spec; the cross-field rules that a service may complete
 * by merging (a worker's parallelism, GPUs against parallelism) are checked on the service.
 *
 * Escape hatch: `apiObject`; JSON patches apply last.
 *
 * @example
 * // The team's A100 pod settings, shared by its services.
 * const a100 = new LLMInferenceServiceConfig(chart, 'vllm-a100', {
 *   template: {
 *     extendedResources: [ExtendedResource.nvidiaGpu(1)],
 *     nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
 *     sharedMemory: Size.gibibytes(8),
 *   },
 * });
 * new LLMInferenceService(chart, 'qwen', {
 *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
 *   baseRefs: [a100],
 *   router: { gateway: {}, route: {}, scheduler: {} },
 * });
 * @category LLM
 */
export class LLMInferenceServiceConfig extends Construct implements ILLMInferenceServiceConfig {
  /**
   * A config that this app does not define, by name: one of KServe's (`kserve-config-llm-template`...) or one
   * applied separately.
   * @param name the config's name
   * @param namespace its namespace
   *
   * @example
   * // A config the platform team applies to the service's namespace.
   * new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
   *   baseRefs: [LLMInferenceServiceConfig.fromName('vllm-a100-defaults')],
   *   router: { gateway: {}, route: {}, scheduler: {} },
   * });
   */
  public static fromName(name: string, namespace?: string): ILLMInferenceServiceConfig {
    return new ConfigByName(name, namespace);
  }

  /** The config's name. */
  public readonly configName: string;
  /** The namespace, or `default` when neither the props nor the chart set one. */
  public readonly configNamespace: string;
  /** The KServe version targeted. */
  public readonly version: KServeVersion;
  /** Escape hatch: the LLMInferenceServiceConfig object. */
  public readonly apiObject: ApiObject;
  /**
   * The spec as given (the services that reference the config check the merged fields).
   * @internal
   */
  public readonly _spec: LLMSpecOptions;

  constructor(scope: Construct, id: string, props: LLMInferenceServiceConfigProps = {}) {
    super(scope, id);
    props = checkProps(this, 'LLMInferenceServiceConfig', props);
    this.configName = props.name ?? id;
    this.configNamespace = namespaceOf(this, props.namespace);
    this.version = props.version ?? KServeDefaults._of(this).version;
    this._spec = props;
    const ctx = { kind: 'LLMInferenceServiceConfig', name: this.configName, namespace: this.configNamespace, version: this.version, partial: true };
    this.apiObject = new EmittedObject(this, 'Resource', {
      apiVersion: llmApiVersion(this.version),
      kind: 'LLMInferenceServiceConfig',
      metadata: { name: this.configName, namespace: props.namespace, labels: props.metadataLabels, annotations: props.metadataAnnotations },
      // Rendered at synth, after the checks (a value of a wrong type from JavaScript is reported, not thrown).
      spec: Lazy.any({ produce: () => renderLlmSpec(props, ctx) }),
    });
    addValidationOnce(this, () => {
      const errors = llmObjectErrors(this, 'LLMInferenceServiceConfig', props, this.version, this.configNamespace);
      // Fact llmApiVersion: nothing else is checked on a release without the kind.
      if (!hasLlmKinds(this.version)) return errors;
      // Object names are DNS-1123 subdomains (Kubernetes core validation).
      if (!DNS1123_SUBDOMAIN_NAME.test(this.configName)) {
        errors.push(`metadata.name ${shown(this.configName)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.')`);
      }
      // The adapters' folder and volume names are fixed by their names (workload_lora.go); whether the storage
      // initializer runs is decided by each service's merged spec, which checks it. Fact llmLoRA: before v0.19 the
      // adapters are reported as unsupported (llmSpecErrors), not checked further.
      const adapters = this.version._facts.llmLoRA ? props.model?.lora?.adapters : undefined;
      return [...errors, ...llmSpecErrors(this, props, ctx), ...loraAttachErrors(Array.isArray(adapters) ? adapters : [], false)];
    });
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(LLMInferenceServiceConfig);

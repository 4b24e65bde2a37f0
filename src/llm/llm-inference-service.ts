import { ApiObject, App, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { LLMInferenceServiceConfig } from './llm-inference-service-config';
import { ILLMInferenceServiceConfig, LLMObjectProps, LLMSpecOptions } from './llm-spec';
import { LLMWorkloadOptions } from './llm-workload';
import { Gateway } from '../gateway/gateway';
import { KServeDefaults } from '../kserve-defaults';
import { KServeVersion } from '../kserve-version';
import { EmittedObject } from '../private/emitted-object';
import { gatewaysInApp, httpRouteRefErrors, loraAttachErrors, modelSchemeErrors } from '../private/llm-checks';
import { LLM_WORKLOAD_PORT, llmWorkloadServiceName, LLMServingShape } from '../private/llm-names';
import { hasLlmKinds, llmApiVersion, llmObjectErrors } from '../private/llm-object';
import { managedDraErrors } from '../private/llm-releases';
import { llmSpecErrors, parallelismSize, renderLlmSpec } from '../private/llm-spec';
import { CacheMatch, cachedModel, DISABLE_LOCAL_MODEL_ANNOTATION, modelCacheErrors, NODE_GROUP_ANNOTATION } from '../private/model-cache';
import { checkProps, guardMethods, registerStandIn } from '../private/shape';
import { shown } from '../private/shown';
import { addValidationOnce, checkField, derivedNameErrors, DNS1123_LABEL, DNS1123_SUBDOMAIN_NAME, ISVC_NAME, MAX_DNS_LABEL, namespaceOf } from '../private/validation';
import { StorageUri } from '../storage-uri';

/**
 * Props of an LLMInferenceService.
 * @category LLM
 */
export interface LLMInferenceServiceProps extends LLMObjectProps {
  /**
   * Configs whose specs the service inherits (`baseRefs`), merged in order under the service's own spec: an
   * `LLMInferenceServiceConfig` of this app, or `LLMInferenceServiceConfig.fromName(...)`.
   * @default - none: only KServe's presets for the service's shape
   */
  readonly baseRefs?: ILLMInferenceServiceConfig[];
}

/** The namespace KServe's controller runs in and looks configs up in after the service's (constants.KServeNamespace). */
const KSERVE_NAMESPACE = 'kserve';

/** The managed DRA annotations (pkg/constants/constants.go at v0.20.0). */
const DRA = 'serving.kserve.io/exp-dra-';
const DRA_DEVICE_CLASS = `${DRA}device-class`;
const DRA_KEYS = ['device-count', 'cel-selector', 'container-name'].map(k => `${DRA}${k}`);

/**
 * A KServe LLMInferenceService (`serving.kserve.io/v1alpha2` on KServe v0.17 to v0.20, `v1alpha1` on v0.16): an LLM
 * served by vLLM, with KServe's presets for the pods, and optionally the Gateway API router, the llm-d scheduler
 * (endpoint picker) with its InferencePool, prefill/decode disaggregation and multi-node (LeaderWorkerSet) workloads.
 *
 * Validation mirrors KServe's LLMInferenceService webhook of the target release
 * (pkg/apis/serving/v1alpha2/llm_inference_service_validation.go; pkg/controller/v1alpha1/llmisvc/validation at v0.16.0)
 * and the CRD's rules, and adds checks that otherwise fail late: GPUs against parallelism, prefill without a scheduler,
 * Gateways missing from the app, derived names. A field the target release lacks (tracing, KV cache offloading, LoRA
 * adapters before v0.19, `scaling` or `storageInitializer` on v0.16...) is an error naming the first release that has
 * it. On v0.16 the pool spec is written in the form of the InferencePool it has (inference.networking.x-k8s.io/v1alpha2).
 *
 * Escape hatch: `apiObject`; JSON patches apply last and reach the YAML unchanged.
 *
 * @example
 * const hubToken = ModelStorageSecret.huggingFace(chart, 'hf-token', { source: SecretSource.fromSecretName('hf-token') });
 * new LLMInferenceService(chart, 'llama', {
 *   model: { uri: StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct'), name: 'meta-llama/Llama-3.1-8B-Instruct' },
 *   replicas: 2,
 *   parallelism: { tensor: 2 },
 *   template: {
 *     storageCredentials: hubToken,
 *     extendedResources: [ExtendedResource.nvidiaGpu(2)],
 *     sharedMemory: Size.gibibytes(8),
 *   },
 *   router: { gateway: {}, route: {}, scheduler: {} },
 * });
 * @category LLM
 */
export class LLMInferenceService extends Construct {
  /** The service's name. */
  public readonly name: string;
  /** The namespace, or `default` when neither the props nor the chart set one. */
  public readonly namespace: string;
  /** The KServe version targeted. */
  public readonly version: KServeVersion;
  /** Escape hatch: the LLMInferenceService object. */
  public readonly apiObject: ApiObject;

  private readonly props: LLMInferenceServiceProps;

  constructor(scope: Construct, id: string, props: LLMInferenceServiceProps) {
    super(scope, id);
    props = checkProps(this, 'LLMInferenceService', props);
    this.props = props;
    this.name = props.name ?? id;
    this.namespace = namespaceOf(this, props.namespace);
    this.version = props.version ?? KServeDefaults._of(this).version;
    this.apiObject = new EmittedObject(this, 'Resource', {
      apiVersion: llmApiVersion(this.version),
      kind: 'LLMInferenceService',
      metadata: { name: this.name, namespace: props.namespace, labels: props.metadataLabels, annotations: props.metadataAnnotations },
      // Rendered at synth, after the checks (a value of a wrong type from JavaScript is reported, not thrown).
      spec: Lazy.any({ produce: () => renderLlmSpec(props, this.context, (props.baseRefs ?? []).map(ref => ref.configName)) }),
    });
    addValidationOnce(this, () => this.validate());
  }

  /** The model's name in requests: `model.name`, else the service's name. */
  public get modelName(): string {
    return this.props.model?.name ?? this.name;
  }

  /**
   * Errors for `consumer` when the service has no namespace (neither its props nor its chart set one): it then lands
   * in whatever namespace `kubectl apply` targets, which runbooks and monitors cannot name (our own rule).
   * @internal
   */
  public _unknownNamespaceErrors(consumer: string): string[] {
    return (this.props.namespace ?? Chart.of(this).namespace) !== undefined ? []
      : [`${consumer} must name the namespace of LLMInferenceService '${this.node.path}', which has none (neither its props nor its `
        + "chart set one, so it lands in the namespace kubectl applies to); set 'namespace' on the service or its chart"];
  }

  /** The Service KServe puts in front of the model server pods (`<name>-kserve-workload-svc`, port 8000). */
  public get workloadServiceName(): string {
    return llmWorkloadServiceName(this.name);
  }

  /**
   * The service's address inside the cluster: its workload Service, port 8000 (workload.go at v0.20.0). `https` when
   * KServe's `ingress.enableLLMInferenceServiceTLS` is on; this library's install leaves it off.
   */
  public get clusterLocalUrl(): string {
    return `http://${this.workloadServiceName}.${this.namespace}.svc.cluster.local:${LLM_WORKLOAD_PORT}`;
  }

  /**
   * What the runbook and monitors need to know of the spec KServe merges from this service and the configs of its
   * `baseRefs` in this app; `undefined` where a config referenced by name may decide.
   * @internal
   */
  public get _serving(): LLMServingShape {
    const { known, byName } = this.bases;
    const specs = [...known, this.props];
    const some = (field: (o: LLMSpecOptions) => unknown) => (specs.some(o => field(o) !== undefined) ? true : byName ? undefined : false);
    const scheduler = some(o => o.router?.scheduler);
    // A pool by name belongs to whoever created it, with its own endpoint picker: KServe creates no scheduler then
    // (`Pool.HasRef()`, reconcileScheduler, scheduler.go at v0.20.0).
    const poolRef = specs.some(o => o.router?.scheduler?.pool?.name !== undefined);
    return {
      prefill: some(o => o.prefill),
      managedScheduler: poolRef ? false : scheduler,
      route: some(o => o.router?.route),
      adapters: specs.flatMap(o => o.model?.lora?.adapters ?? []).map(a => a?.name).filter((n): n is string => typeof n === 'string'),
    };
  }

  private get context() {
    return { kind: 'LLMInferenceService', name: this.name, namespace: this.namespace, version: this.version };
  }

  /** The configs in `baseRefs` that this app defines, and whether others (by name) are referenced too. */
  private get bases(): { known: LLMSpecOptions[]; byName: boolean } {
    const refs = this.props.baseRefs ?? [];
    const known = refs.filter((r): r is LLMInferenceServiceConfig => r instanceof LLMInferenceServiceConfig).map(c => c._spec);
    return { known, byName: known.length < refs.length };
  }

  private validate(): string[] {
    const props = this.props;
    const errors = llmObjectErrors(this, 'LLMInferenceService', props, this.version, this.namespace);
    // Fact llmApiVersion: nothing else is checked on a release without the kind.
    if (!hasLlmKinds(this.version)) return errors;
    // KServe labels every pod `app.kubernetes.io/name: <name>` (GetWorkloadLabelSelector, workload.go at v0.20.0), a
    // label value of at most 63, and names Services `<name>-kserve-workload-svc` (kmeta.ChildName keeps the prefix), which
    // must be DNS-1035 labels (Kubernetes core validation): the name must start with a letter and have no dots.
    if (!ISVC_NAME.test(this.name) || this.name.length > MAX_DNS_LABEL) {
      errors.push(`metadata.name ${shown(this.name)} must be a DNS-1035 label: at most ${MAX_DNS_LABEL} lower case alphanumerics or '-', `
        + "starting with a letter and ending with an alphanumeric (KServe puts it in the pods' app.kubernetes.io/name label and in Service names)");
    }
    errors.push(...this.draErrors());
    const bases = this.bases;
    // A field a config by name may give is unknown; one the app's configs give is known.
    const given = (field: (o: LLMSpecOptions) => unknown) =>
      field(props) !== undefined || bases.byName || bases.known.some(b => field(b) !== undefined);
    if (!given(o => o.model)) {
      errors.push('spec.model is required: give the model (its uri), or a config in baseRefs that gives it');
    }
    errors.push(...llmSpecErrors(this, props, { ...this.context, bases: bases.known, partial: bases.byName }));
    errors.push(...this.ownErrors(given, (props.baseRefs ?? []).length > 0));
    errors.push(...this.gatewayErrors());
    errors.push(...checkField('spec.router.route.http.refs',
      () => httpRouteRefErrors(this, { name: this.name, namespace: this.namespace, router: props.router, version: this.version })));
    errors.push(...this.baseRefErrors());
    errors.push(...checkField('spec.model', () => this.modelAttachErrors()));
    // Fact llmModelCriticality: KServe writes the criticality only to the InferenceModel of the scheduler it manages
    // (reconcileSchedulerInferenceModel, pkg/controller/v1alpha1/llmisvc/scheduler.go at v0.16.0).
    if (props.model?.criticality !== undefined && this.version._facts.llmModelCriticality && this._serving.managedScheduler === false) {
      errors.push('spec.model.criticality has no effect: KServe writes it to the InferenceModel of the scheduler it manages, and this '
        + 'service has none (no router.scheduler in it or its configs, or a pool by name); remove it or add the scheduler');
    }
    // The local model caches of the app: KServe's LLMInferenceService defaulter applies the InferenceService's rules to
    // spec.model.uri (SetLocalModelLabel, pkg/webhook/admission/llminferenceservice/defaulter.go from v0.19.0; fact
    // llmLocalModelCache: before, no defaulter looks at caches and the model is attached as any other).
    const uri = props.model?.uri;
    if (uri instanceof StorageUri && this.version._facts.llmLocalModelCache) {
      errors.push(...modelCacheErrors(this, {
        uri: uri.uri,
        field: 'spec.model.uri',
        namespace: this.namespace,
        annotations: props.metadataAnnotations,
        version: this.version,
        kind: 'LLMInferenceService',
      }));
    }
    return errors;
  }

  /** validateManagedDRAAnnotations (llm_inference_service_validation.go, llm_inference_service_types_func.go at v0.20.0). */
  private draErrors(): string[] {
    const annotations = this.props.metadataAnnotations ?? {};
    // Fact llmManagedDra: a release before v0.20 ignores the annotations (managed_dra.go is v0.20.0's).
    if (!this.version._facts.llmManagedDra) {
      return managedDraErrors([DRA_DEVICE_CLASS, ...DRA_KEYS].filter(k => annotations[k] !== undefined), this.version);
    }
    const field = (key: string) => `metadata.annotations['${key}']`;
    const errors: string[] = [];
    const deviceClass = annotations[DRA_DEVICE_CLASS];
    if (deviceClass === undefined && DRA_KEYS.some(k => annotations[k] !== undefined)) {
      errors.push(`${field(DRA_DEVICE_CLASS)} is required to enable managed DRA when ${DRA_KEYS.join(', ')} is set`);
    }
    if (deviceClass !== undefined) {
      const trimmed = deviceClass.trim();
      if (trimmed === '') errors.push(`${field(DRA_DEVICE_CLASS)}: device class must not be empty`);
      else if (!DNS1123_SUBDOMAIN_NAME.test(trimmed)) errors.push(`${field(DRA_DEVICE_CLASS)} ${shown(deviceClass)}: device class must be a DNS subdomain`);
    }
    const count = annotations[`${DRA}device-count`];
    if (count !== undefined && count.trim() !== '' && !(/^[+-]?\d+$/.test(count.trim()) && Number(count.trim()) >= 1)) {
      errors.push(`${field(`${DRA}device-count`)} ${shown(count)}: must be a whole number >= 1`);
    }
    const cel = annotations[`${DRA}cel-selector`];
    if (cel !== undefined && cel.split('\n').every(line => line.trim() === '')) {
      errors.push(`${field(`${DRA}cel-selector`)}: cel selector must contain at least one non-empty CEL expression`);
    }
    const container = annotations[`${DRA}container-name`];
    if (container !== undefined) {
      const trimmed = container.trim();
      if (trimmed === '') {errors.push(`${field(`${DRA}container-name`)}: container name must not be empty`);} else if (!(DNS1123_LABEL.test(trimmed) && trimmed.length <= MAX_DNS_LABEL)) {
        errors.push(`${field(`${DRA}container-name`)} ${shown(container)}: container name must be a DNS label`);
      }
    }
    return errors;
  }

  /** Our own checks on the merged shape KServe builds (skipped where a config in baseRefs may complete it). */
  private ownErrors(given: (field: (o: LLMSpecOptions) => unknown) => boolean, hasBase: boolean): string[] {
    const props = this.props;
    const errors: string[] = [];
    // The scheduler's prefill/decode profile is what sends prompts to the prefill pods (the default EndpointPickerConfig
    // for `Spec.Prefill != nil`, scheduler.go at v0.20.0); without a scheduler the prefill workload gets no traffic.
    if (props.prefill !== undefined && !given(o => o.router?.scheduler)) {
      errors.push('spec.prefill needs spec.router.scheduler: the scheduler routes prompts to the prefill pods '
        + '(add router: { gateway: {}, route: {}, scheduler: {} }), or remove prefill');
    }
    // Fact llmPipelineParallelPresets: without the release's pipeline-parallel worker presets, the controller's request for
    // `kserve-config-llm-*worker-pipeline-parallel` (config_merge.go) stops reconcile with ConfigNotFound.
    for (const [base, w] of [['spec', props], ['spec.prefill', props.prefill]] as const) {
      const pipelineWorker = w?.worker !== undefined && (w.parallelism?.pipeline ?? 0) > 0 && !(w.parallelism?.data ?? w.parallelism?.dataLocal);
      if (pipelineWorker && !hasBase && !this.version._facts.llmPipelineParallelPresets) {
        errors.push(`${base}.parallelism.pipeline: KServe ${this.version.name} ships no pipeline-parallel worker preset, so the service would not reconcile; `
          + 'give the worker command in a config in baseRefs, or use data parallelism');
      }
    }
    errors.push(...this.derivedNameErrors(props, 'spec', '-kserve-mn'));
    if (props.prefill) errors.push(...this.derivedNameErrors(props.prefill, 'spec.prefill', '-kserve-mn-prefill'));
    return errors;
  }

  /**
   * A multi-node workload is a LeaderWorkerSet `<name>-kserve-mn[-prefill]` (workload_multi_node.go at v0.20.0); its
   * worker pods are `<lws>-<group>-<index>`, and the StatefulSet controller labels each pod with its name
   * (`statefulset.kubernetes.io/pod-name`), a label value of at most 63 (Kubernetes core validation).
   */
  private derivedNameErrors(w: LLMWorkloadOptions, field: string, suffix: string): string[] {
    if (w.worker === undefined) return [];
    const groups = Math.max((w.replicas ?? w.scaling?.maxReplicas ?? 1) - 1, 0);
    const size = Math.max((parallelismSize(w.parallelism) ?? 1) - 1, 1);
    // kmeta.ChildName keeps `<name><suffix>` when it fits in 63 characters and shortens it with a hash otherwise; the
    // pod names are then longer than 63 either way.
    const lws = `${this.name}${suffix}`;
    return derivedNameErrors(this.name, [`${lws}-${groups}-${size}`], `the name (${field}.worker makes a LeaderWorkerSet '${lws}')`);
  }

  /**
   * Our own check: when the app defines Gateways (gateway.networking.k8s.io/v1), each Gateway the router references is
   * one of them; a ref without a namespace names one in the service's (validateGatewayReferences, router_validation.go
   * at v0.20.0, which otherwise marks the service not ready with "Gateway <ns>/<name> does not exist" only at reconcile).
   * A ref that is a `Gateway` of this app must also take KServe's managed route, as an `HttpRoute`'s parent must.
   */
  private gatewayErrors(): string[] {
    const router = this.props.router;
    const refs = router?.gateway?.refs ?? [];
    if (refs.length === 0) return [];
    const errors: string[] = [];
    // KServe writes the managed route `<name>-kserve-route` in the service's namespace, with the gateway refs as its
    // parentRefs (config_merge.go), unless the service brings its own routes (router.go: route.HTTP.HasRefs).
    const http = router?.route?.http;
    if (router?.route !== undefined && (http?.refs ?? []).length === 0) {
      refs.forEach((ref, i) => {
        const gateway = ref?.gateway;
        if (gateway instanceof Gateway) {
          errors.push(...gateway._attachmentErrors(`spec.router.gateway.refs[${i}]`, this.namespace, ref.sectionName, undefined,
            http?.spec?.hostnames ?? []));
        }
      });
    }
    const defined = new Set(gatewaysInApp(this).map(([ns, name]) => `${ns}/${name}`));
    if (defined.size === 0) return errors;
    refs.forEach((ref, i) => {
      const namespace = ref?.gateway?.namespace ?? this.namespace;
      const name = ref?.gateway?.name;
      if (!defined.has(`${namespace}/${name}`)) {
        errors.push(`spec.router.gateway.refs[${i}]: Gateway '${namespace}/${name}' is not defined in this app, which defines `
          + `${[...defined].map(g => `'${g}'`).join(', ')}; reference one of them (by object), or fix the name or namespace`);
      }
    });
    return errors;
  }

  /** A field as KServe merges it: the service's own, else the last config of the app in baseRefs that gives it; unknown when a config by name may give it. */
  private merged<T>(field: (o: LLMSpecOptions) => T | undefined): T | undefined | 'unknown' {
    const own = field(this.props);
    if (own !== undefined) return own;
    const { known, byName } = this.bases;
    return byName ? 'unknown' : [...known].reverse().map(field).find(v => v !== undefined);
  }

  /**
   * The cache of the app the model is read from, as KServe picks it (its defaulter's SetLocalModelLabel, then the
   * workload's URI rewrite in pkg/controller/v1alpha2/llmisvc/workload_storage.go at v0.19.0 and v0.20.0, which a
   * disabled storage initializer skips); undefined when none is, or when a config by name could decide.
   * @internal
   */
  public get _modelCache(): CacheMatch | undefined {
    if (!this.version._facts.llmLocalModelCache) return undefined;
    const uri = this.merged(o => o.model?.uri);
    const annotations = this.props.metadataAnnotations ?? {};
    if (!(uri instanceof StorageUri) || annotations[DISABLE_LOCAL_MODEL_ANNOTATION] !== undefined) return undefined;
    const enabled = this.merged(o => o.storageInitializer?.enabled);
    if (enabled === 'unknown' || enabled === false) return undefined;
    return cachedModel(this, uri.uri, this.namespace, annotations[NODE_GROUP_ANNOTATION], this.version);
  }

  /**
   * The merged model and storage initializer KServe attaches (the service's, else the last config of the app in baseRefs
   * that gives them; unknown when a config by name may give them): its LoRA adapters and its URI's scheme (llm-checks.ts).
   */
  private modelAttachErrors(): string[] {
    const props = this.props;
    const enabled = this.merged(o => o.storageInitializer?.enabled);
    if (enabled === 'unknown') return [];
    // Fact llmStorageInitializer: where the field is missing (reported), KServe always attaches the model.
    const off = enabled === false && this.version._facts.llmStorageInitializer;
    const adapters = this.merged(o => o.model?.lora?.adapters);
    // Fact llmLoRA: before v0.19 nothing attaches adapters (reported by llmSpecErrors).
    const errors = this.version._facts.llmLoRA ? loraAttachErrors(Array.isArray(adapters) ? adapters : [], off) : [];
    const uri = this.merged(o => o.model?.uri);
    if (uri instanceof StorageUri) {
      // The defaulter mounts a matching cache of the app instead (SetLocalModelLabel, see modelCacheErrors).
      const annotations = props.metadataAnnotations ?? {};
      const cached = this.version._facts.llmLocalModelCache && annotations[DISABLE_LOCAL_MODEL_ANNOTATION] === undefined
        && cachedModel(this, uri.uri, this.namespace, annotations[NODE_GROUP_ANNOTATION], this.version) !== undefined;
      errors.push(...modelSchemeErrors(uri, off, cached));
    }
    return errors;
  }

  /** Our own check: KServe looks configs up in the service's namespace, then in its own (getConfig, config_merge.go at v0.20.0). */
  private baseRefErrors(): string[] {
    return (this.props.baseRefs ?? []).flatMap((ref, i) => {
      const ns = ref?.configNamespace;
      if (typeof ref?.configName !== 'string' || !DNS1123_SUBDOMAIN_NAME.test(ref.configName)) {
        return [`spec.baseRefs[${i}] ${shown(ref?.configName)} must name an LLMInferenceServiceConfig (a DNS-1123 subdomain)`];
      }
      return ns === undefined || ns === this.namespace || ns === KSERVE_NAMESPACE ? []
        : [`spec.baseRefs[${i}]: LLMInferenceServiceConfig '${ref.configName}' is in namespace '${ns}', but KServe looks configs up in the `
          + `service's namespace '${this.namespace}' and then '${KSERVE_NAMESPACE}'; create it in '${this.namespace}'`];
    });
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(LLMInferenceService);
// A service in an app of its own, never synthesized: what a monitor given no service builds against.
registerStandIn('LLMInferenceService', () => new LLMInferenceService(new Chart(new App(), 'stand-in', { namespace: 'stand-in' }), 'stand-in', {
  model: { uri: StorageUri.parse('hf://stand-in/model') },
}));

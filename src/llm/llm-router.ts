import { IConfigMap } from 'cdk8s-plus-28';
import { LLMPodOptions } from './llm-pod-options';
import { IGateway } from '../gateway/gateway-ref';
import { IHttpRoute } from '../gateway/http-route-ref';
import { HttpRouteParent, HttpRouteRule } from '../gateway/http-route-rule';

/**
 * A Gateway the service's route attaches to (`router.gateway.refs[]`).
 * @category LLM
 */
export interface LLMGatewayAttachment {
  /** The Gateway (a `Gateway` of this app, or `GatewayRef.fromName(name, namespace)`). */
  readonly gateway: IGateway;

  /**
   * The listener to attach to (`sectionName`).
   * @default - every listener that accepts HTTPRoutes
   */
  readonly sectionName?: string;
}

/**
 * The Gateway of the router (`router.gateway`).
 * @category LLM
 */
export interface LLMRouterGateway {
  /**
   * Existing Gateways to attach to (`refs`). On KServe v0.16 with HTTPRoutes of your own (`route.http.refs`) or
   * `route: { http: {} }`: its webhook rejects `route: {}` and `route.http.spec` on gateway refs.
   * @default - none: KServe's default Gateway (`{}`)
   */
  readonly refs?: LLMGatewayAttachment[];
}

/**
 * The HTTPRoute of the router (`router.route.http`): KServe's, yours (`refs`), or KServe's from your `spec`.
 * @category LLM
 */
export interface LLMHttpRoute {
  /**
   * Your own HTTPRoutes, in the service's namespace (`refs`); KServe creates none. Not with a managed gateway.
   * @default - none
   */
  readonly refs?: IHttpRoute[];

  /**
   * The spec of the HTTPRoute KServe creates, `<name>-kserve-route` (`spec`). Not with `refs`.
   * @default - KServe's route (the `kserve-config-llm-router-route` preset)
   */
  readonly spec?: LLMHttpRouteSpec;
}

/**
 * The spec of the HTTPRoute KServe creates for the service (`router.route.http.spec`, a Gateway API HTTPRouteSpec).
 * KServe merges it onto its `kserve-config-llm-router-route` preset (config_merge.go at v0.20.0): a field left out
 * keeps the preset's, a field given replaces the preset's whole list.
 * @category LLM
 */
export interface LLMHttpRouteSpec {
  /**
   * The Gateways the route attaches to (`parentRefs`, at most 32). With `router.gateway.refs` KServe replaces them by
   * those refs (config_merge.go), so leave them out there (or give exactly the same Gateways and listeners).
   * @default - the preset's: the ingress Gateway of KServe's configuration (`kserveIngressGateway`,
   * `kserve/kserve-ingress-gateway` by default), or `router.gateway.refs` when set
   */
  readonly parents?: HttpRouteParent[];

  /**
   * The request host names the route serves (`hostnames`, at most 16; `*.example.com` wildcards allowed).
   * @default - every host name the listeners serve (the preset gives none)
   */
  readonly hostnames?: string[];

  /**
   * The rules (`rules`, 1 to 16); they replace all of the preset's (its OpenAI endpoints under
   * `/<namespace>/<name>/v1/...` and, from v0.19.0, `/publishers/<namespace>/models/<model>/v1/...` with model-based
   * routing by header; catch-alls to the workload Service; at v0.16.0 one rule for `/<namespace>/<name>`, rewritten to `/`;
   * config-llm-router-route.yaml at each tag). Required: the CRD defaults a spec without rules to one catch-all rule without
   * backends, which would replace the preset's and answer every request with an error. A backend
   * `HttpBackend.inferencePool('<name>-inference-pool')` is KServe's own pool: KServe sends it to the workload Service
   * when there is no scheduler, and to `scheduler.pool.name` when that names an existing pool (config_merge.go at v0.20.0).
   * On KServe v0.16, whose pools are inference.networking.x-k8s.io/v1alpha2 only, such a backend is written in that group.
   */
  readonly rules: HttpRouteRule[];
}

/**
 * The route of the router (`router.route`).
 * @category LLM
 */
export interface LLMRoute {
  /**
   * The HTTPRoute (`http`).
   * @default - KServe's managed HTTPRoute
   */
  readonly http?: LLMHttpRoute;

  /**
   * The routing group (`group`, a DNS-1123 label): services of one group share weighted traffic. Needs `weight`.
   * @default - no group
   */
  readonly group?: string;

  /**
   * This service's share of the group's traffic (`weight`, 0-1000000, proportional). Needs `group`.
   * @default - no group
   */
  readonly weight?: number;
}

/**
 * An Ingress the service uses (`router.ingress.refs[]`).
 * @category LLM
 */
export interface LLMIngressRef {
  /** The Ingress's name. */
  readonly name: string;

  /**
   * The Ingress's namespace.
   * @default - the service's
   */
  readonly namespace?: string;
}

/**
 * The Ingress of the router (`router.ingress`), instead of the Gateway API.
 * @category LLM
 */
export interface LLMRouterIngress {
  /**
   * Existing Ingresses whose addresses KServe reports (`refs`).
   * @default - none: KServe creates an Ingress (`{}`)
   */
  readonly refs?: LLMIngressRef[];
}

/**
 * The InferencePool of the scheduler (`router.scheduler.pool`): an existing one (`name`) or KServe's from `spec`.
 * @category LLM
 */
export interface LLMInferencePool {
  /**
   * An existing InferencePool, in the service's namespace (`ref.name`). Not with `spec`.
   * @default - KServe creates `<name>-inference-pool`
   */
  readonly name?: string;

  /**
   * The spec of the InferencePool KServe creates (`spec`, inference.networking.k8s.io/v1 InferencePoolSpec; on KServe
   * v0.16, whose pools are inference.networking.x-k8s.io/v1alpha2, written in that form: `extensionRef`,
   * `targetPortNumber`, a `selector` label map). Not with `name`.
   * @default - the preset's (the service's workload pods, port 8000, the EPP Service `<name>-epp-service` on 9002,
   * FailOpen)
   */
  readonly spec?: LLMInferencePoolSpec;
}

/**
 * What the gateway does when the endpoint picker is unavailable (`endpointPickerRef.failureMode`, InferencePool v1).
 * @category LLM
 */
export enum EndpointPickerFailureMode {
  /** Keep serving: the gateway picks an endpoint of the pool itself. */
  FAIL_OPEN = 'FailOpen',
  /** Reject the requests. */
  FAIL_CLOSE = 'FailClose',
}

/**
 * The protocol the gateway speaks to the pool's model servers (`appProtocol`, InferencePool v1).
 * @category LLM
 */
export enum InferencePoolAppProtocol {
  /** HTTP/1.1. */
  HTTP = 'http',
  /** HTTP/2 over cleartext (h2c). */
  H2C = 'kubernetes.io/h2c',
}

/**
 * The endpoint picker of an InferencePool (`endpointPickerRef`, InferencePool v1).
 * @category LLM
 */
export interface InferencePoolEndpointPicker {
  /** The endpoint picker's object, in the pool's namespace (`name`): by default a Service. */
  readonly name: string;

  /**
   * The object's kind (`kind`).
   * @default 'Service' (the CRD's default)
   */
  readonly kind?: string;

  /**
   * The object's API group (`group`), a DNS subdomain.
   * @default '' (the core group, the CRD's default)
   */
  readonly group?: string;

  /**
   * The port of the endpoint picker's gRPC ext-proc service (`port.number`); required when the kind is Service, but on
   * KServe v0.16 (`extensionRef.portNumber`), where the gateway infers 9002.
   * @default - none (required for a Service from KServe v0.17)
   */
  readonly port?: number;

  /**
   * What the gateway does when the endpoint picker is down (`failureMode`).
   * @default EndpointPickerFailureMode.FAIL_CLOSE (the CRD's default, which the API server writes into your spec, so it
   * replaces the preset's FailOpen)
   */
  readonly failureMode?: EndpointPickerFailureMode;
}

/**
 * The spec of an InferencePool KServe creates (`router.scheduler.pool.spec`, inference.networking.k8s.io/v1 InferencePoolSpec).
 * On KServe v0.16 the same props are written as its inference.networking.x-k8s.io/v1alpha2 InferencePoolSpec
 * (`endpointPicker` as `extensionRef` with `portNumber`, the one target port as `targetPortNumber`, `selector` as a label
 * map), which takes a single target port.
 * @category LLM
 */
export interface LLMInferencePoolSpec {
  /**
   * The labels of the model server pods in the pool (`selector.matchLabels`, 1 to 64 labels). KServe merges the spec
   * onto its scheduler preset's (config_merge.go at v0.20.0), so these labels add to the preset's
   * (`app.kubernetes.io/name: <name>`, `app.kubernetes.io/part-of: llminferenceservice`, `kserve.io/component:
   * workload`): a label of your own must also be on the workload's pods (e.g. through the workload's `labels`). On
   * KServe v0.16 (`selector`, a label map) the preset's selector is empty and KServe fills it only when the merged one is
   * (config_merge.go at v0.16.0), so yours replaces it, and the pods have no workload `labels` there: select by KServe's
   * own labels.
   */
  readonly selector: Record<string, string>;

  /**
   * The ports the model servers listen on (`targetPorts[].number`, 1 to 8, unique; exactly one on KServe v0.16,
   * `targetPortNumber`); vLLM in KServe's presets: 8000.
   */
  readonly targetPorts: number[];

  /** The endpoint picker (`endpointPickerRef`). */
  readonly endpointPicker: InferencePoolEndpointPicker;

  /**
   * The protocol to the model servers (`appProtocol`).
   * @default InferencePoolAppProtocol.HTTP (the CRD's default)
   */
  readonly appProtocol?: InferencePoolAppProtocol;
}

/**
 * The endpoint picker's configuration (`router.scheduler.config`): exactly one of `inline` or `configMap`.
 * @category LLM
 */
export interface LLMSchedulerConfig {
  /**
   * An EndpointPickerConfig (`inline`).
   * @default - none; then `configMap`
   */
  readonly inline?: EndpointPickerConfig;

  /**
   * A ConfigMap holding the EndpointPickerConfig (`ref.name`); needs `key`.
   * @default - none; then `inline`
   */
  readonly configMap?: IConfigMap;

  /**
   * The ConfigMap key of the EndpointPickerConfig (`ref.key`).
   * @default - none; required with `configMap`
   */
  readonly key?: string;
}

/**
 * A plugin the endpoint picker instantiates (`plugins[]`, PluginSpec of the EndpointPickerConfig).
 * @category LLM
 */
export interface EndpointPickerPlugin {
  /**
   * The plugin type (`type`), registered in the scheduler. KServe v0.20.0's presets use: `single-profile-handler`,
   * `queue-scorer`, `kv-cache-utilization-scorer`, `prefix-cache-scorer`, `no-hit-lru-scorer`, `max-score-picker`,
   * `lora-affinity-scorer`, `active-request-scorer`, and for prefill/decode `disagg-headers-handler`, `prefill-filter`,
   * `decode-filter`, `always-disagg-pd-decider`, `disagg-profile-handler`; `precise-prefix-cache-scorer` also exists
   * (pkg/controller/v1alpha2/llmisvc/scheduler.go).
   */
  readonly type: string;

  /**
   * The name profiles reference the plugin by (`name`), unique in the config.
   * @default - the type
   */
  readonly name?: string;

  /**
   * The plugin's parameters (`parameters`), passed as given to the plugin's factory, which defines their shape (e.g.
   * `{ deciders: { prefill: 'always-disagg-pd-decider' } }` for `disagg-profile-handler`).
   * @default - none: the plugin's defaults
   */
  readonly parameters?: Record<string, unknown>;
}

/**
 * A plugin of a scheduling profile (`schedulingProfiles[].plugins[]`, SchedulingPlugin).
 * @category LLM
 */
export interface EndpointPickerProfilePlugin {
  /** The name of a plugin of the config (`pluginRef`: its `name`, or its `type` when unnamed). */
  readonly pluginRef: string;

  /**
   * The weight of a scorer's score (`weight`), a non-negative number.
   * @default - the scheduler's (1)
   */
  readonly weight?: number;
}

/**
 * A scheduling profile (`schedulingProfiles[]`, SchedulingProfile): the filters, scorers and picker of one pass.
 * @category LLM
 */
export interface EndpointPickerProfile {
  /** The profile's name (`name`), unique in the config (e.g. `default`, or `prefill` and `decode`). */
  readonly name: string;

  /** The plugins of the profile (`plugins`), each a plugin of the config. */
  readonly plugins: EndpointPickerProfilePlugin[];
}

/**
 * The endpoint picker's configuration (an EndpointPickerConfig, `inference.networking.x-k8s.io/v1alpha1`, as KServe
 * v0.20.0's scheduler presets write it): its plugins and the scheduling profiles that use them. Rendered with its
 * `apiVersion` and `kind`.
 * @category LLM
 */
export interface EndpointPickerConfig {
  /** The plugins to instantiate (`plugins`). */
  readonly plugins: EndpointPickerPlugin[];

  /** The scheduling profiles (`schedulingProfiles`). */
  readonly schedulingProfiles: EndpointPickerProfile[];

  /**
   * Experimental features of the endpoint picker to enable (`featureGates`); the scheduler rejects unknown ones.
   * @default - none
   */
  readonly featureGates?: string[];
}

/**
 * The scheduler (endpoint picker, EPP) of the Gateway API Inference Extension (`router.scheduler`): it picks the
 * model server pod for each request. `{}` gives KServe's preset scheduler and InferencePool.
 * @category LLM
 */
export interface LLMScheduler {
  /**
   * The InferencePool (`pool`).
   * @default - KServe's `<name>-inference-pool`
   */
  readonly pool?: LLMInferencePool;

  /**
   * The endpoint picker's configuration (`config`); from KServe v0.17.
   * @default - the preset's
   */
  readonly config?: LLMSchedulerConfig;

  /**
   * Scheduler replicas (`replicas`), at least 1; from KServe v0.17.
   * @default - the preset's (1)
   */
  readonly replicas?: number;

  /**
   * The scheduler's pod, merged onto the preset's (`template`; its main container is `main`).
   * @default - the preset's
   */
  readonly template?: LLMPodOptions;

  /**
   * Labels added to the scheduler's pods (`labels`); from KServe v0.17.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Annotations added to the scheduler's pods (`annotations`); from KServe v0.17.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/**
 * How the service is exposed (`router`): the Gateway API (`gateway` + `route`, with an optional `scheduler`) or an
 * Ingress. `{ gateway: {}, route: {}, scheduler: {} }` is KServe's managed router.
 * @category LLM
 */
export interface LLMRouter {
  /**
   * The Gateway (`gateway`); `{}` is KServe's default Gateway.
   * @default - none
   */
  readonly gateway?: LLMRouterGateway;

  /**
   * The route (`route`); `{}` is KServe's managed HTTPRoute.
   * @default - none
   */
  readonly route?: LLMRoute;

  /**
   * An Ingress instead of the Gateway API (`ingress`).
   * @default - none
   */
  readonly ingress?: LLMRouterIngress;

  /**
   * The scheduler (`scheduler`).
   * @default - none: requests are balanced by the Service
   */
  readonly scheduler?: LLMScheduler;
}

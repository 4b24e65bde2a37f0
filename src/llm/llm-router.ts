import { IConfigMap } from 'cdk8s-plus-28';
import { LLMPodOptions } from './llm-pod-options';
import { IGateway } from '../gateway/gateway-ref';
import { IHttpRoute } from '../gateway/http-route-ref';

/** A Gateway the service's route attaches to (`router.gateway.refs[]`). */
export interface LLMGatewayAttachment {
  /** The Gateway (a `Gateway` of this app, or `GatewayRef.fromName(name, namespace)`). */
  readonly gateway: IGateway;

  /**
   * The listener to attach to (`sectionName`).
   * @default - every listener that accepts HTTPRoutes
   */
  readonly sectionName?: string;
}

/** The Gateway of the router (`router.gateway`). */
export interface LLMRouterGateway {
  /**
   * Existing Gateways to attach to (`refs`).
   * @default - none: KServe's default Gateway (`{}`)
   */
  readonly refs?: LLMGatewayAttachment[];
}

/** The HTTPRoute of the router (`router.route.http`): KServe's, yours (`refs`), or KServe's from your `spec`. */
export interface LLMHttpRoute {
  /**
   * Your own HTTPRoutes, in the service's namespace (`refs`); KServe creates none. Not with a managed gateway.
   * @default - none
   */
  readonly refs?: IHttpRoute[];

  /**
   * The spec of the HTTPRoute KServe creates (`spec`, Gateway API HTTPRouteSpec JSON). Not with `refs`.
   * @default - KServe's route (the `kserve-config-llm-router-route` preset)
   */
  readonly spec?: { [key: string]: any };
}

/** The route of the router (`router.route`). */
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

/** An Ingress the service uses (`router.ingress.refs[]`). */
export interface LLMIngressRef {
  /** The Ingress's name. */
  readonly name: string;

  /**
   * The Ingress's namespace.
   * @default - the service's
   */
  readonly namespace?: string;
}

/** The Ingress of the router (`router.ingress`), instead of the Gateway API. */
export interface LLMRouterIngress {
  /**
   * Existing Ingresses whose addresses KServe reports (`refs`).
   * @default - none: KServe creates an Ingress (`{}`)
   */
  readonly refs?: LLMIngressRef[];
}

/** The InferencePool of the scheduler (`router.scheduler.pool`): an existing one (`name`) or KServe's from `spec`. */
export interface LLMInferencePool {
  /**
   * An existing InferencePool, in the service's namespace (`ref.name`). Not with `spec`.
   * @default - KServe creates `<name>-inference-pool`
   */
  readonly name?: string;

  /**
   * The spec of the InferencePool KServe creates (`spec`, inference.networking.k8s.io/v1 InferencePoolSpec JSON).
   * Not with `name`.
   * @default - the preset's
   */
  readonly spec?: { [key: string]: any };
}

/** The endpoint picker's configuration (`router.scheduler.config`): exactly one of `inline` or `configMap`. */
export interface LLMSchedulerConfig {
  /**
   * An EndpointPickerConfig (`inline`, its JSON object).
   * @default - none; then `configMap`
   */
  readonly inline?: { [key: string]: any };

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
 * The scheduler (endpoint picker, EPP) of the Gateway API Inference Extension (`router.scheduler`): it picks the
 * model server pod for each request. `{}` gives KServe's preset scheduler and InferencePool.
 */
export interface LLMScheduler {
  /**
   * The InferencePool (`pool`).
   * @default - KServe's `<name>-inference-pool`
   */
  readonly pool?: LLMInferencePool;

  /**
   * The endpoint picker's configuration (`config`).
   * @default - the preset's
   */
  readonly config?: LLMSchedulerConfig;

  /**
   * Scheduler replicas (`replicas`), at least 1.
   * @default - the preset's (1)
   */
  readonly replicas?: number;

  /**
   * The scheduler's pod, merged onto the preset's (`template`; its main container is `main`).
   * @default - the preset's
   */
  readonly template?: LLMPodOptions;

  /**
   * Labels added to the scheduler's pods (`labels`).
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Annotations added to the scheduler's pods (`annotations`).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/**
 * How the service is exposed (`router`): the Gateway API (`gateway` + `route`, with an optional `scheduler`) or an
 * Ingress. `{ gateway: {}, route: {}, scheduler: {} }` is KServe's managed router.
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

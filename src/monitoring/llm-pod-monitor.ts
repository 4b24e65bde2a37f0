import { ApiObject } from 'cdk8s';
import { ISecret, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { promDuration, scrapeOptionsErrors, ScrapeOptions } from './monitor-base';
import type * as pm from '../../imports/prometheus-podmonitor-monitoring.coreos.com';
import { LLMInferenceService } from '../llm/llm-inference-service';
import { clusterScoped, emit } from '../private/emit';
import { podMonitor } from '../private/l1-runtime.generated';
import {
  childName, LLM_COMPONENT_LABEL, LLM_MAIN_CONTAINER, LLM_SCHEDULER_COMPONENT, LLM_SCHEDULER_METRICS_PORT, LLM_WORKLOAD,
  LLM_WORKLOAD_LABEL, llmPodLabels, llmWorkloadServiceName, VLLM_PORTS,
} from '../private/llm-names';
import { writtenNamespace } from '../private/references';
import { checkProps, guardMethods } from '../private/shape';
import { shown } from '../private/shown';
import { addValidationOnce, DNS1123_SUBDOMAIN_NAME } from '../private/validation';

/**
 * What an LLMPodMonitor scrapes.
 * @category Monitoring
 */
export enum LLMMetricsSource {
  /** vLLM's `/metrics` (`vllm:*`) in every model-serving pod: the main workload, prefill and multi-node pods. */
  VLLM = 'vllm',
  /** The scheduler's (endpoint picker's) `/metrics` (`inference_objective_*`, `inference_pool_*`, `inference_extension_*`). */
  SCHEDULER = 'scheduler',
}

/**
 * A Secret key holding the bearer token Prometheus presents to the scheduler's metrics endpoint.
 * @category Monitoring
 */
export interface LLMMetricsToken {
  /** The Secret, in the service's namespace (prometheus-operator reads it from the monitor's). */
  readonly secret: ISecret;

  /**
   * The key of the token in the Secret.
   * @default 'token' (the key of a ServiceAccount token Secret)
   */
  readonly key?: string;
}

/**
 * Props of an LLMPodMonitor.
 * @category Monitoring
 */
export interface LLMPodMonitorProps extends ScrapeOptions {
  /** The LLMInferenceService to scrape. */
  readonly target: LLMInferenceService;

  /**
   * What to scrape.
   * @default - vLLM, and the scheduler when KServe runs one for the service (`router.scheduler` without a pool by name)
   */
  readonly sources?: LLMMetricsSource[];

  /**
   * Name of the monitor.
   * @default - `<service>-llm`
   */
  readonly name?: string;

  /**
   * The token for the scheduler's metrics endpoint, which answers only a token allowed to `get` the non-resource URL
   * `/metrics` (the endpoint picker's `--metrics-endpoint-auth`, on by default).
   * @default - a ServiceAccount `<name>-metrics-reader` with a token Secret, bound to a ClusterRole that allows only
   * `get` on `/metrics`
   */
  readonly schedulerToken?: LLMMetricsToken;

  /**
   * Whether vLLM serves HTTPS: KServe's `ingress.enableLLMInferenceServiceTLS` is on, and each service has a
   * self-signed certificate in Secret `<service>-kserve-self-signed-certs`, which the monitor then trusts for the
   * workload Service's name. This library's install leaves it off.
   * @default false
   */
  readonly workloadTls?: boolean;
}

/** The default key of the token in a ServiceAccount token Secret (Kubernetes' token controller writes `token`). */
const TOKEN_KEY = 'token';

const MONITORS = new WeakMap<LLMInferenceService, LLMPodMonitor[]>();

/**
 * A prometheus-operator PodMonitor of an LLMInferenceService: vLLM's metrics in every model-serving pod and the
 * scheduler's (endpoint picker's), selected by the labels KServe's controller puts on the pods.
 *
 * Each endpoint keeps only its own container: vLLM listens on 8000, or on 8001 behind the routing sidecar of a decode
 * pod with prefill, so the monitor scrapes both port numbers of the `main` container in workload pods, and the
 * scheduler's `metrics` port (9090) with a bearer token.
 *
 * @example
 * const qwen = new LLMInferenceService(chart, 'qwen', {
 *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'), name: 'Qwen/Qwen2.5-7B-Instruct' },
 *   router: { gateway: {}, route: {}, scheduler: {} },
 * });
 * // vLLM's metrics and the scheduler's, with a token reader the monitor creates.
 * new LLMPodMonitor(chart, 'qwen-metrics', {
 *   target: qwen,
 *   interval: Duration.seconds(15),
 *   labels: { release: 'kube-prometheus-stack' },
 * });
 * @category Monitoring
 */
export class LLMPodMonitor extends Construct {
  /**
   * The monitors that scrape `service`, in construction order.
   *
   * @example
   * const qwen = new LLMInferenceService(chart, 'qwen', {
   *   model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'), name: 'Qwen/Qwen2.5-7B-Instruct' },
   *   router: { gateway: {}, route: {}, scheduler: {} },
   * });
   * new LLMPodMonitor(chart, 'qwen-metrics', { target: qwen, sources: [LLMMetricsSource.VLLM] });
   * const monitorNames = LLMPodMonitor.of(qwen).map(monitor => monitor.name); // ['qwen-llm']
   */
  public static of(service: LLMInferenceService): LLMPodMonitor[] {
    return [...MONITORS.get(service) ?? []];
  }

  /** The LLMInferenceService scraped. */
  public readonly target: LLMInferenceService;
  /** The monitor's name. */
  public readonly name: string;
  /** What the monitor scrapes. */
  public readonly sources: LLMMetricsSource[];
  /** Escape hatch: the PodMonitor object; patches reach the YAML as written. */
  public readonly apiObject: ApiObject;
  /**
   * The ServiceAccount whose token the monitor presents to the scheduler, when the monitor creates it.
   * @default - none: the monitor scrapes no scheduler, or uses `schedulerToken`
   */
  public readonly readerServiceAccountName?: string;

  private readonly props: LLMPodMonitorProps;

  constructor(scope: Construct, id: string, props: LLMPodMonitorProps) {
    super(scope, id);
    props = checkProps(this, 'LLMPodMonitor', props);
    this.props = props;
    const service = props.target;
    this.target = service;
    this.name = props.name ?? `${service.name}-llm`;
    const ns = service.namespace;
    const scheduler = service._serving.managedScheduler;
    this.sources = props.sources ?? [LLMMetricsSource.VLLM, ...(scheduler !== false ? [LLMMetricsSource.SCHEDULER] : [])];
    MONITORS.set(service, [...MONITORS.get(service) ?? [], this]);

    const scrapesScheduler = Array.isArray(this.sources) && this.sources.includes(LLMMetricsSource.SCHEDULER);
    let token = props.schedulerToken ? { name: props.schedulerToken.secret?.name, key: props.schedulerToken.key ?? TOKEN_KEY } : undefined;
    if (scrapesScheduler && !token) {
      this.readerServiceAccountName = `${this.name}-metrics-reader`;
      token = { name: this.metricsReader(this.readerServiceAccountName, ns), key: TOKEN_KEY };
    }
    const timing = { interval: promDuration(props.interval), scrapeTimeout: promDuration(props.scrapeTimeout) };
    // Pod service discovery gives each declared container port its own target, with the pod's labels and the
    // container's name (Prometheus kubernetes_sd_config, role pod): keep only the container the endpoint is for.
    const keep = (label: string, value: string) => ({
      sourceLabels: [`__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`, '__meta_kubernetes_pod_container_name'],
      regex: `${value};${LLM_MAIN_CONTAINER}`,
      action: podMonitor.PodMonitorSpecPodMetricsEndpointsRelabelingsAction.KEEP,
    });
    const tls = props.workloadTls === true ? {
      scheme: podMonitor.PodMonitorSpecPodMetricsEndpointsScheme.HTTPS,
      // workload_tls_self_signed.go at v0.20.0: the certificate names the workload Service, not the pods' IPs.
      tlsConfig: {
        ca: { secret: { name: childName(service.name, '-kserve-self-signed-certs'), key: 'tls.crt' } },
        serverName: `${llmWorkloadServiceName(service.name)}.${ns}.svc`,
      },
    } : {};
    const endpoints: pm.PodMonitorSpecPodMetricsEndpoints[] = [];
    if (Array.isArray(this.sources) && this.sources.includes(LLMMetricsSource.VLLM)) {
      endpoints.push(...VLLM_PORTS.map(portNumber => ({
        portNumber, path: '/metrics', ...timing, ...tls, relabelings: [keep(LLM_WORKLOAD_LABEL, LLM_WORKLOAD)],
      })));
    }
    if (scrapesScheduler) {
      endpoints.push({
        port: LLM_SCHEDULER_METRICS_PORT,
        path: '/metrics',
        ...timing,
        authorization: { type: 'Bearer', credentials: { name: token!.name, key: token!.key } },
        relabelings: [keep(LLM_COMPONENT_LABEL, LLM_SCHEDULER_COMPONENT)],
      });
    }
    this.apiObject = emit(this, 'Resource', podMonitor.PodMonitor, podMonitor.toJson_PodMonitorProps, {
      metadata: { name: this.name, namespace: ns, labels: props.labels },
      spec: {
        selector: { matchLabels: llmPodLabels(service.name) },
        namespaceSelector: { matchNames: [ns] },
        podMetricsEndpoints: endpoints,
      },
    });
    addValidationOnce(this, () => this.validate());
  }

  /**
   * A ServiceAccount with a token Secret, bound to a ClusterRole that allows only `get /metrics`: what the endpoint
   * picker's authorization filter (controller-runtime's WithAuthenticationAndAuthorization, a SubjectAccessReview of
   * the non-resource URL) accepts. Non-resource URLs can only be granted cluster-wide (Kubernetes RBAC).
   * @returns the token Secret's name
   */
  private metricsReader(account: string, ns: string): string {
    const secret = `${account}-token`;
    const clusterName = `${ns}-${account}`;
    emit(this, 'ReaderServiceAccount', k8s.KubeServiceAccount, k8s.toJson_KubeServiceAccountProps, {
      metadata: { name: account, namespace: ns }, automountServiceAccountToken: false,
    });
    // The token controller fills a Secret of this type with the account's token (Kubernetes: service account tokens).
    emit(this, 'ReaderToken', k8s.KubeSecret, k8s.toJson_KubeSecretProps, {
      metadata: { name: secret, namespace: ns, annotations: { 'kubernetes.io/service-account.name': account } },
      type: 'kubernetes.io/service-account-token',
    });
    clusterScoped(emit(this, 'ReaderRole', k8s.KubeClusterRole, k8s.toJson_KubeClusterRoleProps, {
      metadata: { name: clusterName }, rules: [{ nonResourceUrLs: ['/metrics'], verbs: ['get'] }],
    }));
    clusterScoped(emit(this, 'ReaderBinding', k8s.KubeClusterRoleBinding, k8s.toJson_KubeClusterRoleBindingProps, {
      metadata: { name: clusterName },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace: ns }],
    }));
    return secret;
  }

  private validate(): string[] {
    const props = this.props;
    const service = props.target;
    const errors = [...service._unknownNamespaceErrors('this LLMPodMonitor'), ...scrapeOptionsErrors(props, props.name)];
    const sources = this.sources;
    if (Array.isArray(sources)) {
      // Our own rules: a monitor of nothing, or of one source twice (Prometheus would scrape it twice).
      if (sources.length === 0) errors.push(`sources: give at least one of ${Object.values(LLMMetricsSource).map(s => `'${s}'`).join(', ')}`);
      if (new Set(sources).size < sources.length) errors.push(`sources ${shown(sources)}: each source at most once`);
      // Our own safety rule: a monitor of a scheduler KServe does not run selects nothing.
      if (sources.includes(LLMMetricsSource.SCHEDULER) && service._serving.managedScheduler === false) {
        errors.push(`sources: '${service.name}' has no scheduler KServe runs (no router.scheduler, or its pool is referenced by name); `
          + "scrape the endpoint picker where it runs, or remove 'scheduler'");
      }
      if (props.schedulerToken !== undefined && !sources.includes(LLMMetricsSource.SCHEDULER)) {
        errors.push("schedulerToken is only used to scrape the scheduler; add 'scheduler' to sources or remove it");
      }
    }
    const token = props.schedulerToken;
    if (token !== undefined) {
      if (token.key !== undefined && !/^[-._a-zA-Z0-9]+$/.test(token.key)) {
        errors.push(`schedulerToken.key ${shown(token.key)} must be a Secret key (alphanumerics, '-', '_' or '.')`);
      }
      if (!DNS1123_SUBDOMAIN_NAME.test(String(token.secret?.name))) {
        errors.push(`schedulerToken.secret must be a Secret with a DNS-1123 subdomain name (got ${shown(token.secret?.name)})`);
      }
      // prometheus-operator reads a PodMonitor's credentials from the monitor's own namespace (SecretKeySelector).
      const written = writtenNamespace(token.secret);
      if (written !== undefined && written !== service.namespace) {
        errors.push(`schedulerToken.secret '${token.secret.name}' is in namespace '${written}', but the monitor reads it from `
          + `'${service.namespace}'; create the Secret there`);
      }
    }
    return errors;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(LLMPodMonitor);

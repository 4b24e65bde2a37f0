import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AUTOSCALER_CLASS_ANNOTATION, AutoscalingRendering, KNATIVE_CLASS_ANNOTATION } from './autoscaling';
import type { CanaryRendering } from './canary-rollout';
import { ComponentOptions, ComponentType, CustomComponentOptions, LoggerMode, PredictorOptions, Toleration } from './component';
import { CustomContainer, KSERVE_CONTAINER_NAME, validateImage } from './custom-container';
import { DEPLOYMENT_MODE_ANNOTATION, DeploymentMode } from './deployment-mode';
import { KServeVersion } from './kserve-version';
import { Model } from './model';
import { StorageProvider } from './model-storage-secret';
import { emitWithLazySpec } from './private/emit';
import { renderResources, validateResources } from './private/resources';
import {
  addValidationOnce, claimObjectName, derivedNameErrors, DNS1123_LABEL, HTTP_URL, ISVC_NAME, MAX_DNS_LABEL, validateAnnotations, validateEnvName,
  validateLabels, validateTolerations,
} from './private/validation';
import { ProtocolVersion } from './protocol-version';
import * as l1 from '../imports/kserve-inferenceservice-serving.kserve.io';

/**
 * Props of an InferenceService.
 */
export interface InferenceServiceProps {
  /**
   * The InferenceService name. KServe derives hostnames and Service names from it
   * (`<name>-predictor`, `<name>-<namespace>.<domain>`), so it is never given a generated suffix.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The namespace.
   * @default - the chart's namespace; without one, the namespace `kubectl apply` targets
   */
  readonly namespace?: string;

  /**
   * The KServe release the cluster runs; decides which fields and values are emitted and which
   * webhook rules are checked.
   * @default KServeVersion.V0_20
   */
  readonly version?: KServeVersion;

  /**
   * How KServe runs the service. Always written as an annotation in the target version's spelling,
   * so the service does not depend on the cluster's default mode.
   * @default DeploymentMode.KNATIVE
   */
  readonly deploymentMode?: DeploymentMode;

  /** The predictor: the model to serve (or a custom serving container) and its options. */
  readonly predictor: PredictorOptions;

  /**
   * A transformer that pre- and post-processes requests before they reach the predictor.
   * @default - no transformer
   */
  readonly transformer?: CustomComponentOptions;

  /**
   * An explainer served beside the predictor.
   * @default - no explainer
   */
  readonly explainer?: CustomComponentOptions;

  /**
   * Labels on the InferenceService (KServe copies them to its pods).
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Prometheus switches (metric aggregation, scrape annotations).
   * @default - both off
   */
  readonly metrics?: MetricsOptions;

  /**
   * Annotations on the InferenceService. Keys the library manages (the deployment mode,
   * Knative min/max scale, `internal.serving.kserve.io/*`) are rejected: use the props instead.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** Prometheus-related switches on an InferenceService. */
export interface MetricsOptions {
  /**
   * Knative mode: have KServe's qpext merge the model server's and the queue-proxy's metrics on port
   * `aggr-metric` (9088) (`serving.kserve.io/enable-metric-aggregation`). Needs Knative's
   * queue-sidecar image set to `kserve/qpext`.
   * @default false
   */
  readonly aggregation?: boolean;

  /**
   * Knative mode: have KServe write `prometheus.io/port` / `prometheus.io/path` pod annotations for
   * annotation-based scraping (`serving.kserve.io/enable-prometheus-scraping`). prometheus-operator
   * ignores these annotations: use a PodMonitor or ServiceMonitor.
   * @default false
   */
  readonly prometheusScraping?: boolean;
}

/** Annotation turning on qpext metric aggregation. */
export const METRIC_AGGREGATION_ANNOTATION = 'serving.kserve.io/enable-metric-aggregation';
/** Annotation making KServe write `prometheus.io/*` scrape annotations on the pods. */
export const PROMETHEUS_SCRAPING_ANNOTATION = 'serving.kserve.io/enable-prometheus-scraping';

/** Pod label KServe puts on every pod of an InferenceService (`constants.InferenceServicePodLabelKey`). */
export const INFERENCE_SERVICE_LABEL = 'serving.kserve.io/inferenceservice';
/** Pod label naming the component (`constants.KServiceComponentLabel`). */
export const COMPONENT_LABEL = 'component';

// Annotations the controller owns or that have a typed prop. Knative min/max-scale are overwritten from
// min/maxReplicas (`ServiceAnnotationDisallowedList`, pkg/constants/constants.go at both tags).
const MANAGED_ANNOTATIONS: Record<string, string> = {
  [DEPLOYMENT_MODE_ANNOTATION]: "use the 'deploymentMode' prop",
  [AUTOSCALER_CLASS_ANNOTATION]: "use the 'autoscaling' prop (Autoscaling.cpu / keda / external / fixed)",
  [KNATIVE_CLASS_ANNOTATION]: "use the 'autoscaling' prop (Autoscaling.concurrency / rps / cpu / memory)",
  [METRIC_AGGREGATION_ANNOTATION]: "use the 'metrics' prop ({ aggregation: true })",
  [PROMETHEUS_SCRAPING_ANNOTATION]: "use the 'metrics' prop ({ prometheusScraping: true })",
  'autoscaling.knative.dev/metric': "KServe overwrites it from scaleMetric; use the 'autoscaling' prop",
  'autoscaling.knative.dev/target': "KServe overwrites it from scaleTarget; use the 'autoscaling' prop",
  'autoscaling.knative.dev/min-scale': "KServe overwrites it from minReplicas; set 'minReplicas'",
  'autoscaling.knative.dev/minScale': "KServe overwrites it from minReplicas; set 'minReplicas'",
  'autoscaling.knative.dev/max-scale': "KServe overwrites it from maxReplicas; set 'maxReplicas'",
  'autoscaling.knative.dev/maxScale': "KServe overwrites it from maxReplicas; set 'maxReplicas'",
};

/** Name of the port declared for a custom container (Knative accepts only `http1` or `h2c`). */
const CUSTOM_CONTAINER_PORT_NAME = 'http1';

/** The longest DNS label KServe's derived names and hosts may have. */

const APP_CHECKS = new WeakMap<IConstruct, Array<(service: InferenceService) => string[]>>();

/**
 * A KServe InferenceService (`serving.kserve.io/v1beta1`): a predictor, optionally with a
 * transformer and an explainer.
 *
 * Validation mirrors KServe's admission webhook for the target version
 * (`pkg/apis/serving/v1beta1/inference_service_validation.go` and `component.go`) and adds the
 * checks that otherwise fail late (derived name lengths) or silently (scale to zero outside
 * Knative). All problems are reported together at synth, each with the construct path and field.
 */
export class InferenceService extends Construct {
  /**
   * Adds a check that runs on every InferenceService of `scope`'s app at synth, reported on the service
   * (used by KServeInstall to check that each service finds a runtime).
   * @internal
   */
  public static _addAppCheck(scope: IConstruct, check: (service: InferenceService) => string[]): void {
    const checks = APP_CHECKS.get(scope.node.root) ?? [];
    checks.push(check);
    APP_CHECKS.set(scope.node.root, checks);
  }

  /** The InferenceService name. */
  public readonly name: string;
  /**
   * The namespace, or `default` when neither the props nor the chart set one.
   */
  public readonly namespace: string;
  /** The KServe version targeted. */
  public readonly version: KServeVersion;
  /** The deployment mode. */
  public readonly deploymentMode: DeploymentMode;
  /** The generated L1 object, for escape hatches (`apiObject.addJsonPatch(...)`). */
  public readonly apiObject: ApiObject;

  private readonly props: InferenceServiceProps;
  private canary?: CanaryRendering;
  private canaryPath?: string;
  private readonly sameName: () => IConstruct[];
  private readonly monitored: Array<{ readonly component: ComponentType; readonly source: string }> = [];

  constructor(scope: Construct, id: string, props: InferenceServiceProps) {
    super(scope, id);
    this.props = props;
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    this.version = props.version ?? KServeVersion.DEFAULT;
    this.deploymentMode = props.deploymentMode ?? DeploymentMode.KNATIVE;

    this.apiObject = emitWithLazySpec(this, 'Resource', l1.InferenceService, l1.toJson_InferenceServiceProps, l1.toJson_InferenceServiceSpec, {
      metadata: {
        name: this.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: {
          ...props.annotations,
          ...Object.assign({}, ...this.components.map(c => this.scaling(c)?.serviceAnnotations ?? {})),
          ...(props.metrics?.aggregation ? { [METRIC_AGGREGATION_ANNOTATION]: 'true' } : {}),
          ...(props.metrics?.prometheusScraping ? { [PROMETHEUS_SCRAPING_ANNOTATION]: 'true' } : {}),
          [DEPLOYMENT_MODE_ANNOTATION]: this.deploymentMode.annotationValue(this.version),
        },
      },
    // Rendered at synth: a CanaryRollout added later still reshapes it.
    }, () => this.renderSpec());

    this.sameName = claimObjectName(this, 'InferenceService', this.namespace, this.name);
    addValidationOnce(this, () => this.validate());
  }

  /**
   * Registers the rollout that shapes this service's traffic split.
   * @internal
   */
  public _attachCanary(canary: CanaryRendering, rolloutPath: string): void {
    if (this.canary) {
      throw new Error(`CanaryRollout '${rolloutPath}': service '${this.node.path}' already has the CanaryRollout '${this.canaryPath}'; `
        + 'one rollout describes all its traffic');
    }
    this.canary = canary;
    this.canaryPath = rolloutPath;
  }

  /** Whether KServe's qpext metric aggregation (port `aggr-metric`) is on. */
  public get metricsAggregation(): boolean {
    return this.props.metrics?.aggregation === true;
  }

  /** Whether a component runs KServe's agent sidecar (logger or batcher), which fronts its Service in Standard mode. */
  public hasPayloadAgent(component: ComponentType): boolean {
    const options = this.options(component);
    return options?.logger !== undefined || options?.batcher !== undefined;
  }

  /**
   * The name of the port of the component's Service in Standard mode: the first declared container port's
   * name, else the component name (`reconcilers/service/service_reconciler.go`).
   */
  public servicePortName(component: ComponentType): string {
    return (this.options(component) as PredictorOptions | undefined)?.container?.port !== undefined
      ? CUSTOM_CONTAINER_PORT_NAME
      : this.componentName(component);
  }

  /**
   * Records that a monitor scrapes `source` metrics of `component` (alerts check their metrics are scraped).
   * @internal
   */
  public _addMonitor(component: ComponentType, source: string): void {
    this.monitored.push({ component, source });
  }

  /**
   * The metric sources monitors scrape for a component.
   * @internal
   */
  public _monitoredSources(component: ComponentType): string[] {
    return this.monitored.filter(m => m.component === component).map(m => m.source);
  }

  /**
   * The rollout attached to this service, if any.
   * @internal
   */
  public get _canary(): CanaryRendering | undefined {
    return this.canary;
  }

  /**
   * The name of the predictor's storage credentials, if any.
   * @internal
   */
  public get _storageCredentialsName(): string | undefined {
    return this.props.predictor.storageCredentials?.name;
  }

  /** The predictor's fewest replicas as configured (directly or through its autoscaling policy). */
  public get predictorMinReplicas(): number | undefined {
    return this.props.predictor.minReplicas ?? this.props.predictor.autoscaling?.minReplicas;
  }

  /** The model the predictor serves, if it serves a `Model` rather than a custom container. */
  public get model(): Model | undefined {
    return this.props.predictor.model;
  }

  /** The components this service has, predictor first. */
  public get components(): ComponentType[] {
    return [
      ComponentType.PREDICTOR,
      ...(this.props.transformer ? [ComponentType.TRANSFORMER] : []),
      ...(this.props.explainer ? [ComponentType.EXPLAINER] : []),
    ];
  }

  /** The protocol clients use: the predictor's (a transformer must speak the same). */
  public get protocolVersion(): ProtocolVersion {
    return this.props.predictor.model?.effectiveProtocol
      ?? this.props.predictor.container?.protocolVersion
      ?? ProtocolVersion.V1;
  }

  /**
   * The HTTP path of a prediction (`/v1/models/<name>:predict` or `/v2/models/<name>/infer`).
   * KServe's runtimes serve the model under the InferenceService name. Undefined for gRPC.
   */
  public get predictPath(): string | undefined {
    return this.protocolVersion.predictPath(this.name);
  }

  /**
   * The name KServe gives a component's workload and Service (`<name>-predictor`); a named predictor runs
   * as `<name>-<predictor name>-predictor` (`PredictorServiceName`, v0.20).
   */
  public componentName(component: ComponentType): string {
    const predictorName = component === ComponentType.PREDICTOR ? this.predictorName : undefined;
    return predictorName ? `${this.name}-${predictorName}-${component}` : `${this.name}-${component}`;
  }

  /** The predictor's name as rendered: a Standard-mode promote renames it to the candidate's. */
  private get predictorName(): string | undefined {
    const canary = this.canary;
    const promoted = canary?.phase.isPromote && canary.candidate && !this.deploymentMode.isKnative && this.version.isAtLeast(KServeVersion.V0_20);
    return promoted ? canary.candidateName : this.props.predictor.name;
  }

  /**
   * Labels that select a component's pods in every deployment mode
   * (`serving.kserve.io/inferenceservice` and `component`).
   */
  public selectorLabels(component: ComponentType = ComponentType.PREDICTOR): Record<string, string> {
    return { [INFERENCE_SERVICE_LABEL]: this.name, [COMPONENT_LABEL]: component };
  }

  /** The in-cluster DNS name of a component's Service (`<name>-predictor.<ns>.svc.cluster.local`). */
  public serviceHostname(component: ComponentType = ComponentType.PREDICTOR): string {
    return `${this.componentName(component)}.${this.namespace}.svc.cluster.local`;
  }

  /**
   * The in-cluster URL requests enter by: the transformer's Service when there is one, else the
   * predictor's (port 80).
   */
  public get clusterLocalUrl(): string {
    const entry = this.props.transformer ? ComponentType.TRANSFORMER : ComponentType.PREDICTOR;
    return `http://${this.serviceHostname(entry)}`;
  }

  /**
   * The external URL under KServe's default domain template (`{{.Name}}-{{.Namespace}}.{{.IngressDomain}}`).
   * @param ingressDomain the cluster's `ingress.ingressDomain` (for example `example.com`)
   * @param scheme the cluster's `ingress.urlScheme`
   */
  public externalUrl(ingressDomain: string, scheme: string = 'http'): string {
    return `${scheme}://${this.name}-${this.namespace}.${ingressDomain}`;
  }

  /** The autoscaler class a component runs under: its policy's, or the mode's default. */
  private autoscalerClass(component: ComponentType): string {
    const annotations = this.scaling(component)?.serviceAnnotations ?? {};
    if (this.deploymentMode.isKnative) {
      return annotations[KNATIVE_CLASS_ANNOTATION] ?? 'kpa.autoscaling.knative.dev';
    }
    return annotations[AUTOSCALER_CLASS_ANNOTATION] ?? 'hpa';
  }

  private scaling(component: ComponentType): AutoscalingRendering | undefined {
    return this.options(component)?.autoscaling?._render(this.deploymentMode);
  }

  private options(component: ComponentType): ComponentOptions | undefined {
    switch (component) {
      case ComponentType.PREDICTOR: return this.props.predictor;
      case ComponentType.TRANSFORMER: return this.props.transformer;
      case ComponentType.EXPLAINER: return this.props.explainer;
    }
  }

  // ---- rendering --------------------------------------------------------------------------------

  private renderSpec(): l1.InferenceServiceSpec {
    const spec = this.renderComponents();
    const canary = this.canary;
    if (!canary) {
      return spec;
    }
    if (this.deploymentMode.isKnative) {
      // Promotion removes the field; rollback sends 0% to the candidate (ksvc_reconciler.go).
      const percent = canary.phase.isPromote ? undefined : canary.phase.trafficPercent;
      const component = spec[canary.component];
      return component ? { ...spec, [canary.component]: { ...component, canaryTrafficPercent: percent } } : spec;
    }
    const candidate = canary.candidate;
    if (!candidate || !this.version.isAtLeast(KServeVersion.V0_20) || canary.phase.isRollback) {
      return spec;
    }
    if (canary.phase.isPromote) {
      // The candidate's Deployment becomes the stable one: rename the predictor and swap its model in.
      return {
        ...spec,
        predictor: { ...spec.predictor, name: canary.candidateName, model: overlayModel(spec.predictor.model, candidate) },
      };
    }
    return {
      ...spec,
      canary: [{
        trafficPercent: canary.phase.trafficPercent,
        predictor: {
          name: canary.candidateName,
          minReplicas: canary.candidateReplicas,
          // The v0.20 CRD requires a container name in canary entries; the runtime's own name keeps the pod unchanged.
          model: { name: KSERVE_CONTAINER_NAME, ...renderModelFields(candidate) },
        },
      }],
    };
  }

  private renderComponents(): l1.InferenceServiceSpec {
    return {
      predictor: this.renderPredictor(this.props.predictor),
      transformer: this.props.transformer && {
        ...renderCommon(this.props.transformer),
        ...(renderScaling(this.props.transformer) as Pick<l1.InferenceServiceSpecTransformer, 'scaleMetric' | 'scaleTarget' | 'autoScaling'>),
        logger: renderLogger(this.props.transformer, l1.InferenceServiceSpecTransformerLoggerMode),
        containers: [renderContainer(this.props.transformer, this.props.transformer.container,
          l1.InferenceServiceSpecTransformerContainersResourcesLimits, l1.InferenceServiceSpecTransformerContainersResourcesRequests)],
      },
      explainer: this.props.explainer && {
        ...renderCommon(this.props.explainer),
        ...(renderScaling(this.props.explainer) as Pick<l1.InferenceServiceSpecExplainer, 'scaleMetric' | 'scaleTarget' | 'autoScaling'>),
        logger: renderLogger(this.props.explainer, l1.InferenceServiceSpecExplainerLoggerMode),
        containers: [renderContainer(this.props.explainer, this.props.explainer.container,
          l1.InferenceServiceSpecExplainerContainersResourcesLimits, l1.InferenceServiceSpecExplainerContainersResourcesRequests)],
      },
    };
  }

  private renderPredictor(options: PredictorOptions): l1.InferenceServiceSpecPredictor {
    const common = {
      name: options.name,
      ...renderCommon(options),
      ...renderScaling(options),
      logger: renderLogger(options, l1.InferenceServiceSpecPredictorLoggerMode),
    };
    if (options.container) {
      return {
        ...common,
        containers: [renderContainer(options, options.container,
          l1.InferenceServiceSpecPredictorContainersResourcesLimits, l1.InferenceServiceSpecPredictorContainersResourcesRequests)],
      };
    }
    const model = options.model;
    return {
      ...common,
      model: model && {
        ...renderModelFields(model),
        storage: options.storageCredentials?.storageKey !== undefined ? { key: options.storageCredentials.storageKey } : undefined,
        args: options.args,
        env: renderEnv(options),
        resources: renderResources(options.resources,
          l1.InferenceServiceSpecPredictorModelResourcesLimits, l1.InferenceServiceSpecPredictorModelResourcesRequests),
      },
    };
  }

  // ---- validation --------------------------------------------------------------------------------

  private validate(): string[] {
    const errors: string[] = [];
    const v = this.version;
    for (const check of APP_CHECKS.get(this.node.root) ?? []) errors.push(...check(this));

    // Name format: IsvcNameFmt in inference_service_validation.go (both tags).
    if (!ISVC_NAME.test(this.name)) {
      errors.push(`metadata.name '${this.name}' must consist of lower case alphanumeric characters or '-', start with a letter and end with an alphanumeric character (regex ${ISVC_NAME.source})`);
    }
    if (!DNS1123_LABEL.test(this.namespace) || this.namespace.length > MAX_DNS_LABEL) {
      errors.push(`metadata.namespace '${this.namespace}' must be a DNS-1123 label (lower case alphanumerics and '-', at most 63 characters)`);
    }
    const others = this.sameName();
    if (others.length > 0) {
      errors.push(`metadata.name '${this.name}' is also used by ${others.map(o => `'${o.node.path}'`).join(', ')} in namespace '${this.namespace}' in the same chart; `
        + 'each InferenceService needs its own name');
    }
    // The webhook has no length limit, but KServe derives `<name>-<component>-<namespace>` hosts and, in
    // Knative mode, revisions `<name>-<component>-00001` (also a label value); over 63 characters reconcile fails late.
    for (const component of this.components) {
      const derived = [`${this.componentName(component)}-${this.namespace}`,
        ...(this.deploymentMode.isKnative ? [`${this.componentName(component)}-00001`] : [])];
      // A predictor name (given, or the candidate's after a promote) is part of the derived name too.
      const predictorName = component === ComponentType.PREDICTOR ? this.predictorName : undefined;
      const field = predictorName === this.props.predictor.name ? 'spec.predictor.name' : 'candidateName';
      errors.push(...derivedNameErrors(this.name, derived,
        predictorName === undefined ? 'the name or the namespace' : `the name, the namespace or ${field} '${predictorName}'`));
    }

    const metrics = this.props.metrics;
    if ((metrics?.aggregation || metrics?.prometheusScraping) && !this.deploymentMode.isKnative) {
      errors.push(`metrics: aggregation and prometheusScraping work only in Knative mode; in '${this.deploymentMode.annotationValue(v)}' mode `
        + 'there is no queue-proxy, and KServe would point prometheus.io/port at 9091 where nothing listens. Use a ServiceMonitor');
    }
    errors.push(...validateLabels(this.props.labels, 'metadata.labels'));
    errors.push(...validateAnnotations(this.props.annotations, 'metadata.annotations'));
    errors.push(...managedAnnotationErrors(this.props.annotations, 'metadata.annotations'));

    // Exactly one implementation per predictor (`predictor.go` GetImplementations, both tags).
    const predictor = this.props.predictor;
    if (!predictor.model === !predictor.container) {
      errors.push(`spec.predictor: exactly one of 'model' or 'container' must be given (got ${predictor.model ? 'both' : 'neither'})`);
    }
    if (predictor.model) {
      errors.push(...predictor.model._validate(v).map(e => `spec.predictor.model: ${e}`));
    }
    // spec.predictor.name exists from v0.20, with the CRD pattern of PredictorSpec.Name (predictor.go).
    if (predictor.name !== undefined && !v.isAtLeast(KServeVersion.V0_20)) {
      errors.push(`spec.predictor.name needs KServe v0.20 or later (target is ${v.name}); remove it`);
    } else if (predictor.name !== undefined && !ISVC_NAME.test(predictor.name)) {
      errors.push(`spec.predictor.name '${predictor.name}' must consist of lower case alphanumeric characters or '-', start with a letter `
        + `and end with an alphanumeric character (regex ${ISVC_NAME.source})`);
    }

    // The autoscaler class is one annotation for the whole service; KServe applies it to every component
    // (validateAutoScalingCompExtension), so all components must agree, including those without a policy.
    const classByComponent = this.components.map(c => [c, this.autoscalerClass(c)] as const);
    const distinct = new Set(classByComponent.map(([, cls]) => cls));
    if (distinct.size > 1) {
      errors.push(`spec: the components ask for different autoscaler classes (${classByComponent.map(([c, cls]) => `${c}: ${cls}`).join(', ')}); `
        + 'KServe reads one class per InferenceService and applies it to every component: give each component a policy of the same class');
    }

    for (const component of this.components) {
      const options = this.options(component)!;
      const field = `spec.${component}`;
      errors.push(...this.validateComponent(options, field));
      const container = (options as PredictorOptions).container;
      if (container) {
        errors.push(...validateCustomContainer(container, options, `${field}.container`, component, this.deploymentMode, this.version));
      }
    }
    return errors;
  }

  private validateComponent(options: ComponentOptions, field: string): string[] {
    const errors: string[] = [];
    const { minReplicas, maxReplicas, containerConcurrency } = options;
    // ComponentExtensionSpec.Validate (component.go, both tags).
    if (containerConcurrency !== undefined && !(Number.isInteger(containerConcurrency) && containerConcurrency >= 0)) {
      errors.push(`${field}.containerConcurrency (${containerConcurrency}) must be a whole number >= 0 (0 means unlimited)`);
    }
    if (minReplicas !== undefined && !(Number.isInteger(minReplicas) && minReplicas >= 0)) {
      errors.push(`${field}.minReplicas (${minReplicas}) must be a whole number >= 0`);
    }
    if (maxReplicas !== undefined && !(Number.isInteger(maxReplicas) && maxReplicas >= 0)) {
      errors.push(`${field}.maxReplicas (${maxReplicas}) must be a whole number >= 0`);
    }
    // maxReplicas 0 means "unset" upstream; an unset minReplicas counts as 1.
    if (maxReplicas !== undefined && maxReplicas > 0 && (minReplicas ?? 1) > maxReplicas) {
      errors.push(`${field}.minReplicas (${minReplicas ?? '1 (default)'}) must be less than or equal to ${field}.maxReplicas (${maxReplicas})`);
    }
    const autoscaling = options.autoscaling;
    if (autoscaling) {
      errors.push(...autoscaling._validate(this.deploymentMode, this.version, `${field}.autoscaling`));
      for (const prop of ['minReplicas', 'maxReplicas', 'containerConcurrency'] as const) {
        if (options[prop] !== undefined) {
          errors.push(`${field}.${prop} and ${field}.autoscaling are both set; `
            + (autoscaling.policy === 'external' ? `remove ${prop}: an external autoscaler sets the replicas` : `give ${prop} in the Autoscaling policy`));
        }
      }
    }
    // Outside Knative KServe silently raises minReplicas 0 to 1 (kserve#3514): make it an error.
    if (minReplicas === 0 && !this.deploymentMode.isKnative) {
      errors.push(`${field}.minReplicas is 0 but scale to zero needs Knative; deployment mode '${this.deploymentMode.annotationValue(this.version)}' `
        + 'would silently run 1 replica. Use DeploymentMode.KNATIVE or minReplicas >= 1');
    }
    if (options.timeout !== undefined) {
      const seconds = options.timeout.toSeconds({ integral: false });
      if (!(Number.isInteger(seconds) && seconds > 0)) {
        errors.push(`${field}.timeout (${seconds}s) must be a whole number of seconds greater than zero`);
      }
    }
    errors.push(...validateResources(options.resources, `${field}.resources`));
    const credentials = options.storageCredentials;
    if (credentials) {
      if (options.serviceAccount && options.serviceAccount !== credentials.serviceAccount) {
        errors.push(`${field}: 'serviceAccount' and 'storageCredentials' both set the ServiceAccount; `
          + 'pass your ServiceAccount to the ModelStorageSecret (its serviceAccount prop) so it lists the Secret');
      }
      const model = (options as PredictorOptions).model;
      const uri = model?.storageUri ?? (options as PredictorOptions).container?.storageUri;
      errors.push(...credentials._validateUse(uri, this.namespace, this.version, `${field}.storageCredentials`));
      if (credentials.provider === StorageProvider.STORAGE_CONFIG && !model) {
        errors.push(`${field}.storageCredentials: storage-config entries are referenced by 'model.storage.key'; only a predictor 'model' can use them`);
      }
    }
    for (const name of Object.keys(options.env ?? {})) {
      errors.push(...validateEnvName(name, `${field}.env`));
      // Blocked for security since v0.20 (pkg/validation/env_policy.go).
      if (name === 'PYTHONPATH' && this.version.isAtLeast(KServeVersion.V0_20)) {
        errors.push(`${field}.env: setting PYTHONPATH is not allowed by KServe ${this.version.name} (security policy)`);
      }
    }
    errors.push(...validateLabels(options.labels, `${field}.labels`));
    errors.push(...validateAnnotations(options.annotations, `${field}.annotations`));
    errors.push(...managedAnnotationErrors(options.annotations, `${field}.annotations`));
    for (const [key, value] of Object.entries(options.nodeSelector ?? {})) {
      errors.push(...validateLabels({ [key]: value }, `${field}.nodeSelector`));
    }
    errors.push(...validateTolerations(options.tolerations, `${field}.tolerations`));
    if (options.logger?.url !== undefined && !HTTP_URL.test(options.logger.url)) {
      errors.push(`${field}.logger.url '${options.logger.url}' must be an http:// or https:// URL`);
    }
    const batcher = options.batcher;
    if (batcher) {
      if (batcher.maxBatchSize !== undefined && !(Number.isInteger(batcher.maxBatchSize) && batcher.maxBatchSize > 0)) {
        errors.push(`${field}.batcher.maxBatchSize (${batcher.maxBatchSize}) must be a whole number greater than zero`);
      }
      const latency = batcher.maxLatency?.toMilliseconds({ integral: false });
      if (latency !== undefined && !(Number.isInteger(latency) && latency > 0)) {
        errors.push(`${field}.batcher.maxLatency (${latency}ms) must be a whole number of milliseconds greater than zero`);
      }
      const timeout = batcher.timeout?.toSeconds({ integral: false });
      if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) {
        errors.push(`${field}.batcher.timeout (${timeout}s) must be a whole number of seconds greater than zero`);
      }
    }
    return errors;
  }
}

function managedAnnotationErrors(annotations: Record<string, string> | undefined, field: string): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(annotations ?? {})) {
    if (MANAGED_ANNOTATIONS[key]) {
      errors.push(`${field}['${key}'] is managed by the library or KServe: ${MANAGED_ANNOTATIONS[key]}`);
    } else if (key.startsWith('internal.serving.kserve.io/')) {
      errors.push(`${field}['${key}'] is internal to the KServe controller and must not be set`);
    }
  }
  return errors;
}

// Ports Knative's webhook reserves for the queue-proxy and profiling (serving's k8s_validation.go `reservedPorts`).
const KNATIVE_RESERVED_PORTS = [8008, 8012, 8013, 8022, 9090, 9091];

function validateCustomContainer(container: CustomContainer, options: ComponentOptions, field: string, component: ComponentType,
  mode: DeploymentMode, version: KServeVersion): string[] {
  const errors = validateImage(container.image, `${field}.image`);
  if (container.port !== undefined && !(Number.isInteger(container.port) && container.port > 0 && container.port < 65536)) {
    errors.push(`${field}.port (${container.port}) must be a port number between 1 and 65535`);
  } else if (container.port !== undefined && mode.isKnative && KNATIVE_RESERVED_PORTS.includes(container.port)) {
    errors.push(`${field}.port (${container.port}) is reserved by Knative (${KNATIVE_RESERVED_PORTS.join(', ')}); pick another port`);
  }
  // Custom predictors read PROTOCOL from the container env; only v1 and v2 are valid (predictor_custom.go).
  // Transformers and explainers accept any value (transformer_custom.go, explainer_custom.go validate nothing).
  if (component === ComponentType.PREDICTOR && container.protocolVersion?.isGrpc) {
    errors.push(`${field}.protocolVersion '${container.protocolVersion.value}' is not accepted for custom predictors; use ProtocolVersion.V1 or V2`);
  }
  errors.push(...(container.storageUri?._validate(version) ?? []).map(e => `${field}.${e}`));
  for (const reserved of ['PROTOCOL', 'STORAGE_URI']) {
    if (options.env?.[reserved] !== undefined) {
      errors.push(`${field.replace(/\.container$/, '')}.env['${reserved}'] is set by the library; use container.${reserved === 'PROTOCOL' ? 'protocolVersion' : 'storageUri'}`);
    }
  }
  return errors;
}

// ---- rendering helpers --------------------------------------------------------------------------

type CommonFields = Pick<l1.InferenceServiceSpecPredictor,
'serviceAccountName' | 'minReplicas' | 'maxReplicas' | 'containerConcurrency' | 'timeout' | 'nodeSelector'
| 'tolerations' | 'affinity' | 'labels' | 'annotations' | 'batcher'>;

function renderCommon(options: ComponentOptions): CommonFields {
  const scaling = options.autoscaling?._render(DeploymentMode.KNATIVE);
  const annotations = { ...options.annotations, ...scaling?.componentAnnotations };
  return {
    serviceAccountName: (options.serviceAccount ?? options.storageCredentials?.serviceAccount)?.name,
    minReplicas: options.minReplicas ?? scaling?.fields.minReplicas,
    maxReplicas: options.maxReplicas ?? scaling?.fields.maxReplicas,
    containerConcurrency: options.containerConcurrency ?? scaling?.fields.containerConcurrency,
    timeout: options.timeout?.toSeconds(),
    nodeSelector: options.nodeSelector,
    tolerations: options.tolerations?.map(renderToleration),
    affinity: options.affinity,
    labels: options.labels,
    annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    batcher: options.batcher && {
      maxBatchSize: options.batcher.maxBatchSize,
      maxLatency: options.batcher.maxLatency?.toMilliseconds(),
      timeout: options.batcher.timeout?.toSeconds(),
    },
  };
}

/** The fields that say which model to serve (the rest of `model` comes from the component options). */
function renderModelFields(model: Model) {
  return {
    modelFormat: { name: model.formatName, version: model.formatVersion },
    runtime: model.runtime,
    runtimeVersion: model.runtimeVersion,
    protocolVersion: model.protocolVersion?.value,
    storageUri: model.storageUri.uri,
  };
}

/**
 * The stable model with the candidate's fields laid over it the way KServe builds a canary (mergo with
 * override: only fields the candidate sets win), so promotion keeps what the candidate ran with.
 */
function overlayModel(stable: l1.InferenceServiceSpecPredictorModel | undefined, candidate: Model): l1.InferenceServiceSpecPredictorModel {
  const fields = renderModelFields(candidate);
  return {
    ...stable,
    modelFormat: { name: fields.modelFormat.name, version: fields.modelFormat.version ?? stable?.modelFormat?.version },
    runtime: fields.runtime ?? stable?.runtime,
    runtimeVersion: fields.runtimeVersion ?? stable?.runtimeVersion,
    protocolVersion: fields.protocolVersion ?? stable?.protocolVersion,
    storageUri: fields.storageUri,
  };
}

/**
 * The scaling fields of a policy, typed with the predictor's generated types. The generated types of
 * the three component paths are identical apart from their names, so transformer and explainer reuse them.
 */
function renderScaling(options: ComponentOptions): Pick<l1.InferenceServiceSpecPredictor, 'scaleMetric' | 'scaleTarget' | 'autoScaling'> {
  // Component annotations and fields do not depend on the mode; only the service annotations do.
  const fields = options.autoscaling?._render(DeploymentMode.KNATIVE).fields;
  if (!fields) {
    return {};
  }
  return {
    scaleMetric: fields.scaleMetric as l1.InferenceServiceSpecPredictorScaleMetric | undefined,
    scaleTarget: fields.scaleTarget,
    autoScaling: fields.autoScaling && {
      metrics: fields.autoScaling.metrics.map(m => ({
        type: m.type as l1.InferenceServiceSpecPredictorAutoScalingMetricsType,
        resource: m.resource && {
          name: m.resource.name as l1.InferenceServiceSpecPredictorAutoScalingMetricsResourceName,
          target: {
            type: l1.InferenceServiceSpecPredictorAutoScalingMetricsResourceTargetType.UTILIZATION,
            averageUtilization: m.resource.target.averageUtilization,
          },
        },
        external: m.external && {
          metric: {
            backend: l1.InferenceServiceSpecPredictorAutoScalingMetricsExternalMetricBackend.PROMETHEUS,
            serverAddress: m.external.metric.serverAddress,
            query: m.external.metric.query,
            namespace: m.external.metric.namespace,
          },
          target: {
            type: l1.InferenceServiceSpecPredictorAutoScalingMetricsExternalTargetType.VALUE,
            value: l1.InferenceServiceSpecPredictorAutoScalingMetricsExternalTargetValue.fromString(String(m.external.target.value)),
          },
        },
      })),
    },
  };
}

/**
 * A toleration as Kubernetes writes it. Never throws: fractional seconds are rendered as they are and
 * reported by `validateTolerations` at synth.
 * @internal
 */
export function renderToleration(t: Toleration) {
  return {
    key: t.key,
    operator: t.exists ? 'Exists' : 'Equal',
    value: t.value,
    effect: t.effect,
    tolerationSeconds: t.tolerationSeconds?.toSeconds({ integral: false }),
  };
}

/** The logger, with its mode mapped onto the generated enum of the component's path. */
function renderLogger<M>(options: ComponentOptions, modes: Record<'ALL' | 'REQUEST' | 'RESPONSE', M>) {
  const logger = options.logger;
  if (!logger) {
    return undefined;
  }
  const mode = logger.mode ?? LoggerMode.ALL;
  return { mode: modes[mode.toUpperCase() as 'ALL' | 'REQUEST' | 'RESPONSE'], url: logger.url };
}

function renderEnv(
  options: ComponentOptions,
  extra: Record<string, string | undefined> = {},
): l1.InferenceServiceSpecPredictorModelEnv[] | undefined {
  const env: l1.InferenceServiceSpecPredictorModelEnv[] = [
    ...Object.entries(extra).filter(([, value]) => value !== undefined).map(([name, value]) => ({ name, value })),
    ...Object.entries(options.env ?? {}).map(([name, value]) => ({ name, value: value.value, valueFrom: value.valueFrom })),
  ];
  return env.length > 0 ? env : undefined;
}

function renderContainer<L, R>(
  options: ComponentOptions,
  container: CustomContainer,
  limitType: { fromString(value: string): L },
  requestType: { fromString(value: string): R },
) {
  return {
    name: KSERVE_CONTAINER_NAME,
    image: container.image,
    command: container.command,
    args: options.args,
    ports: container.port !== undefined ? [{ name: CUSTOM_CONTAINER_PORT_NAME, containerPort: container.port, protocol: 'TCP' }] : undefined,
    env: renderEnv(options, { PROTOCOL: container.protocolVersion?.value, STORAGE_URI: container.storageUri?.uri }),
    resources: renderResources(options.resources, limitType, requestType),
  };
}


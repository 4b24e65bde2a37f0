import { ApiObject, App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Component, ComponentType, CustomComponentOptions, PredictorOptions } from './component';
import { CUSTOM_CONTAINER_PORT_NAME } from './custom-container';
import { DEPLOYMENT_MODE_ANNOTATION, DeploymentMode } from './deployment-mode';
import { KServeDefaults } from './kserve-defaults';
import { KServeVersion } from './kserve-version';
import { Model } from './model';
import { ModelStorageSecret } from './model-storage-secret';
import { KnativeMetrics } from './monitoring/knative-metrics';
import { emitWithLazySpec } from './private/emit';
import { isvc } from './private/l1-runtime.generated';
import { managedAnnotationErrors, METRIC_AGGREGATION_ANNOTATION, PROMETHEUS_SCRAPING_ANNOTATION } from './private/managed-annotations';
import { inferenceServiceCacheErrors } from './private/model-cache';
import { ModelSource } from './private/modelcars';
import { GivenValue, kservePodLabels, podLabelErrors } from './private/overwritten-input';
import { referenceNamespaceErrors } from './private/references';
import { AppRegistry } from './private/registry';
import { needsRelease } from './private/releases';
import { forgetRender } from './private/render-check';
import { servedModelName, servedProtocol } from './private/served-model';
import {
  addValidationOnce, checkField, derivedNameErrors, ISVC_NAME, namespaceErrors, namespaceOf, validateAnnotations, validateLabels,
} from './private/validation';
import { ProtocolVersion } from './protocol-version';
import { namedRuntimeErrors } from './runtimes/runtime-selection';
import { ServingRuntimeBase } from './runtimes/serving-runtime-base';
import type * as l1 from '../imports/kserve-inferenceservice-serving.kserve.io';
import { checkProps, guardMethods, registerStandIn, wasLeftOut } from './private/shape';
import { shown } from './private/shown';
import { StorageUri } from './storage-uri';

export { METRIC_AGGREGATION_ANNOTATION, PROMETHEUS_SCRAPING_ANNOTATION } from './private/managed-annotations';


/**
 * Props of an InferenceService.
 * @category Serving
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
   * @default - the scope's KServeDefaults or `cdk8s-kserve:version` context (chart, then app), else KServeVersion.DEFAULT (v0.20)
   */
  readonly version?: KServeVersion;

  /**
   * How KServe runs the service. Always written as an annotation in the target version's spelling,
   * so the service does not depend on the cluster's default mode (on a cluster of the target release:
   * v0.13 ignores the v0.20 spelling). KServe v0.20 rejects changing it on an existing service; see
   * `DeploymentMode`.
   * @default - the scope's KServeDefaults or `cdk8s-kserve:deploymentMode` context (chart, then app), else DeploymentMode.KNATIVE
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
   * Labels on the InferenceService (KServe copies them to its pods, where its own `serving.kserve.io/inferenceservice`,
   * `component` and, in Standard mode, `app` labels win: another value for one of them is an error).
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

/**
 * Prometheus-related switches on an InferenceService.
 * @category Serving
 */
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

  /**
   * Knative mode: what the cluster's Knative queue-proxy exports on port `http-usermetric` (9091), which
   * depends on its Knative Serving version and `config-observability`. Queue-proxy monitors and the
   * error-ratio alert follow it, and synth fails when they would scrape nothing. Nothing is written to the
   * InferenceService.
   * @default KnativeMetrics.defaultFor(version): the Knative of the release's quick install with its default
   * configuration (v0.13: OpenCensus names, served; v0.20: Knative 1.21 OpenTelemetry names, protocol `none`,
   * so nothing is served until `request-metrics-protocol: prometheus` is set)
   */
  readonly knative?: KnativeMetrics;
}


/**
 * Pod label KServe puts on every pod of an InferenceService (`constants.InferenceServicePodLabelKey`).
 * @category Serving
 */
export const INFERENCE_SERVICE_LABEL = 'serving.kserve.io/inferenceservice';
/**
 * Pod label naming the component (`constants.KServiceComponentLabel`).
 * @category Serving
 */
export const COMPONENT_LABEL = 'component';

/**
 * What reshapes an InferenceService's spec at synth, such as a `CanaryRollout`: at most one per service. The
 * service renders its components, then hands the spec to the overlay; the overlay owns what it adds.
 * @internal
 */
export interface SpecOverlay {
  /** The overlay's construct path, named when a second one is attached. */
  readonly path: string;
  /** Annotations the overlay needs on the InferenceService. */
  readonly annotations: Record<string, string>;
  /** The predictor's name once the overlay applies, when it renames the predictor; else undefined. */
  readonly predictorName: string | undefined;
  /** The spec with the overlay applied. */
  apply(spec: l1.InferenceServiceSpec): l1.InferenceServiceSpec;
}

/** Checks other constructs (the install's runtime check) run on every InferenceService of an app, reported on the service. */
const SERVICE_CHECKS = new AppRegistry<(service: InferenceService) => string[]>();

/**
 * A KServe InferenceService (`serving.kserve.io/v1beta1`): a predictor, optionally with a
 * transformer and an explainer.
 *
 * Validation mirrors KServe's admission webhook for the target version
 * (`pkg/apis/serving/v1beta1/inference_service_validation.go` and `component.go`) and adds the
 * checks that otherwise fail late (derived name lengths) or silently (scale to zero outside
 * Knative). All problems are reported together at synth, each with the construct path and field.
 *
 * Escape hatch: `apiObject` (also `ApiObject.of(service)`) is the InferenceService object. JSON patches
 * (`service.apiObject.addJsonPatch(JsonPatch.add('/spec/predictor/...', ...))`) apply last and reach the YAML
 * unchanged; the library's checks still run on the props.
 *
 * @example
 * const iris = new InferenceService(chart, 'sklearn-iris', {
 *   predictor: {
 *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
 *     resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.units(1) } },
 *   },
 * });
 * @category Serving
 */
export class InferenceService extends Construct {
  /**
   * Adds a check that runs on every InferenceService of `scope`'s app at synth, reported on the service
   * (used by KServeInstall to check that each service finds a runtime).
   * @internal
   */
  public static _addAppCheck(scope: IConstruct, check: (service: InferenceService) => string[]): void {
    SERVICE_CHECKS.add(scope, check);
  }

  /** The InferenceService name. */
  public readonly name: string;
  /**
   * The namespace, or `default` when neither the props nor the chart set one (the service then lands in
   * the namespace `kubectl apply` targets; monitors, alert rules and runbooks refuse such a service).
   */
  public readonly namespace: string;
  /** The KServe version targeted. */
  public readonly version: KServeVersion;
  /** The deployment mode. */
  public readonly deploymentMode: DeploymentMode;
  /** Escape hatch: the InferenceService object (`apiObject.addJsonPatch(...)`); patches reach the YAML as written. */
  public readonly apiObject: ApiObject;

  private readonly props: InferenceServiceProps;
  private readonly byType: Map<ComponentType, Component>;
  private overlay?: SpecOverlay;

  constructor(scope: Construct, id: string, props: InferenceServiceProps) {
    super(scope, id);
    props = checkProps(this, 'InferenceService', props);
    this.props = props;
    this.name = props.name ?? id;
    this.namespace = namespaceOf(this, props.namespace);
    this.version = props.version ?? KServeDefaults._of(this).version;
    this.deploymentMode = props.deploymentMode ?? KServeDefaults._of(this).deploymentMode;
    const loggers = { predictor: props.predictor?.logger, transformer: props.transformer?.logger, explainer: props.explainer?.logger };
    const context = { mode: this.deploymentMode, version: this.version, namespace: this.namespace, serviceAnnotations: props.annotations, loggers };
    const given: Array<[ComponentType, PredictorOptions | CustomComponentOptions | undefined]> = [
      [ComponentType.PREDICTOR, props.predictor], [ComponentType.TRANSFORMER, props.transformer], [ComponentType.EXPLAINER, props.explainer],
    ];
    this.byType = new Map(given.filter(([, options]) => options !== undefined)
      .map(([type, options]) => [type, new Component(type, options!, context)]));

    this.apiObject = emitWithLazySpec(this, 'Resource', isvc.InferenceService, isvc.toJson_InferenceServiceProps, isvc.toJson_InferenceServiceSpec, {
      metadata: {
        name: this.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: {
          ...props.annotations,
          ...Object.assign({}, ...[...this.byType.values()].map(c => c.scaling?.serviceAnnotations ?? {})),
          ...(props.metrics?.aggregation ? { [METRIC_AGGREGATION_ANNOTATION]: 'true' } : {}),
          ...(props.metrics?.prometheusScraping ? { [PROMETHEUS_SCRAPING_ANNOTATION]: 'true' } : {}),
          [DEPLOYMENT_MODE_ANNOTATION]: this.deploymentMode.annotationValue(this.version),
        },
      },
    // Rendered at synth: a CanaryRollout added later still reshapes it.
    }, () => this.renderSpec());

    addValidationOnce(this, () => this.validate());
  }

  /**
   * Hands the spec to `overlay` at synth (a CanaryRollout); a service takes one. When it has one already, that one
   * stays and is returned, and the caller reports the conflict at synth; else returns undefined.
   * @internal
   */
  public _useOverlay(overlay: SpecOverlay): SpecOverlay | undefined {
    if (this.overlay) return this.overlay;
    this.overlay = overlay;
    forgetRender(this.apiObject);
    for (const [key, value] of Object.entries(overlay.annotations)) this.apiObject.metadata.addAnnotation(key, value);
    return undefined;
  }

  /**
   * The error for `consumer` (a monitor, alert rule or runbook, which must name the service's namespace) when neither
   * the props nor the chart set one: the service is written without a namespace and lands in the one `kubectl apply`
   * targets, which synth cannot know, so `namespace` (`default`) could be wrong. Empty when the namespace is known.
   * @internal
   */
  public _unknownNamespaceErrors(consumer: string): string[] {
    return (this.props.namespace ?? Chart.of(this).namespace) !== undefined ? []
      : [`${consumer} must name the namespace of InferenceService '${this.node.path}', which has none (neither its props nor its chart `
        + "set one, so it lands in the namespace kubectl applies to); set 'namespace' on the service or its chart"];
  }

  /**
   * Where the user gave annotation `key` to `component`'s pods, with the values given: the service's `annotations`,
   * then the component's (which KServe prefers, `buildObjectMeta` in components/predictor.go at both tags).
   * @internal
   */
  public _givenAnnotation(key: string, component: ComponentType): GivenValue[] {
    const given: GivenValue[] = [];
    const service = this.props.annotations?.[key];
    if (service !== undefined) given.push({ field: 'metadata.annotations', value: service });
    const own = this.byType.get(component)?.options.annotations?.[key];
    if (own !== undefined) given.push({ field: `spec.${component}.annotations`, value: own });
    return given;
  }

  /** What the queue-proxy exports (`metrics.knative`, or the release's default). */
  public get knativeMetrics(): KnativeMetrics {
    return this.props.metrics?.knative ?? KnativeMetrics.defaultFor(this.version);
  }

  /** Whether KServe's qpext metric aggregation (port `aggr-metric`) is on. */
  public get metricsAggregation(): boolean {
    return this.props.metrics?.aggregation === true;
  }

  /** Whether a component runs KServe's agent sidecar (logger or batcher), which fronts its Service in Standard mode. */
  public hasPayloadAgent(component: ComponentType): boolean {
    const options = this.byType.get(component)?.options;
    return options?.logger !== undefined || options?.batcher !== undefined;
  }

  /**
   * The name of the port of the component's Service in Standard mode: the first declared container port's
   * name, else the component name (`reconcilers/service/service_reconciler.go`).
   */
  public servicePortName(component: ComponentType): string {
    return this.byType.get(component)?.options.container?.port !== undefined ? CUSTOM_CONTAINER_PORT_NAME : this.componentName(component);
  }

  /**
   * The predictor's storage credentials.
   * @default - none
   */
  public get storageCredentials(): ModelStorageSecret | undefined {
    return this.props.predictor.storageCredentials;
  }

  /** The predictor's fewest replicas as configured (directly or through its autoscaling policy). */
  public get predictorMinReplicas(): number | undefined {
    return this.byType.get(ComponentType.PREDICTOR)!.minReplicas;
  }

  /**
   * The predictor's options as given (a CanaryRollout checks what the candidate inherits).
   * @internal
   */
  public get _predictorOptions(): PredictorOptions {
    return this.props.predictor;
  }

  /**
   * A component's options as given (monitors read where its server serves metrics), or undefined without the component.
   * @internal
   */
  public _componentOptions(component: ComponentType): PredictorOptions | undefined {
    return this.byType.get(component)?.options;
  }

  /** The model the predictor serves, if it serves a `Model` rather than a custom container. */
  public get model(): Model | undefined {
    return this.props.predictor.model;
  }

  /**
   * Every model source of the service's components, with the field that gives it: the predictor model's `storageUri`,
   * a custom container's `storageUri` (KServe's single URI) and each `storageUris` entry.
   * @internal
   */
  public get _modelSources(): ModelSource[] {
    return [...this.byType].flatMap(([type, { options: o }]) => {
      const field = `spec.${type}`;
      const single: Array<[string, unknown]> = [['model.storageUri', o.model?.storageUri], ['container.storageUri', o.container?.storageUri]];
      const entries: Array<[string, unknown]> = (Array.isArray(o.storageUris) ? o.storageUris : []).map((m, i) => [`storageUris[${i}]`, m?.uri]);
      return [...single.map(s => [...s, false] as const), ...entries.map(e => [...e, true] as const)]
        .flatMap(([prop, uri, entry]) => (uri instanceof StorageUri ? [{ field: `${field}.${prop}`, uri, entry }] : []));
    });
  }

  /** The components this service has, predictor first. */
  public get components(): ComponentType[] {
    return [...this.byType.keys()];
  }

  /**
   * The protocol clients use: the predictor's (a transformer must speak the same). For a model without
   * `protocolVersion`, the one KServe settles on: a named `kserve-mlserver` or `kserve-tritonserver` gets v2,
   * another named runtime its first protocol, an auto-selected runtime v1 (`SetRuntimeDefaults`,
   * inference_service_defaults.go, and components/predictor.go, both tags).
   */
  public get protocolVersion(): ProtocolVersion {
    const model = this.props.predictor.model;
    if (model) return servedProtocol(this, this.namespace, this.version, model);
    return this.props.predictor.container?.protocolVersion ?? ProtocolVersion.V1;
  }

  /**
   * The HTTP path of a prediction (`/v1/models/<name>:predict` or `/v2/models/<name>/infer`), where `<name>` is the
   * model's `servedModelName`, else the InferenceService name for runtimes KServe gives it (its Python servers,
   * TF Serving, the Hugging Face server, MLServer). Undefined for gRPC and when the name is unknown: TorchServe and
   * Triton (ONNX, Triton, TensorRT, TensorFlow over v2) name the model from its files, and a custom container or
   * custom runtime names it itself.
   */
  public get predictPath(): string | undefined {
    const model = this.props.predictor.model;
    const name = model ? servedModelName(this, this.name, this.namespace, this.version, model).name : undefined;
    return name !== undefined ? this.protocolVersion.predictPath(name) : undefined;
  }

  /**
   * The name KServe gives a component's workload and Service (`<name>-predictor`); a named predictor runs
   * as `<name>-<predictor name>-predictor` (`PredictorServiceName`, v0.20).
   */
  public componentName(component: ComponentType): string {
    const predictorName = component === ComponentType.PREDICTOR ? this.overlay?.predictorName ?? this.props.predictor.name : undefined;
    return predictorName ? `${this.name}-${predictorName}-${component}` : `${this.name}-${component}`;
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

  private renderSpec(): l1.InferenceServiceSpec {
    const render = (type: ComponentType) => this.byType.get(type)?.render();
    const spec: l1.InferenceServiceSpec = {
      predictor: render(ComponentType.PREDICTOR)!,
      // The generated transformer and explainer types are the predictor's fields (ComponentExtensionSpec and the
      // PodSpec, component.go) under other names; a component renders no predictor-only field for them.
      transformer: render(ComponentType.TRANSFORMER) as l1.InferenceServiceSpecTransformer | undefined,
      explainer: render(ComponentType.EXPLAINER) as l1.InferenceServiceSpecExplainer | undefined,
    };
    return this.overlay ? this.overlay.apply(spec) : spec;
  }

  private validate(): string[] {
    const errors: string[] = [];
    const v = this.version;
    for (const check of SERVICE_CHECKS.all(this)) errors.push(...check(this));

    // Name format: IsvcNameFmt in inference_service_validation.go (both tags).
    if (!ISVC_NAME.test(this.name)) {
      errors.push(`metadata.name ${shown(this.name)} must consist of lower case alphanumeric characters or '-', start with a letter and end with an alphanumeric character (regex ${ISVC_NAME.source})`);
    }
    errors.push(...namespaceErrors(this.namespace, 'metadata.namespace'));
    // The webhook has no length limit, but KServe derives `<name>-<component>-<namespace>` hosts and, in
    // Knative mode, revisions `<name>-<component>-00001` (also a label value); over 63 characters reconcile fails late.
    // A rollout that renames the predictor checks the candidate's names itself.
    for (const component of this.components) {
      const predictorName = component === ComponentType.PREDICTOR ? this.props.predictor.name : undefined;
      const name = predictorName ? `${this.name}-${predictorName}-${component}` : `${this.name}-${component}`;
      const derived = [`${name}-${this.namespace}`, ...(this.deploymentMode.isKnative ? [`${name}-00001`] : [])];
      errors.push(...derivedNameErrors(this.name, derived,
        predictorName === undefined ? 'the name or the namespace' : `the name, the namespace or spec.predictor.name '${predictorName}'`));
    }

    const metrics = this.props.metrics;
    // Our own safety rule: the queue-proxy that serves port 9091 exists only in Knative mode.
    if ((metrics?.aggregation || metrics?.prometheusScraping) && !this.deploymentMode.isKnative) {
      errors.push(`metrics: aggregation and prometheusScraping work only in Knative mode; in '${this.deploymentMode.annotationValue(v)}' mode `
        + 'there is no queue-proxy, and KServe would point prometheus.io/port at 9091 where nothing listens. Use a ServiceMonitor');
    }
    // Our own rule: monitors and alerts read metrics.knative only in Knative mode (scrape-target.ts,
    // inference-service-alerts.ts), the only mode with a queue-proxy, so outside it the prop does nothing.
    if (metrics?.knative !== undefined && !this.deploymentMode.isKnative) {
      errors.push(`metrics.knative has no effect in '${this.deploymentMode.annotationValue(v)}' mode: it describes Knative's queue-proxy, `
        + 'which that mode does not run; remove it');
    }
    errors.push(...validateLabels(this.props.labels, 'metadata.labels'));
    errors.push(...validateAnnotations(this.props.annotations, 'metadata.annotations'));
    errors.push(...managedAnnotationErrors(this.props.annotations, 'metadata.annotations'));
    errors.push(...podLabelErrors(this.props.labels, this.components.map(type => ({
      component: type,
      labels: this.byType.get(type)!.options.labels,
      kserve: kservePodLabels(this.name, type, this.componentName(type), this.deploymentMode),
    }))));

    // Exactly one implementation per predictor (`predictor.go` GetImplementations, both tags).
    const predictor = this.props.predictor;
    // One given with a value of the wrong type was reported by the type check and counts as given.
    const given = (key: 'model' | 'container') => predictor[key] !== undefined || wasLeftOut(this, `predictor.${key}`);
    if (given('model') === given('container')) {
      errors.push(`spec.predictor: exactly one of 'model' or 'container' must be given (got ${given('model') ? 'both' : 'neither'})`);
    }
    if (predictor.model) {
      errors.push(...checkField('spec.predictor.model', () => predictor.model!._validate(v).map(e => `spec.predictor.model: ${e}`)));
    }
    // At synth every runtime of the app exists.
    errors.push(...namedRuntimeErrors(predictor.model, v, this.namespace, ServingRuntimeBase._inApp(this), 'spec.predictor.model.runtime'));
    // spec.predictor.name exists from v0.20, with the CRD pattern of PredictorSpec.Name (predictor.go).
    if (predictor.name !== undefined && !v._facts.predictorName) {
      errors.push(`spec.predictor.name ${needsRelease(r => r._facts.predictorName, v)}; remove it`);
    } else if (predictor.name !== undefined && !ISVC_NAME.test(predictor.name)) {
      errors.push(`spec.predictor.name ${shown(predictor.name)} must consist of lower case alphanumeric characters or '-', start with a letter `
        + `and end with an alphanumeric character (regex ${ISVC_NAME.source})`);
    }

    // The autoscaler class is one annotation for the whole service; KServe applies it to every component
    // (validateAutoScalingCompExtension), so all components must agree, including those without a policy.
    const classByComponent = [...this.byType.values()].map(c => [c.type, c.autoscalerClass] as const);
    if (new Set(classByComponent.map(([, cls]) => cls)).size > 1) {
      errors.push(`spec: the components ask for different autoscaler classes (${classByComponent.map(([c, cls]) => `${c}: ${cls}`).join(', ')}); `
        + 'KServe reads one class per InferenceService and applies it to every component: give each component a policy of the same class');
    }
    for (const component of this.byType.values()) errors.push(...component.validate());
    // The objects the pods use by name must be in their namespace (references.ts).
    for (const component of this.byType.values()) {
      errors.push(...referenceNamespaceErrors(this, component.options, this.namespace, `spec.${component.type}`));
    }
    errors.push(...inferenceServiceCacheErrors(this));
    return errors;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(InferenceService);
// A service in an app of its own, never synthesized: what a monitor or graph given no service builds against.
registerStandIn('InferenceService', () => new InferenceService(new Chart(new App(), 'stand-in', { namespace: 'stand-in' }), 'stand-in', {
  predictor: { model: Model.sklearn(StorageUri.parse('s3://stand-in/model')) },
}));

import { Duration } from 'cdk8s';
import { IServiceAccount } from 'cdk8s-plus-28';
import { AUTOSCALER_CLASS_ANNOTATION, Autoscaling, KNATIVE_CLASS_ANNOTATION, ScalingBinding } from './autoscaling';
import { CUSTOM_CONTAINER_PORT_NAME, CustomContainer, KNATIVE_RESERVED_PORTS, KSERVE_CONTAINER_NAME } from './custom-container';
import { DeploymentMode } from './deployment-mode';
import { extendedResourceErrors, extendedResourceQuantities } from './extended-resource';
import { KServeVersion } from './kserve-version';
import { Model } from './model';
import { StorageProvider } from './model-storage-secret';
import { MultiNode } from './multi-node';
import { PodOptions } from './pod-options';
import { PodOs } from './pod-os';
import { containerMetricsAnnotations, containerMetricsErrors } from './private/container-metrics';
import { isvc } from './private/l1-runtime.generated';
import { MainContainerTarget, mainContainerErrors, renderMainContainer } from './private/main-container';
import { managedAnnotationErrors } from './private/managed-annotations';
import { modelStorageErrors, storageContainerNameErrors } from './private/model-storage';
import { multiNodeErrors, renderWorkerSpec } from './private/multi-node';
import { modeOnlyPropErrors, policyAnnotationErrors } from './private/overwritten-input';
import { podExtraErrors, PodExtrasContext, renderPodExtras } from './private/pod-extras';
import { mainContainerClaims, podFieldErrors, podPlacementErrors, renderPodFields } from './private/pod-fields';
import { needsRelease } from './private/releases';
import { renderResources, validateResources, withClaims } from './private/resources';
import { shown } from './private/shown';
import { renderStorageUris, storageUriErrors, storageUriList, storageUriModelPaths } from './private/storage-uris';
import type { Mutable } from './private/util';
import {
  describeValue, durationAmount, durationErrors, HTTP_URL, imageErrors, keyErrors, MAX_EXACT_INTEGER, replicaBoundsErrors,
  validateAnnotations, validateEnvName, validateLabels, wholeNumberErrors, wholeSecondsErrors,
} from './private/validation';
import { ServingPodOptions } from './serving-pod-options';
import { StorageMount } from './storage-mount';
import { renderTolerations } from './toleration';
import type * as l1 from '../imports/kserve-inferenceservice-serving.kserve.io';

/**
 * The parts of an InferenceService that KServe runs as separate workloads.
 * @category Serving
 */
export enum ComponentType {
  /** Serves the model. */
  PREDICTOR = 'predictor',
  /** Pre- and post-processes requests in front of the predictor. */
  TRANSFORMER = 'transformer',
  /** Explains predictions. */
  EXPLAINER = 'explainer',
}

/**
 * What the payload logger sends (`logger.mode`).
 * @category Serving
 */
export enum LoggerMode {
  /** Requests and responses. */
  ALL = 'all',
  /** Requests only. */
  REQUEST = 'request',
  /** Responses only. */
  RESPONSE = 'response',
}

/**
 * Where KServe v0.16+ writes the logged events as objects in a bucket (`logger.storage`) instead of sending them as
 * CloudEvents: the logger `url` is then the bucket (`s3://`, `gs://` or `abfs://`), and KServe's agent sidecar uploads
 * each batch under `<url path>/<namespace>/<service>/<component>/<path>`. KServe reads the storage of
 * `spec.predictor.logger` for every component's agent, so only the predictor's logger takes it.
 *
 * @example
 * new InferenceService(chart, 'sklearn-iris', {
 *   predictor: {
 *     model: Model.sklearn(StorageUri.parse('s3://models/sklearn/iris/v2')),
 *     logger: {
 *       url: 's3://inference-logs/iris',
 *       storage: {
 *         path: 'payloads', key: 'logs', parameters: { format: 'parquet' },
 *         serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'log-writer', 'inference-log-writer'),
 *       },
 *       batchSize: 100, batchInterval: Duration.seconds(30),
 *     },
 *   },
 * });
 * @category Serving
 */
export interface LoggerStorage {
  /**
   * The folder under the bucket URL (and the service's namespace/name/component) the objects are written to
   * (`storage.path`). KServe's webhook requires it, and the agent writes nothing without it.
   */
  readonly path: string;

  /**
   * The storage key (`storage.key`). KServe's webhook requires one; an empty one is defaulted to `credentials`. The
   * agents of v0.16 to v0.20 do not read it: the credentials are those of `serviceAccount`.
   */
  readonly key: string;

  /**
   * Storage parameters (`storage.parameters`). KServe reads one: `format`, the object format (`json`; from KServe v0.17
   * also `csv` or `parquet`). KServe's webhook requires the field, so it is written (`{}`) even when empty.
   * @default - none: JSON objects
   */
  readonly parameters?: Record<string, string>;

  /**
   * The ServiceAccount whose `secrets` hold the bucket credentials the agent uploads with (`storage.serviceAccountName`);
   * it must be in the service's namespace.
   * @default - KServe's `logger-sa`
   */
  readonly serviceAccount?: IServiceAccount;
}

/**
 * KServe's payload logger: copies requests and/or responses as CloudEvents to a URL, or (KServe v0.16+, predictor
 * only) as objects to a bucket (`storage`).
 *
 * @example
 * new InferenceService(chart, 'sklearn-iris', {
 *   predictor: {
 *     model: Model.sklearn(StorageUri.parse('s3://models/sklearn/iris/v2')),
 *     logger: {
 *       mode: LoggerMode.ALL,
 *       url: 'http://broker-ingress.knative-eventing.svc/ml/default',
 *       metadataHeaders: ['x-request-id'],
 *       metadataAnnotations: ['example.com/team'],
 *     },
 *   },
 * });
 * @category Serving
 */
export interface Logger {
  /**
   * What to log.
   * @default LoggerMode.ALL
   */
  readonly mode?: LoggerMode;

  /**
   * Where to send the events: an http(s) URL (a Knative broker, an HTTP collector), or with `storage` the bucket URL
   * (`s3://bucket[/prefix]`, `gs://bucket[/prefix]`, `abfs://...`). A transformer's or explainer's bucket URL is written
   * with the predictor's `storage` (KServe reads it only there), or the cluster's when the predictor has no logger.
   * @default - the `logger.defaultUrl` of the cluster's inferenceservice-config
   */
  readonly url?: string;

  /**
   * KServe v0.14+: the request headers copied into each logged event (`metadataHeaders`), by name.
   * @default - none
   */
  readonly metadataHeaders?: string[];

  /**
   * KServe v0.15+: the pod annotations copied into each logged event (`metadataAnnotations`), by key; KServe skips a
   * key the pod does not carry (with a warning in its log).
   * @default - none
   */
  readonly metadataAnnotations?: string[];

  /**
   * KServe v0.16+, predictor only: write the events as objects to the bucket of `url` instead of sending them; the
   * transformer's and explainer's agents use it too for a bucket `url` of their own.
   * @default - the events are sent to `url` as CloudEvents
   */
  readonly storage?: LoggerStorage;

  /**
   * KServe v0.17+, predictor with `storage` only: the HTTP service that turns a batch of events into the stored object
   * (`marshallerUrl`).
   * @default - the agent's own marshaller (`http://localhost:9083/marshal`), which writes `storage.parameters.format`
   */
  readonly marshallerUrl?: string;

  /**
   * KServe v0.17+, predictor with `storage` only: events per stored object (`batchSize`); 1 stores each at once.
   * @default - 1
   */
  readonly batchSize?: number;

  /**
   * KServe v0.17+, predictor with a `batchSize` above 1 only: the longest a partial batch waits before it is stored
   * (`batchInterval`, whole milliseconds).
   * @default - no time limit: a batch is stored when full
   */
  readonly batchInterval?: Duration;
}

/**
 * KServe's request batcher sidecar (`batcher`).
 * @category Serving
 */
export interface Batcher {
  /**
   * The largest batch sent to the model.
   * @default - the batcher's default (32)
   */
  readonly maxBatchSize?: number;

  /**
   * The longest a request waits for a batch to fill (whole milliseconds).
   * @default - the batcher's default (500 ms)
   */
  readonly maxLatency?: Duration;

  /**
   * Timeout of a batched call (whole seconds).
   * @default - the batcher's default
   */
  readonly timeout?: Duration;
}

/**
 * Options every InferenceService component (predictor, transformer, explainer) has: the pod and main-container pieces
 * of every serving pod (`ServingPodOptions`, with `MainContainerOptions`' probes, ports, securityContext, lifecycle...)
 * and the component's scaling, labels, logging and batching.
 * @category Serving
 */
export interface ComponentOptions extends ServingPodOptions, PodOptions {
  /**
   * KServe v0.16+: several model sources, each at its own path in the main container (`storageUris`), for example a
   * base model and its adapters. KServe downloads the non-PVC sources with its storage initializer into one volume at
   * the common parent of their mount paths (which must not be `/`), mounts each `pvc://` claim whole at its path, and
   * runs each `oci://` source as a modelcar. A predictor `model` then takes `ModelStorage.fromStorageUris()`; a custom
   * container has no `storageUri` (KServe accepts only one of the two). On Knative, KServe adds the storage
   * initializer as an init container, which needs Knative's `kubernetes.podspec-init-containers` feature. Volumes of
   * your own must not take the names KServe derives from the mount paths (`/mnt/models` gives `mnt-models`).
   * @default - none: the model's or container's single storage URI
   */
  readonly storageUris?: StorageMount[];

  /**
   * How the component scales (Knative concurrency / rps, HPA cpu / memory, KEDA, external, fixed).
   * Replica bounds then belong to the policy, not to `minReplicas` / `maxReplicas` here.
   * @default - KServe's default: Knative concurrency in Knative mode, an HPA on cpu in Standard mode
   */
  readonly autoscaling?: Autoscaling;

  /**
   * The fewest replicas. `0` enables scale to zero, which only Knative mode supports.
   * @default - KServe's default (1)
   */
  readonly minReplicas?: number;

  /**
   * The most replicas. In Knative mode `0` or unset means no bound (the cluster's `max-scale-limit`); in Standard
   * mode KServe raises an unset or lower maximum to `minReplicas` (hpa_reconciler.go createHPA), a fixed count.
   * @default - Knative: no bound; Standard: `minReplicas`
   */
  readonly maxReplicas?: number;

  /**
   * The most requests one replica handles at once (`containerConcurrency`); 0 means unlimited. Knative mode only:
   * nothing reads it in Standard mode, so synth rejects it there.
   * @default - unlimited
   */
  readonly containerConcurrency?: number;

  /**
   * How long a request may take before it is cut off (whole seconds). In Standard mode only KServe v0.20 reads it
   * (for Gateway API routes); synth rejects it in v0.13's RawDeployment mode, which ignores it.
   * @default - KServe's default (60 seconds in Knative mode)
   */
  readonly timeout?: Duration;

  /**
   * Labels added to the component's pods. KServe writes `serving.kserve.io/inferenceservice`, `component` and, in
   * Standard mode, `app` itself, so another value for one of them is an error.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Annotations added to the component's pods. One the `autoscaling` policy writes must have the policy's value.
   * @default - none
   */
  readonly annotations?: Record<string, string>;

  /**
   * Payload logging.
   * @default - no logging
   */
  readonly logger?: Logger;

  /**
   * Request batching.
   * @default - no batching
   */
  readonly batcher?: Batcher;
}

/**
 * The predictor: the model (`model`) or your own server (`container`), exactly one of them.
 * @category Serving
 */
export interface PredictorOptions extends ComponentOptions {
  /**
   * The model to serve.
   * @default - none; then `container` is required
   */
  readonly model?: Model;

  /**
   * A custom serving container instead of a model on a KServe runtime.
   * @default - none; then `model` is required
   */
  readonly container?: CustomContainer;

  /**
   * KServe v0.20+: the ClusterStorageContainer that downloads the model (`spec.predictor.storageContainerName`),
   * instead of the one KServe matches by the URI's scheme. KServe fails the pod if it is missing, disabled, not an
   * init container or does not support the model's URI.
   * @default - KServe picks a ClusterStorageContainer by the storage URI, or its own storage initializer
   */
  readonly storageContainerName?: string;

  /**
   * KServe v0.20+: the predictor's name (`spec.predictor.name`); KServe then runs it as `<service>-<name>-predictor`.
   * After a Standard-mode promotion keep the candidate's name here (see the README's canary section).
   * @default - no name: KServe runs the predictor as `<service>-predictor`
   */
  readonly name?: string;

  /**
   * KServe v0.20+, Standard mode: serve the model across several nodes (`workerSpec`): the predictor pod is the
   * head, KServe adds worker pods from the runtime's worker container. Needs `autoscaling: Autoscaling.fixed(n)`
   * and a `pvc://` or `oci://` model; see `MultiNode` for KServe's rules.
   * @default - single-node serving
   */
  readonly multiNode?: MultiNode;
}

/**
 * A transformer or explainer: your own container in front of (or beside) the predictor.
 * @category Serving
 */
export interface CustomComponentOptions extends ComponentOptions {
  /** The container to run. */
  readonly container: CustomContainer;
}

/**
 * Where a component renders and is checked: its service's mode, version and namespace.
 * @internal
 */
export interface ComponentContext {
  readonly mode: DeploymentMode;
  readonly version: KServeVersion;
  readonly namespace: string;
  /** The InferenceService's own annotations (multi-node reads its GPU type list there). */
  readonly serviceAnnotations?: Record<string, string>;
  /**
   * The service's loggers by component: KServe's agent takes every component's logger storage from the predictor's
   * logger (see loggerErrors).
   */
  readonly loggers?: Partial<Record<ComponentType, Logger>>;
}

/**
 * One component of an InferenceService, bound to its service's context: it renders its spec and checks its
 * options (KServe's `ComponentExtensionSpec` plus the pod and container fields it embeds). The autoscaling
 * policy is bound once, for the real mode, version and field.
 * @internal
 */
export class Component {
  /** The policy bound to this component (fields, annotations, errors), if the component has a policy. */
  public readonly scaling?: ScalingBinding;

  constructor(
    public readonly type: ComponentType,
    // A transformer's or explainer's options are predictor options without model and name.
    public readonly options: PredictorOptions,
    private readonly context: ComponentContext,
  ) {
    this.scaling = options.autoscaling?._bind({ mode: context.mode, version: context.version, field: `spec.${type}.autoscaling` });
  }

  /** The autoscaler class the component runs under: its policy's, or the mode's default. */
  public get autoscalerClass(): string {
    const annotations = this.scaling?.serviceAnnotations ?? {};
    return this.context.mode.isKnative
      ? annotations[KNATIVE_CLASS_ANNOTATION] ?? 'kpa.autoscaling.knative.dev'
      : annotations[AUTOSCALER_CLASS_ANNOTATION] ?? 'hpa';
  }

  /** The fewest replicas as configured, directly or through the policy. */
  public get minReplicas(): number | undefined {
    return this.options.minReplicas ?? this.options.autoscaling?.minReplicas;
  }

  /** The component's spec, typed with the predictor's generated types (the three paths share them, component.go). */
  public render(): l1.InferenceServiceSpecPredictor {
    const o = this.options;
    const scaling = this.scaling;
    const annotations = { ...o.annotations, ...scaling?.componentAnnotations, ...containerMetricsAnnotations(o.container) };
    const fields = scaling?.fields;
    // Filled in place below: the spec has some 50 keys, and each copy of it costs at scale (issue #19).
    const spec: Mutable<l1.InferenceServiceSpecPredictor> = {
      name: o.name,
      storageContainerName: o.storageContainerName,
      storageUris: renderStorageUris(o.storageUris),
      serviceAccountName: (o.serviceAccount ?? o.storageCredentials?.serviceAccount)?.name,
      minReplicas: o.minReplicas ?? fields?.minReplicas,
      maxReplicas: o.maxReplicas ?? fields?.maxReplicas,
      containerConcurrency: o.containerConcurrency ?? fields?.containerConcurrency,
      timeout: durationAmount(o.timeout),
      nodeSelector: o.nodeSelector,
      imagePullSecrets: o.imagePullSecrets?.map(secret => ({ name: secret?.name })),
      priorityClassName: o.priorityClassName,
      runtimeClassName: o.runtimeClassName,
      terminationGracePeriodSeconds: durationAmount(o.terminationGracePeriod),
      tolerations: renderTolerations(o.tolerations),
      affinity: o.affinity,
      labels: o.labels,
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      batcher: o.batcher && {
        maxBatchSize: o.batcher.maxBatchSize,
        maxLatency: durationAmount(o.batcher.maxLatency, 'milliseconds'),
        timeout: durationAmount(o.batcher.timeout),
      },
      scaleMetric: fields?.scaleMetric,
      scaleTarget: fields?.scaleTarget,
      autoScaling: fields?.autoScaling,
      logger: renderLogger(o.logger),
      ...renderPodFields(o),
      workerSpec: this.type === ComponentType.PREDICTOR ? renderWorkerSpec(o.multiNode) : undefined,
    };
    const pod = renderPodExtras(o, this.podContext);
    spec.initContainers = pod.initContainers;
    spec.volumes = pod.volumes;
    if (o.container) {
      spec.containers = [{ ...this.renderContainer(o.container), volumeMounts: pod.mainMounts }, ...pod.containers];
      return spec;
    }
    const model = o.model;
    spec.containers = pod.containers.length > 0 ? pod.containers : undefined;
    spec.model = model && {
      ...model._render(),
      storage: model.storage._render(o.storageCredentials?.storageKey),
      ...renderMainContainer(o, this.mainContainerTarget),
      args: o.args,
      env: this.renderEnv(),
      volumeMounts: pod.mainMounts,
      resources: withClaims(renderResources(o.resources,
        isvc.InferenceServiceSpecPredictorModelResourcesLimits, isvc.InferenceServiceSpecPredictorModelResourcesRequests,
        extendedResourceQuantities(o.extendedResources)), mainContainerClaims(o)),
    };
    return spec;
  }

  /** Problems with the component's options, each naming its field under `spec.<component>`. */
  public validate(): string[] {
    const o = this.options;
    const { mode, version } = this.context;
    const field = `spec.${this.type}`;
    const errors: string[] = [];
    // ComponentExtensionSpec.Validate (component.go, both tags); containerConcurrency and timeout are int64 in the CRD.
    errors.push(...wholeNumberErrors(o.containerConcurrency, `${field}.containerConcurrency`, 0, MAX_EXACT_INTEGER));
    errors.push(...replicaBoundsErrors(o.minReplicas, o.maxReplicas, field));
    errors.push(...this.scaling?.errors ?? []);
    const autoscaling = o.autoscaling;
    if (autoscaling) {
      for (const prop of ['minReplicas', 'maxReplicas', 'containerConcurrency'] as const) {
        if (o[prop] !== undefined) {
          errors.push(`${field}.${prop} and ${field}.autoscaling are both set; `
            + (autoscaling.policy === 'external' ? `remove ${prop}: an external autoscaler sets the replicas` : `give ${prop} in the Autoscaling policy`));
        }
      }
    }
    // Outside Knative KServe silently raises minReplicas 0 to 1 (kserve#3514): make it an error.
    if (o.minReplicas === 0 && !mode.isKnative) {
      errors.push(`${field}.minReplicas is 0 but scale to zero needs Knative; deployment mode '${mode.annotationValue(version)}' `
        + 'would silently run 1 replica. Use DeploymentMode.KNATIVE or minReplicas >= 1');
    }
    errors.push(...wholeSecondsErrors(o.timeout, `${field}.timeout`));
    errors.push(...validateResources(o.resources, `${field}.resources`));
    errors.push(...extendedResourceErrors(o.extendedResources, `${field}.extendedResources`));
    errors.push(...this.credentialErrors(field));
    errors.push(...modelStorageErrors(o.model, o.storageCredentials, field));
    errors.push(...storageUriErrors(o.storageUris, {
      version,
      storageUri: o.model?.storageUri ?? o.container?.storageUri,
      modelStoragePath: o.model?.storage.path !== undefined,
      modelFromStorageUris: o.model?.storage.inStorageUris ?? false,
    }, `${field}.storageUris`));
    errors.push(...storageContainerNameErrors(o.storageContainerName, this.downloadsModel, version, field));
    for (const name of Object.keys(o.env ?? {})) {
      errors.push(...validateEnvName(name, `${field}.env`));
      // Blocked for security (pkg/validation/env_policy.go, v0.20).
      if (version._facts.blockedEnv.includes(name)) {
        errors.push(`${field}.env: setting ${name} is not allowed by KServe ${version.name} (security policy)`);
      }
    }
    errors.push(...validateLabels(o.labels, `${field}.labels`));
    errors.push(...validateAnnotations(o.annotations, `${field}.annotations`));
    errors.push(...managedAnnotationErrors(o.annotations, `${field}.annotations`));
    errors.push(...policyAnnotationErrors(this.scaling?.componentAnnotations, o.annotations, this.context.serviceAnnotations, field));
    errors.push(...modeOnlyPropErrors(o, mode, version, field));
    errors.push(...podPlacementErrors(o, field));
    errors.push(...loggerErrors(o.logger, this.type, version, `${field}.logger`, this.context.loggers ?? {}));
    if (o.batcher) {
      // The agent exits on a batch size or latency that is not a whole number above zero (startBatcher, cmd/agent/main.go
      // at v0.20.0); the three fields are Go ints in the CRD (Batcher, inference_service.go).
      errors.push(...wholeNumberErrors(o.batcher.maxBatchSize, `${field}.batcher.maxBatchSize`, 1, MAX_EXACT_INTEGER));
      errors.push(...durationErrors(o.batcher.maxLatency, `${field}.batcher.maxLatency`, { unit: 'milliseconds' }));
      errors.push(...wholeSecondsErrors(o.batcher.timeout, `${field}.batcher.timeout`));
    }
    if (o.container) errors.push(...this.containerErrors(o.container, `${field}.container`));
    errors.push(...containerMetricsErrors(o.container, o.annotations, this.context.serviceAnnotations, mode.isKnative, field));
    errors.push(...mainContainerErrors(o, this.mainContainerTarget, field));
    errors.push(...podExtraErrors(o, this.podContext, field));
    errors.push(...podFieldErrors(o, { mode, version, field, mainResources: o.resources, linuxContainers: this.linuxContainerProps }));
    if (this.type === ComponentType.PREDICTOR) {
      errors.push(...multiNodeErrors(o.multiNode, {
        mode,
        version,
        storageUri: o.model?.storageUri?.uri,
        customContainer: o.container !== undefined,
        autoscalerClass: this.autoscalerClass,
        env: o.env,
        extendedResources: o.extendedResources,
        serviceAnnotations: this.context.serviceAnnotations,
      }));
    }
    return errors;
  }

  /** The main container as its field rules see it: custom or model, its protocol, the mode and version. */
  private get mainContainerTarget(): MainContainerTarget {
    const { container, model } = this.options;
    const { mode, version } = this.context;
    return {
      container,
      protocol: container ? container.protocolVersion : model?.protocolVersion,
      mode,
      version,
      windows: this.options.os === PodOs.WINDOWS,
    };
  }

  /** The props set that make KServe add its (Linux) containers: a model's runtime, the storage initializer, the agent. */
  private get linuxContainerProps(): string[] {
    const o = this.options;
    return ([['model', o.model], ['container.storageUri', o.container?.storageUri], ['logger', o.logger], ['batcher', o.batcher]] as const)
      .filter(([, value]) => value !== undefined).map(([prop]) => prop);
  }

  /** What the volume and extra-container rules need to know about this component. */
  private get podContext(): PodExtrasContext {
    const o = this.options;
    return {
      component: this.type,
      knative: this.context.mode.isKnative,
      version: this.context.version,
      model: o.model !== undefined,
      mainPort: o.model !== undefined || o.container?.port !== undefined || (o.ports !== undefined && o.ports.length > 0),
      downloadsModel: this.downloadsModel,
      modelPaths: storageUriModelPaths(o.storageUris),
    };
  }

  /** KServe brings a model into the pod: the predictor's model, a custom container's storage URI, or `storageUris`. */
  private get downloadsModel(): boolean {
    const o = this.options;
    return o.model !== undefined || o.container?.storageUri !== undefined || o.storageUris !== undefined;
  }

  private credentialErrors(field: string): string[] {
    const o = this.options;
    const credentials = o.storageCredentials;
    if (!credentials) return [];
    const errors: string[] = [];
    // Our own safety rule: both set the one serviceAccountName, and the library must not pick one silently.
    if (o.serviceAccount && o.serviceAccount !== credentials.serviceAccount) {
      errors.push(`${field}: 'serviceAccount' and 'storageCredentials' both set the ServiceAccount; `
        + 'pass your ServiceAccount to the ModelStorageSecret (its serviceAccount prop) so it lists the Secret');
    }
    const uri = o.model?.storageUri ?? o.container?.storageUri;
    const { namespace, version } = this.context;
    // The storage initializer reads the same credentials for every storageUris source (CommonStorageInitialization,
    // storage_initializer_injector.go at v0.20.0): each must be one they open. One sentence per problem.
    const uris = o.storageUris !== undefined ? storageUriList(o.storageUris) : [uri];
    errors.push(...new Set((uris.length > 0 ? uris : [undefined])
      .flatMap(u => credentials._validateUse(u, namespace, version, `${field}.storageCredentials`))));
    if (o.storageUris !== undefined && credentials.provider === StorageProvider.STORAGE_CONFIG) {
      // The storage initializer reads a storage-config entry only with storage.key and storage.parameters
      // (storage_initializer_injector.go at v0.20.0); a model from storageUris has neither, so the entry is ignored.
      errors.push(`${field}.storageCredentials: KServe reads storage-config entries only for a model storage spec, not for storageUris; `
        + 'use credentials its ServiceAccount lists (ModelStorageSecret.s3(...), .gcs(...)...)');
    }
    if (credentials.provider === StorageProvider.STORAGE_CONFIG && !o.model) {
      errors.push(`${field}.storageCredentials: storage-config entries are referenced by 'model.storage.key'; only a predictor 'model' can use them`);
    }
    return errors;
  }

  private containerErrors(container: CustomContainer, field: string): string[] {
    const { mode, version } = this.context;
    const errors = imageErrors(container.image, `${field}.image`);
    // Port range: Kubernetes core validation (validateContainerPorts); reserved ports: Knative's k8s_validation.go.
    if (container.port !== undefined && !(Number.isInteger(container.port) && container.port > 0 && container.port < 65536)) {
      errors.push(`${field}.port (${describeValue(container.port)}) must be a port number between 1 and 65535`);
    } else if (container.port !== undefined && mode.isKnative && KNATIVE_RESERVED_PORTS.includes(container.port)) {
      errors.push(`${field}.port (${container.port}) is reserved by Knative (${KNATIVE_RESERVED_PORTS.join(', ')}); pick another port`);
    }
    // Custom predictors read PROTOCOL from the container env; only v1 and v2 are valid (predictor_custom.go).
    // Transformers and explainers accept any value (transformer_custom.go, explainer_custom.go validate nothing).
    if (this.type === ComponentType.PREDICTOR && container.protocolVersion?.isGrpc) {
      errors.push(`${field}.protocolVersion '${container.protocolVersion.value}' is not accepted for custom predictors; use ProtocolVersion.V1 or V2`);
    }
    errors.push(...(container.storageUri?._validate(version) ?? []).map(e => `${field}.${e}`));
    for (const [reserved, prop] of [['PROTOCOL', 'protocolVersion'], ['STORAGE_URI', 'storageUri']]) {
      if (this.options.env?.[reserved] !== undefined) {
        errors.push(`spec.${this.type}.env['${reserved}'] is set by the library; use container.${prop}`);
      }
    }
    return errors;
  }

  private renderEnv(extra: Record<string, string | undefined> = {}): l1.InferenceServiceSpecPredictorModelEnv[] | undefined {
    const env: l1.InferenceServiceSpecPredictorModelEnv[] = [
      ...Object.entries(extra).filter(([, value]) => value !== undefined).map(([name, value]) => ({ name, value })),
      ...Object.entries(this.options.env ?? {}).map(([name, value]) => ({ name, value: value.value, valueFrom: value.valueFrom })),
    ];
    return env.length > 0 ? env : undefined;
  }

  private renderContainer(container: CustomContainer): l1.InferenceServiceSpecPredictorContainers {
    const main = renderMainContainer(this.options, this.mainContainerTarget);
    return {
      name: KSERVE_CONTAINER_NAME,
      image: container.image,
      ...main,
      args: this.options.args,
      ports: main.ports ?? (container.port !== undefined ? [{ name: CUSTOM_CONTAINER_PORT_NAME, containerPort: container.port, protocol: 'TCP' }] : undefined),
      env: this.renderEnv({ PROTOCOL: container.protocolVersion?.value, STORAGE_URI: container.storageUri?.uri }),
      resources: withClaims(renderResources(this.options.resources,
        isvc.InferenceServiceSpecPredictorContainersResourcesLimits, isvc.InferenceServiceSpecPredictorContainersResourcesRequests,
        extendedResourceQuantities(this.options.extendedResources)), mainContainerClaims(this.options)),
    };
  }
}

const LOGGER_MODES: Record<LoggerMode, l1.InferenceServiceSpecPredictorLoggerMode> = {
  [LoggerMode.ALL]: isvc.InferenceServiceSpecPredictorLoggerMode.ALL,
  [LoggerMode.REQUEST]: isvc.InferenceServiceSpecPredictorLoggerMode.REQUEST,
  [LoggerMode.RESPONSE]: isvc.InferenceServiceSpecPredictorLoggerMode.RESPONSE,
};

/** `spec.<component>.logger` as the CRD has it; `storage.parameters` is always written (KServe's webhook requires it). */
function renderLogger(logger: Logger | undefined): l1.InferenceServiceSpecPredictorLogger | undefined {
  if (!logger) return undefined;
  const storage = logger.storage;
  return {
    mode: LOGGER_MODES[logger.mode ?? LoggerMode.ALL],
    url: logger.url,
    metadataHeaders: logger.metadataHeaders,
    metadataAnnotations: logger.metadataAnnotations,
    storage: storage && {
      path: storage.path,
      key: storage.key,
      parameters: { ...storage.parameters },
      serviceAccountName: storage.serviceAccount?.name,
    },
    marshallerUrl: logger.marshallerUrl,
    batchSize: logger.batchSize,
    batchInterval: goDurationString(logger.batchInterval),
  };
}

/** A Duration as Go's time.ParseDuration reads it: whole seconds as `30s`, else milliseconds (`1500ms`). */
function goDurationString(duration: Duration | undefined): string | undefined {
  const ms = durationAmount(duration, 'milliseconds');
  if (ms === undefined) return undefined;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The bucket URL schemes the agent stores logs to (S3Prefix, GCSPrefix, AzurePrefix in pkg/logger/store.go at v0.16.0). */
const BLOB_LOG_URL = /^(s3|gs|abfs):\/\/[^\s/]+(\/\S*)?$/i;
/** An HTTP header name: an RFC 7230 token (`tchar`), which also keeps out the ',' KServe joins the names with. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** The components whose logger url is a bucket (s3://, gs://, abfs://). */
function bucketLoggers(loggers: Partial<Record<ComponentType, Logger>>): ComponentType[] {
  return (Object.entries(loggers) as Array<[ComponentType, Logger | undefined]>)
    .filter(([, logger]) => typeof logger?.url === 'string' && BLOB_LOG_URL.test(logger.url)).map(([type]) => type);
}

/** The logger fields KServe reads from `spec.predictor.logger` alone (see `loggerErrors`). */
const PREDICTOR_ONLY_LOGGER_FIELDS = ['storage', 'marshallerUrl', 'batchSize', 'batchInterval'] as const;

/**
 * Problems with a component's `logger` on the target release; `field` is `spec.<component>.logger`.
 * The agent sidecar reads storage, marshaller and batching from `spec.predictor.logger` for every component's pod
 * (getLoggerConfigs, pkg/webhook/admission/pod/agent_injector.go at v0.16.0 and v0.20.0); mode, url and the metadata
 * lists come from each component's own logger (addLoggerAnnotations, pkg/controller/v1beta1/inferenceservice/components/component.go).
 */
function loggerErrors(logger: Logger | undefined, type: ComponentType, version: KServeVersion, field: string,
  loggers: Partial<Record<ComponentType, Logger>>): string[] {
  if (!logger) return [];
  const errors: string[] = [];
  const facts = version._facts;
  // Fields the target release's CRD lacks (LoggerSpec, pkg/apis/serving/v1beta1/inference_service.go at each tag).
  const gates: Array<[keyof Logger, (v: KServeVersion) => boolean]> = [
    ['metadataHeaders', v => v._facts.loggerMetadataHeaders],
    ['metadataAnnotations', v => v._facts.loggerMetadataAnnotations],
    ['storage', v => v._facts.loggerStorageFormats.length > 0],
    ['marshallerUrl', v => v._facts.loggerBatching],
    ['batchSize', v => v._facts.loggerBatching],
    ['batchInterval', v => v._facts.loggerBatching],
  ];
  const missing = gates.filter(([prop, has]) => logger[prop] !== undefined && !has(version));
  for (const [prop, has] of missing) {
    // The CRD of the target release has no such field (inference_service.go LoggerSpec at the tag).
    errors.push(`${field}.${prop} ${needsRelease(has, version)}`);
  }
  if (type !== ComponentType.PREDICTOR) {
    const lacking = new Set(missing.map(([prop]) => prop));
    for (const prop of PREDICTOR_ONLY_LOGGER_FIELDS.filter(p => logger[p] !== undefined && !lacking.has(p))) {
      // getLoggerConfigs (agent_injector.go at v0.20.0) reads these from spec.predictor.logger only: here they would be ignored.
      errors.push(`${field}.${prop}: KServe reads it only from spec.predictor.logger (for every component's agent); set it on the predictor's logger`);
    }
  }
  // The storage the rules below check: the predictor's, on a release that has it (else reported above).
  const storage = type === ComponentType.PREDICTOR && facts.loggerStorageFormats.length > 0 ? logger.storage : undefined;
  const url = logger.url;
  if (url !== undefined) {
    if (facts.loggerStorageFormats.length === 0 || !BLOB_LOG_URL.test(url)) {
      if (!HTTP_URL.test(url)) {
        // Our own rule: the agent posts CloudEvents to an http(s) URL, and from v0.16 stores to an s3/gs/abfs bucket
        // (GetStorageStrategy, pkg/logger/store.go); anything else fails in the agent, after deploy.
        errors.push(`${field}.url ${shown(url)} must be an http:// or https:// URL`
          + (facts.loggerStorageFormats.length > 0 ? ' (or, with logger.storage on the predictor, an s3://, gs:// or abfs:// bucket URL)' : ''));
      } else if (storage && !bucketLoggers(loggers).some(t => t !== ComponentType.PREDICTOR)) {
        // The agent sends to an http(s) URL as CloudEvents and never uses the store (GetStorageStrategy, pkg/logger/store.go);
        // a transformer or explainer logging to a bucket does use it (getLoggerConfigs, agent_injector.go).
        errors.push(`${field}.storage is ignored by KServe for the http(s) url ${shown(url)}; give the bucket as an s3://, gs:// or abfs:// url`);
      }
    } else if (type === ComponentType.PREDICTOR && !storage) {
      // The agent creates a store only for a storage path (startLogger, cmd/agent/main.go) and drops every batch
      // without one (StartDispatcher, pkg/logger/dispatcher.go at v0.20.0).
      errors.push(`${field}.url ${shown(url)} is a bucket: KServe writes to it only with logger.storage (path, key); add it or use an http(s) url`);
    } else if (type !== ComponentType.PREDICTOR && loggers.predictor !== undefined && loggers.predictor.storage === undefined) {
      // A set spec.predictor.logger replaces the cluster's logger storage with its own for every component's agent
      // (getLoggerConfigs, pkg/webhook/admission/pod/agent_injector.go at v0.16.0 and v0.20.0): without one, this
      // component's agent has no store and drops every batch (StartDispatcher, pkg/logger/dispatcher.go at v0.20.0).
      errors.push(`${field}.url ${shown(url)} is a bucket: KServe's agent takes the storage for it from spec.predictor.logger, `
        + 'which has none, so nothing would be written; add logger.storage (path, key) to the predictor\'s logger or use an http(s) url');
    }
  } else if (storage && !bucketLoggers(loggers).some(t => t !== ComponentType.PREDICTOR)) {
    // Our own rule: without a url the agent takes the cluster's logger.defaultUrl (agent_injector.go), usually an
    // http(s) broker, for which the storage is ignored (unless a transformer or explainer logs to a bucket with it);
    // the bucket must be given.
    errors.push(`${field}.url is missing: logger.storage needs the bucket as an s3://, gs:// or abfs:// url`);
  }
  if (storage) errors.push(...loggerStorageErrors(storage, facts.loggerStorageFormats, version, `${field}.storage`));
  for (const [i, header] of (logger.metadataHeaders ?? []).entries()) {
    if (!HEADER_NAME.test(header)) {
      // RFC 7230 header names; KServe joins the list with ',' into one pod annotation (addLoggerAnnotations, component.go).
      errors.push(`${field}.metadataHeaders[${i}] ${shown(header)} must be an HTTP header name (letters, digits and !#$%&'*+.^_\`|~-)`);
    }
  }
  for (const [i, key] of (logger.metadataAnnotations ?? []).entries()) {
    // Pod annotation keys (apimachinery IsQualifiedName, as for any annotation).
    errors.push(...keyErrors(key, `${field}.metadataAnnotations[${i}]`));
  }
  if (logger.marshallerUrl !== undefined && !HTTP_URL.test(logger.marshallerUrl)) {
    // The agent POSTs each batch to it (NewHTTPMarshaller, pkg/logger/marshaller_http.go at v0.20.0).
    errors.push(`${field}.marshallerUrl ${shown(logger.marshallerUrl)} must be an http:// or https:// URL`);
  }
  // batchSize is a Go int (LoggerSpec.BatchSize); the agent batches only above 1 (startLogger, cmd/agent/main.go).
  errors.push(...wholeNumberErrors(logger.batchSize, `${field}.batchSize`, 1, MAX_EXACT_INTEGER));
  // A Go duration string (flag.Duration `--log-batch-interval`, cmd/agent/main.go at v0.20.0): whole milliseconds here.
  errors.push(...durationErrors(logger.batchInterval, `${field}.batchInterval`, { unit: 'milliseconds' }));
  if (type === ComponentType.PREDICTOR && facts.loggerBatching) {
    for (const prop of ['marshallerUrl', 'batchSize', 'batchInterval'] as const) {
      if (logger[prop] !== undefined && !logger.storage) {
        // Marshaller and batches serve only the bucket store (startLogger, cmd/agent/main.go; StartDispatcher,
        // pkg/logger/dispatcher.go at v0.20.0): events sent as CloudEvents go one by one, so the field would be ignored.
        errors.push(`${field}.${prop} applies only to logs written to a bucket (logger.storage); add storage or remove ${prop}`);
      }
    }
    if (logger.batchInterval !== undefined && (logger.batchSize ?? 1) <= 1) {
      // The timed batch is used only with a batch size above 1 (startLogger, cmd/agent/main.go at v0.20.0).
      errors.push(`${field}.batchInterval applies only with a batchSize above 1 (got ${logger.batchSize ?? 'none'}); set batchSize or remove batchInterval`);
    }
  }
  return errors;
}

/** Problems with `logger.storage` on a release that has it (`formats` the ones its agent writes). */
function loggerStorageErrors(storage: LoggerStorage, formats: readonly string[], version: KServeVersion, field: string): string[] {
  const errors: string[] = [];
  if (storage.path.trim() === '') {
    // validateLogger (pkg/apis/serving/v1beta1/component.go) requires a path; the agent stores nothing for an empty one
    // (startLogger, cmd/agent/main.go).
    errors.push(`${field}.path must not be empty: the agent writes the logs only under a path`);
  }
  for (const [key, value] of Object.entries(storage.parameters ?? {})) {
    if (key !== 'format') {
      // Our own rule: KServe reads only `format` (LoggerFormatKey, agent_injector.go at v0.20.0); another key is ignored.
      errors.push(`${field}.parameters['${key}']: KServe ${version.name} reads only the 'format' parameter; remove it`);
    } else if (!formats.includes(value)) {
      // v0.16.0's agent exits on a format it lacks (getMarshaller, pkg/logger/store.go); v0.17+ writes JSON instead
      // (startLogger, cmd/agent/main.go): both are errors here.
      errors.push(`${field}.parameters['format'] ${shown(value)} is not a format KServe ${version.name} writes; use one of: ${formats.join(', ')}`);
    }
  }
  return errors;
}

import { Duration } from 'cdk8s';
import { ContainerResources, EnvValue, IServiceAccount, k8s } from 'cdk8s-plus-28';
import { Autoscaling } from './autoscaling';
import { CustomContainer } from './custom-container';
import { Model } from './model';
import { ModelStorageSecret } from './model-storage-secret';

/** The parts of an InferenceService that KServe runs as separate workloads. */
export enum ComponentType {
  /** Serves the model. */
  PREDICTOR = 'predictor',
  /** Pre- and post-processes requests in front of the predictor. */
  TRANSFORMER = 'transformer',
  /** Explains predictions. */
  EXPLAINER = 'explainer',
}

/** What the payload logger sends (`logger.mode`). */
export enum LoggerMode {
  /** Requests and responses. */
  ALL = 'all',
  /** Requests only. */
  REQUEST = 'request',
  /** Responses only. */
  RESPONSE = 'response',
}

/** KServe's payload logger: copies requests and/or responses as CloudEvents to a URL. */
export interface Logger {
  /**
   * What to log.
   * @default LoggerMode.ALL
   */
  readonly mode?: LoggerMode;

  /**
   * Where to send the events, e.g. a Knative broker or an HTTP collector.
   * @default - the `logger.defaultUrl` of the cluster's inferenceservice-config
   */
  readonly url?: string;
}

/** KServe's request batcher sidecar (`batcher`). */
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

/** Effect of a taint a toleration matches. */
export enum TaintEffect {
  /** Do not schedule new pods. */
  NO_SCHEDULE = 'NoSchedule',
  /** Avoid scheduling new pods. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Evict running pods. */
  NO_EXECUTE = 'NoExecute',
}

/** Lets the component's pods run on nodes with a matching taint. */
export interface Toleration {
  /**
   * The taint key.
   * @default - matches every key (only with `exists: true`)
   */
  readonly key?: string;

  /**
   * The taint value to match (operator `Equal`).
   * @default - none; required unless `exists` is true
   */
  readonly value?: string;

  /**
   * Match any value of the key (operator `Exists`).
   * @default false
   */
  readonly exists?: boolean;

  /**
   * The taint effect to match.
   * @default - all effects
   */
  readonly effect?: TaintEffect;

  /**
   * How long a `NoExecute` taint is tolerated before eviction.
   * @default - forever
   */
  readonly tolerationSeconds?: Duration;
}

/**
 * Options every InferenceService component (predictor, transformer, explainer) has.
 */
export interface ComponentOptions {
  /**
   * The ServiceAccount the component's pods run as. KServe's storage initializer reads model
   * storage credentials from the Secrets this ServiceAccount lists.
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccount?: IServiceAccount;

  /**
   * Credentials for the model storage. The component runs as their ServiceAccount, which lists the
   * Secret KServe's storage initializer reads. To use your own ServiceAccount, pass it to the
   * `ModelStorageSecret` (`serviceAccount`) rather than here.
   * @default - no credentials: public storage, or credentials of the `serviceAccount`
   */
  readonly storageCredentials?: ModelStorageSecret;

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
   * The most replicas. `0` means no upper bound set by KServe.
   * @default - no bound set
   */
  readonly maxReplicas?: number;

  /**
   * The most requests one replica handles at once (`containerConcurrency`); 0 means unlimited.
   * @default - unlimited
   */
  readonly containerConcurrency?: number;

  /**
   * How long a request may take before it is cut off (whole seconds).
   * @default - KServe's default (60 seconds in Knative mode)
   */
  readonly timeout?: Duration;

  /**
   * CPU, memory and ephemeral-storage requests and limits of the main container.
   * @default - the cluster's defaults (KServe v0.20 applies 1 CPU / 2Gi from its config)
   */
  readonly resources?: ContainerResources;

  /**
   * Environment variables of the main container.
   * @default - none
   */
  readonly env?: Record<string, EnvValue>;

  /**
   * Extra arguments of the main container.
   * @default - none
   */
  readonly args?: string[];

  /**
   * Node labels the pods must run on.
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;

  /**
   * Taints the pods tolerate.
   * @default - none
   */
  readonly tolerations?: Toleration[];

  /**
   * Node and pod (anti-)affinity of the pods.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;

  /**
   * Labels added to the component's pods.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Annotations added to the component's pods.
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
   * KServe v0.20+: the predictor's name (`spec.predictor.name`); KServe then runs it as
   * `<service>-<name>-predictor`. After a Standard-mode `CanaryPhase.promote()`, set it to the rollout's
   * `candidateName` when you remove the CanaryRollout: KServe rejects a name change that keeps the
   * storageUri (`validatePredictorNameChange`), so the promoted name has to stay.
   * @default - no name: KServe runs the predictor as `<service>-predictor`
   */
  readonly name?: string;
}

/**
 * A transformer or explainer: your own container in front of (or beside) the predictor.
 */
export interface CustomComponentOptions extends ComponentOptions {
  /** The container to run. */
  readonly container: CustomContainer;
}

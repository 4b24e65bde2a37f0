import { Construct } from 'constructs';
import { ComponentType } from './component';
import { KSERVE_CONTAINER_NAME } from './custom-container';
import { InferenceService, SpecOverlay } from './inference-service';
import { Model } from './model';
import { overwriteErrors } from './private/overwritten-input';
import { firstRelease, minorName } from './private/releases';
import { addValidationOnce, describeValue, ISVC_NAME, MAX_DNS_LABEL } from './private/validation';
import type * as l1 from '../imports/kserve-inferenceservice-serving.kserve.io';
import { checkConstructorArgs, checkProps, guardMethods } from './private/shape';
import { shown } from './private/shown';

/**
 * InferenceService annotation that tags the candidate revision `latest`, giving it its own URL. The previous
 * revision is tagged `prev` on every split, with or without it (knative/ksvc_reconciler.go at v0.13.1 and v0.20.0).
 * @category Rollout
 */
export const TAG_ROUTING_ANNOTATION = 'serving.kserve.io/enable-tag-routing';

enum PhaseKind {
  CANARY = 'canary',
  PROMOTE = 'promote',
  ROLLBACK = 'rollback',
}

/**
 * Where a rollout stands: a share of traffic on the candidate, promoted, or rolled back.
 *
 * @example
 * // Knative mode: the service's spec is the candidate (v3); the last rolled-out revision keeps 90% of the traffic.
 * const service = new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v3')) },
 * });
 * new CanaryRollout(chart, 'rollout', { service, phase: CanaryPhase.canary(10) });
 * @category Rollout
 */
export class CanaryPhase {
  /**
   * Send `trafficPercent` percent (0-100) to the candidate and the rest to the stable model.
   *
   * @example
   * // Standard mode (KServe v0.20): v2 stays stable and v3 runs beside it with a quarter of the replicas.
   * const service = new InferenceService(chart, 'sklearn-iris', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: { model: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v2')), minReplicas: 4, maxReplicas: 8 },
   * });
   * new CanaryRollout(chart, 'rollout', {
   *   service,
   *   candidate: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v3')),
   *   phase: CanaryPhase.canary(25),
   * });
   */
  public static canary(trafficPercent: number): CanaryPhase {
    return new CanaryPhase(PhaseKind.CANARY, trafficPercent);
  }

  /**
   * Send all traffic to the candidate: it becomes the stable model. In Standard mode the predictor takes
   * the candidate's name (`spec.predictor.name`); in the commit that removes the CanaryRollout, give the
   * predictor that `name` and the candidate's model, since KServe rejects a name change that keeps the
   * storageUri.
   *
   * @example
   * // Standard mode: the predictor becomes `canary` and serves v3.
   * const service = new InferenceService(chart, 'sklearn-iris', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: { model: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v2')), minReplicas: 2, maxReplicas: 8 },
   * });
   * new CanaryRollout(chart, 'rollout', {
   *   service,
   *   candidate: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v3')),
   *   phase: CanaryPhase.promote(),
   * });
   */
  public static promote(): CanaryPhase {
    return new CanaryPhase(PhaseKind.PROMOTE, 100);
  }

  /**
   * Send all traffic back to the stable model.
   *
   * @example
   * // Knative mode: the candidate revision (v3) gets no traffic; the last rolled-out revision serves everything.
   * const service = new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v3')) },
   * });
   * new CanaryRollout(chart, 'rollout', { service, phase: CanaryPhase.rollback() });
   */
  public static rollback(): CanaryPhase {
    return new CanaryPhase(PhaseKind.ROLLBACK, 0);
  }

  /** @internal */
  public static _invalid(errors: string[]): CanaryPhase {
    return new CanaryPhase(PhaseKind.ROLLBACK, 0, errors);
  }

  private constructor(
    private readonly kind: PhaseKind,
    /** The share of traffic, in percent, the candidate gets in this phase. */
    public readonly trafficPercent: number,
    /** @internal */
    public readonly _errors: string[] = [],
  ) {}

  /** Whether the candidate is being promoted. */
  public get isPromote(): boolean {
    return this.kind === PhaseKind.PROMOTE;
  }

  /** Whether the rollout is being rolled back. */
  public get isRollback(): boolean {
    return this.kind === PhaseKind.ROLLBACK;
  }

  /** `canary(10)`, `promote` or `rollback`. */
  public toString(): string {
    return this.kind === PhaseKind.CANARY ? `canary(${this.trafficPercent})` : this.kind;
  }

}

/**
 * A staged rollout, such as 10 → 50 → 100, that a pipeline advances one stage per commit.
 * A stage of 100 promotes the candidate.
 *
 * @example
 * const plan = new RolloutPlan([10, 50, 100]);
 * const service = new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v3')) },
 * });
 * // Stage 2 sends 50% to the candidate; a pipeline can pick the stage with plan.fromEnvironment('CANARY_STAGE').
 * new CanaryRollout(chart, 'rollout', { service, phase: plan.stage(2) });
 * @category Rollout
 */
export class RolloutPlan {
  /** The traffic percentages of the stages, in order. */
  public readonly stages: number[];

  /** @param stages traffic percentages, strictly increasing, each 1-100; 100 means promote */
  constructor(stages: number[]) {
    [stages] = checkConstructorArgs(this, 'RolloutPlan', [stages]) as [number[]];
    this.stages = [...stages];
  }

  /**
   * The phase of stage `stage` (1 = the first stage).
   */
  public stage(stage: number): CanaryPhase {
    return this.phaseOf(stage, 'phase');
  }

  /**
   * The phase named by an environment variable at synth: a stage number (`1`, `2`...), `promote`
   * or `rollback`. Lets a pipeline choose the stage without a code change.
   * @param variable the environment variable to read
   */
  public fromEnvironment(variable: string = 'CANARY_STAGE'): CanaryPhase {
    // The phase comes from the variable, so the errors say which one to fix.
    const field = `phase (from $${variable})`;
    const problems = this.problems();
    if (problems.length > 0) {
      return CanaryPhase._invalid(problems.map(p => `${field}: ${p}`));
    }
    const value = process.env[variable]?.trim();
    if (value === undefined || value === '') {
      return CanaryPhase._invalid([`${field}: the variable is not set; set it to a stage (1-${this.stages.length}), 'promote' or 'rollback'`]);
    }
    if (value === 'promote') return CanaryPhase.promote();
    if (value === 'rollback') return CanaryPhase.rollback();
    if (!/^\d+$/.test(value)) {
      return CanaryPhase._invalid([`${field}: '${value}' must be a stage number (1-${this.stages.length}), 'promote' or 'rollback'`]);
    }
    return this.phaseOf(Number(value), field);
  }

  /** The phase of a stage, or its errors, each naming `field` (the rollout's `phase`). */
  private phaseOf(stage: number, field: string): CanaryPhase {
    const problems = this.problems();
    if (problems.length > 0) {
      return CanaryPhase._invalid(problems.map(p => `${field}: ${p}`));
    }
    if (!Number.isInteger(stage) || stage < 1 || stage > this.stages.length) {
      return CanaryPhase._invalid([`${field}: stage ${describeValue(stage)} does not exist: the plan [${this.stages.join(', ')}] has stages 1 to ${this.stages.length}`]);
    }
    const percent = this.stages[stage - 1];
    return percent === 100 ? CanaryPhase.promote() : CanaryPhase.canary(percent);
  }

  // Our own rules: the plan is the library's concept (KServe sees only the traffic share of the current stage).
  private problems(): string[] {
    if (this.stages.length === 0) {
      return ['the rollout plan has no stages'];
    }
    const errors: string[] = [];
    this.stages.forEach((percent, i) => {
      if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
        errors.push(`plan stage ${i + 1} (${describeValue(percent)}) must be a whole percentage between 1 and 100`);
      } else if (i > 0 && percent <= this.stages[i - 1]) {
        errors.push(`plan stages must increase: stage ${i + 1} (${percent}) follows ${this.stages[i - 1]}`);
      }
    });
    return errors;
  }
}

/**
 * Props of a CanaryRollout.
 * @category Rollout
 */
export interface CanaryRolloutProps {
  /** The InferenceService being rolled out. */
  readonly service: InferenceService;

  /**
   * The share of traffic, 0-100, the candidate gets; shorthand for `phase: CanaryPhase.canary(n)`.
   * @default - none; then `phase` is required
   */
  readonly trafficPercent?: number;

  /**
   * Where the rollout stands (`CanaryPhase.canary(10)`, `promote()`, `rollback()`, or a stage of a
   * `RolloutPlan`).
   * @default - `CanaryPhase.canary(trafficPercent)`
   */
  readonly phase?: CanaryPhase;

  /**
   * Knative mode: the component being rolled out.
   * @default ComponentType.PREDICTOR
   */
  readonly component?: ComponentType;

  /**
   * Knative mode: tag the candidate revision `latest` so it gets its own URL (`latest-<host>`) and can be
   * tested directly (`serving.kserve.io/enable-tag-routing`). The previous revision needs no option: KServe tags
   * it `prev` (`prev-<host>`) on every split (knative/ksvc_reconciler.go at v0.13.1 and v0.20.0).
   * @default false
   */
  readonly tagRouting?: boolean;

  /**
   * Knative mode: the model currently rolled out, to check the candidate differs from it.
   * @default - not checked
   */
  readonly previousModel?: Model;

  /**
   * Standard mode (KServe v0.20+): the new model version. The InferenceService's own model stays the
   * stable one. The candidate runs with the stable predictor's other fields (resources, GPUs, pod fields): KServe
   * merges the canary entry over a copy of the stable predictor (`buildCanaryPredictor`, components/predictor.go at
   * v0.20.0), so the entry carries only the model; its Deployment gets Kubernetes' default rolling update.
   * @default - none; required in Standard mode
   */
  readonly candidate?: Model;

  /**
   * Standard mode: the candidate's name; KServe runs it as `<service>-<name>-predictor`. It must differ
   * from the predictor's own `name` (kept from an earlier promotion).
   * @default 'canary'
   */
  readonly candidateName?: string;

  /**
   * Standard mode: replicas of the candidate (at most the stable `minReplicas`).
   * @default - KServe's share of the stable replicas, `ceil(minReplicas * trafficPercent / 100)`
   */
  readonly candidateReplicas?: number;
}

/**
 * A canary rollout of an InferenceService, with KServe's semantics for its mode and version.
 *
 * Knative mode (`canaryTrafficPercent`, `reconcilers/knative/ksvc_reconciler.go`): the
 * InferenceService's spec describes the candidate; the share goes to the revision it creates and
 * the rest to the last rolled-out revision. Change the model and set the share in the same commit;
 * `promote()` removes the field, `rollback()` sets it to 0. The very first deployment has no previous
 * revision, so nothing is split.
 *
 * Standard mode, KServe v0.20 (`spec.canary[]`): the service's model stays stable and `candidate`
 * runs beside it as `<service>-<candidateName>-predictor`; `promote()` renames the predictor to the
 * candidate and swaps in its model, `rollback()` removes the candidate. In v0.20.0 the share sets the
 * replica split and status only: the ingress still routes to the stable Service, and the candidate
 * is reached through its own Service. KServe v0.13 has no canary outside Knative.
 *
 * After a Standard-mode promotion, the commit that removes the rollout keeps the name: the predictor
 * gets `name: candidateName` and the candidate's model. KServe rejects a change of `spec.predictor.name`
 * that keeps the storageUri (`validatePredictorNameChange`, v0.20.0), so dropping the name would fail;
 * the next rollout then needs a `candidateName` other than that name.
 *
 * Checks mirror `validateCanarySpecs` (`pkg/apis/serving/v1beta1/inference_service_validation.go`,
 * v0.20.0) and add the range check upstream lacks for `canaryTrafficPercent`.
 *
 * Escape hatch: the rollout writes into its service's object, so patch `service.apiObject`; patches apply after
 * the rollout's fields.
 *
 * @example
 * // Knative mode: roll v3 out to 10% of the traffic, with its own URL (latest-...) for direct tests.
 * const service = new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v3')) },
 * });
 * new CanaryRollout(chart, 'rollout', {
 *   service,
 *   trafficPercent: 10,
 *   tagRouting: true,
 *   previousModel: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v2')),
 * });
 * @category Rollout
 */
export class CanaryRollout extends Construct {
  /**
   * The rollout attached to `service`, if any.
   *
   * @example
   * const service = new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v3')) },
   * });
   * new CanaryRollout(chart, 'rollout', { service, trafficPercent: 20 });
   * // Elsewhere (a check, a dashboard): the share of traffic the candidate gets, 100 without a rollout.
   * const candidateShare = CanaryRollout.of(service)?.trafficPercent ?? 100;
   */
  public static of(service: InferenceService): CanaryRollout | undefined {
    return ROLLOUTS.get(service);
  }

  /** The InferenceService being rolled out. */
  public readonly service: InferenceService;
  /** The current phase. */
  public readonly phase: CanaryPhase;
  /** The component being rolled out. */
  public readonly component: ComponentType;
  /** Standard mode: the candidate's name. */
  public readonly candidateName: string;
  /**
   * Standard mode: the candidate model.
   * @default - none (Knative mode: the service's own spec is the candidate)
   */
  public readonly candidate?: Model;

  private readonly props: CanaryRolloutProps;
  /** The path of the rollout the service already had, which stays in charge; undefined when this one is. */
  private readonly firstRollout?: string;

  constructor(scope: Construct, id: string, props: CanaryRolloutProps) {
    super(scope, id);
    props = checkProps(this, 'CanaryRollout', props);
    this.props = props;
    this.service = props.service;
    this.phase = props.phase ?? CanaryPhase.canary(props.trafficPercent ?? Number.NaN);
    this.component = props.component ?? ComponentType.PREDICTOR;
    this.candidateName = props.candidateName ?? 'canary';
    this.candidate = props.candidate;
    this.firstRollout = props.service._useOverlay(new CanaryOverlay(this, props))?.path;
    if (this.firstRollout === undefined) ROLLOUTS.set(props.service, this);
    addValidationOnce(this, () => this.validate());
  }

  /** The share of traffic, in percent, the candidate gets. */
  public get trafficPercent(): number {
    return this.phase.trafficPercent;
  }

  /**
   * The candidate's Service in Standard mode (`<service>-<candidateName>-predictor`), where it can be
   * tested directly.
   */
  public get candidateServiceName(): string {
    return `${this.service.name}-${this.candidateName}-predictor`;
  }

  /**
   * The user's own tag-routing annotations against `tagRouting`. The rollout writes the annotation on the
   * InferenceService, and KServe reads it from the component's pod metadata, where the component's annotations win
   * over the service's (buildObjectMeta in components/predictor.go), as `value == "true"` (ksvc_reconciler.go, both tags).
   */
  private tagRoutingAnnotationErrors(): string[] {
    const given = this.service._givenAnnotation(TAG_ROUTING_ANNOTATION, this.component);
    if (this.props.tagRouting === true) {
      return [
        ...overwriteErrors(TAG_ROUTING_ANNOTATION, 'true', 'tagRouting', given.filter(g => g.field === 'metadata.annotations'),
          'the rollout writes it on the InferenceService'),
        ...overwriteErrors(TAG_ROUTING_ANNOTATION, 'true', 'tagRouting', given.filter(g => g.field !== 'metadata.annotations'),
          "on the InferenceService, and KServe prefers the component's annotations to the service's"),
      ];
    }
    const read = given[given.length - 1];
    return this.props.tagRouting === false && read?.value === 'true'
      ? [`tagRouting is false, but ${read.field}['${TAG_ROUTING_ANNOTATION}'] is 'true', which KServe reads: tag routing would be on; `
        + 'remove one of them']
      : [];
  }

  private validate(): string[] {
    const errors: string[] = [...this.phase._errors];
    const { service, props } = this;
    const mode = service.deploymentMode;
    const version = service.version;
    // Our own rule: one rollout owns the traffic fields, so a second one would silently overwrite the first.
    if (this.firstRollout !== undefined) {
      errors.push(`service: InferenceService '${service.node.path}' already has the CanaryRollout '${this.firstRollout}'; `
        + 'one rollout describes all its traffic: remove one of them');
    }
    // Our own rules on the library's props; the 0-100 range is the CRD's (canaryTrafficPercent, and spec.canary's
    // trafficPercent Minimum=0 Maximum=100 in inference_service.go v0.20.0).
    if (props.phase && props.trafficPercent !== undefined) {
      errors.push("give either 'trafficPercent' or 'phase', not both");
    }
    if (!props.phase && props.trafficPercent === undefined) {
      errors.push("give 'trafficPercent' (0-100) or a 'phase'");
    } else if (!(Number.isInteger(this.phase.trafficPercent) && this.phase.trafficPercent >= 0 && this.phase.trafficPercent <= 100)) {
      errors.push(`trafficPercent (${describeValue(this.phase.trafficPercent)}) must be a whole percentage between 0 and 100`);
    }
    if (!service.components.includes(this.component)) {
      errors.push(`component '${this.component}': the service '${service.name}' has no ${this.component}`);
    }
    const model = service.model;

    if (mode.isKnative) {
      // Our own safety rules: the candidate props render spec.canary, which only the Standard reconciler reads
      // (reconcileCanaryDeployments, components/predictor.go v0.20.0); an unchanged model rolls nothing out.
      if (props.candidate || props.candidateName || props.candidateReplicas !== undefined) {
        errors.push("'candidate', 'candidateName' and 'candidateReplicas' are for Standard mode; in Knative mode the InferenceService's "
          + 'own spec is the candidate: change its model and set the traffic share');
      }
      if (props.previousModel && model && sameModel(props.previousModel, model)) {
        errors.push(`the candidate model equals previousModel (${model.storage}): there is nothing to roll out`);
      }
      errors.push(...this.tagRoutingAnnotationErrors());
      if (props.tagRouting) {
        const host = `latest-${service.componentName(this.component)}-${service.namespace}`;
        // A host name label is at most 63 characters (RFC 1123, as Kubernetes validates it); kserve#1377.
        if (host.length > MAX_DNS_LABEL) {
          errors.push(`tagRouting: the tagged host '${host}' is ${host.length} characters, over the ${MAX_DNS_LABEL} DNS allows (kserve#1377); shorten the name`);
        }
      }
      return errors;
    }

    // Standard mode.
    // The cause is the service's version and mode, so the message names what to change there.
    if (!version._facts.standardCanary) {
      errors.push(`service: InferenceService '${service.node.path}' targets KServe ${version.name}, which has no canary rollout in `
        + `'${mode.annotationValue(version)}' mode (canaryTrafficPercent is ignored there); `
        + `set its deploymentMode to DeploymentMode.KNATIVE, or target KServe ${minorName(firstRelease(v => v._facts.standardCanary))} or later (spec.canary)`);
      return errors;
    }
    // serving.kserve.io/enable-tag-routing names Knative revision tags (constants.go); no Standard-mode counterpart.
    if (props.tagRouting) {
      errors.push('tagRouting is a Knative feature; in Standard mode test the candidate through its own Service');
    }
    // Our own rule: previousModel feeds only the Knative check above. In Standard mode the stable side is the service's
    // own spec.predictor, which KServe keeps running and merges the canary entry over (buildCanaryPredictor and
    // reconcileCanaryDeployments, components/predictor.go at v0.20.0), so the prop would be silently ignored.
    if (props.previousModel) {
      errors.push("previousModel has no effect in Standard mode: the InferenceService's own model is the stable one and 'candidate' "
        + 'the new one; remove previousModel');
    }
    // CanarySpec has only a predictor (inference_service.go v0.20.0).
    if (this.component !== ComponentType.PREDICTOR) {
      errors.push(`component '${this.component}': Standard-mode canaries (spec.canary) roll out the predictor only`);
    }
    // Our own rules: the candidate is a Model, merged over the stable predictor (buildCanaryPredictor, predictor.go v0.20.0).
    if (!model) {
      errors.push(`service: InferenceService '${service.node.path}' has no predictor 'model': canary requires a stable predictor with a model `
        + '(a custom container cannot be the stable side of spec.canary)');
    }
    if (!props.candidate) {
      errors.push("'candidate' (the new Model) is required in Standard mode: the InferenceService's model stays the stable one");
    } else {
      errors.push(...props.candidate._validate(version).map(e => `candidate: ${e}`));
      // Our own limit: the canary entry is rendered without the storage spec (and its storage-config key), so it must not need one.
      if (props.candidate.storage.usesStorageSpec) {
        errors.push(`candidate: a Standard-mode canary candidate needs a plain StorageUri; '${props.candidate.storage}' uses the storage spec (path or parameters), which the canary entry does not carry`);
      }
      // KServe accepts only one of storageUri and storage.path (predictor.go reconciler), and the candidate brings a storageUri.
      if (model?.storage.path !== undefined) {
        errors.push(`service: the stable model is given as '${model.storage}'; a Standard-mode canary swaps in a storageUri, which KServe rejects next to storage.path`);
      }
      if (model && sameModel(props.candidate, model, true)) {
        errors.push(`candidate equals the stable model (${model.storage}): there is nothing to roll out`);
      }
      // Promotion renames the predictor; KServe requires the storageUri to change with it (validatePredictorNameChange).
      if (this.phase.isPromote && model && props.candidate.storageUri?.uri === model.storageUri?.uri) {
        errors.push('promote: KServe rejects a predictor name change without a storageUri change; the candidate must use another storageUri');
      }
    }
    if (!ISVC_NAME.test(this.candidateName)) {
      errors.push(`candidateName ${shown(this.candidateName)} must match ${ISVC_NAME.source}`);
    }
    // A predictor named by an earlier promotion runs as `<service>-<name>-predictor` too; only a canary phase
    // renders spec.canary, which the webhook then rejects ("conflicts with stable predictor name", validateCanarySpecs).
    if (!this.phase.isPromote && !this.phase.isRollback && this.candidateServiceName === service.componentName(ComponentType.PREDICTOR)) {
      errors.push(`candidateName ${shown(this.candidateName)} is also the predictor's 'name' (kept from an earlier promotion), so both would run as `
        + `'${this.candidateServiceName}'; give the candidate another name`);
    }
    const derived = `${this.candidateServiceName}-${service.namespace}`;
    if (derived.length > MAX_DNS_LABEL) {
      errors.push(`candidateName ${shown(this.candidateName)} makes '${derived}' (${derived.length} characters), over the ${MAX_DNS_LABEL} DNS allows`);
    }
    // The candidate is the stable predictor with the candidate's fields merged over it, built without workers
    // (buildCanaryPredictor, then buildPredictorResources(..., multiNode false), reconcileCanaryDeployments in
    // components/predictor.go at v0.20.0): a multi-node model would run on its head alone.
    if (service._predictorOptions.multiNode !== undefined && !this.phase.isPromote && !this.phase.isRollback) {
      errors.push('service: the predictor is multi-node (multiNode), and KServe v0.20 runs a Standard-mode canary without worker pods; '
        + 'roll a multi-node model out by replacing it (or with a second InferenceService)');
    }
    const replicas = props.candidateReplicas;
    const stableMin = service.predictorMinReplicas ?? 1;
    if (replicas !== undefined && !(Number.isInteger(replicas) && replicas >= 0)) {
      errors.push(`candidateReplicas (${describeValue(replicas)}) must be a whole number >= 0`);
    } else if (replicas !== undefined && replicas > stableMin) {
      errors.push(`candidateReplicas (${replicas}) must not exceed the stable predictor's minReplicas (${stableMin})`);
    }
    return errors;
  }
}

/**
 * Whether two models serve the same thing. With `overlay`, fields `a` leaves unset count as `b`'s, the
 * way KServe merges a Standard-mode canary over the stable predictor.
 */
function sameModel(a: Model, b: Model, overlay = false): boolean {
  const same = <T>(x: T | undefined, y: T | undefined) => (overlay ? (x ?? y) === y : x === y);
  return String(a.storage) === String(b.storage) && a.formatName === b.formatName && same(a.formatVersion, b.formatVersion)
    && same(a.runtime, b.runtime) && same(a.runtimeVersion, b.runtimeVersion) && same(a.protocolVersion, b.protocolVersion);
}

const ROLLOUTS = new WeakMap<InferenceService, CanaryRollout>();

/**
 * The rollout's share of the service's spec, with KServe's semantics for the mode and version (the rules stay in
 * `CanaryRollout.validate`; rendering never throws).
 */
class CanaryOverlay implements SpecOverlay {
  public readonly path: string;
  public readonly annotations: Record<string, string>;
  public readonly predictorName: string | undefined;

  constructor(private readonly rollout: CanaryRollout, private readonly props: CanaryRolloutProps) {
    this.path = rollout.node.path;
    this.annotations = props.tagRouting ? { [TAG_ROUTING_ANNOTATION]: 'true' } : {};
    const service = rollout.service;
    // A Standard-mode promote runs the candidate's Deployment as the stable predictor under the candidate's name.
    const promoted = rollout.phase.isPromote && props.candidate && !service.deploymentMode.isKnative && service.version._facts.standardCanary;
    this.predictorName = promoted ? rollout.candidateName : undefined;
  }

  public apply(spec: l1.InferenceServiceSpec): l1.InferenceServiceSpec {
    const { phase, service, component, candidateName } = this.rollout;
    if (service.deploymentMode.isKnative) {
      // Promotion removes the field; rollback sends 0% to the candidate (ksvc_reconciler.go).
      const percent = phase.isPromote ? undefined : phase.trafficPercent;
      const rendered = spec[component];
      return rendered ? { ...spec, [component]: { ...rendered, canaryTrafficPercent: percent } } : spec;
    }
    const candidate = this.props.candidate;
    if (!candidate || !service.version._facts.standardCanary || phase.isRollback) {
      return spec;
    }
    if (phase.isPromote) {
      // The candidate's Deployment becomes the stable one: rename the predictor and swap its model in.
      return { ...spec, predictor: { ...spec.predictor, name: candidateName, model: overlayModel(spec.predictor.model, candidate) } };
    }
    return {
      ...spec,
      canary: [{
        trafficPercent: phase.trafficPercent,
        predictor: {
          name: candidateName,
          minReplicas: this.props.candidateReplicas,
          // The v0.20 CRD requires a container name in canary entries; the runtime's own name keeps the pod unchanged.
          model: { name: KSERVE_CONTAINER_NAME, ...candidate._render() },
        },
      }],
    };
  }
}

/**
 * The stable model with the candidate's fields laid over it the way KServe builds a canary (mergo with
 * override: only fields the candidate sets win), so promotion keeps what the candidate ran with.
 */
function overlayModel(stable: l1.InferenceServiceSpecPredictorModel | undefined, candidate: Model): l1.InferenceServiceSpecPredictorModel {
  const fields = candidate._render();
  return {
    ...stable,
    modelFormat: { name: fields.modelFormat.name, version: fields.modelFormat.version ?? stable?.modelFormat?.version },
    runtime: fields.runtime ?? stable?.runtime,
    runtimeVersion: fields.runtimeVersion ?? stable?.runtimeVersion,
    protocolVersion: fields.protocolVersion ?? stable?.protocolVersion,
    storageUri: fields.storageUri,
  };
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(CanaryPhase, RolloutPlan, CanaryRollout);

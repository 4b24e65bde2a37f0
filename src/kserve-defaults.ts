import { Construct, IConstruct } from 'constructs';
import { DeploymentMode } from './deployment-mode';
import { KServeVersion } from './kserve-version';
import { checkProps, describeValue, guardMethods, problemsOf } from './private/shape';

/**
 * Props of `KServeDefaults`: the choices every construct under its scope makes when it sets none itself.
 * @category Platform
 */
export interface KServeDefaultsProps {
  /**
   * The KServe version targeted by every construct under the scope that sets no `version` (InferenceService,
   * ServingRuntime, ClusterServingRuntime, InferenceGraph, KServeInstall, LLMInferenceService, LLMInferenceServiceConfig,
   * LocalModelNodeGroup, LocalModelCache, LocalModelNamespaceCache; monitors, alerts and rollouts follow their service).
   * @default - the enclosing scope's default, else KServeVersion.DEFAULT
   */
  readonly version?: KServeVersion;

  /**
   * The deployment mode of every InferenceService under the scope that sets no `deploymentMode`. The install's
   * cluster-wide `config.defaultDeploymentMode` is not changed by it: each service of the app is written with its mode.
   * @default - the enclosing scope's default, else DeploymentMode.KNATIVE
   */
  readonly deploymentMode?: DeploymentMode;
}

/**
 * The defaults in effect at one construct, each with where it came from (for messages).
 * @category Platform
 */
export interface EffectiveKServeDefaults {
  /** The KServe version a construct there targets when it sets none. */
  readonly version: KServeVersion;
  /** Where `version` came from: a KServeDefaults, a context value, or the library default. */
  readonly versionSource: string;
  /** The deployment mode an InferenceService there uses when it sets none. */
  readonly deploymentMode: DeploymentMode;
  /** Where `deploymentMode` came from: a KServeDefaults, a context value, or the library default. */
  readonly deploymentModeSource: string;
}

type Field = 'version' | 'deploymentMode';

/** A default read by a construct: checked against KServeDefaults created after it (see the constructor). */
interface Read {
  readonly reader: IConstruct;
  readonly field: Field;
  readonly value: KServeVersion | DeploymentMode;
}

/** Per app (its root), the defaults read so far; per reader, the fields it read. */
const READS = new WeakMap<IConstruct, Read[]>();
const READ_FIELDS = new WeakMap<IConstruct, Set<Field>>();
/** The KServeDefaults of each scope that has one. */
const IN_SCOPE = new WeakMap<IConstruct, KServeDefaults>();
/** Per construct, the fields whose bad context value it reports already. */
const REPORTED = new WeakMap<IConstruct, Set<Field>>();

/**
 * App-wide or chart-wide defaults: the KServe version and the deployment mode every construct created after it under
 * the same scope (an App, a Chart, any construct) uses when it sets none itself. The nearest scope wins: a construct's
 * own prop beats a chart's defaults, which beat the app's, which beat the library defaults.
 *
 * The same choices can come from construct context, set on a scope before its children
 * (`app.node.setContext('cdk8s-kserve:version', 'v0.13')`, `'cdk8s-kserve:deploymentMode'`: `'Knative'` or
 * `'Standard'`); at the same scope a KServeDefaults beats a context value. A value of the wrong form is a synth
 * error on each construct that would use it, naming the scope that set it.
 *
 * Constructs take their defaults when they are created, so a KServeDefaults created after constructs of its scope
 * that already took a different default is a synth error (our own safety rule: no half-applied defaults).
 *
 * @example
 * // Created first: every service, runtime and graph below takes these unless it sets its own.
 * new KServeDefaults(chart, 'kserve-defaults', { version: KServeVersion.V0_20, deploymentMode: DeploymentMode.STANDARD });
 * new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
 * });
 * @category Platform
 */
export class KServeDefaults extends Construct {
  /** The context key of the default KServe version (a version name: `v0.13`, `v0.20.0`). */
  public static readonly VERSION_CONTEXT = 'cdk8s-kserve:version';
  /** The context key of the default deployment mode (`Knative` or `Standard`). */
  public static readonly DEPLOYMENT_MODE_CONTEXT = 'cdk8s-kserve:deploymentMode';

  /**
   * The defaults in effect at `scope`: its nearest KServeDefaults or context value per field, else the library's.
   *
   * @example
   * new KServeDefaults(app, 'kserve-defaults', { deploymentMode: DeploymentMode.STANDARD });
   * const defaults = KServeDefaults.of(chart);
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: {
   *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
   *     // Scale to zero needs Knative; in Standard mode keep two replicas.
   *     autoscaling: defaults.deploymentMode.isKnative ? Autoscaling.concurrency({ minReplicas: 0 }) : Autoscaling.fixed(2),
   *   },
   * });
   */
  public static of(scope: Construct): EffectiveKServeDefaults {
    return effective(scope, false);
  }

  /**
   * The defaults a construct takes (`props.version ?? KServeDefaults._of(this).version`): as `of`, and each field read
   * is recorded, so that a KServeDefaults created later in its scope with another value is reported.
   * @internal
   */
  public static _of(scope: Construct): EffectiveKServeDefaults {
    return effective(scope, true);
  }

  /**
   * The version this sets.
   * @default - none: the scope's context, an outer scope's defaults, or the library's
   */
  public readonly version?: KServeVersion;
  /**
   * The deployment mode this sets.
   * @default - none: the scope's context, an outer scope's defaults, or the library's
   */
  public readonly deploymentMode?: DeploymentMode;

  constructor(scope: Construct, id: string, props: KServeDefaultsProps) {
    super(scope, id);
    props = checkProps(this, 'KServeDefaults', props);
    this.version = props.version;
    this.deploymentMode = props.deploymentMode;
    // Our own safety rules: one KServeDefaults per scope (two would leave the winner to creation order), and none
    // after constructs of its scope took another default (the app would be half on one version, half on another).
    const errors: string[] = [];
    const other = IN_SCOPE.get(scope);
    if (other) errors.push(`a scope takes one KServeDefaults, and '${other.node.path}' is already in ${where(scope)}; set both fields there`);
    else IN_SCOPE.set(scope, this);
    // Defaults already taken under this scope: the constructs that took them keep what they read.
    const early = (READS.get(this.node.root) ?? []).filter(r => r.reader.node.scopes.includes(scope) && lookup(r.reader, r.field).value !== r.value);
    for (const r of early) {
      errors.push(`${r.field}: '${r.reader.node.path}' was created before this KServeDefaults and took ${r.value.toString()}; `
        + `create KServeDefaults first in ${where(scope)}`);
    }
    this.node.addValidation({ validate: () => errors });
  }
}

/** The defaults at `scope`, read when asked; `record`: each field read counts as taken by `scope` (see `_of`). */
function effective(scope: IConstruct, record: boolean): EffectiveKServeDefaults {
  const at = (field: Field) => (record ? resolve(scope, field) : lookup(scope, field));
  return {
    get version() { return at('version').value as KServeVersion; },
    get versionSource() { return at('version').source; },
    get deploymentMode() { return at('deploymentMode').value as DeploymentMode; },
    get deploymentModeSource() { return at('deploymentMode').source; },
  };
}

/** The scope's name in messages. */
function where(scope: IConstruct): string {
  return scope.node.path === '' ? 'the app' : `'${scope.node.path}'`;
}

const CONTEXT: Record<Field, string> = { version: KServeDefaults.VERSION_CONTEXT, deploymentMode: KServeDefaults.DEPLOYMENT_MODE_CONTEXT };
const LIBRARY: Record<Field, () => KServeVersion | DeploymentMode> = {
  version: () => KServeVersion.DEFAULT,
  deploymentMode: () => DeploymentMode.KNATIVE,
};

/** A context value set on `scope` itself (not inherited from above). */
function ownContext(scope: IConstruct, key: string): unknown {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined) return undefined;
  return scope.node.scope?.node.tryGetContext(key) === value ? undefined : value;
}

/** The default of `field` at `reader` and its source; records the read, and reports a bad context value on the reader. */
function resolve(reader: IConstruct, field: Field): { value: KServeVersion | DeploymentMode; source: string } {
  const found = lookup(reader, field);
  const fields = READ_FIELDS.get(reader) ?? new Set<Field>();
  READ_FIELDS.set(reader, fields);
  if (!fields.has(field)) {
    fields.add(field);
    const reads = READS.get(reader.node.root) ?? [];
    READS.set(reader.node.root, reads);
    reads.push({ reader, field, value: found.value });
  }
  return found;
}

function lookup(reader: IConstruct, field: Field): { value: KServeVersion | DeploymentMode; source: string } {
  // The reader itself first (a chart asked for its own defaults), then each scope above it, nearest first.
  for (const scope of [...reader.node.scopes].reverse()) {
    const defaults = IN_SCOPE.get(scope);
    const set = defaults?.[field];
    if (defaults && set !== undefined) return { value: set, source: `KServeDefaults '${defaults.node.path}'` };
    const raw = ownContext(scope, CONTEXT[field]);
    if (raw === undefined) continue;
    const source = `context '${CONTEXT[field]}' on ${where(scope)}`;
    const parsed = field === 'version' ? parseVersion(raw) : parseMode(raw);
    if (typeof parsed !== 'string') return { value: parsed, source };
    reportOnce(reader, field, `${field}: ${source} ${parsed}`);
    return { value: LIBRARY[field](), source };
  }
  return { value: LIBRARY[field](), source: 'the library default' };
}

function reportOnce(reader: IConstruct, field: Field, message: string): void {
  const reported = REPORTED.get(reader) ?? new Set<Field>();
  REPORTED.set(reader, reported);
  if (reported.has(field)) return;
  reported.add(field);
  reader.node.addValidation({ validate: () => [message] });
}

/** A context version: a KServeVersion, or a supported version's name; else what is wrong (our own rule, as KServeVersion.of). */
function parseVersion(raw: unknown): KServeVersion | string {
  if (raw instanceof KServeVersion) return raw;
  const supported = KServeVersion.all().map(v => v.name).join(', ');
  if (typeof raw !== 'string') return `must be a KServe version name such as 'v0.13' (got ${describeValue(raw)}); supported: ${supported}`;
  const version = KServeVersion.of(raw);
  return problemsOf(version).length === 0 ? version : `is '${raw}', not a supported KServe version; supported: ${supported}`;
}

const LEGACY_MODES = new Map([['Serverless', 'Knative'], ['RawDeployment', 'Standard']]);

/** A context mode: a DeploymentMode, or its name; else what is wrong (our own rule). */
function parseMode(raw: unknown): DeploymentMode | string {
  if (raw instanceof DeploymentMode) return raw;
  const mode = [DeploymentMode.KNATIVE, DeploymentMode.STANDARD].find(m => m.name === raw);
  if (mode) return mode;
  // v0.13's annotation values: the library writes them itself for v0.13 targets (deployment-mode.ts).
  const legacy = typeof raw === 'string' ? LEGACY_MODES.get(raw) : undefined;
  return `must be 'Knative' or 'Standard' (got ${describeValue(raw)})${legacy ? `; did you mean '${legacy}'? the library writes v0.13's name for v0.13 targets` : ''}`;
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(KServeDefaults);

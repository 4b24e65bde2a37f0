/**
 * The converter's custom-container part (issue #21): a component given as its own `containers` (a custom predictor, a
 * transformer, an explainer) as the L2's `CustomContainer`, and a component's `storageUris` as `StorageMount`s. The
 * container is built live with the library and rendered in a service of the same mode and release; it is kept only
 * when that writes the input's container fields back exactly and the library finds nothing wrong with it.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Code, ConvertScope, arr, call, json, obj, raw, str } from './convert-code';
import { equal } from './convert-diff';
import {
  FieldTracker, Twin, fieldOf, twin, twinCall, twinList, twinMember, twinNumber, twinObject, twinSeconds, twinString,
} from './convert-fields';
import { PodRefs } from './convert-pod';
import { isObject } from './convert-yaml';
import { CustomComponentOptions, LoggerMode, PredictorOptions } from '../component';
import { CUSTOM_CONTAINER_PORT_NAME, CustomContainer, KSERVE_CONTAINER_NAME } from '../custom-container';
import { DeploymentMode } from '../deployment-mode';
import { DeploymentStrategy } from '../deployment-strategy';
import { InferenceService } from '../inference-service';
import { KServeVersion } from '../kserve-version';
import { Model } from '../model';
import { ProtocolVersion } from '../protocol-version';
import { StorageMount } from '../storage-mount';
import { StorageUri } from '../storage-uri';

/** The components a service has, as `spec` keys. */
export type ComponentKind = 'predictor' | 'transformer' | 'explainer';

/** The env vars the L2 writes from `CustomContainer` props, first and in this order (component.ts renderContainer). */
const CONTAINER_ENV: Array<[string, 'protocolVersion' | 'storageUri']> = [['PROTOCOL', 'protocolVersion'], ['STORAGE_URI', 'storageUri']];
const PROTOCOL_MEMBERS: Record<string, string> = { 'v1': 'V1', 'v2': 'V2', 'grpc-v1': 'GRPC_V1', 'grpc-v2': 'GRPC_V2' };
/** The container keys this part types (the others are the pod part's or stay for JSON patches). */
const TYPED_KEYS = ['name', 'image', 'ports', 'command'];

/** Where a component is converted: its service's mode and release. */
export interface ComponentContext {
  readonly knative: boolean;
  readonly version: KServeVersion;
}

/** A custom container converted: the `container` prop, and the env entries left for the pod part's `env` prop. */
export interface ConvertedContainer {
  readonly code: Code;
  /** The env entries after those the container props write (PROTOCOL, STORAGE_URI); undefined when the list stays as written. */
  readonly env: unknown;
  /** The component's `ports` prop, for a port list `CustomContainer.port` does not write (an `h2c` port, several ports). */
  readonly ports?: Code;
  /** The `storageUris` prop, when the component's storageUris are written back. */
  readonly storageUris?: Code;
  /** The container and its component's ports as built live (the probes are checked on them). */
  readonly live: { readonly container: CustomContainer; readonly ports?: kplus.ContainerPort[] };
}

/** The component's single `kserve-container` with a string image; undefined for another shape (sidecars, no image). */
export function customContainerOf(component: Record<string, unknown>): Record<string, unknown> | undefined {
  const containers = component.containers;
  if (!Array.isArray(containers) || containers.length !== 1 || !isObject(containers[0])) return undefined;
  const [container] = containers;
  return container.name === KSERVE_CONTAINER_NAME && typeof container.image === 'string' ? container : undefined;
}

/**
 * The `CustomContainer` (image, port, command, protocolVersion and storageUri from the leading PROTOCOL / STORAGE_URI
 * env values) that writes the component's container back, and the component's storageUris when the release has them;
 * its fields mapped on `t`. A string (the reason) when the library writes the container otherwise or rejects it; then
 * nothing is mapped.
 */
export function customContainerCode(kind: ComponentKind, component: Record<string, unknown>, context: ComponentContext,
  t: FieldTracker, scope: ConvertScope): ConvertedContainer | string {
  const container = customContainerOf(component)!;
  const pointer = `/spec/${kind}/containers/0`;
  const field = fieldOf(pointer);
  const live: { -readonly [K in keyof CustomContainer]: CustomContainer[K] } = { image: container.image as string };
  // Code is built only once the container is kept: building it records the imports the app needs.
  const props: Array<[string, () => Code]> = [['image', () => str(live.image)]];
  const expected: Record<string, unknown> = { name: KSERVE_CONTAINER_NAME, image: live.image };
  const notes: string[] = [];

  const port = portOf(container.ports);
  if (port !== undefined) {
    live.port = port.number;
    props.push(['port', () => raw(String(port.number))]);
    expected.ports = [{ name: CUSTOM_CONTAINER_PORT_NAME, containerPort: port.number, protocol: 'TCP' }];
    if (port.defaulted) notes.push(`${field}.ports[0] is written with protocol 'TCP', Kubernetes' default`);
  }
  const ports = port === undefined ? containerPortsOf(container.ports) : undefined;
  if (ports !== undefined) expected.ports = container.ports;
  if (Array.isArray(container.command) && container.command.every(c => typeof c === 'string')) {
    live.command = container.command as string[];
    props.push(['command', () => json(container.command)]);
    expected.command = container.command;
  }

  // PROTOCOL and STORAGE_URI are the container's props (the env prop rejects them): typed when they lead the list as
  // the library writes them, plain values, and appear nowhere else.
  const env = Array.isArray(container.env) ? container.env : [];
  const leading: Array<{ name: string; value: string }> = [];
  for (const [name] of CONTAINER_ENV) {
    const entry = env[leading.length];
    if (isObject(entry) && entry.name === name && typeof entry.value === 'string' && Object.keys(entry).length === 2) {
      leading.push({ name, value: entry.value });
    }
  }
  // Elsewhere in the list the env prop cannot write them (the library rejects them there): the list stays as written.
  const misplaced = env.slice(leading.length).some(e => isObject(e) && CONTAINER_ENV.some(([name]) => name === e.name));
  if (misplaced) leading.length = 0;
  const rest = env.slice(leading.length);
  for (const { name, value } of leading) {
    if (name === 'PROTOCOL') {
      const member = PROTOCOL_MEMBERS[value];
      if (member === undefined) return `${field}.env PROTOCOL '${value}' is not a ProtocolVersion`;
      live.protocolVersion = (ProtocolVersion as unknown as Record<string, ProtocolVersion>)[member];
      props.push(['protocolVersion', () => raw(`${scope.use('kserve', 'ProtocolVersion')}.${member}`)]);
    } else {
      live.storageUri = StorageUri.parse(value);
      props.push(['storageUri', () => storageUriCode(value, scope)]);
    }
  }
  if (leading.length > 0) expected.env = leading;

  const mounts = storageMountsOf(component.storageUris, context.version);
  const rendered = renderedComponent(kind, { container: live, ...(mounts ? { storageUris: mounts } : {}), ...(ports ? { ports } : {}) }, context);
  if (rendered.errors.length > 0) return `the library rejects its ${kind}'s container: ${rendered.errors[0]}`;
  const written = rendered.component as Record<string, unknown>;
  const writtenContainer = (written.containers as Array<Record<string, unknown>>)[0];
  const compared = Object.fromEntries(Object.entries(writtenContainer).filter(([k]) => [...TYPED_KEYS, 'env'].includes(k)));
  if (!equal(compared, expected)) return `the library does not write its ${kind}'s container back exactly`;

  // Kept: map the fields and say what the library adds.
  for (const key of ['name', 'image', ...(port || ports ? ['ports'] : []), ...(live.command ? ['command'] : [])]) t.map(`${pointer}/${key}`);
  for (const note of notes) scope.note(note, `${field}.ports`);
  if (container.securityContext === undefined && writtenContainer.securityContext !== undefined) {
    scope.note(`written with the library's secure defaults for a custom container, securityContext ${JSON.stringify(writtenContainer.securityContext)}; `
      + 'set allowPrivilegeEscalation or seccompProfile on the component to change them', `${field}.securityContext`);
    t.write(`${pointer}/securityContext`);
  }
  if (misplaced) {
    scope.note('PROTOCOL and STORAGE_URI are typed (container.protocolVersion, container.storageUri) when they lead the list as plain values, '
      + 'as the library writes them; the list is kept as written', `${field}.env`);
  }
  if (leading.length > 0) t.write(`${pointer}/env`);
  if (leading.length > 0 && rest.length === 0) t.map(`${pointer}/env`);
  if (mounts) t.map(`/spec/${kind}/storageUris`);
  const storageUris = mounts ? storageUrisCode(component.storageUris, scope) : undefined;
  const code = obj(props.map(([key, build]) => [key, build()]));
  const portsCode = ports && arr(ports.map(p => obj([
    ['number', raw(String(p.number))],
    ['name', p.name !== undefined ? str(p.name) : undefined],
    ['protocol', p.protocol !== undefined ? raw(`${scope.kplus('Protocol')}.${p.protocol}`) : undefined],
  ])));
  const envLeft = misplaced ? undefined : leading.length > 0 ? rest : container.env;
  return { code, env: envLeft, ports: portsCode, storageUris, live: { container: live, ports } };
}

/** The single `http1` TCP port `CustomContainer.port` writes; undefined for any other port list. */
function portOf(ports: unknown): { number: number; defaulted: boolean } | undefined {
  if (!Array.isArray(ports) || ports.length !== 1 || !isObject(ports[0])) return undefined;
  const [port] = ports;
  const keys = Object.keys(port).every(k => ['name', 'containerPort', 'protocol'].includes(k));
  if (!keys || port.name !== CUSTOM_CONTAINER_PORT_NAME || !Number.isInteger(port.containerPort)) return undefined;
  if (port.protocol !== undefined && port.protocol !== 'TCP') return undefined;
  return { number: port.containerPort as number, defaulted: port.protocol === undefined };
}

/** cdk8s-plus `ContainerPort`s for a port list of `{ containerPort, name?, protocol? }`; undefined for another shape. */
function containerPortsOf(ports: unknown): kplus.ContainerPort[] | undefined {
  if (!Array.isArray(ports) || ports.length === 0) return undefined;
  const plain = ports.every(p => isObject(p) && Number.isInteger(p.containerPort)
    && Object.keys(p).every(k => ['containerPort', 'name', 'protocol'].includes(k))
    && (p.name === undefined || typeof p.name === 'string') && (p.protocol === undefined || ['TCP', 'UDP', 'SCTP'].includes(p.protocol as string)));
  if (!plain) return undefined;
  return (ports as Array<Record<string, unknown>>).map(p => ({
    number: p.containerPort as number,
    name: p.name as string | undefined,
    protocol: p.protocol === undefined ? undefined : kplus.Protocol[p.protocol as keyof typeof kplus.Protocol],
  }));
}

/**
 * The `StorageMount`s of a component's storageUris when the release has the field (`_facts.storageUris`) and each
 * entry is `{ uri, mountPath? }`; undefined otherwise (the field stays for the JSON patches).
 */
export function storageMountsOf(storageUris: unknown, version: KServeVersion): StorageMount[] | undefined {
  if (!version._facts.storageUris || !Array.isArray(storageUris) || storageUris.length === 0) return undefined;
  const plain = storageUris.every(m => isObject(m) && typeof m.uri === 'string'
    && (m.mountPath === undefined || typeof m.mountPath === 'string') && Object.keys(m).every(k => k === 'uri' || k === 'mountPath'));
  if (!plain) return undefined;
  return (storageUris as Array<{ uri: string; mountPath?: string }>).map(m => ({ uri: StorageUri.parse(m.uri), mountPath: m.mountPath }));
}

/** A `StorageUri` factory call that writes exactly `uri`: the factory of its scheme when it gives the same text, else `parse`. */
export function storageUriCode(uri: string, scope: ConvertScope): Code {
  const name = scope.use('kserve', 'StorageUri');
  const bucket = /^(s3|gs):\/\/([^/]+)\/(.+)$/.exec(uri);
  const pvc = /^pvc:\/\/([^/]+)\/(.+)$/.exec(uri);
  const candidates: Array<[string, string[]]> = [
    ...(bucket ? [[bucket[1] === 's3' ? 's3' : 'gcs', [bucket[2], bucket[3]]] as [string, string[]]] : []),
    ...(pvc ? [['pvc', [pvc[1], pvc[2]]] as [string, string[]]] : []),
    ...(uri.startsWith('oci://') ? [['oci', [uri.slice('oci://'.length)]] as [string, string[]]] : []),
  ];
  for (const [factory, args] of candidates) {
    const built = (StorageUri as unknown as Record<string, (...a: string[]) => StorageUri>)[factory](...args);
    if (built.uri === uri) return call(`${name}.${factory}`, ...args.map(str));
  }
  return call(`${name}.parse`, str(uri));
}

/** The `storageUris` prop for entries `storageMountsOf` accepts. */
export function storageUrisCode(storageUris: unknown, scope: ConvertScope): Code {
  return arr((storageUris as Array<Record<string, unknown>>).map(m => obj([
    ['uri', storageUriCode(m.uri as string, scope)],
    ['mountPath', typeof m.mountPath === 'string' ? str(m.mountPath) : undefined],
  ])));
}

/** The component as a service of the context writes it (a plain predictor beside a transformer or explainer), or the library's errors. */
function renderedComponent(kind: ComponentKind, options: CustomComponentOptions | PredictorOptions, context: ComponentContext)
  : { component?: unknown; errors: string[] } {
  const chart = new Chart(new App(), 'probe', { namespace: 'probe' });
  const predictor: PredictorOptions = kind === 'predictor' ? options : { model: Model.sklearn(StorageUri.parse('gs://probe/model')) };
  const service = new InferenceService(chart, 'probe', {
    version: context.version,
    deploymentMode: context.knative ? DeploymentMode.KNATIVE : DeploymentMode.STANDARD,
    predictor,
    ...(kind === 'predictor' ? {} : { [kind]: options as CustomComponentOptions }),
  });
  const errors = service.node.validate();
  // Synthesizing a service the library rejects throws: the errors are the answer then.
  return errors.length > 0 ? { errors } : { component: chart.toJson().find(o => o.kind === 'InferenceService')?.spec[kind], errors };
}

/** Whether the library accepts `name` as the predictor's name in the release (a probe service of the context). */
export function predictorNameErrors(name: string, context: ComponentContext): string[] {
  const chart = new Chart(new App(), 'probe', { namespace: 'probe' });
  const service = new InferenceService(chart, 'probe', {
    version: context.version,
    deploymentMode: context.knative ? DeploymentMode.KNATIVE : DeploymentMode.STANDARD,
    predictor: { model: Model.sklearn(StorageUri.parse('gs://probe/model')), name },
  });
  return service.node.validate();
}

// --- component fields the L2 types: logger, batcher, deploymentStrategy, terminationGracePeriodSeconds, a model's ports ---

/** A model the probe services serve, speaking the input model's protocol (the port rules read it). */
function probeModel(protocol: string | undefined): Model {
  const member = protocol === undefined ? undefined : PROTOCOL_MEMBERS[protocol];
  const protocolVersion = member && (ProtocolVersion as unknown as Record<string, ProtocolVersion>)[member];
  return Model.fromFormat('probe', StorageUri.parse('gs://probe/model'), protocolVersion ? { protocolVersion } : {});
}

/** The container a probe transformer or explainer runs (a pinned image, nothing else). */
const PROBE_CONTAINER: CustomContainer = { image: 'probe.example/probe:1.0' };

/** Where a component field is converted: the component, its kind, the model (when the main container is one) and the context. */
export interface ComponentFieldsTarget {
  readonly kind: ComponentKind;
  readonly component: Record<string, unknown>;
  /** The predictor's model: its `ports` are the `ports` prop. */
  readonly model?: Record<string, unknown>;
  readonly context: ComponentContext;
  /** The chart variable and construct ids, for a ServiceAccount the fields name (a logger's storage). */
  readonly refs?: PodRefs;
}

/** The typed component fields: the props, and the model's ports as typed (the probes are rendered with them). */
export interface ConvertedComponentFields {
  readonly props: Array<[string, Code | undefined]>;
  readonly ports?: kplus.ContainerPort[];
}

const LOGGER_MEMBERS: Record<string, string> = { all: 'ALL', request: 'REQUEST', response: 'RESPONSE' };
const STRATEGY_TYPES = ['RollingUpdate', 'Recreate'];

/**
 * The component fields the L2 has props for and the other parts do not convert: `logger` (Logger), `batcher` (Batcher),
 * `deploymentStrategy` (DeploymentStrategy), `terminationGracePeriodSeconds` (terminationGracePeriod) and a model's
 * `ports` (cdk8s-plus ContainerPorts). Each is built live, rendered in a service of the context's mode and release,
 * and typed only when the library accepts it there and writes the input's field back exactly; otherwise it stays for
 * the JSON patches, with a note saying why.
 */
export function componentFieldsCode(target: ComponentFieldsTarget, t: FieldTracker, scope: ConvertScope): ConvertedComponentFields {
  const { component: c, model } = target;
  const props: Array<[string, Code | undefined]> = [];
  let ports: kplus.ContainerPort[] | undefined;
  if (model && model.ports !== undefined) {
    const typed = containerPortsOf(model.ports);
    const built = typed ? portsTwin(typed) : 'a port list of { containerPort, name?, protocol? } entries is typed (cdk8s-plus ContainerPort); '
      + 'hostPort and hostIP are not';
    const code = checkedField(target, { prop: 'ports', key: 'ports', onModel: true }, model.ports, built, t, scope);
    if (code) ports = typed;
    props.push(['ports', code]);
  }
  const fields: Array<[string, string, (value: unknown) => Twin | string]> = [
    ['logger', 'logger', value => loggerTwin(value, target.refs)],
    ['batcher', 'batcher', batcherTwin],
    ['deploymentStrategy', 'deploymentStrategy', strategyTwin],
    ['terminationGracePeriodSeconds', 'terminationGracePeriod', gracePeriodTwin],
  ];
  for (const [key, prop, build] of fields) {
    if (c[key] === undefined || c[key] === null) continue;
    props.push([prop, checkedField(target, { prop, key }, c[key], build(c[key]), t, scope)]);
  }
  return { props, ports };
}

/**
 * The code of `twin` as the prop `prop`, its field mapped, when a service of the context with it passes the library's
 * checks and writes `input` back at the field; undefined otherwise (noted: `twin` is the reason when it is a string).
 */
function checkedField(target: ComponentFieldsTarget, where: { prop: string; key: string; onModel?: boolean }, input: unknown,
  built: Twin | string, t: FieldTracker, scope: ConvertScope): Code | undefined {
  const { kind, context } = target;
  const pointer = `/spec/${kind}${where.onModel ? '/model' : ''}/${where.key}`;
  const field = fieldOf(pointer);
  const keep = (why: string) => {
    scope.note(`${why}; kept as written, as a JSON patch`, field);
    return undefined;
  };
  if (typeof built === 'string') return keep(built);
  const modelProtocol = isObject(target.model) && typeof target.model.protocolVersion === 'string' ? target.model.protocolVersion : undefined;
  const options = { [where.prop]: built.value } as Partial<PredictorOptions>;
  const rendered = renderedComponent(kind, kind === 'predictor'
    ? { model: probeModel(modelProtocol), ...options } as PredictorOptions
    : { container: PROBE_CONTAINER, ...options }, context);
  // The probe service names the field in the input's own component; the first problem is the reason.
  if (rendered.errors.length > 0) return keep(`the library rejects it in a ${context.knative ? 'Knative' : 'Standard'}-mode service of ${context.version.name}: ${rendered.errors[0]}`);
  const spec = rendered.component as Record<string, unknown>;
  const written = where.onModel ? (spec.model as Record<string, unknown>)[where.key] : spec[where.key];
  if (!equal(written, input)) return keep(`the L2 prop '${where.prop}' writes it as ${JSON.stringify(written)}, not as the input has it`);
  t.map(pointer);
  return built.code(scope);
}

function portsTwin(ports: kplus.ContainerPort[]): Twin {
  return twinList(ports.map(p => twinObject([
    ['number', twinNumber(p.number)],
    ['name', p.name !== undefined ? twinString(p.name) : undefined],
    ['protocol', p.protocol !== undefined ? twinMember(kplus.Protocol, s => s.kplus('Protocol'), p.protocol) : undefined],
  ])));
}

/** The logger keys `Logger` types (component.ts renderLogger writes them back under the same names). */
const LOGGER_KEYS = ['mode', 'url', 'metadataHeaders', 'metadataAnnotations', 'storage', 'marshallerUrl', 'batchSize', 'batchInterval'];
/** The `logger.storage` keys `LoggerStorage` types (serviceAccountName as a ServiceAccount by name). */
const LOGGER_STORAGE_KEYS = ['path', 'key', 'parameters', 'serviceAccountName'];

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(i => typeof i === 'string');
const isStringMap = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every(i => typeof i === 'string');

/**
 * A logger as a Logger: mode, url, the metadata lists, storage (its ServiceAccount by name, in the chart of `refs`),
 * marshallerUrl, batchSize and batchInterval (a Go duration of whole seconds or milliseconds); a reason for another shape.
 * The release and component rules are the library's (the probe service), not repeated here.
 */
function loggerTwin(value: unknown, refs: PodRefs | undefined): Twin | string {
  const shape = `Logger types a logger of ${LOGGER_KEYS.join(', ')} only (mode all, request or response; the lists of strings; `
    + 'batchSize a whole number; batchInterval a Go duration)';
  if (!isObject(value) || !Object.keys(value).every(k => LOGGER_KEYS.includes(k))) return shape;
  const { mode, url, metadataHeaders, metadataAnnotations, storage, marshallerUrl, batchSize, batchInterval } = value;
  // validateLogger (pkg/apis/serving/v1beta1/component.go, v0.13.1 to v0.20.0) takes only all, request or response, with
  // no defaulting: the L2 always writes one, so a logger without it is kept as written, with the reason.
  if (mode === undefined) {
    return 'KServe\'s webhook rejects a logger without mode (validateLogger takes all, request or response), and the L2 always '
      + 'writes one; give the logger a mode';
  }
  if (typeof mode !== 'string' || LOGGER_MEMBERS[mode] === undefined) return shape;
  if ([url, marshallerUrl].some(v => v !== undefined && typeof v !== 'string')) return shape;
  if ([metadataHeaders, metadataAnnotations].some(v => v !== undefined && !isStringList(v))) return shape;
  if (batchSize !== undefined && !Number.isInteger(batchSize)) return shape;
  let interval: Twin | undefined;
  if (batchInterval !== undefined) {
    const parsed = typeof batchInterval === 'string' ? /^(\d+)(s|ms)$/.exec(batchInterval) : null;
    if (!parsed) {
      return `batchInterval ${JSON.stringify(batchInterval)} is typed as a Duration only in whole seconds ('30s') or milliseconds ('1500ms'), `
        + 'the two forms the L2 writes';
    }
    interval = parsed[2] === 's' ? twinSeconds(Number(parsed[1])) : twinMillis(Number(parsed[1]));
  }
  let storageTwin: Twin | string | undefined;
  if (storage !== undefined) storageTwin = loggerStorageTwin(storage, refs);
  if (typeof storageTwin === 'string') return storageTwin;
  const strings = (list: unknown) => (isStringList(list) ? twinList(list.map(twinString)) : undefined);
  return twinObject([
    ['mode', twinMember(LoggerMode, s => s.use('kserve', 'LoggerMode'), LOGGER_MEMBERS[mode])],
    ['url', typeof url === 'string' ? twinString(url) : undefined],
    ['metadataHeaders', strings(metadataHeaders)],
    ['metadataAnnotations', strings(metadataAnnotations)],
    ['storage', storageTwin],
    ['marshallerUrl', typeof marshallerUrl === 'string' ? twinString(marshallerUrl) : undefined],
    ['batchSize', Number.isInteger(batchSize) ? twinNumber(batchSize as number) : undefined],
    ['batchInterval', interval],
  ]);
}

/** `{ path, key, parameters?, serviceAccountName? }` of strings as a LoggerStorage; a reason for another shape. */
function loggerStorageTwin(value: unknown, refs: PodRefs | undefined): Twin | string {
  const shape = 'LoggerStorage types a storage of string path and key, parameters of strings and serviceAccountName only';
  if (!isObject(value) || !Object.keys(value).every(k => LOGGER_STORAGE_KEYS.includes(k))) return shape;
  const { path, key, parameters, serviceAccountName } = value;
  if (typeof path !== 'string' || typeof key !== 'string') return shape;
  if (parameters !== undefined && !isStringMap(parameters)) return shape;
  if (serviceAccountName !== undefined && (typeof serviceAccountName !== 'string' || serviceAccountName === '')) {
    return 'the storage\'s serviceAccountName is typed as a cdk8s-plus ServiceAccount by name, and needs a non-empty name';
  }
  let account: Twin | undefined;
  if (typeof serviceAccountName === 'string') {
    if (!refs) return 'the storage\'s serviceAccountName is typed as a ServiceAccount of the chart, and no chart is known here';
    // A cdk8s-plus ServiceAccount of the cluster, by name (live in a chart of its own: only its name reaches the logger).
    account = twin(kplus.ServiceAccount.fromServiceAccountName(new Chart(new App(), 'probe'), 'service-account', serviceAccountName),
      scope => call(`${scope.kplus('ServiceAccount')}.fromServiceAccountName`, raw(refs.chart),
        str(refs.id(`${serviceAccountName}-logger-service-account`)), str(serviceAccountName)));
  }
  return twinObject([
    ['path', twinString(path)],
    ['key', twinString(key)],
    ['parameters', isStringMap(parameters) ? twin({ ...parameters }, () => json(parameters)) : undefined],
    ['serviceAccount', account],
  ]);
}

/** `{ maxBatchSize?, maxLatency?, timeout? }` of whole numbers as a Batcher (maxLatency in milliseconds, timeout in seconds). */
function batcherTwin(value: unknown): Twin | string {
  const keys = ['maxBatchSize', 'maxLatency', 'timeout'];
  if (!isObject(value) || !Object.entries(value).every(([k, v]) => keys.includes(k) && Number.isInteger(v))) {
    return 'Batcher types a batcher of whole-number maxBatchSize, maxLatency (milliseconds) and timeout (seconds) only';
  }
  const n = (k: string) => value[k] as number;
  return twinObject([
    ['maxBatchSize', value.maxBatchSize !== undefined ? twinNumber(n('maxBatchSize')) : undefined],
    ['maxLatency', value.maxLatency !== undefined ? twinMillis(n('maxLatency')) : undefined],
    ['timeout', value.timeout !== undefined ? twinSeconds(n('timeout')) : undefined],
  ]);
}

/** A cdk8s `Duration` of whole milliseconds. */
function twinMillis(millis: number): Twin {
  return twin(Duration.millis(millis), scope => call(`${scope.use('cdk8s', 'Duration')}.millis`, raw(String(millis))));
}

/** A rolling update's `maxSurge` / `maxUnavailable` as a PercentOrAbsolute; a reason for a value Kubernetes does not take. */
function percentOrAbsolute(value: unknown, key: string): Twin | string {
  const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  const factory = (method: string, n: number) => twinCall(kplus.PercentOrAbsolute, s => s.kplus('PercentOrAbsolute'), method, [twinNumber(n)]);
  if (percent) return factory('percent', Number(percent[1]));
  if (Number.isInteger(value)) return factory('absolute', value as number);
  return `rollingUpdate.${key} ${JSON.stringify(value)} is neither a whole number nor a percentage such as '25%', the two forms Kubernetes `
    + 'accepts here (and the two DeploymentStrategy writes)';
}

/** `{ type: Recreate }` or `{ type: RollingUpdate, rollingUpdate?: { maxSurge?, maxUnavailable? } }` as a DeploymentStrategy. */
function strategyTwin(value: unknown): Twin | string {
  if (!isObject(value) || typeof value.type !== 'string' || !STRATEGY_TYPES.includes(value.type)) {
    return 'DeploymentStrategy types a strategy with an explicit type, RollingUpdate or Recreate';
  }
  const factory = (method: string, args: Array<Twin | undefined>) => twinCall(DeploymentStrategy, s => s.use('kserve', 'DeploymentStrategy'), method, args);
  if (value.type === 'Recreate') return Object.keys(value).length === 1 ? factory('recreate', []) : 'a Recreate strategy has no other field';
  const rolling = value.rollingUpdate;
  if (Object.keys(value).some(k => k !== 'type' && k !== 'rollingUpdate')) return 'DeploymentStrategy types type and rollingUpdate only';
  if (rolling === undefined) return factory('rollingUpdate', []);
  if (!isObject(rolling) || !Object.keys(rolling).every(k => k === 'maxSurge' || k === 'maxUnavailable')) {
    return 'DeploymentStrategy types rollingUpdate.maxSurge and rollingUpdate.maxUnavailable only';
  }
  const options: Array<[string, Twin | undefined]> = [];
  for (const key of ['maxSurge', 'maxUnavailable']) {
    if (rolling[key] === undefined) continue;
    const amount = percentOrAbsolute(rolling[key], key);
    if (typeof amount === 'string') return amount;
    options.push([key, amount]);
  }
  return factory('rollingUpdate', [twinObject(options)]);
}

/** Whole seconds as `terminationGracePeriod`. */
function gracePeriodTwin(value: unknown): Twin | string {
  return Number.isInteger(value) ? twinSeconds(value as number) : 'terminationGracePeriod types a whole number of seconds';
}

/**
 * The converter's custom-container part (issue #21): a component given as its own `containers` (a custom predictor, a
 * transformer, an explainer) as the L2's `CustomContainer`, and a component's `storageUris` as `StorageMount`s. The
 * container is built live with the library and rendered in a service of the same mode and release; it is kept only
 * when that writes the input's container fields back exactly and the library finds nothing wrong with it.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Code, ConvertScope, arr, call, json, obj, raw, str } from './convert-code';
import { equal } from './convert-diff';
import { FieldTracker, fieldOf } from './convert-fields';
import { isObject } from './convert-yaml';
import { CustomComponentOptions, PredictorOptions } from '../component';
import { CUSTOM_CONTAINER_PORT_NAME, CustomContainer, KSERVE_CONTAINER_NAME } from '../custom-container';
import { DeploymentMode } from '../deployment-mode';
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
  return { code, env: misplaced ? undefined : leading.length > 0 ? rest : container.env, ports: portsCode, storageUris };
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
function renderedComponent(kind: ComponentKind, options: CustomComponentOptions, context: ComponentContext)
  : { component?: unknown; errors: string[] } {
  const chart = new Chart(new App(), 'probe', { namespace: 'probe' });
  const predictor: PredictorOptions = kind === 'predictor' ? options : { model: Model.sklearn(StorageUri.parse('gs://probe/model')) };
  const service = new InferenceService(chart, 'probe', {
    version: context.version,
    deploymentMode: context.knative ? DeploymentMode.KNATIVE : DeploymentMode.STANDARD,
    predictor,
    ...(kind === 'predictor' ? {} : { [kind]: options }),
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

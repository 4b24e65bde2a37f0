/*
 * The main container's own fields (probes, ports, security context, lifecycle, envFrom, pull policy, working dir,
 * command): rendering into KServe's container shape and the rules Kubernetes and Knative apply to them.
 * Knative rules cite knative.dev/serving pkg/apis/serving/k8s_validation.go and fieldmask.go, at v0.39.3 (pinned by
 * KServe v0.13.1's go.mod) and v0.48.1 (KServe v0.20.0); where they differ the version carries a fact.
 */
import {
  Capability, Container, ContainerPort, ContainerSecurityContextProps, EnvFrom, k8s, Probe, Protocol, SeccompProfileType,
} from 'cdk8s-plus-28';
import { probeNumberErrors } from './probe-numbers';
import { isInstanceOf } from './shape';
import { describeValue, DNS1123_SUBDOMAIN_NAME, validateEnvName } from './validation';
import type * as l1 from '../../imports/kserve-inferenceservice-serving.kserve.io';
import { CustomContainer, KNATIVE_RESERVED_PORTS } from '../custom-container';
import { DeploymentMode } from '../deployment-mode';
import { KServeVersion } from '../kserve-version';
import { needsRelease } from './releases';
import { MainContainerOptions } from '../main-container-options';
import { ProtocolVersion } from '../protocol-version';
import { shown } from './shown';

/** The port a custom container serves on when it declares none: Knative's and KServe's default (8080). */
const DEFAULT_SERVING_PORT = 8080;

/**
 * Secure defaults of a custom container's securityContext; each can be overridden. Neither breaks an image:
 * no serving process needs setuid escalation, and RuntimeDefault is the container runtime's own seccomp profile
 * (the one Kubernetes' "restricted" Pod Security Standard requires).
 */
const CUSTOM_SECURITY_DEFAULTS = { allowPrivilegeEscalation: false, seccompProfile: { type: SeccompProfileType.RUNTIME_DEFAULT } } as const;

/** The main container a component renders, and what decides its rules. */
export interface MainContainerTarget {
  /** The custom container (`containers[0]`); absent for a model container merged onto its runtime's. */
  readonly container?: CustomContainer;
  /** The protocol the component serves, when known. */
  readonly protocol?: ProtocolVersion;
  readonly mode: DeploymentMode;
  readonly version: KServeVersion;
  /** The pod runs Windows (`os: PodOs.WINDOWS`): no Linux security defaults, and Linux-only fields are refused. */
  readonly windows?: boolean;
  /**
   * The port the container serves on when the options declare none, known from the preset it merges onto (an LLM
   * model server's 8000); probes and hooks without a port of their own target it.
   * @default - unknown (a model's port comes from its ServingRuntime)
   */
  readonly presetPort?: number;
  /** Where the port comes from when it is unknown, for the messages. @default "a model's port comes from its ServingRuntime" */
  readonly unknownPortReason?: string;
}

type Rendered = Pick<l1.InferenceServiceSpecPredictorContainers,
'command' | 'workingDir' | 'ports' | 'envFrom' | 'imagePullPolicy' | 'readinessProbe' | 'livenessProbe' | 'startupProbe' | 'lifecycle' | 'securityContext'
| 'terminationMessagePath' | 'terminationMessagePolicy' | 'volumeDevices' | 'resizePolicy'>;

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;

/** The main-container fields, exactly as given (plus the custom container's security defaults). */
export function renderMainContainer(o: MainContainerOptions, target: MainContainerTarget): Rendered {
  const holder = portHolder(servingPort(o, target.container) ?? target.presetPort);
  const probe = (p: Probe | undefined) => p?._toKube(holder);
  const lifecycle = o.lifecycle && { postStart: o.lifecycle.postStart?._toKube(holder), preStop: o.lifecycle.preStop?._toKube(holder) };
  return {
    command: o.command ?? target.container?.command,
    workingDir: o.workingDir,
    ports: renderPorts(o.ports),
    envFrom: o.envFrom?.map(e => e._toKube()),
    imagePullPolicy: o.imagePullPolicy,
    readinessProbe: probe(o.readinessProbe),
    livenessProbe: probe(o.livenessProbe),
    startupProbe: probe(o.startupProbe),
    lifecycle,
    securityContext: renderSecurityContext(o.securityContext, target.container && !target.windows ? CUSTOM_SECURITY_DEFAULTS : {}),
    terminationMessagePath: o.terminationMessagePath,
    terminationMessagePolicy: o.terminationMessagePolicy,
    volumeDevices: o.volumeDevices?.map(d => ({ name: d.volume.name, devicePath: d.path })),
    resizePolicy: o.resizePolicy && RESIZABLE.filter(r => o.resizePolicy![r] !== undefined)
      .map(r => ({ resourceName: r, restartPolicy: o.resizePolicy![r]! })),
  };
}

/** The resources Kubernetes resizes in place (ContainerResizePolicy.resourceName). */
const RESIZABLE = ['cpu', 'memory'] as const;

function renderSecurityContext(sc: ContainerSecurityContextProps | undefined, defaults: Partial<ContainerSecurityContextProps>)
  : l1.InferenceServiceSpecPredictorContainersSecurityContext | undefined {
  const s = {
    ...sc,
    allowPrivilegeEscalation: sc?.allowPrivilegeEscalation ?? defaults.allowPrivilegeEscalation,
    seccompProfile: sc?.seccompProfile ?? defaults.seccompProfile,
  };
  const rendered = {
    allowPrivilegeEscalation: s.allowPrivilegeEscalation,
    capabilities: s.capabilities && { add: s.capabilities.add, drop: s.capabilities.drop },
    privileged: s.privileged,
    readOnlyRootFilesystem: s.readOnlyRootFilesystem,
    runAsGroup: s.group,
    runAsNonRoot: s.ensureNonRoot,
    runAsUser: s.user,
    seccompProfile: s.seccompProfile && { type: s.seccompProfile.type, localhostProfile: s.seccompProfile.localhostProfile },
  };
  return Object.values(rendered).some(v => v !== undefined) ? rendered : undefined;
}

/** The port a probe or hook without its own port targets, when known (the first declared one, which Services target). */
export function servingPort(o: MainContainerOptions, container: CustomContainer | undefined): number | undefined {
  return o.ports?.[0]?.number ?? (container ? container.port ?? DEFAULT_SERVING_PORT : undefined);
}

/** cdk8s-plus probes and handlers read only `portNumber` from the container they are rendered for. */
function portHolder(portNumber: number | undefined): Container {
  return { portNumber } as unknown as Container;
}

/** The port an httpGet or tcpSocket action targets, and whether it is the container's (no port of its own). */
function targetPort(render: (holder: Container) => k8s.Probe | k8s.LifecycleHandler): { port?: number; implicit: boolean } {
  const at = (n: number) => {
    const action = render(portHolder(n));
    return (action.httpGet ?? action.tcpSocket)?.port.value;
  };
  const [a, b] = [at(1), at(2)];
  return { port: typeof a === 'number' ? a : undefined, implicit: a !== b };
}

/** Problems with the main-container fields, each naming `<field>.<prop>` (field is `spec.<component>`). */
export function mainContainerErrors(o: MainContainerOptions, target: MainContainerTarget, field: string): string[] {
  const { container, mode, version } = target;
  const errors: string[] = [];
  // Our own safety rules: one home for the port and the command (the library must not pick one silently).
  if (container && o.ports !== undefined && container.port !== undefined) {
    errors.push(`${field}.ports and ${field}.container.port are both set; declare the port once, in ports`);
  }
  if (container && o.command !== undefined && container.command !== undefined) {
    errors.push(`${field}.command and ${field}.container.command are both set; give the command once`);
  }
  // An empty list is dropped by Kubernetes' JSON (omitempty), so it would silently mean "not set" (our own safety rule).
  if (o.command !== undefined && o.command.length === 0) errors.push(`${field}.command must be a non-empty list of strings (got [])`);
  // Our own safety rule: an empty working directory is dropped like an unset one.
  if (o.workingDir === '') errors.push(`${field}.workingDir must be a non-empty path (got "")`);
  errors.push(...envFromErrors(o.envFrom, `${field}.envFrom`));
  const ports = portErrors(o.ports, target, `${field}.ports`);
  errors.push(...ports);
  // Probe ports are checked only against ports that are themselves valid.
  const known = ports.length > 0 ? undefined : knownPorts(o, target);
  const serving = servingPort(o, container) ?? target.presetPort;
  for (const prop of PROBES) {
    errors.push(...probeErrors(o[prop], prop, { ...target, known, serving }, `${field}.${prop}`));
  }
  errors.push(...lifecycleErrors(o, { ...target, known, serving }, `${field}.lifecycle`));
  errors.push(...securityContextErrors(o.securityContext, target, `${field}.securityContext`));
  errors.push(...terminationMessageErrors(o, field));
  // fieldmask.go ContainerMask (v0.39.3 and v0.48.1) copies neither onto the serving container; volumeDevices it clears by name.
  for (const prop of ['volumeDevices', 'resizePolicy'] as const) {
    if (mode.isKnative && o[prop] !== undefined) {
      errors.push(`${field}.${prop} is not accepted by Knative on the serving container; use DeploymentMode.STANDARD or leave it out`);
    }
  }
  if (mode.isKnative && o.startupProbe !== undefined && !version._facts.knativeStartupProbe) {
    errors.push(`${field}.startupProbe in Knative mode ${needsRelease(v => v._facts.knativeStartupProbe, version)}: the Knative Serving `
      + `that KServe ${version.name} installs does not accept it; use an initialDelaySeconds on the readiness probe, or Standard mode`);
  }
  return errors;
}

function terminationMessageErrors(o: MainContainerOptions, field: string): string[] {
  const errors: string[] = [];
  const p = o.terminationMessagePath;
  // The kubelet mounts the message file at this path in the container (our rule: an absolute file path, like a mount).
  if (p !== undefined && (!p.startsWith('/') || p.endsWith('/') || p.split('/').includes('..'))) {
    errors.push(`${field}.terminationMessagePath ${JSON.stringify(p)} must be an absolute file path without '..'`);
  }
  return errors;
}

/**
 * Every port the container will have, when that is known: all of a custom container's; a model's only in Knative
 * mode, where its one port is the only one (in Standard mode the runtime may add its own ports to the merge).
 */
function knownPorts(o: MainContainerOptions, target: MainContainerTarget): number[] | undefined {
  if (o.ports) return target.container || target.mode.isKnative ? o.ports.map(p => p.number) : undefined;
  return target.container ? [target.container.port ?? DEFAULT_SERVING_PORT] : undefined;
}

function envFromErrors(envFrom: EnvFrom[] | undefined, field: string): string[] {
  return (envFrom ?? []).flatMap((e, i) => {
    const source = e._toKube();
    const name = source.configMapRef?.name ?? source.secretRef?.name;
    const errors: string[] = [];
    // Core validation: the referenced object's name and the prefix (which must make valid variable names).
    if (typeof name !== 'string' || !DNS1123_SUBDOMAIN_NAME.test(name)) {
      errors.push(`${field}[${i}] must reference a ConfigMap or Secret with a DNS-1123 subdomain name (got ${JSON.stringify(name)})`);
    }
    if (source.prefix !== undefined && source.prefix !== '') errors.push(...validateEnvName(source.prefix, `${field}[${i}].prefix`));
    return errors;
  });
}

// IANA_SVC_NAME (Kubernetes core validation of port names): at most 15 lower-case alphanumerics or '-', with a
// letter, no leading, trailing or doubled '-'.
const IANA_SVC_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;

/** Port names Knative accepts on the serving container (k8s_validation.go `validPortNames`). */
const KNATIVE_PORT_NAMES = ['http1', 'h2c'];

/** The Service port KServe forwards to the first container port in Standard mode (`CommonDefaultHttpPort`). */
const SERVICE_PORT = 80;

function isPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 65536;
}

/**
 * Problems with a container's ports whatever the mode (Kubernetes core validation: port numbers, IANA service names
 * unique in the container; the CRD keys the list by containerPort and protocol). A ServingRuntime's container gets
 * these; a component's also the mode's rules (portErrors).
 */
export function basicPortErrors(ports: ContainerPort[], field: string): string[] {
  const errors: string[] = [];
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    const at = `${field}[${i}]`;
    if (!isPort(p.number)) errors.push(`${at}.number (${describeValue(p.number)}) must be a port number between 1 and 65535`);
    if (p.name !== undefined) {
      if (!IANA_SVC_NAME.test(p.name)) {
        errors.push(`${at}.name ${JSON.stringify(p.name)} must be an IANA service name (at most 15 lower-case letters, digits and '-', with a letter)`);
      } else if (names.has(p.name)) {
        errors.push(`${at}.name ${shown(p.name)} is declared twice; port names are unique in a container`);
      }
      names.add(p.name);
    }
    if (p.hostPort !== undefined && !isPort(p.hostPort)) errors.push(`${at}.hostPort (${describeValue(p.hostPort)}) must be a port number between 1 and 65535`);
    // x-kubernetes-list-map-keys containerPort and protocol (protocol defaults to TCP).
    const key = `${p.number}/${p.protocol ?? Protocol.TCP}`;
    if (keys.has(key)) errors.push(`${at}: port ${key} is declared twice`);
    keys.add(key);
  });
  return errors;
}

/** The ports as Kubernetes writes them. */
export function renderPorts(ports: ContainerPort[] | undefined) {
  return ports?.map(p => ({ containerPort: p.number, name: p.name, protocol: p.protocol, hostIp: p.hostIp, hostPort: p.hostPort }));
}

function portErrors(ports: ContainerPort[] | undefined, target: MainContainerTarget, field: string): string[] {
  if (ports === undefined) return [];
  // Our own safety rule: an empty list would be dropped as unset.
  if (ports.length === 0) return [`${field} must be a non-empty list of ContainerPort ({ number, name?, protocol? })`];
  const { mode } = target;
  const errors = basicPortErrors(ports, field);
  ports.forEach((p, i) => {
    const at = `${field}[${i}]`;
    if (mode.isKnative) {
      // k8s_validation.go validateContainerPorts / validateContainerPortBasic and fieldmask.go ContainerPortMask.
      if (KNATIVE_RESERVED_PORTS.includes(p.number)) {
        errors.push(`${at}.number (${p.number}) is reserved by Knative (${KNATIVE_RESERVED_PORTS.join(', ')}); pick another port`);
      }
      if (p.name !== undefined && !KNATIVE_PORT_NAMES.includes(p.name)) {
        errors.push(`${at}.name ${shown(p.name)} is not accepted by Knative; use 'http1' (HTTP/1) or 'h2c' (HTTP/2, gRPC), or no name`);
      }
      if (p.protocol !== undefined && p.protocol !== Protocol.TCP) errors.push(`${at}.protocol ${shown(p.protocol)}: Knative serves TCP only`);
      if (p.hostPort !== undefined || p.hostIp !== undefined) errors.push(`${at}: Knative does not accept hostPort or hostIp`);
    }
  });
  if (mode.isKnative && ports.length > 1) {
    // k8s_validation.go validateContainersPorts: "more than one container port is set".
    errors.push(`${field} declares ${ports.length} ports but Knative accepts exactly one on the serving container; use Standard mode for more`);
  }
  if (mode.isKnative && target.protocol?.isGrpc && ports[0]?.name !== 'h2c') {
    // Knative routes HTTP/2 (gRPC) to the container only through a port named h2c (runtime-contract.md, inbound connectivity).
    errors.push(`${field}[0] must be named 'h2c': the component serves ${target.protocol.value}, and Knative sends HTTP/2 only to an 'h2c' port`);
  }
  if (!mode.isKnative && ports.length > 1) {
    // KServe copies every container port into the component's Service (service_reconciler.go createDefaultSvc,
    // both tags): the first as port 80, the others on their own number. A Service of several ports needs them
    // named (Kubernetes core validation), and a second port 80 would collide with the first.
    ports.forEach((p, i) => {
      if (p.name === undefined) errors.push(`${field}[${i}] needs a name: KServe's Service exposes every port and a Service of several ports names each`);
      if (i > 0 && p.number === SERVICE_PORT) errors.push(`${field}[${i}].number 80 collides with the Service port 80 KServe gives the first port; pick another number`);
    });
  }
  return errors;
}

interface ProbeTarget extends MainContainerTarget {
  /** Every port the container has, when known. */
  readonly known?: number[];
  /** The port an action without its own port targets, when known. */
  readonly serving?: number;
}

/**
 * Problems with the port of an httpGet / tcpSocket action: it must be a port the container declares (our rule; in
 * Knative mode another port would be silently replaced by the serving port, deploy.go rewriteUserLivenessProbe).
 */
function actionPortErrors(render: (holder: Container) => k8s.Probe | k8s.LifecycleHandler, target: ProbeTarget, field: string): string[] {
  const { port, implicit } = targetPort(render);
  if (port === undefined && !implicit) return []; // exec
  if (implicit && target.serving === undefined) {
    return [`${field} needs its own port (e.g. { port: 8080 }) or a declared ports entry: `
      + `${target.unknownPortReason ?? "a model's port comes from its ServingRuntime"}, unknown here`];
  }
  const effective = implicit ? target.serving! : port!;
  if (!isPort(effective)) return [`${field} port (${effective}) must be a port number between 1 and 65535`];
  if (target.known && !target.known.includes(effective)) {
    return [`${field} targets port ${effective}, which the container does not declare (${target.known.join(', ')})`];
  }
  return [];
}

type ProbeKind = typeof PROBES[number];

function probeErrors(probe: Probe | undefined, kind: ProbeKind, target: ProbeTarget, field: string): string[] {
  if (probe === undefined) return [];
  // Durations and thresholds first (probe durations are int32 seconds, CRD schema): rendering throws on a
  // fractional duration, which they report.
  const errors = probeNumberErrors(probe, field);
  let rendered: k8s.Probe;
  try {
    rendered = probe._toKube(portHolder(target.serving));
  } catch (e) {
    // Our own safety rule: whatever else cdk8s-plus refuses is reported, not thrown.
    return errors.length > 0 ? errors : [`${field}: ${(e as Error).message}`];
  }
  // Core validation (ValidateProbe): liveness / startup need successThreshold 1.
  // A 0 period or timeout would silently become Kubernetes' default (10s / 1s): make it an error (our rule).
  if (kind !== 'readinessProbe' && rendered.successThreshold !== undefined && rendered.successThreshold !== 1) {
    errors.push(`${field}.successThreshold (${rendered.successThreshold}) must be 1 for a ${kind === 'livenessProbe' ? 'liveness' : 'startup'} probe`);
  }
  for (const prop of ['periodSeconds', 'timeoutSeconds'] as const) {
    if (rendered[prop] === 0) errors.push(`${field}.${prop} must be at least 1 second`);
  }
  // Knative: an unset period means its own fast probing, and then failureThreshold (which cdk8s-plus always
  // writes) and timeoutSeconds are rejected (k8s_validation.go validateReadinessProbe).
  if (target.mode.isKnative && kind === 'readinessProbe' && rendered.periodSeconds === undefined) {
    errors.push(`${field}.periodSeconds must be given in Knative mode: Knative reads an unset period as its own fast probing, `
      + 'which rejects the failureThreshold a cdk8s-plus Probe always sets; omit readinessProbe to keep Knative\'s default probe');
  }
  errors.push(...actionPortErrors(h => probe._toKube(h), target, field));
  return errors;
}

function lifecycleErrors(o: MainContainerOptions, target: ProbeTarget, field: string): string[] {
  const lifecycle = o.lifecycle;
  if (lifecycle === undefined) return [];
  const errors: string[] = [];
  if (target.mode.isKnative) {
    // fieldmask.go ContainerMask (both releases) leaves lifecycle out of the serving container.
    errors.push(`${field} is not accepted by Knative on the serving container; use Standard mode, or terminationGracePeriod to drain`);
  }
  for (const hook of ['postStart', 'preStop'] as const) {
    const handler = lifecycle[hook];
    if (handler === undefined) continue;
    // Inside cdk8s-plus's ContainerLifecycle, so checked here (our own safety rule: a synth error, not a TypeError);
    // by class name, so that a Handler of another cdk8s-plus major (plus-33 in a `cdk8s init` app) is one too.
    if (!isInstanceOf(handler, 'Handler')) {
      errors.push(`${field}.${hook} must be a cdk8s-plus Handler (Handler.fromCommand(...), Handler.fromHttpGet(...)), got ${JSON.stringify(handler)}`);
      continue;
    }
    // Kubernetes keeps tcpSocket in lifecycle handlers only for compatibility and never runs it (LifecycleHandler API docs).
    if (handler._toKube(portHolder(target.serving)).tcpSocket !== undefined) {
      errors.push(`${field}.${hook}: Kubernetes does not run tcpSocket lifecycle handlers; use Handler.fromCommand or Handler.fromHttpGet`);
      continue;
    }
    errors.push(...actionPortErrors(h => handler._toKube(h), target, `${field}.${hook}`));
  }
  return errors;
}

/** The largest uid / gid Knative accepts (k8s_validation.go maxUserID / maxGroupID); Kubernetes wants >= 0. */
const MAX_ID = 2147483647;

function securityContextErrors(sc: ContainerSecurityContextProps | undefined, target: MainContainerTarget, field: string): string[] {
  if (sc === undefined) return [];
  // Id range: Knative's k8s_validation.go.
  const errors: string[] = [];
  for (const prop of ['user', 'group'] as const) {
    const id = sc[prop];
    if (id !== undefined && !(Number.isInteger(id) && id >= 0 && id <= MAX_ID)) {
      errors.push(`${field}.${prop} (${JSON.stringify(id)}) must be a whole number between 0 and ${MAX_ID}`);
    }
  }
  const seccomp = sc.seccompProfile;
  if (seccomp !== undefined) {
    // Core validation: a localhost profile exactly when the type is Localhost.
    if ((seccomp.type === SeccompProfileType.LOCALHOST) !== (seccomp.localhostProfile !== undefined && seccomp.localhostProfile !== '')) {
      errors.push(`${field}.seccompProfile.localhostProfile must be given with type Localhost, and only then`);
    }
  }
  // Core validation: allowPrivilegeEscalation false contradicts privileged and CAP_SYS_ADMIN. A custom container
  // gets false by default, so the error says how to opt out.
  const customDefaults = target.container !== undefined && !target.windows;
  const escalation = sc.allowPrivilegeEscalation ?? (customDefaults ? CUSTOM_SECURITY_DEFAULTS.allowPrivilegeEscalation : undefined);
  const sysAdmin = (sc.capabilities?.add ?? []).some(c => (c as string) === Capability.SYS_ADMIN || (c as string) === 'CAP_SYS_ADMIN');
  if (escalation === false && (sc.privileged === true || sysAdmin)) {
    errors.push(`${field}: ${sc.privileged === true ? 'privileged' : 'adding SYS_ADMIN'} needs allowPrivilegeEscalation: true`
      + (sc.allowPrivilegeEscalation === undefined ? ' (custom containers default it to false); set it explicitly' : ''));
  }
  // The kubelet refuses to start a container asked to be non-root and to run as uid 0 (our rule: fail at synth).
  if (sc.ensureNonRoot === true && sc.user === 0) errors.push(`${field}: ensureNonRoot contradicts user 0 (root)`);
  if (target.windows) {
    // validateWindows (core validation): these container fields are Linux-only.
    for (const prop of ['user', 'group', 'capabilities', 'seccompProfile', 'privileged', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation'] as const) {
      if (sc[prop] !== undefined) errors.push(`${field}.${prop} must be unset with os PodOs.WINDOWS (Kubernetes allows it only for Linux pods)`);
    }
  }
  if (target.mode.isKnative && sc.privileged !== undefined && (sc.privileged || !target.version._facts.knativePrivilegedFalse)) {
    // fieldmask.go SecurityContextMask: privileged never true; false only from Knative Serving 1.17 (fact knativePrivilegedFalse).
    errors.push(sc.privileged
      ? `${field}.privileged true is not accepted by Knative on the serving container; leave it unset`
      : `${field}.privileged false in Knative mode ${needsRelease(v => v._facts.knativePrivilegedFalse, target.version)}: the Knative `
        + 'Serving it installs drops the field; leave it unset');
  }
  return errors;
}

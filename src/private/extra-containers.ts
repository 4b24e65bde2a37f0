/*
 * Extra containers of a component's pod (sidecars, a collocated transformer, init containers), given as cdk8s-plus
 * `ContainerProps` and rendered here field by field. cdk8s-plus's own `Container` is not used to render them: it
 * adds defaults the user did not ask for (1-1.5 CPU / 0.5-2Gi resources, a read-only root filesystem and
 * runAsNonRoot, `imagePullPolicy: Always`, a TCP startup probe), any of which can break a sidecar image.
 */
import { Container, ContainerProps, ContainerRestartPolicy } from 'cdk8s-plus-28';
import { isvc } from './l1-runtime.generated';
import { probeNumberErrors } from './probe-numbers';
import { renderResources, validateResources } from './resources';
import { describeValue, DNS1123_LABEL, imageErrors, MAX_DNS_LABEL, validateEnvName } from './validation';
import { renderMounts } from './volumes';
import type * as l1 from '../../imports/kserve-inferenceservice-serving.kserve.io';
import { KNATIVE_RESERVED_PORTS, KSERVE_CONTAINER_NAME } from '../custom-container';
import { TRANSFORMER_CONTAINER_NAME } from '../pod-names';
import { shown } from './shown';

/**
 * Container names KServe, Knative or Istio add to a component's pod, or give a meaning to:
 * - `kserve-container`: the main container (`InferenceServiceContainerName`, pkg/constants/constants.go, both tags);
 * - `storage-initializer` (`StorageInitializerContainerName`, constants.go), `agent` (`AgentContainerName`),
 *   `batcher` (pkg/webhook/admission/pod/batcher_injector.go), `modelcar` / `modelcar-init` and their `-<n>` copies
 *   per OCI source (storage_initializer_injector.go at v0.13.1; `ModelcarNames`, pkg/utils/storage.go at v0.20.0),
 *   `worker-container` (`WorkerContainerName`, constants.go at v0.20.0: the storage initializer falls back to it);
 * - `queue-proxy`: Knative's sidecar (`reservedContainerNames`, knative serving k8s_validation.go;
 *   `QueueProxyContainerName`, constants.go at v0.20.0);
 * - `istio-init` (`IstioInitContainerName`, constants.go) and `istio-proxy`, Istio's injected containers (our rule).
 */
const RESERVED_CONTAINER_NAMES = /^(kserve-container|storage-initializer|agent|batcher|modelcar(-init)?(-\d+)?|worker-container|queue-proxy|istio-init|istio-proxy)$/;

/** Where a component's extra containers are checked. */
export interface ExtraContainerContext {
  /** The component type (`predictor`, `transformer`, `explainer`). */
  readonly component: string;
  /** The component runs on Knative. */
  readonly knative: boolean;
  /** Env vars the release's webhook rejects in every container (`ReleaseFacts.blockedEnv`). */
  readonly blockedEnv: readonly string[];
  /** The main container's name, which the others must not take. @default 'kserve-container' */
  readonly mainContainer?: string;
}

/** An extra container as the L1 writes it. Only fields the user gave are set. */
export function renderExtraContainer(c: ContainerProps): l1.InferenceServiceSpecPredictorContainers {
  const portNumber = c.portNumber ?? c.port;
  // cdk8s-plus probes and handlers read only the container's port (their default port) from the container.
  const self = { portNumber } as Container;
  const ports = [...(portNumber !== undefined ? [{ number: portNumber }] : []), ...(c.ports ?? [])];
  const env = Object.entries(c.envVariables ?? {});
  const mounts = renderMounts(c.volumeMounts);
  const lifecycle = c.lifecycle;
  return {
    name: c.name as string,
    image: c.image,
    command: c.command,
    args: c.args,
    workingDir: c.workingDir,
    ports: ports.length > 0
      ? ports.map(p => ({ containerPort: p.number, protocol: p.protocol, name: p.name, hostPort: p.hostPort, hostIp: p.hostIp }))
      : undefined,
    env: env.length > 0 ? env.map(([name, v]) => ({ name, value: v.value, valueFrom: v.valueFrom })) : undefined,
    envFrom: c.envFrom?.map(e => e._toKube()),
    volumeMounts: mounts.length > 0 ? mounts : undefined,
    imagePullPolicy: c.imagePullPolicy,
    readinessProbe: c.readiness?._toKube(self),
    livenessProbe: c.liveness?._toKube(self),
    startupProbe: c.startup?._toKube(self),
    lifecycle: lifecycle && {
      postStart: lifecycle.postStart?._toKube(self),
      preStop: lifecycle.preStop?._toKube(self),
    },
    resources: renderResources(c.resources,
      isvc.InferenceServiceSpecPredictorContainersResourcesLimits, isvc.InferenceServiceSpecPredictorContainersResourcesRequests),
    restartPolicy: c.restartPolicy,
    securityContext: renderSecurityContext(c),
  };
}

/** Exactly the security settings given, in the core/v1 names (no cdk8s-plus defaults). */
function renderSecurityContext(c: ContainerProps): l1.InferenceServiceSpecPredictorContainersSecurityContext | undefined {
  const s = c.securityContext;
  if (!s) return undefined;
  return {
    runAsUser: s.user,
    runAsGroup: s.group,
    runAsNonRoot: s.ensureNonRoot,
    privileged: s.privileged,
    readOnlyRootFilesystem: s.readOnlyRootFilesystem,
    allowPrivilegeEscalation: s.allowPrivilegeEscalation,
    capabilities: s.capabilities && { add: s.capabilities.add, drop: s.capabilities.drop },
    seccompProfile: s.seccompProfile && { type: s.seccompProfile.type, localhostProfile: s.seccompProfile.localhostProfile },
  };
}

/** The ports a container declares (its `portNumber` / `port` and `ports`). */
export function declaredPorts(c: ContainerProps): number {
  return ((c.portNumber ?? c.port) !== undefined ? 1 : 0) + (c.ports?.length ?? 0);
}

/**
 * Problems with the extra containers (`containers`) and init containers (`inits`) of one component: each one's
 * fields, and their names across the pod. Mounts are checked with the volume rules (`podMountErrors`).
 */
export function extraContainerErrors(containers: ContainerProps[] | undefined, inits: ContainerProps[] | undefined,
  fields: { containers: string; inits: string }, ctx: ExtraContainerContext): string[] {
  const errors: string[] = [];
  const names = new Map<string, string>([[ctx.mainContainer ?? KSERVE_CONTAINER_NAME, 'the main container']]);
  for (const [list, field, init] of [[containers, fields.containers, false], [inits, fields.inits, true]] as const) {
    // The lists, their items and every field inside have their types (private/shape.ts).
    (list ?? []).forEach((c, i) => {
      const at = `${field}[${i}]`;
      errors.push(...nameErrors(c.name, `${at}.name`, init, ctx, names));
      errors.push(...containerErrors(c, at, init, ctx));
    });
  }
  return errors;
}

function nameErrors(name: string | undefined, field: string, init: boolean, ctx: ExtraContainerContext, names: Map<string, string>): string[] {
  // Kubernetes core validation: container names are DNS-1123 labels, unique across containers and init containers.
  if (name === undefined || name.length > MAX_DNS_LABEL || !DNS1123_LABEL.test(name)) {
    return [name === undefined
      ? `${field} is missing: every extra container needs a name, a DNS-1123 label (lower case alphanumerics and '-', at most ${MAX_DNS_LABEL})`
      : `${field} ${shown(name)} must be a DNS-1123 label (lower case alphanumerics and '-', at most ${MAX_DNS_LABEL}); `
        + 'extra containers need an explicit name'];
  }
  const errors: string[] = [];
  const other = names.get(name);
  if (other !== undefined) {
    errors.push(`${field} ${shown(name)} is already used by ${other}; container names must be unique in the pod`);
  } else if (RESERVED_CONTAINER_NAMES.test(name)) {
    errors.push(`${field} ${shown(name)} is a container name KServe, Knative or Istio adds to the pod; pick another name`);
  } else if (name === TRANSFORMER_CONTAINER_NAME && (init || ctx.component !== 'predictor')) {
    // KServe only gives this name a meaning among the predictor's containers (predictor_custom.go, predictor.go).
    errors.push(`${field} ${shown(name)} marks a transformer collocated with the predictor; it is only allowed in spec.predictor.extraContainers`);
  }
  names.set(name, field);
  return errors;
}

function containerErrors(c: ContainerProps, field: string, init: boolean, ctx: ExtraContainerContext): string[] {
  const errors = imageErrors(c.image, `${field}.image`);
  // Our own rule: one port setting. Port range: Kubernetes core validation (validateContainerPorts); reserved ports:
  // Knative's k8s_validation.go reservedPorts.
  if (c.port !== undefined && c.portNumber !== undefined) {
    errors.push(`${field}: port and portNumber are the same setting; give portNumber only`);
  }
  const ports = [c.portNumber ?? c.port, ...(c.ports ?? []).map(p => p.number)].filter(p => p !== undefined);
  for (const port of ports) {
    if (!(Number.isInteger(port) && port! > 0 && port! < 65536)) {
      errors.push(`${field}: port ${describeValue(port)} must be a port number between 1 and 65535`);
    } else if (ctx.knative && KNATIVE_RESERVED_PORTS.includes(port!)) {
      errors.push(`${field}: port ${port} is reserved by Knative (${KNATIVE_RESERVED_PORTS.join(', ')}); pick another port`);
    }
  }
  for (const name of Object.keys(c.envVariables ?? {})) {
    errors.push(...validateEnvName(name, `${field}.envVariables`));
    // Blocked for security in every container (pkg/validation/env_policy.go, v0.20).
    if (ctx.blockedEnv.includes(name)) {
      errors.push(`${field}.envVariables: setting ${name} is not allowed by KServe (security policy)`);
    }
    // KServe rejects a collocated transformer that downloads a model (validateCollocationStorageURI,
    // pkg/apis/serving/v1beta1/inference_service_validation.go, both tags).
    if (name === 'STORAGE_URI' && c.name === TRANSFORMER_CONTAINER_NAME) {
      errors.push(`${field}.envVariables: the collocated transformer cannot set STORAGE_URI; KServe mounts the predictor's model into it`);
    }
  }
  for (const prop of ['readiness', 'liveness', 'startup'] as const) {
    const probe = c[prop];
    if (probe !== undefined) errors.push(...probeNumberErrors(probe, `${field}.${prop}`));
  }
  // Kubernetes core validation: Always is the only container restartPolicy.
  const alwaysOn = c.restartPolicy === ContainerRestartPolicy.ALWAYS;
  if (c.restartPolicy !== undefined && !alwaysOn) {
    errors.push(`${field}.restartPolicy ${shown(c.restartPolicy)} must be ContainerRestartPolicy.ALWAYS`);
  } else if (alwaysOn && !init) {
    // Kubernetes core validation: only init containers take a restartPolicy (native sidecars).
    errors.push(`${field}.restartPolicy is only allowed on init containers (a restartable init container is a native sidecar)`);
  }
  if (init && !alwaysOn) {
    // Kubernetes core validation: an init container that runs to completion has no probes or lifecycle hooks.
    for (const prop of ['readiness', 'liveness', 'startup', 'lifecycle'] as const) {
      if (c[prop] !== undefined) errors.push(`${field}.${prop} is not allowed on an init container (unless restartPolicy is ALWAYS)`);
    }
  }
  errors.push(...validateResources(c.resources, `${field}.resources`));
  return errors;
}

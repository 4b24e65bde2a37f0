/*
 * What a component adds to its pod beyond the main container's own fields: volume mounts, shared memory, extra
 * and init containers, and the pod's volumes collected from all of them. One render and one check for
 * `Component` (component.ts).
 */
import { Size } from 'cdk8s';
import { ContainerProps, VolumeMount } from 'cdk8s-plus-28';
import { declaredPorts, extraContainerErrors, renderExtraContainer } from './extra-containers';
import { ContainerMounts, ModelPaths, PodMounts, podMountErrors, renderMounts, renderVolumes, sharedMemoryErrors, sharedMemoryMount, sharedMemoryVolume } from './volumes';
import type * as l1 from '../../imports/kserve-inferenceservice-serving.kserve.io';
import { KServeVersion } from '../kserve-version';
import { needsRelease } from './releases';
import { TRANSFORMER_CONTAINER_NAME } from '../pod-names';
import { VolumeDevice } from '../volume-device';

/** The component options this file reads. */
export interface PodExtrasOptions {
  readonly volumeMounts?: VolumeMount[];
  readonly volumeDevices?: VolumeDevice[];
  readonly sharedMemory?: Size;
  readonly extraContainers?: ContainerProps[];
  readonly initContainers?: ContainerProps[];
}

/** Where a component's pod extras render and are checked. */
export interface PodExtrasContext {
  /** `predictor`, `transformer` or `explainer`. */
  readonly component: string;
  readonly knative: boolean;
  readonly version: KServeVersion;
  /** The main container is a predictor `model` (a runtime's container) rather than a custom container. */
  readonly model: boolean;
  /** The main container declares a port (a runtime's container always does). */
  readonly mainPort: boolean;
  /** KServe downloads a model into the pod and mounts it into the main (and collocated transformer) container. */
  readonly downloadsModel: boolean;
  /** Where KServe mounts the model, when not the single-URI paths (the component's `storageUris`). @default - the single-URI paths */
  readonly modelPaths?: ModelPaths;
  /** The main container's name. @default 'kserve-container' */
  readonly mainContainer?: string;
  /** The name of `sharedMemory`'s volume. @default SHARED_MEMORY_VOLUME_NAME */
  readonly sharedMemoryVolume?: string;
}

/** The rendered extras: the main container's mounts, the extra and init containers, and the pod's volumes. */
export interface RenderedPodExtras {
  readonly mainMounts?: l1.InferenceServiceSpecPredictorContainersVolumeMounts[];
  readonly containers: l1.InferenceServiceSpecPredictorContainers[];
  readonly initContainers?: l1.InferenceServiceSpecPredictorInitContainers[];
  readonly volumes?: l1.InferenceServiceSpecPredictorVolumes[];
}

export function renderPodExtras(o: PodExtrasOptions, ctx: PodExtrasContext): RenderedPodExtras {
  const mainMounts = [...renderMounts(o.volumeMounts), ...optional(sharedMemoryMount(o.sharedMemory, ctx.sharedMemoryVolume))];
  const extras = list(o.extraContainers);
  const inits = list(o.initContainers);
  return {
    mainMounts: mainMounts.length > 0 ? mainMounts : undefined,
    containers: extras.map(renderExtraContainer),
    // The generated init-container types differ from the container ones only in which probe ports are optional;
    // cdk8s-plus probes always set their port.
    initContainers: inits.length > 0 ? inits.map(renderExtraContainer) as l1.InferenceServiceSpecPredictorInitContainers[] : undefined,
    volumes: renderVolumes(podMounts(o, ctx), sharedMemoryVolume(o.sharedMemory, ctx.sharedMemoryVolume)),
  };
}

/** Problems with the extras, each naming its prop under `field` (`spec.<component>`). */
export function podExtraErrors(o: PodExtrasOptions, ctx: PodExtrasContext, field: string): string[] {
  const errors = [
    ...sharedMemoryErrors(o.sharedMemory, `${field}.sharedMemory`),
    ...extraContainerErrors(o.extraContainers, o.initContainers, { containers: `${field}.extraContainers`, inits: `${field}.initContainers` },
      { component: ctx.component, knative: ctx.knative, blockedEnv: ctx.version._facts.blockedEnv, mainContainer: ctx.mainContainer }),
    ...podMountErrors(podMounts(o, ctx), o.sharedMemory !== undefined),
  ];
  const extras = list(o.extraContainers);
  // Fact modelWithContainers: validateExactlyOneImplementation (component.go) at v0.13.1 counts them as a second implementation.
  if (extras.length > 0 && ctx.model && !ctx.version._facts.modelWithContainers) {
    errors.push(`${field}.extraContainers next to a predictor model ${needsRelease(v => v._facts.modelWithContainers, ctx.version)} `
      + '(before, they count as a second implementation); use a custom container');
  }
  if (ctx.knative && extras.length > 0) {
    // Knative serves one port per revision: with several containers exactly one port is declared across them
    // (validateContainersPorts, knative serving pkg/apis/serving/k8s_validation.go).
    const ports = (ctx.mainPort ? 1 : 0) + extras.reduce((n, c) => n + declaredPorts(c), 0);
    if (ports !== 1) {
      errors.push(`${field}.extraContainers: on Knative exactly one port may be declared across the pod's containers, found ${ports}; `
        + (ctx.model ? "the runtime's container declares the serving port, so extra containers declare none"
          : 'declare the serving port once: container.port, or on the container that receives the traffic (e.g. the collocated transformer)'));
    }
  }
  return errors;
}

function podMounts(o: PodExtrasOptions, ctx: PodExtrasContext): PodMounts {
  const of = (c: ContainerProps, field: string): ContainerMounts => ({
    field: `${field}.volumeMounts`,
    mounts: c.volumeMounts,
    // KServe mounts the model into a collocated transformer too (storage_initializer_injector.go, both tags).
    getsModel: ctx.downloadsModel && ctx.component === 'predictor' && c.name === TRANSFORMER_CONTAINER_NAME,
    privileged: c.securityContext?.privileged ?? false,
  });
  const each = (containers: ContainerProps[] | undefined, field: string) => (containers ?? []).map((c, i) => of(c, `${field}[${i}]`));
  return {
    knative: ctx.knative,
    modelPaths: ctx.modelPaths,
    sharedMemoryVolume: ctx.sharedMemoryVolume,
    containers: [
      {
        field: `spec.${ctx.component}.volumeMounts`,
        mounts: o.volumeMounts,
        getsModel: ctx.downloadsModel,
        devices: { field: `spec.${ctx.component}.volumeDevices`, list: o.volumeDevices },
      },
      ...each(o.extraContainers, `spec.${ctx.component}.extraContainers`),
      ...each(o.initContainers, `spec.${ctx.component}.initContainers`),
    ],
  };
}

function list(containers: ContainerProps[] | undefined): ContainerProps[] {
  return containers ?? [];
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

import { ContainerLifecycle, ContainerPort, ContainerSecurityContextProps, EnvFrom, ImagePullPolicy, Probe } from 'cdk8s-plus-28';
import { ResizePolicy } from './resize-policy';
import { TerminationMessagePolicy } from './termination-message-policy';
import { VolumeDevice } from './volume-device';

/**
 * Fields of a component's main container: the model container (`spec.<component>.model`, which KServe merges
 * onto the ServingRuntime's container) or the custom container (`spec.<component>.containers[0]`).
 *
 * For a model, what is set here overrides the runtime's container field by field (KServe's strategic merge,
 * `MergeRuntimeContainers` in pkg/controller/v1beta1/inferenceservice/utils/utils.go at both tags): lists such as
 * `command` are replaced, `ports` are merged by port number, `securityContext` fields override the runtime's one by one.
 * @category Serving
 */
export interface MainContainerOptions {
  /**
   * The entrypoint of the main container. For a model it replaces the runtime's command; for a custom container
   * give it here or as `container.command`, not both.
   * @default - the runtime's command (model), `container.command` or the image's entrypoint (custom container)
   */
  readonly command?: string[];

  /**
   * The working directory of the main container.
   * @default - the runtime's, or the image's
   */
  readonly workingDir?: string;

  /**
   * The ports the main container declares (`ports`). In Knative mode only one port, named `http1` (HTTP/1) or `h2c`
   * (HTTP/2, needed for gRPC: e.g. Triton with `ProtocolVersion.GRPC_V2` and `{ number: 9000, name: 'h2c' }`), and only
   * TCP. In Standard mode KServe's Service forwards port 80 to the first port and exposes the others on their
   * number. For a custom container this replaces `container.port` (give one or the other).
   * @default - the runtime's ports (model); `container.port`, else 8080 undeclared (custom container)
   */
  readonly ports?: ContainerPort[];

  /**
   * Environment from whole ConfigMaps or Secrets (`envFrom`), e.g. `Env.fromSecret(secret)`.
   * @default - none
   */
  readonly envFrom?: EnvFrom[];

  /**
   * When the kubelet pulls the image (`imagePullPolicy`).
   * @default - Kubernetes' default: `Always` for `:latest`, else `IfNotPresent`
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * When the container may receive traffic (`readinessProbe`). A probe without its own port targets the serving
   * port: the first of `ports`, else `container.port`, else 8080 (custom containers); a model's probe needs
   * `ports` or its own port, since the runtime's port is not known here. Its durations are whole seconds.
   * In Knative mode give `periodSeconds`: Knative reads an unset period as its own fast probing, which rejects
   * `failureThreshold`, and cdk8s-plus always writes it (3, Kubernetes' default); omit the probe for Knative's default one.
   * @default - the runtime's probe (model), Knative's TCP probe in Knative mode, none otherwise
   */
  readonly readinessProbe?: Probe;

  /**
   * When the container is restarted (`livenessProbe`). Same port rules as `readinessProbe`; `successThreshold` must be 1.
   * @default - the runtime's probe (model), none otherwise
   */
  readonly livenessProbe?: Probe;

  /**
   * How long the container may take to start before the other probes run (`startupProbe`). Same port rules as
   * `readinessProbe`; `successThreshold` must be 1. Knative mode accepts it from KServe v0.15 on (the Knative Serving 1.15 its quick install installs).
   * @default - the runtime's probe (model), none otherwise
   */
  readonly startupProbe?: Probe;

  /**
   * Hooks run after the container starts and before it stops (`lifecycle`), e.g. a `preStop` sleep so in-flight
   * requests drain. Standard mode only: Knative does not accept `lifecycle` on the serving container.
   * @default - none
   */
  readonly lifecycle?: ContainerLifecycle;

  /**
   * Security settings of the main container (`securityContext`). Only the fields given are written: the
   * defaults documented on cdk8s-plus' `ContainerSecurityContextProps` (user 25000, non-root, read-only root
   * filesystem) do NOT apply here, as they would break most serving images. Set `ensureNonRoot`,
   * `readOnlyRootFilesystem`, `user` / `group` or `capabilities: { drop: [Capability.ALL] }` to harden further.
   *
   * A model container gets no defaults: the ServingRuntime owns its container's security, and fields given here
   * override the runtime's one by one. A custom container gets `allowPrivilegeEscalation: false` and
   * `seccompProfile: RuntimeDefault` unless you give other values for them.
   * @default - model: the runtime's; custom container: `{ allowPrivilegeEscalation: false, seccompProfile: { type: RuntimeDefault } }`
   */
  readonly securityContext?: ContainerSecurityContextProps;

  /**
   * Where the container writes its termination message (`terminationMessagePath`, an absolute file path), which
   * Kubernetes shows in the pod's status when the container stops.
   * @default - Kubernetes' default (`/dev/termination-log`)
   */
  readonly terminationMessagePath?: string;

  /**
   * Where Kubernetes takes the termination message from (`terminationMessagePolicy`): the file only, or the end of
   * the log when the file is empty and the container failed (useful for servers that never write the file).
   * @default - Kubernetes' default (`TerminationMessagePolicy.FILE`)
   */
  readonly terminationMessagePolicy?: TerminationMessagePolicy;

  /**
   * Raw block devices from persistent volume claims (`volumeDevices`), e.g.
   * `[{ volume: Volume.fromPersistentVolumeClaim(this, 'raw', claim), path: '/dev/xvda' }]`; each Volume is added
   * to the pod's volumes. Standard mode only: Knative does not accept `volumeDevices` on the serving container
   * (ContainerMask, fieldmask.go).
   * @default - none
   */
  readonly volumeDevices?: VolumeDevice[];

  /**
   * Whether an in-place CPU or memory resize restarts the main container (`resizePolicy`). Standard mode only:
   * Knative does not accept `resizePolicy` on the serving container (ContainerMask, fieldmask.go). Kubernetes
   * resizes pods in place with the InPlacePodVerticalScaling feature (on by default from 1.33).
   * @default - Kubernetes' default (NotRequired for both)
   */
  readonly resizePolicy?: ResizePolicy;
}

/**
 * What the kubelet does to a container when its CPU or memory is resized in place (`resizePolicy[].restartPolicy`).
 * @category Serving
 */
export enum ResizeRestartPolicy {
  /** Apply the new amount to the running container (Kubernetes' default). */
  NOT_REQUIRED = 'NotRequired',
  /** Restart the container with the new amount, e.g. for a server that sizes its memory pool at start. */
  RESTART_CONTAINER = 'RestartContainer',
}

/**
 * How the main container takes an in-place resize of each resource (`resizePolicy`, Kubernetes Container): one
 * entry per resource given, rendered as `{ resourceName, restartPolicy }`.
 * @category Serving
 */
export interface ResizePolicy {
  /**
   * What a CPU resize does.
   * @default - Kubernetes' default (NotRequired)
   */
  readonly cpu?: ResizeRestartPolicy;

  /**
   * What a memory resize does.
   * @default - Kubernetes' default (NotRequired)
   */
  readonly memory?: ResizeRestartPolicy;
}

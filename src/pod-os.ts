/**
 * The operating system of a component's pods (`os.name`, Kubernetes PodSpec). Kubernetes then checks the pod's
 * fields against it (core validation) and the scheduler may place the pods by it.
 * @category Serving
 */
export enum PodOs {
  /** Linux containers (what KServe's runtimes, storage initializer and agent are built for). */
  LINUX = 'linux',
  /** Windows containers: only a custom container that KServe adds nothing to (see the `os` prop). */
  WINDOWS = 'windows',
}

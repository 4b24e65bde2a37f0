import { ProtocolVersion } from './protocol-version';
import { StorageUri } from './storage-uri';

/**
 * Your own serving container, used instead of a `Model` (predictor) or as a transformer or
 * explainer. KServe runs it as the component's `kserve-container`.
 * @category Serving
 */
export interface CustomContainer {
  /**
   * The container image, pinned with a tag or digest (`registry/repo:1.2.3`, `repo@sha256:...`).
   * `latest` and untagged images are rejected: they make rollouts unreproducible.
   */
  readonly image: string;

  /**
   * The entrypoint. The component's `command` says the same; give one of them.
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * The HTTP port the server listens on, declared as `http1`. For another name (`h2c` for gRPC), a protocol or
   * several ports use the component's `ports` instead; giving both is an error.
   * @default 8080 (KServe's default model server port)
   */
  readonly port?: number;

  /**
   * The port the server serves Prometheus metrics on, written as the component's pod annotation
   * `prometheus.kserve.io/port`, which KServe's metric aggregation (qpext) scrapes. Monitors of
   * `MetricsSource.MODEL` scrape it too, and refuse a custom container that declares none: its server is unknown.
   * @default - none declared: KServe's aggregation assumes 8080, and MODEL monitors are refused
   */
  readonly metricsPort?: number;

  /**
   * The HTTP path of the Prometheus metrics (`prometheus.kserve.io/path`), starting with `/`; needs `metricsPort`.
   * @default - not written: '/metrics', KServe's default
   */
  readonly metricsPath?: string;

  /**
   * The inference protocol the server speaks, passed as the `PROTOCOL` env var KServe reads.
   * @default - not set; KServe treats the server as V1
   */
  readonly protocolVersion?: ProtocolVersion;

  /**
   * A model or artifact for KServe's storage initializer to download to `/mnt/models` before the
   * container starts (passed as the `STORAGE_URI` env var, which KServe reads on every component).
   * @default - nothing is downloaded
   */
  readonly storageUri?: StorageUri;
}

/** The container name KServe expects for the main container of a component. */
export const KSERVE_CONTAINER_NAME = 'kserve-container';

/** Name of the port declared for a custom container (Knative accepts only `http1` or `h2c`). */
export const CUSTOM_CONTAINER_PORT_NAME = 'http1';

/** Ports Knative's webhook reserves for the queue-proxy and profiling (serving's k8s_validation.go `reservedPorts`). */
export const KNATIVE_RESERVED_PORTS = [8008, 8012, 8013, 8022, 9090, 9091];

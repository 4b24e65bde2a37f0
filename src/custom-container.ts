import { ProtocolVersion } from './protocol-version';
import { StorageUri } from './storage-uri';

/**
 * Your own serving container, used instead of a `Model` (predictor) or as a transformer or
 * explainer. KServe runs it as the component's `kserve-container`.
 */
export interface CustomContainer {
  /**
   * The container image, pinned with a tag or digest (`registry/repo:1.2.3`, `repo@sha256:...`).
   * `latest` and untagged images are rejected: they make rollouts unreproducible.
   */
  readonly image: string;

  /**
   * The entrypoint.
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * The HTTP port the server listens on.
   * @default 8080 (KServe's default model server port)
   */
  readonly port?: number;

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

/** Problems with a custom container's image reference. */
export function validateImage(image: string, field: string): string[] {
  // registry[:port]/path[:tag][@digest]
  const ref = /^((?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._/-][a-z0-9]+)*)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/.exec(image);
  if (!ref) {
    return [`${field} '${image}' is not a valid image reference ([registry/]repository:tag or @sha256:digest)`];
  }
  const [, , tag, digest] = ref;
  if (!tag && !digest) {
    return [`${field} '${image}' has no tag or digest (that means 'latest'); pin a version such as '${image}:1.0.0'`];
  }
  if (tag === 'latest' && !digest) {
    return [`${field} '${image}' uses the 'latest' tag; pin a version tag or a digest`];
  }
  return [];
}

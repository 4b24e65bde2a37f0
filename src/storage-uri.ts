import { KServeVersion } from './kserve-version';
import { firstRelease, minorName, needsRelease } from './private/releases';
import { guardMethods, recordProblems, registerStandIn } from './private/shape';
import { DNS1123_SUBDOMAIN_NAME, parseImageReference } from './private/validation';

/**
 * Where a model is stored: the kind of location a `StorageUri` points at.
 * @category Storage
 */
export enum StorageScheme {
  /** Amazon S3 or an S3-compatible store such as MinIO (`s3://bucket/path`). */
  S3 = 's3',
  /** Google Cloud Storage (`gs://bucket/path`). */
  GCS = 'gs',
  /** Azure Blob Storage (`https://<account>.blob.core.windows.net/<container>/<path>`). */
  AZURE_BLOB = 'azure-blob',
  /** An Azure Files share (`https://<account>.file.core.windows.net/<share>/<path>`). */
  AZURE_FILE = 'azure-file',
  /** A file on a plain HTTP server (`http://host/path`). */
  HTTP = 'http',
  /** A file on an HTTPS server (`https://host/path`). */
  HTTPS = 'https',
  /** A PersistentVolumeClaim in the service's namespace (`pvc://<claim>/<path>`). */
  PVC = 'pvc',
  /** A Hugging Face Hub repository (`hf://<owner>/<repo>[:<revision>]`, KServe v0.14+). */
  HUGGING_FACE = 'hf',
  /** An OCI image holding the model, run as a "modelcar" (`oci://<registry>/<repository>:<tag>`). */
  OCI = 'oci',
  /**
   * An OCI image holding the model, mounted as a Kubernetes image volume instead of a modelcar
   * (`oci+native://<registry>/<repository>:<tag>`, KServe v0.20+; the cluster needs the ImageVolume feature).
   */
  OCI_NATIVE = 'oci+native',
  /** A path on the storage initializer's own file system (`file:///<path>`). */
  FILE = 'file',
  /** A path in HDFS (`hdfs://<path>`); the name node and Kerberos settings come from a storage-config entry. */
  HDFS = 'hdfs',
  /** A path in HDFS over WebHDFS (`webhdfs://<path>`); settings as for `HDFS`. */
  WEBHDFS = 'webhdfs',
}

/** `(KServe v0.14+)`: the first release whose storage initializer downloads from `scheme`. */
const since = (scheme: string) => `(KServe ${minorName(firstRelease(v => v._facts.storageSchemes.includes(scheme)))}+)`;

const ALLOWED_FORMS = [
  's3://<bucket>/<path>',
  'gs://<bucket>/<path>',
  'https://<account>.blob.core.windows.net/<container>/<path>',
  'https://<account>.file.core.windows.net/<share>/<path>',
  'http(s)://<host>/<path>',
  'pvc://<claim>/<path>',
  `hf://<owner>/<repo>[:<revision>] ${since('hf')}`,
  'oci://<registry>/<repository>:<tag> or @sha256:<digest>',
  `oci+native://<registry>/<repository>:<tag> or @sha256:<digest> ${since('oci+native')}`,
  'file:///<path>',
  'hdfs://<path>',
  'webhdfs://<path>',
];

// Bucket names as S3 and GCS accept them (lower case, digits, '.', '-', '_' for GCS).
const BUCKET = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
// Azure storage account names: 3-24 lower-case letters and digits.
const AZURE_ACCOUNT = /^[a-z0-9]{3,24}$/;
// Azure container names: 3-63 chars, lower case, digits and single hyphens.
const AZURE_CONTAINER = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/;
// PVC names are DNS-1123 subdomains.
const HF_REPO_PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// Same pattern as KServe's Azure blob rule (`pkg/controller/v1beta1/inferenceservice/utils/utils.go`).
const AZURE_BLOB_URI = /^https:\/\/([^./]+)\.blob\.core\.windows\.net\/([^/]+)(?:\/(.*))?$/;
// The storage initializer's Azure Files pattern (`_AZURE_FILE_RE`, python/kserve/kserve/storage/storage.py at v0.13.1,
// python/storage/kserve_storage/kserve_storage.py at v0.20.0); Go accepts it as an https:// URI.
const AZURE_FILE_URI = /^https:\/\/([^./]+)\.file\.core\.windows\.net\/([^/]+)(?:\/(.*))?$/;
// Azure file share names: 3-63 chars, lower case, digits and single hyphens (the same grammar as containers).
const AZURE_SHARE = AZURE_CONTAINER;

/**
 * Properties of a parsed storage location.
 */
interface StorageUriParts {
  readonly uri: string;
  readonly scheme: StorageScheme;
  readonly bucket?: string;
  readonly account?: string;
  readonly host?: string;
  readonly claimName?: string;
  readonly repository?: string;
  readonly revision?: string;
  readonly path: string;
}

/**
 * A validated model location, as KServe's storage initializer understands it.
 *
 * Parse a URI with `StorageUri.parse(...)` or build one with a factory such as
 * `StorageUri.s3('models', 'sklearn/iris')`. Malformed or unsupported URIs are reported at synth, on the
 * construct that uses them, with the allowed forms in the message. The parts (scheme, bucket, claim, path...) are exposed so that
 * credential constructs can check they fit the location.
 *
 * @example
 * const uri = StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model');
 * // uri.scheme is StorageScheme.GCS, uri.bucket 'kfserving-examples', uri.path 'models/sklearn/1.0/model'
 * new InferenceService(chart, 'sklearn-iris', { predictor: { model: Model.sklearn(uri) } });
 * @category Storage
 */
export class StorageUri {
  /**
   * Parses and validates a storage URI.
   *
   * Accepted forms: `s3://`, `gs://`, Azure Blob `https://<account>.blob.core.windows.net/...`, Azure Files
   * `https://<account>.file.core.windows.net/...`, `http(s)://`, `pvc://`, `hf://`, `oci://`, `oci+native://`,
   * `file://`, `hdfs://` and `webhdfs://` (see `StorageScheme`; which ones a KServe release accepts is checked at synth).
   * A malformed URI, or one whose scheme KServe does not download from, is reported at synth by the construct that
   * uses it, with the allowed forms.
   *
   * @example
   * // A URI as a model registry or a pipeline hands it over.
   * const uri = StorageUri.parse('s3://ml-models/xgboost/churn/v3');
   * new InferenceService(chart, 'churn', {
   *   predictor: {
   *     model: Model.xgboost(uri),
   *     storageCredentials: ModelStorageSecret.s3(chart, 's3-credentials', { source: SecretSource.fromSecretName('ml-models-s3') }),
   *   },
   * });
   */
  public static parse(uri: string): StorageUri {
    try {
      return new StorageUri(parseUri(uri));
    } catch (e) {
      // A malformed URI still gives a value: it records the problem, and the construct using it reports it at synth.
      return recordProblems(new StorageUri({ uri: String(uri), scheme: StorageScheme.S3, path: '' }), [(e as Error).message]);
    }
  }

  /**
   * An object in Amazon S3 or an S3-compatible store.
   *
   * @example
   * new InferenceService(chart, 'churn', {
   *   predictor: {
   *     model: Model.xgboost(StorageUri.s3('ml-models', 'xgboost/churn/v3')),
   *     storageCredentials: ModelStorageSecret.s3(chart, 's3-credentials', {
   *       source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/models-s3' }),
   *       region: 'eu-west-1',
   *     }),
   *   },
   * });
   */
  public static s3(bucket: string, path: string): StorageUri {
    return StorageUri.parse(`s3://${bucket}/${trimSlashes(path)}`);
  }

  /**
   * An object in Google Cloud Storage.
   *
   * @example
   * const model = Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model'));
   * new InferenceService(chart, 'sklearn-iris', { predictor: { model } });
   */
  public static gcs(bucket: string, path: string): StorageUri {
    return StorageUri.parse(`gs://${bucket}/${trimSlashes(path)}`);
  }

  /**
   * A blob (or blob prefix) in Azure Blob Storage.
   *
   * @example
   * new InferenceService(chart, 'triton-simple-string', {
   *   predictor: {
   *     model: Model.triton(StorageUri.azureBlob('kfserving', 'triton', 'simple_string')),
   *     storageCredentials: ModelStorageSecret.azure(chart, 'azure-credentials', { source: SecretSource.fromSecretName('azure-sp') }),
   *   },
   * });
   */
  public static azureBlob(account: string, container: string, path: string): StorageUri {
    return StorageUri.parse(`https://${account}.blob.core.windows.net/${container}/${trimSlashes(path)}`);
  }

  /**
   * A directory or file in an Azure Files share.
   *
   * @example
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: {
   *     model: Model.sklearn(StorageUri.azureFile('mlmodels', 'models', 'sklearn/iris')),
   *     storageCredentials: ModelStorageSecret.azure(chart, 'azure-credentials', {
   *       source: SecretSource.fromSecretName('azure-storage-key'),
   *       credentialType: AzureCredentialType.STORAGE_ACCESS_KEY,
   *     }),
   *   },
   * });
   */
  public static azureFile(account: string, share: string, path: string): StorageUri {
    return StorageUri.parse(`https://${account}.file.core.windows.net/${share}/${trimSlashes(path)}`);
  }

  /**
   * A file served over HTTP or HTTPS (the URL's scheme decides which).
   *
   * @example
   * const model = Model.sklearn(StorageUri.url('https://models.example.com/sklearn/iris/model.joblib'));
   * new InferenceService(chart, 'sklearn-iris', { predictor: { model } });
   */
  public static url(url: string): StorageUri {
    return StorageUri.parse(url);
  }

  /**
   * A path inside a PersistentVolumeClaim in the InferenceService's namespace.
   *
   * @example
   * // The claim is in the service's namespace and holds model.joblib at its root.
   * const model = Model.sklearn(StorageUri.pvc('task-pv-claim', 'model.joblib'));
   * new InferenceService(chart, 'sklearn-pvc', { predictor: { model } });
   */
  public static pvc(claimName: string, path: string): StorageUri {
    return StorageUri.parse(`pvc://${claimName}/${trimSlashes(path)}`);
  }

  /**
   * A Hugging Face Hub repository, optionally pinned to a revision (KServe v0.14+).
   * @param repository `<owner>/<repo>`
   * @param revision a branch, tag or commit hash
   *
   * @example
   * new InferenceService(chart, 'llama', {
   *   predictor: {
   *     model: Model.huggingface(StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct', '0e9e39f249a16976918f6564b8830bc894c89659')),
   *     storageCredentials: ModelStorageSecret.huggingFace(chart, 'hf-token', { source: SecretSource.fromSecretName('hf-token') }),
   *     resources: { memory: { request: Size.gibibytes(24), limit: Size.gibibytes(24) } },
   *     extendedResources: [ExtendedResource.nvidiaGpu(1)],
   *   },
   * });
   */
  public static huggingFace(repository: string, revision?: string): StorageUri {
    return StorageUri.parse(`hf://${repository}${revision ? `:${revision}` : ''}`);
  }

  /**
   * An OCI image that contains the model (KServe "modelcar").
   * @param imageReference `<registry>/<repository>:<tag>` or `<registry>/<repository>@sha256:<digest>`
   *
   * @example
   * const model = Model.sklearn(StorageUri.oci('quay.io/ml-team/sklearn-iris-model:1.0.0'));
   * new InferenceService(chart, 'sklearn-iris', { predictor: { model } });
   */
  public static oci(imageReference: string): StorageUri {
    return StorageUri.parse(`oci://${imageReference}`);
  }

  /**
   * An OCI image that contains the model, mounted as a Kubernetes image volume (`oci+native://`, KServe v0.20+).
   * The cluster needs the ImageVolume feature (beta from Kubernetes 1.33).
   * @param imageReference `<registry>/<repository>:<tag>` or `<registry>/<repository>@sha256:<digest>`
   *
   * @example
   * // Needs nodes with the ImageVolume feature; the image is mounted read-only, without a modelcar.
   * const model = Model.sklearn(StorageUri.ociNative('quay.io/ml-team/sklearn-iris-model:1.0.0'));
   * new InferenceService(chart, 'sklearn-iris', { predictor: { model } });
   */
  public static ociNative(imageReference: string): StorageUri {
    return StorageUri.parse(`oci+native://${imageReference}`);
  }

  /**
   * A path on the storage initializer's file system (`file://`), for example a volume mounted into it.
   * @param path an absolute path, such as `/mnt/shared/models/iris`
   *
   * @example
   * const model = Model.sklearn(StorageUri.file('/mnt/shared/models/iris'));
   * new InferenceService(chart, 'sklearn-iris', { predictor: { model } });
   */
  public static file(path: string): StorageUri {
    return StorageUri.parse(`file://${path}`);
  }

  /**
   * A path in HDFS (`hdfs://`). The name node, user and Kerberos or TLS settings come from `ModelStorageSecret.hdfs`
   * credentials, or from the cluster's `storage-config` Secret (an entry of type `hdfs`).
   *
   * @example
   * // `type: 'hdfs'` makes the storage initializer read the `default_hdfs` entry of the storage-config Secret.
   * const storage = ModelStorage.uri(StorageUri.hdfs('user/ml/models/sklearn/iris'), { parameters: { type: 'hdfs' } });
   * new InferenceService(chart, 'sklearn-iris', { predictor: { model: Model.sklearn(storage) } });
   */
  public static hdfs(path: string): StorageUri {
    return StorageUri.parse(`hdfs://${trimSlashes(path)}`);
  }

  /**
   * A path in HDFS read over WebHDFS (`webhdfs://`); settings as for `hdfs`.
   *
   * @example
   * // `type: 'webhdfs'` makes the storage initializer read the `default_webhdfs` entry of the storage-config Secret.
   * const storage = ModelStorage.uri(StorageUri.webhdfs('user/ml/models/sklearn/iris'), { parameters: { type: 'webhdfs' } });
   * new InferenceService(chart, 'sklearn-iris', { predictor: { model: Model.sklearn(storage) } });
   */
  public static webhdfs(path: string): StorageUri {
    return StorageUri.parse(`webhdfs://${trimSlashes(path)}`);
  }

  /** The full URI, as written into `storageUri`. */
  public readonly uri: string;
  /** What kind of storage the URI points at. */
  public readonly scheme: StorageScheme;
  /**
   * The S3 / GCS bucket, the Azure container or the Azure file share.
   * @default - undefined for schemes without buckets
   */
  public readonly bucket?: string;
  /**
   * The Azure storage account.
   * @default - undefined unless the scheme is AZURE_BLOB or AZURE_FILE
   */
  public readonly account?: string;
  /**
   * The host of an HTTP(S) URL or the registry of an OCI reference.
   * @default - undefined for other schemes
   */
  public readonly host?: string;
  /**
   * The PersistentVolumeClaim name.
   * @default - undefined unless the scheme is PVC
   */
  public readonly claimName?: string;
  /**
   * The Hugging Face repository (`owner/repo`) or the OCI repository.
   * @default - undefined for other schemes
   */
  public readonly repository?: string;
  /**
   * The Hugging Face revision, or the OCI tag or digest.
   * @default - undefined when not pinned
   */
  public readonly revision?: string;
  /** The path inside the bucket, container, claim or host; empty when the URI names the root. */
  public readonly path: string;

  private constructor(parts: StorageUriParts) {
    this.uri = parts.uri;
    this.scheme = parts.scheme;
    this.bucket = parts.bucket;
    this.account = parts.account;
    this.host = parts.host;
    this.claimName = parts.claimName;
    this.repository = parts.repository;
    this.revision = parts.revision;
    this.path = parts.path;
  }

  /** The oldest KServe version whose storage initializer downloads from this scheme. */
  public get minimumVersion(): KServeVersion {
    // The first release whose storage initializer lists the scheme (`ReleaseFacts.storageSchemes`).
    return firstRelease(v => v._facts.storageSchemes.includes(this.scheme));
  }

  /**
   * Why `version` cannot download from this URI (empty when it can), each naming `storageUri`.
   * @internal
   */
  public _validate(version: KServeVersion): string[] {
    return version._facts.storageSchemes.includes(this.scheme) ? []
      : [`storageUri '${this.uri}': the '${this.scheme}://' scheme ${needsRelease(v => v._facts.storageSchemes.includes(this.scheme), version)}`];
  }

  /**
   * The extension of the last path segment (`.onnx`, `.joblib`...), or an empty string when the URI
   * names a directory or a file without extension.
   */
  public get fileExtension(): string {
    const last = this.path.split('/').pop() ?? '';
    const dot = last.lastIndexOf('.');
    return dot > 0 ? last.substring(dot) : '';
  }

  /** The URI. */
  public toString(): string {
    return this.uri;
  }
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '');
}

function malformed(uri: string, why: string): Error {
  // Never echo embedded credentials into synth output or CI logs.
  const shown = uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
  // One line per error at synth: control characters are shown escaped.
  const printable = shown.replace(/[\u0000-\u001f]/g, c => JSON.stringify(c).slice(1, -1));
  return new Error(`Invalid storage URI '${printable}': ${why}. Allowed forms: ${ALLOWED_FORMS.join(', ')}`);
}

function parseUri(uri: string): StorageUriParts {
  if (uri.trim() !== uri || uri.length === 0) {
    throw malformed(uri, 'it must be a non-empty string without surrounding spaces');
  }
  if (/\s/.test(uri)) {
    throw malformed(uri, 'it must not contain whitespace');
  }
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(uri);
  if (!schemeMatch) {
    throw malformed(uri, 'it has no scheme');
  }
  const scheme = schemeMatch[1];
  const rest = schemeMatch[2];
  switch (scheme) {
    case 's3':
    case 'gs': {
      const [bucket, ...path] = rest.split('/');
      if (!BUCKET.test(bucket)) {
        throw malformed(uri, `'${bucket}' is not a valid bucket name (3-222 lower-case letters, digits, '.', '-', '_')`);
      }
      return { uri, scheme: scheme === 's3' ? StorageScheme.S3 : StorageScheme.GCS, bucket, path: trimSlashes(path.join('/')) };
    }
    case 'https':
    case 'http': {
      if (/^[^/]*@/.test(rest)) {
        throw malformed(uri, 'credentials must not be embedded in the URI; use a ModelStorageSecret');
      }
      const azure = AZURE_BLOB_URI.exec(uri);
      if (azure) {
        const [, account, container, path] = azure;
        if (!AZURE_ACCOUNT.test(account)) {
          throw malformed(uri, `'${account}' is not a valid Azure storage account (3-24 lower-case letters and digits)`);
        }
        if (!AZURE_CONTAINER.test(container)) {
          throw malformed(uri, `'${container}' is not a valid Azure container name (3-63 lower-case letters, digits and single '-')`);
        }
        return { uri, scheme: StorageScheme.AZURE_BLOB, account, bucket: container, host: `${account}.blob.core.windows.net`, path: trimSlashes(path ?? '') };
      }
      const azureFile = AZURE_FILE_URI.exec(uri);
      if (azureFile) {
        const [, account, share, path] = azureFile;
        if (!AZURE_ACCOUNT.test(account)) {
          throw malformed(uri, `'${account}' is not a valid Azure storage account (3-24 lower-case letters and digits)`);
        }
        if (!AZURE_SHARE.test(share)) {
          throw malformed(uri, `'${share}' is not a valid Azure file share name (3-63 lower-case letters, digits and single '-')`);
        }
        return { uri, scheme: StorageScheme.AZURE_FILE, account, bucket: share, host: `${account}.file.core.windows.net`, path: trimSlashes(path ?? '') };
      }
      let parsed: URL;
      try {
        parsed = new URL(uri);
      } catch {
        throw malformed(uri, 'it is not a valid URL');
      }
      const path = trimSlashes(parsed.pathname);
      // KServe's default ClusterStorageContainer matches `https?://(.+)/(.+)`: a file path is required.
      if (path.length === 0) {
        throw malformed(uri, 'an HTTP(S) URI must name a file on the server, not just the host');
      }
      return { uri, scheme: scheme === 'https' ? StorageScheme.HTTPS : StorageScheme.HTTP, host: parsed.host, path };
    }
    case 'pvc': {
      const [claimName, ...path] = rest.split('/');
      if (!DNS1123_SUBDOMAIN_NAME.test(claimName)) {
        throw malformed(uri, `'${claimName}' is not a valid PersistentVolumeClaim name (DNS-1123 subdomain)`);
      }
      return { uri, scheme: StorageScheme.PVC, claimName, path: trimSlashes(path.join('/')) };
    }
    case 'hf': {
      const [repository, revision, ...extra] = rest.split(':');
      const parts = repository.split('/');
      if (parts.length !== 2 || !parts.every(p => HF_REPO_PART.test(p)) || extra.length > 0 || revision === '') {
        throw malformed(uri, 'a Hugging Face URI is hf://<owner>/<repo> with an optional :<revision>');
      }
      return { uri, scheme: StorageScheme.HUGGING_FACE, repository, revision, path: '' };
    }
    case 'file':
    case 'hdfs':
    case 'webhdfs': {
      // The storage initializer strips the prefix and reads the rest as a path (storage.py `_download_local`, `_download_hdfs`).
      if (trimSlashes(rest).length === 0) {
        throw malformed(uri, `a ${scheme}:// URI must name a path`);
      }
      const kind = scheme === 'file' ? StorageScheme.FILE : scheme === 'hdfs' ? StorageScheme.HDFS : StorageScheme.WEBHDFS;
      return { uri, scheme: kind, path: trimSlashes(rest) };
    }
    case 'oci':
    case 'oci+native': {
      const ref = parseImageReference(rest);
      if (!ref || !ref.repository.includes('/')) {
        throw malformed(uri, `an OCI URI is ${scheme}://<registry>/<repository>:<tag> or @sha256:<digest>`);
      }
      const { repository: name, tag, digest } = ref;
      if (!tag && !digest) {
        throw malformed(uri, 'pin the model image with a tag or digest; an untagged reference means `latest`');
      }
      if (tag === 'latest' && !digest) {
        throw malformed(uri, 'the `latest` tag is not reproducible; pin a version tag or a digest');
      }
      // Like Docker: the first component is a registry only if it looks like a host; otherwise Docker Hub.
      const [first, ...others] = name.split('/');
      const isRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
      const host = isRegistry ? first : 'docker.io';
      const repository = isRegistry ? others.join('/') : name;
      return { uri, scheme: scheme === 'oci' ? StorageScheme.OCI : StorageScheme.OCI_NATIVE, host, repository, revision: digest ?? tag, path: '' };
    }
    default:
      throw malformed(uri, `the scheme '${scheme}://' is not supported`);
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(StorageUri);
registerStandIn('StorageUri', () => StorageUri.parse('s3://stand-in/model'));

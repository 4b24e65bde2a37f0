import { KServeVersion } from './kserve-version';
import { guardMethods, registerStandIn } from './private/shape';
import { shown } from './private/shown';
import { StorageUri } from './storage-uri';

/**
 * Options of every model storage.
 * @category Storage
 */
export interface ModelStorageOptions {
  /**
   * Settings laid over the `storage-config` entry the model reads (`storage.parameters`), for example
   * `{ region: 'eu-west-1' }`, or `{ type: 's3' }` to read the Secret's `default_s3` entry when the model names no
   * entry. KServe passes them to the storage initializer as they are (STORAGE_OVERRIDE_CONFIG). Credentials do not
   * belong here: they would sit in the InferenceService in plain text.
   * @default - none
   */
  readonly parameters?: Record<string, string>;
}

/**
 * Options of a model given as a path in a `storage-config` entry's storage.
 * @category Storage
 */
export interface ModelStoragePathOptions extends ModelStorageOptions {
  /**
   * The bucket the path is in (`storage.parameters.bucket`), instead of the entry's bucket.
   * @default - the bucket of the `storage-config` entry
   */
  readonly bucket?: string;
}

/**
 * Where a model is and how KServe's storage spec (`model.storage`) reads it: a `storageUri`, or a path in the
 * storage a `storage-config` entry describes (`storage.path`), optionally with `storage.parameters`.
 *
 * The entry itself is `storage.key`, taken from the component's `storageCredentials`
 * (`ModelStorageSecret.storageConfig(...)`); without one KServe reads the Secret's `default` (or
 * `default_<type>`) entry. Pass a plain `StorageUri` to a `Model` factory when no storage spec is needed.
 *
 * @example
 * const storageConfig = ModelStorageSecret.storageConfig(chart, 'storage-config', {
 *   key: 'minio',
 *   bucket: 'ml-models',
 *   endpointUrl: 'http://minio.ml.svc:9000',
 *   source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/minio' }),
 * });
 * new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(ModelStorage.path('sklearn/iris/v2')), storageCredentials: storageConfig },
 * });
 * @category Storage
 */
export class ModelStorage {
  /**
   * A model at `path` in the storage of the `storage-config` entry (`storage.path`). KServe downloads
   * `<type>://<bucket>/<path>`, with the type and bucket from `parameters` if given, else from the entry
   * (CreateStorageSpecSecretEnvs, pkg/credentials/service_account_credentials.go); `storageUri` is not written
   * (KServe accepts only one of the two).
   * @param path the path inside the bucket, for example `sklearn/iris`
   *
   * @example
   * // The Secret `storage-config` already holds the entry `minio` (endpoint and keys).
   * const storageConfig = ModelStorageSecret.storageConfig(chart, 'storage-config', {
   *   key: 'minio',
   *   source: SecretSource.fromSecretName('storage-config'),
   * });
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: {
   *     model: Model.sklearn(ModelStorage.path('sklearn/iris/v2', { bucket: 'ml-models' })),
   *     storageCredentials: storageConfig,
   *   },
   * });
   */
  public static path(path: string, options: ModelStoragePathOptions = {}): ModelStorage {
    return new ModelStorage(undefined, path, options.parameters, options.bucket);
  }

  /**
   * A model at `uri` (`storageUri`) whose download settings come from a `storage-config` entry, with
   * `parameters` laid over it (`storage.parameters`).
   *
   * @example
   * const storageConfig = ModelStorageSecret.storageConfig(chart, 'storage-config', {
   *   key: 'models-s3',
   *   source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/models-s3' }),
   * });
   * const storage = ModelStorage.uri(StorageUri.s3('ml-models', 'sklearn/iris/v2'), { parameters: { region: 'eu-west-1' } });
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(storage), storageCredentials: storageConfig },
   * });
   */
  public static uri(uri: StorageUri, options: ModelStorageOptions = {}): ModelStorage {
    return new ModelStorage(uri, undefined, options.parameters, undefined);
  }

  /**
   * KServe v0.16+: the model's files are the component's `storageUris` (a `StorageMount` list, each source at its
   * own path, by default `/mnt/models`); the model itself writes neither `storageUri` nor `storage`. KServe accepts a
   * model with `storageUris` only when the model has no `storageUri` (InvalidStorageUriConfigError,
   * inference_service_validation.go at v0.20.0), so the location is given once, on the component.
   *
   * @example
   * // A base model and a LoRA adapter, each downloaded to its own directory.
   * new InferenceService(chart, 'llama-support', {
   *   predictor: {
   *     model: Model.huggingface(ModelStorage.fromStorageUris()),
   *     storageUris: [
   *       { uri: StorageUri.gcs('ml-models', 'llama-3.1-8b-instruct'), mountPath: '/mnt/models/base' },
   *       { uri: StorageUri.gcs('ml-adapters', 'llama-3.1-8b/support-v2'), mountPath: '/mnt/models/support' },
   *     ],
   *     extendedResources: [ExtendedResource.nvidiaGpu(1)],
   *   },
   * });
   */
  public static fromStorageUris(): ModelStorage {
    return new ModelStorage(undefined, undefined, undefined, undefined, true);
  }

  /**
   * Where the model is, when it is given as a URI.
   * @default - undefined for `ModelStorage.path`
   */
  public readonly storageUri?: StorageUri;
  /**
   * The path in the entry's storage (`storage.path`).
   * @default - undefined for `ModelStorage.uri`
   */
  public readonly path?: string;
  /** Whether the model's files are the component's `storageUris` (`ModelStorage.fromStorageUris()`). */
  public readonly inStorageUris: boolean;

  private constructor(
    storageUri: StorageUri | undefined,
    path: string | undefined,
    private readonly givenParameters: Record<string, string> | undefined,
    private readonly bucket: string | undefined,
    inStorageUris = false,
  ) {
    this.storageUri = storageUri;
    this.path = path;
    this.inStorageUris = inStorageUris;
  }

  /**
   * The `storage.parameters` written: the given parameters plus the `bucket` option.
   * @default - none
   */
  public get parameters(): Record<string, string> | undefined {
    if (this.bucket === undefined) return this.givenParameters;
    return { ...this.givenParameters, bucket: this.bucket };
  }

  /** Whether the model needs KServe's storage spec (`model.storage`): a path or parameters. */
  public get usesStorageSpec(): boolean {
    return this.path !== undefined || this.parameters !== undefined;
  }

  /** The location, for messages and diagrams: the URI, `storage.path <path>`, or `storageUris`. */
  public toString(): string {
    return this.storageUri?.uri ?? (this.inStorageUris ? 'storageUris' : `storage.path ${this.path}`);
  }

  /**
   * The `storage` spec of the model with the entry `key`, or undefined when there is nothing to write.
   * @internal
   */
  public _render(key: string | undefined): { key?: string; path?: string; parameters?: Record<string, string> } | undefined {
    const parameters = this.parameters;
    return key === undefined && this.path === undefined && parameters === undefined ? undefined : { key, path: this.path, parameters };
  }

  /**
   * Problems with the storage on `version`, each naming its field (`storageUri` or `storage.<field>`).
   * @internal
   */
  public _validate(version: KServeVersion): string[] {
    const errors: string[] = [...this.storageUri?._validate(version) ?? []];
    // Our own rule: KServe takes an empty bucket for none and silently falls back to the entry's (service_account_credentials.go).
    if (this.bucket === '') {
      errors.push(`storage.parameters.bucket (the bucket option) must be a non-empty string, got ${JSON.stringify(this.bucket)}`);
    }
    errors.push(...this.parameterErrors());
    return errors;
  }

  private parameterErrors(): string[] {
    const given = this.givenParameters;
    if (given === undefined) return [];
    const errors: string[] = [];
    for (const key of Object.keys(given)) {
      // Our own safety rule: secret values never reach the YAML (see ModelStorageSecret); parameters would carry them in
      // plain text into the InferenceService, its status and every `kubectl get -o yaml`.
      if (SECRET_PARAMETERS.includes(key)) {
        errors.push(`storage.parameters['${key}'] is a credential and would be written in plain text; keep it in the storage-config entry`);
      }
    }
    // The storage spec types KServe knows (SupportedStorageSpecTypes, pkg/credentials/service_account_credentials.go, and
    // validateStorageSpec, pkg/apis/serving/v1beta1/component.go, both tags); the storage initializer applies entry settings
    // only for these (storage.py `_update_with_storage_spec`).
    const type = given.type;
    if (type !== undefined && !STORAGE_SPEC_TYPES.includes(type)) {
      errors.push(`storage.parameters type ${shown(type)} is not a storage spec type; use one of ${STORAGE_SPEC_TYPES.map(t => `'${t}'`).join(', ')}`);
    }
    if (this.bucket !== undefined && given.bucket !== undefined) {
      errors.push(`storage: the bucket option ('${this.bucket}') and parameters.bucket (${shown(given.bucket)}) both set the bucket; give one`);
    }
    // KServe reads parameters.bucket only to build the URI of a storage.path (service_account_credentials.go); with a storageUri it has no effect.
    if (this.storageUri !== undefined && given.bucket !== undefined) {
      errors.push(`storage.parameters.bucket ${shown(given.bucket)} has no effect with a storageUri (KServe uses the URI's bucket); `
        + 'remove it, or give the model as ModelStorage.path(...)');
    }
    return errors;
  }
}

/** Entry keys holding credentials: S3 (storage.py `_update_with_storage_spec`) and HDFS files (`_HDFS_FILE_SECRETS`). */
const SECRET_PARAMETERS = ['access_key_id', 'secret_access_key', 'KERBEROS_KEYTAB', 'TLS_KEY'];

const STORAGE_SPEC_TYPES = ['s3', 'hdfs', 'webhdfs'];

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(ModelStorage);
registerStandIn('ModelStorage', () => ModelStorage.path('model'));

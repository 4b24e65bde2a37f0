import { Duration } from 'cdk8s';
import { ISecret } from 'cdk8s-plus-28';
import { guardMethods, registerStandIn } from './private/shape';

/**
 * The kind of secret store an ExternalSecret reads from.
 * @category Storage
 */
export enum SecretStoreKind {
  /** A namespaced `SecretStore` in the Secret's namespace. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide `ClusterSecretStore`. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/**
 * How the credential values reach the cluster.
 * @category Storage
 */
export enum SecretSourceKind {
  /** A Secret that already exists; only the wiring is emitted. */
  EXISTING = 'existing',
  /** An external-secrets.io `ExternalSecret` materializes the Secret from a secret store. */
  EXTERNAL_SECRET = 'external-secret',
  /** Values given in code are written into the YAML (explicit opt-in). */
  PLAINTEXT = 'plaintext',
  /** Values read from the environment at synth are written into the YAML (explicit opt-in). */
  ENVIRONMENT = 'environment',
}

/**
 * Options of `SecretSource.externalSecret`.
 * @category Storage
 */
export interface ExternalSecretSourceOptions {
  /** Name of the SecretStore (or ClusterSecretStore) holding the credentials. */
  readonly store: string;

  /**
   * Whether `store` names a namespaced SecretStore or a ClusterSecretStore.
   * @default SecretStoreKind.SECRET_STORE
   */
  readonly storeKind?: SecretStoreKind;

  /** The key (path) of the secret in the store, e.g. `ml/minio`. */
  readonly remoteKey: string;

  /**
   * Which property of the remote secret fills each key KServe reads, e.g.
   * `{ AWS_ACCESS_KEY_ID: 'access_key', AWS_SECRET_ACCESS_KEY: 'secret_key' }`.
   * @default - each key is read from the property of the same name
   */
  readonly properties?: Record<string, string>;

  /**
   * How often external-secrets refreshes the Secret from the store.
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
}

/**
 * Where the values of a `ModelStorageSecret` come from.
 *
 * In order of preference: an existing Secret (`fromSecret`, `fromSecretName`), an
 * `ExternalSecret` filled from the team's secret store (`externalSecret`), or, as an explicit and
 * loudly named opt-in that puts credentials into the YAML, `unsafePlaintext` and
 * `unsafeFromEnvironment`.
 *
 * @example
 * // The keys stay in Vault; the YAML holds an ExternalSecret that references them.
 * const source = SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/models-s3' });
 * new InferenceService(chart, 'churn', {
 *   predictor: {
 *     model: Model.xgboost(StorageUri.s3('ml-models', 'xgboost/churn/v3')),
 *     storageCredentials: ModelStorageSecret.s3(chart, 's3-credentials', { source }),
 *   },
 * });
 * @category Storage
 */
export class SecretSource {
  /**
   * Use a cdk8s-plus Secret (defined in this app or imported) that holds KServe's key names.
   *
   * @example
   * // A Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, created by another team.
   * const keys = kplus.Secret.fromSecretName(chart, 'models-s3-keys', 'models-s3-keys');
   * const credentials = ModelStorageSecret.s3(chart, 's3-credentials', { source: SecretSource.fromSecret(keys) });
   * new InferenceService(chart, 'churn', {
   *   predictor: { model: Model.xgboost(StorageUri.s3('ml-models', 'xgboost/churn/v3')), storageCredentials: credentials },
   * });
   */
  public static fromSecret(secret: ISecret): SecretSource {
    return new SecretSource(SecretSourceKind.EXISTING, { secret });
  }

  /**
   * Use a Secret that already exists in the namespace and holds KServe's key names.
   *
   * @example
   * // The Secret gcs-sa-key holds the key file gcloud-application-credentials.json.
   * const credentials = ModelStorageSecret.gcs(chart, 'gcs-credentials', { source: SecretSource.fromSecretName('gcs-sa-key') });
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v2')), storageCredentials: credentials },
   * });
   */
  public static fromSecretName(name: string): SecretSource {
    return new SecretSource(SecretSourceKind.EXISTING, { secretName: name });
  }

  /**
   * Materialize the Secret with an external-secrets.io `ExternalSecret` from a secret store:
   * the YAML holds only a reference, never the values.
   *
   * @example
   * const source = SecretSource.externalSecret({
   *   store: 'aws-secrets-manager',
   *   storeKind: SecretStoreKind.CLUSTER_SECRET_STORE,
   *   remoteKey: 'ml/hugging-face',
   *   properties: { HF_TOKEN: 'read_token' },
   *   refreshInterval: Duration.minutes(15),
   * });
   * new InferenceService(chart, 'llama', {
   *   predictor: {
   *     model: Model.huggingface(StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct')),
   *     storageCredentials: ModelStorageSecret.huggingFace(chart, 'hf-token', { source }),
   *   },
   * });
   */
  public static externalSecret(options: ExternalSecretSourceOptions): SecretSource {
    return new SecretSource(SecretSourceKind.EXTERNAL_SECRET, { external: options });
  }

  /**
   * UNSAFE: writes the given values, in plain text, into the synthesized YAML. Use only for
   * throw-away clusters; anyone who can read the manifests can read the credentials.
   * @param values the values keyed by the names KServe reads (e.g. `AWS_ACCESS_KEY_ID`)
   *
   * @example
   * // Local tests only (a throw-away kind cluster with its own MinIO): the keys are written into the YAML.
   * const credentials = ModelStorageSecret.s3(chart, 'minio-credentials', {
   *   source: SecretSource.unsafePlaintext({ AWS_ACCESS_KEY_ID: 'local-test-key', AWS_SECRET_ACCESS_KEY: 'local-test-secret' }),
   *   endpoint: 'minio.ml.svc:9000',
   *   useHttps: false,
   * });
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.s3('ml-models', 'sklearn/iris')), storageCredentials: credentials },
   * });
   */
  public static unsafePlaintext(values: Record<string, string>): SecretSource {
    return new SecretSource(SecretSourceKind.PLAINTEXT, { values });
  }

  /**
   * UNSAFE: reads the values from environment variables at synth and writes them, in plain text,
   * into the synthesized YAML.
   * @param variables the environment variable for each key KServe reads; keys not listed are read
   * from the variable of the same name
   *
   * @example
   * // Local tests only: reads MINIO_ACCESS_KEY and MINIO_SECRET_KEY at synth and writes them into the YAML
   * // (synth reports an error when one is not set). Call it from the chart of a throw-away test cluster.
   * function addLocalTestModel(scope: Construct): InferenceService {
   *   const credentials = ModelStorageSecret.s3(scope, 'minio-credentials', {
   *     source: SecretSource.unsafeFromEnvironment({ AWS_ACCESS_KEY_ID: 'MINIO_ACCESS_KEY', AWS_SECRET_ACCESS_KEY: 'MINIO_SECRET_KEY' }),
   *     endpoint: 'minio.ml.svc:9000',
   *     useHttps: false,
   *   });
   *   return new InferenceService(scope, 'sklearn-iris', {
   *     predictor: { model: Model.sklearn(StorageUri.s3('ml-models', 'sklearn/iris')), storageCredentials: credentials },
   *   });
   * }
   */
  public static unsafeFromEnvironment(variables: Record<string, string> = {}): SecretSource {
    return new SecretSource(SecretSourceKind.ENVIRONMENT, { variables });
  }

  /** @internal */
  public readonly _secret?: ISecret;
  /** @internal */
  public readonly _secretName?: string;
  /** @internal */
  public readonly _external?: ExternalSecretSourceOptions;
  /** @internal */
  public readonly _values?: Record<string, string>;
  /** @internal */
  public readonly _variables?: Record<string, string>;

  private constructor(
    /** How the values reach the cluster. */
    public readonly kind: SecretSourceKind,
    parts: {
      secret?: ISecret;
      secretName?: string;
      external?: ExternalSecretSourceOptions;
      values?: Record<string, string>;
      variables?: Record<string, string>;
    },
  ) {
    this._secret = parts.secret;
    this._secretName = parts.secretName;
    this._external = parts.external;
    this._values = parts.values;
    this._variables = parts.variables;
  }

  /** Whether the credentials end up in the synthesized YAML. */
  public get writesValuesToOutput(): boolean {
    return this.kind === SecretSourceKind.PLAINTEXT || this.kind === SecretSourceKind.ENVIRONMENT;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(SecretSource);
registerStandIn('SecretSource', () => SecretSource.fromSecretName('stand-in'));

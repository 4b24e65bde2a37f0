import { ApiObject, Duration } from 'cdk8s';
import { IServiceAccount, ISecret, k8s, Secret, ServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { KServeVersion } from './kserve-version';
import {
  AwsIrsaProps, AzureCredentialsProps, GcpWorkloadIdentityProps, GcsCredentialsProps, HdfsCredentialsProps, HttpsCredentialsProps,
  HuggingFaceCredentialsProps, ModelStorageSecretOptions, S3CredentialsProps, StorageConfigProps, StorageProvider,
} from './model-storage-props';
import { recordCreatedFrom } from './private/duplicates';
import { emit } from './private/emit';
import { externalSecret } from './private/l1-runtime.generated';
import { writtenNamespace } from './private/references';
import { guardMethods } from './private/shape';
import { shown } from './private/shown';
import {
  AwsIrsa, AzureKeys, GcsKey, GkeWorkloadIdentity, HdfsCredentials, HttpsHeaders, HuggingFaceToken, PlainSecret, S3Keys, SecretTemplate,
  StorageConfigEntry, StorageProviderStrategy, StorageSpecFields,
} from './private/storage-providers';
import { nonEmpty } from './private/util';
import { addValidationOnce, DNS1123_SUBDOMAIN_NAME, durationErrors, namespaceErrors, namespaceOf, secondsString } from './private/validation';
import { SecretSource, SecretSourceKind, SecretStoreKind } from './secret-source';
import { StorageUri } from './storage-uri';

export * from './model-storage-props';

/** What a factory wires besides its provider: where the values come from, and the names. */
type Wiring = ModelStorageSecretOptions & { readonly source?: SecretSource };

/**
 * Credentials for model storage, wired the way KServe's storage initializer reads them: a Secret
 * with KServe's key names (and, for S3, its `serving.kserve.io/s3-*` annotations) listed in the
 * `secrets` of a ServiceAccount that the InferenceService component runs as
 * (`pkg/credentials/service_account_credentials.go`). Keyless cloud identities (AWS IRSA, GKE
 * Workload Identity) are an annotated ServiceAccount and no Secret at all.
 *
 * Pass it as `storageCredentials` of a predictor (or transformer / explainer); several services
 * may share one. Secret values never reach the YAML unless the source is one of the explicit
 * `SecretSource.unsafe*` opt-ins. On the cluster, KServe exposes one of them in plain text: the
 * HTTPS `headers` (see `https`).
 *
 * Escape hatches: `apiObject` (the Secret or ExternalSecret it writes) and `serviceAccountApiObject` (the
 * ServiceAccount it creates); JSON patches apply last and reach the YAML unchanged.
 *
 * @example
 * // MinIO in the cluster; the keys come from Vault through an ExternalSecret.
 * const minio = ModelStorageSecret.s3(chart, 'minio-credentials', {
 *   source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/minio' }),
 *   endpoint: 'minio.ml.svc:9000',
 *   useHttps: false,
 * });
 * new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(StorageUri.s3('ml-models', 'sklearn/iris/v2')), storageCredentials: minio },
 * });
 * @category Storage
 */
export class ModelStorageSecret extends Construct {
  /**
   * Credentials for Amazon S3 or an S3-compatible store such as MinIO.
   *
   * @example
   * const credentials = ModelStorageSecret.s3(chart, 's3-credentials', {
   *   source: SecretSource.externalSecret({
   *     store: 'vault',
   *     remoteKey: 'ml/models-s3',
   *     properties: { AWS_ACCESS_KEY_ID: 'access_key', AWS_SECRET_ACCESS_KEY: 'secret_key' },
   *   }),
   *   region: 'eu-west-1',
   * });
   * new InferenceService(chart, 'churn', {
   *   predictor: { model: Model.xgboost(StorageUri.s3('ml-models', 'xgboost/churn/v3')), storageCredentials: credentials },
   * });
   */
  public static s3(scope: Construct, id: string, props: S3CredentialsProps): ModelStorageSecret {
    const { source, name, namespace, serviceAccount, ...s3 } = props;
    return new ModelStorageSecret(scope, id, new S3Keys(s3), { source, name, namespace, serviceAccount });
  }

  /**
   * Credentials for Google Cloud Storage (a service-account key).
   *
   * @example
   * // The Secret gcs-sa-key holds the key file gcloud-application-credentials.json.
   * const credentials = ModelStorageSecret.gcs(chart, 'gcs-credentials', { source: SecretSource.fromSecretName('gcs-sa-key') });
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v2')), storageCredentials: credentials },
   * });
   */
  public static gcs(scope: Construct, id: string, props: GcsCredentialsProps): ModelStorageSecret {
    return new ModelStorageSecret(scope, id, new GcsKey(), props);
  }

  /**
   * Credentials for Azure Blob Storage (a service principal or a storage access key).
   *
   * @example
   * // A service principal from Azure Key Vault (through a ClusterSecretStore).
   * const credentials = ModelStorageSecret.azure(chart, 'azure-credentials', {
   *   source: SecretSource.externalSecret({
   *     store: 'azure-key-vault',
   *     storeKind: SecretStoreKind.CLUSTER_SECRET_STORE,
   *     remoteKey: 'kserve-model-reader',
   *   }),
   * });
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.azureBlob('mlmodels', 'models', 'sklearn/iris')), storageCredentials: credentials },
   * });
   */
  public static azure(scope: Construct, id: string, props: AzureCredentialsProps): ModelStorageSecret {
    return new ModelStorageSecret(scope, id, new AzureKeys(props.credentialType), props);
  }

  /**
   * Request headers for one HTTP(S) host, as a JSON object (`{"Authorization": "Bearer ..."}`).
   *
   * Not secret on the cluster: KServe copies the `headers` value verbatim into a plain environment variable
   * `<host>-headers` of the storage-initializer container (`pkg/credentials/https/https_secret.go`, both tags),
   * so whoever can read the pods (on v0.20 also the Deployment or Knative Service, where the controller adds
   * that container) reads the token, whatever the source. Give it a token that only reads the models.
   * With an unsafe source, synth checks the value is a JSON object of string values.
   *
   * @example
   * // The Secret models-token holds `headers`: {"Authorization": "Bearer <a read-only token>"}.
   * const credentials = ModelStorageSecret.https(chart, 'models-token', {
   *   host: 'models.example.com',
   *   source: SecretSource.fromSecretName('models-token'),
   * });
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.url('https://models.example.com/sklearn/iris/model.joblib')), storageCredentials: credentials },
   * });
   */
  public static https(scope: Construct, id: string, props: HttpsCredentialsProps): ModelStorageSecret {
    return new ModelStorageSecret(scope, id, new HttpsHeaders(props.host), props);
  }

  /**
   * A Hugging Face Hub token (KServe v0.14+).
   *
   * @example
   * // A gated model: the token comes from Vault.
   * const token = ModelStorageSecret.huggingFace(chart, 'hf-token', {
   *   source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/hugging-face', properties: { HF_TOKEN: 'token' } }),
   * });
   * new InferenceService(chart, 'llama', {
   *   predictor: {
   *     model: Model.huggingface(StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct')),
   *     storageCredentials: token,
   *     extendedResources: [ExtendedResource.nvidiaGpu(1)],
   *   },
   * });
   */
  public static huggingFace(scope: Construct, id: string, props: HuggingFaceCredentialsProps): ModelStorageSecret {
    return new ModelStorageSecret(scope, id, new HuggingFaceToken(), props);
  }

  /**
   * Credentials and client settings for HDFS over WebHDFS (`hdfs://` and `webhdfs://` models). KServe mounts the Secret
   * into the storage initializer, which reads the settings from it; a Kerberos keytab or TLS files come from `source`
   * (a keytab is binary: fetch it with an ExternalSecret, or keep it in an existing Secret).
   *
   * @example
   * // Kerberos: the keytab comes from Vault; the principal and the name node are plain settings.
   * const hdfs = ModelStorageSecret.hdfs(chart, 'hdfs-models', {
   *   nameNode: 'https://namenode.hadoop.svc:9871',
   *   rootPath: '/models',
   *   kerberosPrincipal: 'kserve@EXAMPLE.COM',
   *   source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/hdfs', properties: { KERBEROS_KEYTAB: 'keytab' } }),
   * });
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.hdfs('sklearn/iris')), storageCredentials: hdfs },
   * });
   */
  public static hdfs(scope: Construct, id: string, props: HdfsCredentialsProps): ModelStorageSecret {
    return new ModelStorageSecret(scope, id, new HdfsCredentials(props), props);
  }

  /**
   * An S3 entry of KServe's `storage-config` Secret (the storage-spec mechanism). Models using it get
   * `storage: { key }` instead of a ServiceAccount; the access keys are combined into the entry's JSON
   * by the source (for an ExternalSecret, through its template).
   *
   * @example
   * const storageConfig = ModelStorageSecret.storageConfig(chart, 'storage-config', {
   *   key: 'minio',
   *   bucket: 'ml-models',
   *   endpointUrl: 'http://minio.ml.svc:9000',
   *   region: 'us-east-1',
   *   source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/minio' }),
   * });
   * // The model reads the entry `minio` (`storage.key`) and downloads s3://ml-models/sklearn/iris/v2.
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(ModelStorage.path('sklearn/iris/v2')), storageCredentials: storageConfig },
   * });
   */
  public static storageConfig(scope: Construct, id: string, props: StorageConfigProps): ModelStorageSecret {
    return new ModelStorageSecret(scope, id, new StorageConfigEntry(props), {
      source: props.source,
      // An existing Secret brings its own name.
      name: props.name ?? (props.source?.kind === SecretSourceKind.EXISTING ? undefined : 'storage-config'),
      namespace: props.namespace,
    });
  }

  /**
   * S3 access through AWS IAM Roles for Service Accounts: an annotated ServiceAccount, no Secret.
   * KServe reads the `serving.kserve.io/s3-*` settings from the ServiceAccount in this case.
   *
   * @example
   * const identity = ModelStorageSecret.awsIrsa(chart, 'models-reader', {
   *   roleArn: 'arn:aws:iam::123456789012:role/kserve-models-reader',
   *   region: 'eu-west-1',
   * });
   * new InferenceService(chart, 'churn', {
   *   predictor: { model: Model.xgboost(StorageUri.s3('ml-models', 'xgboost/churn/v3')), storageCredentials: identity },
   * });
   */
  public static awsIrsa(scope: Construct, id: string, props: AwsIrsaProps): ModelStorageSecret {
    const { roleArn, name, namespace, ...s3 } = props;
    return new ModelStorageSecret(scope, id, new AwsIrsa(roleArn, s3), { name, namespace });
  }

  /**
   * GCS access through GKE Workload Identity: an annotated ServiceAccount, no Secret. KServe has
   * no special handling; the storage initializer's Google client picks the identity up from the
   * GKE metadata server.
   *
   * @example
   * const identity = ModelStorageSecret.gcpWorkloadIdentity(chart, 'models-reader', {
   *   // the Google service account kserve-models of the project ml-prod (\u0040 is the at sign)
   *   gcpServiceAccount: 'kserve-models\u0040ml-prod.iam.gserviceaccount.com',
   * });
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('ml-models', 'sklearn/iris/v2')), storageCredentials: identity },
   * });
   */
  public static gcpWorkloadIdentity(scope: Construct, id: string, props: GcpWorkloadIdentityProps): ModelStorageSecret {
    return new ModelStorageSecret(scope, id, new GkeWorkloadIdentity(props.gcpServiceAccount), { name: props.name, namespace: props.namespace });
  }

  /** The storage these credentials open. */
  public readonly provider: StorageProvider;
  /** The name of the Secret (and of the ServiceAccount created for it). */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /**
   * The ServiceAccount that lists the Secret (or carries the cloud identity); components run as it.
   * @default - undefined for `storageConfig` entries, which KServe finds by Secret name
   */
  public readonly serviceAccount?: IServiceAccount;
  /**
   * The `storage-config` entry key models reference as `storage.key`.
   * @default - undefined unless the provider is STORAGE_CONFIG
   */
  public readonly storageKey?: string;
  /**
   * The Secret KServe reads.
   * @default - undefined for keyless cloud identities
   */
  public readonly secret?: ISecret;
  /**
   * Where the values come from.
   * @default - undefined for keyless cloud identities and anonymous S3
   */
  public readonly source?: SecretSource;
  /**
   * Escape hatch to the object that holds or produces the Secret: the Secret (plaintext, environment, anonymous
   * S3, storage-config) or the ExternalSecret. Patches reach the YAML as written.
   * @default - none for an existing Secret or a keyless cloud identity
   */
  public readonly apiObject?: ApiObject;
  /**
   * Escape hatch to the ServiceAccount this construct creates (for example to add an annotation the props do not model).
   * @default - none when you passed your own `serviceAccount`, or for `storageConfig` entries
   */
  public readonly serviceAccountApiObject?: ApiObject;

  private readonly strategy: StorageProviderStrategy;
  private readonly wiring: Wiring;
  private readonly missingVariables: string[] = [];
  /** The values of an unsafe source, as read at construction (undefined for any other source). */
  private readonly values?: Record<string, string>;

  private constructor(scope: Construct, id: string, strategy: StorageProviderStrategy, wiring: Wiring) {
    super(scope, id);
    this.strategy = strategy;
    this.wiring = wiring;
    const source = wiring.source;
    this.provider = strategy.provider;
    this.source = source;
    this.name = source?._secret?.name ?? source?._secretName ?? wiring.name ?? id;
    this.namespace = namespaceOf(this, wiring.namespace);
    this.storageKey = strategy.storageKey;

    if (source?.kind === SecretSourceKind.EXISTING) {
      this.secret = source._secret ?? Secret.fromSecretName(this, 'ExistingSecret', this.name);
    } else {
      this.values = this.plaintextValues(source);
      this.apiObject = source?.kind === SecretSourceKind.EXTERNAL_SECRET
        ? this.renderExternalSecret(source, strategy.externalSecretTemplate())
        : this.renderSecret(strategy.plainSecret(this.values));
      if (this.apiObject) this.secret = Secret.fromSecretName(this, 'SecretRef', this.name);
    }

    if (strategy.usesServiceAccount) {
      if (wiring.serviceAccount) {
        if (this.secret) wiring.serviceAccount.addSecret(this.secret);
        this.serviceAccount = wiring.serviceAccount;
      } else {
        this.serviceAccountApiObject = emit(this, 'ServiceAccount', k8s.KubeServiceAccount, k8s.toJson_KubeServiceAccountProps, {
          metadata: { name: this.name, namespace: wiring.namespace, annotations: strategy.serviceAccountAnnotations() },
          secrets: this.secret ? [{ name: this.secret.name }] : undefined,
          automountServiceAccountToken: false,
        });
        this.serviceAccount = ServiceAccount.fromServiceAccountName(this, 'ServiceAccountRef', this.name);
      }
    }

    addValidationOnce(this, () => this.validate());
  }

  /** Whether the credentials are a keyless cloud identity (no Secret). */
  public get isCloudIdentity(): boolean {
    return this.strategy.isCloudIdentity;
  }

  /**
   * Problems with using these credentials for a model at `uri` in a service of `namespace` on
   * `version`; each names `field`.
   * @internal
   */
  public _validateUse(uri: StorageUri | undefined, namespace: string, version: KServeVersion, field: string): string[] {
    const errors: string[] = [];
    const path = this.node.path;
    // Kubernetes: a pod uses only the ServiceAccount and Secrets of its own namespace. The scheme check is our own
    // safety rule: credentials for another store would be attached and never used.
    if (namespace !== this.namespace) {
      errors.push(`${field}: credentials '${path}' are in namespace '${this.namespace}' but the service is in '${namespace}'; `
        + 'KServe reads the ServiceAccount and Secret from the service\'s namespace');
    }
    if (uri) {
      const expected = this.strategy.schemes;
      if (!expected.includes(uri.scheme)) {
        errors.push(`${field}: ${this.provider} credentials '${path}' cannot open '${uri.uri}' (scheme '${uri.scheme}'); `
          + `they are for ${expected.map(s => `'${s}'`).join(' or ')} storage`);
      } else {
        errors.push(...this.strategy.uriErrors(uri, field, path));
      }
    }
    errors.push(...this.strategy.useErrors({ version, field, path, secretName: this.name, source: this.source }));
    return errors;
  }

  /**
   * Problems with a model's storage spec (`storage.path` / `storage.parameters`) read through these credentials;
   * each names `field`.
   * @internal
   */
  public _validateStorageSpec(spec: StorageSpecFields, field: string): string[] {
    return this.strategy.storageSpecErrors(spec, field, this.source);
  }

  private validate(): string[] {
    const errors: string[] = [];
    // Core validation: Secret names are DNS-1123 subdomains; the ServiceAccount must share the Secret's namespace (as above).
    if (!DNS1123_SUBDOMAIN_NAME.test(this.name)) {
      errors.push(`name ${shown(this.name)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.')`);
    }
    errors.push(...namespaceErrors(this.namespace, 'namespace'));
    errors.push(...this.strategy.errors(this.source));
    if (this.values) errors.push(...this.strategy.valueErrors(this.values));
    errors.push(...this.sourceErrors());
    const serviceAccount = this.wiring.serviceAccount;
    const accountNamespace = writtenNamespace(serviceAccount);
    if (accountNamespace !== undefined && accountNamespace !== this.namespace) {
      errors.push(`serviceAccount '${serviceAccount!.name}' is in namespace '${accountNamespace}', not '${this.namespace}'`);
    }
    return errors;
  }

  /**
   * Problems with the source: the keys it supplies against the provider's (our own safety rule: the keys KServe reads,
   * `secretKeys`, so a typo fails at synth), and its own settings (External Secrets Operator's ExternalSecret fields).
   */
  private sourceErrors(): string[] {
    const errors: string[] = [];
    const source = this.source;
    const keys = this.strategy.secretKeys;
    const provider = this.provider;
    if (source?.kind === SecretSourceKind.PLAINTEXT) {
      const given = Object.keys(source._values ?? {});
      const missing = keys.filter(k => !given.includes(k));
      const unknown = given.filter(k => !keys.includes(k));
      if (missing.length > 0) errors.push(`unsafePlaintext values miss the key(s) ${missing.join(', ')} (required: ${keys.join(', ')})`);
      if (unknown.length > 0) errors.push(`unsafePlaintext values have key(s) KServe does not read for ${provider}: ${unknown.join(', ')} (allowed: ${keys.join(', ')})`);
    }
    if (source?.kind === SecretSourceKind.ENVIRONMENT) {
      const unknown = Object.keys(source._variables ?? {}).filter(k => !keys.includes(k));
      if (unknown.length > 0) errors.push(`unsafeFromEnvironment maps key(s) KServe does not read for ${provider}: ${unknown.join(', ')} (allowed: ${keys.join(', ')})`);
      for (const variable of this.missingVariables) errors.push(`environment variable ${variable} is not set (unsafeFromEnvironment reads it at synth)`);
    }
    if (source?.kind === SecretSourceKind.EXTERNAL_SECRET) {
      const external = source._external!;
      const unknown = Object.keys(external.properties ?? {}).filter(k => !keys.includes(k));
      if (unknown.length > 0) errors.push(`externalSecret properties name key(s) KServe does not read for ${provider}: ${unknown.join(', ')} (allowed: ${keys.join(', ')})`);
      if (!DNS1123_SUBDOMAIN_NAME.test(external.store)) errors.push(`externalSecret store ${shown(external.store)} must be a SecretStore name`);
      if (external.remoteKey.trim() === '') errors.push('externalSecret remoteKey must not be empty');
      // External Secrets parses the interval into a Go duration (metav1.Duration): whole seconds above zero, at most
      // the longest Go duration (durationErrors).
      errors.push(...durationErrors(external.refreshInterval, 'externalSecret refreshInterval'));
    }
    if (source?.kind === SecretSourceKind.EXISTING && this.wiring.name !== undefined && this.wiring.name !== this.name) {
      errors.push(`name '${this.wiring.name}' differs from the existing Secret ${shown(this.name)}; leave 'name' out`);
    }
    // Core validation: a ServiceAccount lists Secrets of its own namespace only, read structurally (references.ts).
    const existing = source?._secret;
    const existingNamespace = writtenNamespace(existing);
    if (existingNamespace !== undefined && existingNamespace !== this.namespace) {
      errors.push(`the existing Secret '${existing!.name}' is in namespace '${existingNamespace}', not '${this.namespace}'`);
    }
    return errors;
  }

  /** The values an unsafe source gives, read once; undefined without a source. */
  private plaintextValues(source: SecretSource | undefined): Record<string, string> | undefined {
    if (source?.kind === SecretSourceKind.PLAINTEXT) {
      return { ...source._values };
    }
    if (source?.kind === SecretSourceKind.ENVIRONMENT) {
      const values: Record<string, string> = {};
      for (const key of this.strategy.secretKeys) {
        const variable = source._variables?.[key] ?? key;
        const value = process.env[variable];
        if (value === undefined || value === '') {
          this.missingVariables.push(variable);
        } else {
          values[key] = value;
        }
      }
      return values;
    }
    return undefined;
  }

  private renderSecret(secret: PlainSecret | undefined): ApiObject | undefined {
    return secret && emit(this, 'Secret', k8s.KubeSecret, k8s.toJson_KubeSecretProps, {
      metadata: { name: this.name, namespace: this.wiring.namespace, annotations: nonEmpty(secret.annotations) },
      stringData: secret.stringData,
    });
  }

  private renderExternalSecret(source: SecretSource, template: SecretTemplate): ApiObject {
    const external = source._external!;
    const object = emit(this, 'ExternalSecret', externalSecret.ExternalSecret, externalSecret.toJson_ExternalSecretProps, {
      metadata: { name: this.name, namespace: this.wiring.namespace },
      spec: {
        secretStoreRef: {
          name: external.store,
          kind: external.storeKind === SecretStoreKind.CLUSTER_SECRET_STORE
            ? externalSecret.ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE
            : externalSecret.ExternalSecretSpecSecretStoreRefKind.SECRET_STORE,
        },
        refreshInterval: secondsString(external.refreshInterval ?? Duration.hours(1)),
        target: {
          name: this.name,
          creationPolicy: externalSecret.ExternalSecretSpecTargetCreationPolicy.OWNER,
          template: {
            engineVersion: externalSecret.ExternalSecretSpecTargetTemplateEngineVersion.V2,
            // Merge keeps the fetched keys and adds the non-secret ones (annotations, https-host);
            // Replace keeps only the templated keys (storage-config JSON).
            mergePolicy: template.mergePolicy,
            type: 'Opaque',
            metadata: nonEmpty(template.annotations) ? { annotations: template.annotations } : undefined,
            data: template.data,
          },
        },
        data: this.strategy.secretKeys.map(key => ({
          secretKey: key,
          remoteRef: { key: external.remoteKey, property: external.properties?.[key] ?? key },
        })),
      },
    });
    // The operator creates the target Secret beside it: a Secret written under that name would fight it.
    recordCreatedFrom(this, object, 'core', 'Secret', this.name);
    return object;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(ModelStorageSecret);

import { ApiObject, Chart, Duration } from 'cdk8s';
import { IServiceAccount, ISecret, k8s, Secret, ServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { KServeVersion } from './kserve-version';
import { emit } from './private/emit';
import { addValidationOnce, DNS1123_LABEL, DNS1123_SUBDOMAIN_NAME, REGION_NAME } from './private/validation';
import { SecretSource, SecretSourceKind, SecretStoreKind } from './secret-source';
import { StorageScheme, StorageUri } from './storage-uri';
import * as eso from '../imports/external-secrets-external-secrets.io';

/** The storage a `ModelStorageSecret` gives access to. */
export enum StorageProvider {
  /** Amazon S3 or an S3-compatible store (MinIO, Ceph...). */
  S3 = 's3',
  /** Google Cloud Storage. */
  GCS = 'gcs',
  /** Azure Blob Storage. */
  AZURE = 'azure',
  /** An HTTP(S) server that needs request headers (e.g. a bearer token). */
  HTTPS = 'https',
  /** The Hugging Face Hub (KServe v0.20+). */
  HUGGING_FACE = 'huggingface',
  /**
   * An entry of KServe's `storage-config` Secret (the storage-spec mechanism, `model.storage.key`);
   * S3-compatible storage.
   */
  STORAGE_CONFIG = 'storage-config',
}

/** How Azure credentials authenticate. */
export enum AzureCredentialType {
  /** A service principal: `AZURE_SUBSCRIPTION_ID`, `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`. */
  SERVICE_PRINCIPAL = 'service-principal',
  /** A storage account access key: `AZURE_STORAGE_ACCESS_KEY`. */
  STORAGE_ACCESS_KEY = 'storage-access-key',
}

/** Options every model storage credential has. */
export interface ModelStorageSecretOptions {
  /**
   * Name of the Secret (and of the ServiceAccount created for it).
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Namespace of the Secret and ServiceAccount; must be the InferenceService's namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * A cdk8s-plus ServiceAccount to list the Secret in (with `addSecret`), instead of a new one.
   * @default - a ServiceAccount named like the Secret is created, with token automounting off
   */
  readonly serviceAccount?: ServiceAccount;
}

/** S3 connection settings KServe reads from `serving.kserve.io/s3-*` annotations (`pkg/credentials/s3/s3_secret.go`). */
export interface S3Settings {
  /**
   * The S3 endpoint, `host[:port]` (e.g. `minio.ml.svc:9000`); a leading `http://` or `https://`
   * is accepted on KServe v0.20+ only.
   * @default - AWS S3 (or the cluster-wide `credentials.s3.s3Endpoint`)
   */
  readonly endpoint?: string;

  /**
   * Whether the endpoint speaks HTTPS (`serving.kserve.io/s3-usehttps`).
   * @default - HTTPS (KServe's default)
   */
  readonly useHttps?: boolean;

  /**
   * The bucket region (`serving.kserve.io/s3-region`).
   * @default - the cluster-wide default region
   */
  readonly region?: string;

  /**
   * Whether to verify the endpoint's TLS certificate (`serving.kserve.io/s3-verifyssl`).
   * @default - verified
   */
  readonly verifySsl?: boolean;

  /**
   * Virtual-host style bucket addressing (`serving.kserve.io/s3-usevirtualbucket`).
   * @default - path style
   */
  readonly useVirtualBucket?: boolean;

  /**
   * S3 Transfer Acceleration (`serving.kserve.io/s3-useaccelerate`).
   * @default - off
   */
  readonly useAccelerate?: boolean;

  /**
   * Path of a CA bundle file for the endpoint (`serving.kserve.io/s3-cabundle`).
   * @default - the system trust store
   */
  readonly caBundle?: string;

  /**
   * Name of a ConfigMap holding the CA bundle, mounted into the storage initializer
   * (`serving.kserve.io/s3-cabundle-configmap`).
   * @default - none
   */
  readonly caBundleConfigMap?: string;
}

/** Props of `ModelStorageSecret.s3`. */
export interface S3CredentialsProps extends ModelStorageSecretOptions, S3Settings {
  /**
   * Where the access key id and secret access key come from.
   * @default - none; then `anonymous` must be true
   */
  readonly source?: SecretSource;

  /**
   * Read a public bucket without credentials (`serving.kserve.io/s3-useanoncredential`).
   * @default false
   */
  readonly anonymous?: boolean;
}

/** Props of `ModelStorageSecret.gcs`. */
export interface GcsCredentialsProps extends ModelStorageSecretOptions {
  /** Where the service-account key JSON (`gcloud-application-credentials.json`) comes from. */
  readonly source: SecretSource;
}

/** Props of `ModelStorageSecret.azure`. */
export interface AzureCredentialsProps extends ModelStorageSecretOptions {
  /** Where the Azure credential values come from. */
  readonly source: SecretSource;

  /**
   * Which kind of Azure credential the source holds.
   * @default AzureCredentialType.SERVICE_PRINCIPAL
   */
  readonly credentialType?: AzureCredentialType;
}

/** Props of `ModelStorageSecret.https`. */
export interface HttpsCredentialsProps extends ModelStorageSecretOptions {
  /**
   * The host the headers are for, without scheme or port (KServe looks the headers up by the
   * URI's hostname).
   */
  readonly host: string;

  /**
   * Where the `headers` value (a JSON object of header names to values) comes from.
   */
  readonly source: SecretSource;
}

/** Props of `ModelStorageSecret.huggingFace`. */
export interface HuggingFaceCredentialsProps extends ModelStorageSecretOptions {
  /** Where the Hugging Face token (`HF_TOKEN`) comes from. */
  readonly source: SecretSource;
}

/**
 * Props of `ModelStorageSecret.storageConfig`: one S3 entry of KServe's `storage-config` Secret, a JSON
 * document per key that the storage initializer reads when a model names it with `storage.key`
 * (`CreateStorageSpecSecretEnvs` in `pkg/credentials/service_account_credentials.go`).
 */
export interface StorageConfigProps {
  /** The entry's key in the Secret; the InferenceService references it as `model.storage.key`. */
  readonly key: string;

  /** The bucket the entry opens (KServe requires it for `s3` entries). */
  readonly bucket: string;

  /**
   * Where the access key id and secret access key (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`) come from.
   * With an existing Secret, it must already hold the entry.
   * @default - none; then `anonymous` must be true
   */
  readonly source?: SecretSource;

  /**
   * Read a public bucket without credentials.
   * @default false
   */
  readonly anonymous?: boolean;

  /**
   * The endpoint URL with scheme, e.g. `http://minio.ml.svc:9000` (`endpoint_url`).
   * @default - AWS S3
   */
  readonly endpointUrl?: string;

  /**
   * The bucket region (`region`).
   * @default - the client's default
   */
  readonly region?: string;

  /**
   * Whether to verify the endpoint's TLS certificate (`verify_ssl`).
   * @default - verified
   */
  readonly verifySsl?: boolean;

  /**
   * Path of a CA bundle file (`ca_bundle`).
   * @default - the system trust store
   */
  readonly caBundle?: string;

  /**
   * Name of the Secret. KServe reads `storage-config` unless the cluster's
   * `credentials.storageSpecSecretName` says otherwise.
   * @default 'storage-config'
   */
  readonly name?: string;

  /**
   * Namespace of the Secret; must be the InferenceService's namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/** Props of `ModelStorageSecret.awsIrsa`. */
export interface AwsIrsaProps extends S3Settings {
  /** The IAM role the pods assume (`eks.amazonaws.com/role-arn`). */
  readonly roleArn: string;

  /**
   * Name of the ServiceAccount.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Namespace of the ServiceAccount.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/** Props of `ModelStorageSecret.gcpWorkloadIdentity`. */
export interface GcpWorkloadIdentityProps {
  /** The Google service account the pods act as (`iam.gke.io/gcp-service-account`). */
  readonly gcpServiceAccount: string;

  /**
   * Name of the ServiceAccount.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Namespace of the ServiceAccount.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

// Secret data keys KServe's credential builder looks for (pkg/credentials/<provider>/*_secret.go, both tags;
// S3 key names as the shipped inferenceservice-config sets them).
const KEYS: Record<string, string[]> = {
  // s3/s3_secret.go BuildSecretEnvs: credentials.s3.s3AccessKeyIDName / s3SecretAccessKeyName of the shipped ConfigMap.
  's3': ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
  // gcs/gcs_secret.go: GCSCredentialFileName, mounted at /var/secrets/.
  'gcs': ['gcloud-application-credentials.json'],
  // azure/azure_secret.go BuildSecretEnvs: v0.13 always references subscription, tenant and client id.
  'azure-service-principal': ['AZURE_SUBSCRIPTION_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'],
  // azure/azure_secret.go BuildStorageAccessKeySecretEnv.
  'azure-storage-access-key': ['AZURE_STORAGE_ACCESS_KEY'],
  // https/https_secret.go: `https-host` (written by us, not secret) + `headers`, a JSON object the storage
  // initializer json.loads and looks up by the URI's hostname.
  'https': ['headers'],
  // hf/hf_secret.go (v0.20 only).
  'huggingface': ['HF_TOKEN'],
};

const S3_ANNOTATION = 'serving.kserve.io/s3-';
const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';
const GKE_WI_ANNOTATION = 'iam.gke.io/gcp-service-account';
const HTTPS_HOST_KEY = 'https-host';

interface Definition {
  readonly provider: StorageProvider;
  readonly requiredKeys: string[];
  readonly literalData?: Record<string, string>;
  readonly s3?: S3Settings & { anonymous?: boolean };
  readonly source?: SecretSource;
  readonly identityAnnotations?: Record<string, string>;
  readonly httpsHost?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly serviceAccount?: ServiceAccount;
  readonly storageConfig?: StorageConfigProps;
}

/**
 * Credentials for model storage, wired the way KServe's storage initializer reads them: a Secret
 * with KServe's key names (and, for S3, its `serving.kserve.io/s3-*` annotations) listed in the
 * `secrets` of a ServiceAccount that the InferenceService component runs as
 * (`pkg/credentials/service_account_credentials.go`). Keyless cloud identities (AWS IRSA, GKE
 * Workload Identity) are an annotated ServiceAccount and no Secret at all.
 *
 * Pass it as `storageCredentials` of a predictor (or transformer / explainer); several services
 * may share one. Secret values never reach the YAML unless the source is one of the explicit
 * `SecretSource.unsafe*` opt-ins.
 */
export class ModelStorageSecret extends Construct {
  /** Credentials for Amazon S3 or an S3-compatible store such as MinIO. */
  public static s3(scope: Construct, id: string, props: S3CredentialsProps): ModelStorageSecret {
    const { source, name, namespace, serviceAccount, ...s3 } = props;
    return new ModelStorageSecret(scope, id, {
      provider: StorageProvider.S3, requiredKeys: source ? KEYS.s3 : [], s3, source, name, namespace, serviceAccount,
    });
  }

  /** Credentials for Google Cloud Storage (a service-account key). */
  public static gcs(scope: Construct, id: string, props: GcsCredentialsProps): ModelStorageSecret {
    return new ModelStorageSecret(scope, id, { provider: StorageProvider.GCS, requiredKeys: KEYS.gcs, ...props });
  }

  /** Credentials for Azure Blob Storage (a service principal or a storage access key). */
  public static azure(scope: Construct, id: string, props: AzureCredentialsProps): ModelStorageSecret {
    const { credentialType, ...rest } = props;
    const keys = credentialType === AzureCredentialType.STORAGE_ACCESS_KEY ? KEYS['azure-storage-access-key'] : KEYS['azure-service-principal'];
    return new ModelStorageSecret(scope, id, { provider: StorageProvider.AZURE, requiredKeys: keys, ...rest });
  }

  /** Request headers for one HTTP(S) host, as a JSON object (`{"Authorization": "Bearer ..."}`). */
  public static https(scope: Construct, id: string, props: HttpsCredentialsProps): ModelStorageSecret {
    const { host, ...rest } = props;
    return new ModelStorageSecret(scope, id, {
      provider: StorageProvider.HTTPS, requiredKeys: KEYS.https, literalData: { [HTTPS_HOST_KEY]: host }, httpsHost: host, ...rest,
    });
  }

  /** A Hugging Face Hub token (KServe v0.20+). */
  public static huggingFace(scope: Construct, id: string, props: HuggingFaceCredentialsProps): ModelStorageSecret {
    return new ModelStorageSecret(scope, id, { provider: StorageProvider.HUGGING_FACE, requiredKeys: KEYS.huggingface, ...props });
  }

  /**
   * An S3 entry of KServe's `storage-config` Secret (the storage-spec mechanism). Models using it get
   * `storage: { key }` instead of a ServiceAccount; the access keys are combined into the entry's JSON
   * by the source (for an ExternalSecret, through its template).
   */
  public static storageConfig(scope: Construct, id: string, props: StorageConfigProps): ModelStorageSecret {
    return new ModelStorageSecret(scope, id, {
      provider: StorageProvider.STORAGE_CONFIG,
      requiredKeys: props.source ? KEYS.s3 : [],
      source: props.source,
      // An existing Secret brings its own name.
      name: props.name ?? (props.source?.kind === SecretSourceKind.EXISTING ? undefined : 'storage-config'),
      namespace: props.namespace,
      storageConfig: props,
    });
  }

  /**
   * S3 access through AWS IAM Roles for Service Accounts: an annotated ServiceAccount, no Secret.
   * KServe reads the `serving.kserve.io/s3-*` settings from the ServiceAccount in this case.
   */
  public static awsIrsa(scope: Construct, id: string, props: AwsIrsaProps): ModelStorageSecret {
    const { roleArn, name, namespace, ...s3 } = props;
    return new ModelStorageSecret(scope, id, {
      provider: StorageProvider.S3, requiredKeys: [], s3, name, namespace, identityAnnotations: { [IRSA_ANNOTATION]: roleArn },
    });
  }

  /**
   * GCS access through GKE Workload Identity: an annotated ServiceAccount, no Secret. KServe has
   * no special handling; the storage initializer's Google client picks the identity up from the
   * GKE metadata server.
   */
  public static gcpWorkloadIdentity(scope: Construct, id: string, props: GcpWorkloadIdentityProps): ModelStorageSecret {
    return new ModelStorageSecret(scope, id, {
      provider: StorageProvider.GCS,
      requiredKeys: [],
      name: props.name,
      namespace: props.namespace,
      identityAnnotations: { [GKE_WI_ANNOTATION]: props.gcpServiceAccount },
    });
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

  private readonly definition: Definition;
  private readonly missingVariables: string[] = [];

  private constructor(scope: Construct, id: string, definition: Definition) {
    super(scope, id);
    this.definition = definition;
    this.provider = definition.provider;
    this.source = definition.source;
    this.name = definition.source?._secret?.name ?? definition.source?._secretName ?? definition.name ?? id;
    this.namespace = definition.namespace ?? Chart.of(this).namespace ?? 'default';
    this.storageKey = definition.storageConfig?.key;
    const namespace = definition.namespace;
    const storageConfig = definition.storageConfig;

    const secretAnnotations = definition.identityAnnotations ? {} : s3Annotations(definition.s3);
    const source = definition.source;
    if (source?.kind === SecretSourceKind.EXISTING) {
      this.secret = source._secret ?? Secret.fromSecretName(this, 'ExistingSecret', this.name);
    } else if (storageConfig) {
      this.apiObject = this.renderStorageConfig(storageConfig, source);
      this.secret = Secret.fromSecretName(this, 'SecretRef', this.name);
    } else if (source?.kind === SecretSourceKind.EXTERNAL_SECRET) {
      this.apiObject = this.renderExternalSecret(source, secretAnnotations);
      this.secret = Secret.fromSecretName(this, 'SecretRef', this.name);
    } else if (source || (definition.s3?.anonymous && !definition.identityAnnotations)) {
      // unsafePlaintext / unsafeFromEnvironment, or anonymous S3. KServe recognizes an S3 Secret only by
      // the presence of its key names (mountSecretCredential), so an anonymous one carries them empty.
      const anonymousKeys: Record<string, string> = source ? {} : { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
      this.apiObject = emit(this, 'Secret', k8s.KubeSecret, k8s.toJson_KubeSecretProps, {
        metadata: { name: this.name, namespace, annotations: nonEmpty(secretAnnotations) },
        stringData: { ...anonymousKeys, ...definition.literalData, ...this.plaintextValues(source) },
      });
      this.secret = Secret.fromSecretName(this, 'SecretRef', this.name);
    }

    if (storageConfig) {
      // The storage-spec path finds the Secret by name; no ServiceAccount is involved.
    } else if (definition.serviceAccount) {
      if (this.secret) definition.serviceAccount.addSecret(this.secret);
      this.serviceAccount = definition.serviceAccount;
    } else {
      const identity = definition.identityAnnotations;
      this.serviceAccountApiObject = emit(this, 'ServiceAccount', k8s.KubeServiceAccount, k8s.toJson_KubeServiceAccountProps, {
        metadata: {
          name: this.name,
          namespace,
          // With IRSA, KServe reads the S3 settings from the ServiceAccount (s3/s3_service_account.go).
          annotations: identity ? { ...identity, ...(identity[IRSA_ANNOTATION] ? s3Annotations(definition.s3) : {}) } : undefined,
        },
        secrets: this.secret ? [{ name: this.secret.name }] : undefined,
        automountServiceAccountToken: false,
      });
      this.serviceAccount = ServiceAccount.fromServiceAccountName(this, 'ServiceAccountRef', this.name);
    }

    addValidationOnce(this, () => [...this.validate(), ...(storageConfig ? validateStorageConfig(storageConfig) : [])]);
  }

  /** Whether the credentials are a keyless cloud identity (no Secret). */
  public get isCloudIdentity(): boolean {
    return this.definition.identityAnnotations !== undefined;
  }

  /**
   * Problems with using these credentials for a model at `uri` in a service of `namespace` on
   * `version`; each names `field`.
   * @internal
   */
  public _validateUse(uri: StorageUri | undefined, namespace: string, version: KServeVersion, field: string): string[] {
    const errors: string[] = [];
    const path = this.node.path;
    if (namespace !== this.namespace) {
      errors.push(`${field}: credentials '${path}' are in namespace '${this.namespace}' but the service is in '${namespace}'; `
        + 'KServe reads the ServiceAccount and Secret from the service\'s namespace');
    }
    if (uri) {
      const expected = PROVIDER_SCHEMES[this.provider];
      if (!expected.includes(uri.scheme)) {
        errors.push(`${field}: ${this.provider} credentials '${path}' cannot open '${uri.uri}' (scheme '${uri.scheme}'); `
          + `they are for ${expected.map(s => `'${s}'`).join(' or ')} storage`);
      } else if (this.definition.storageConfig && uri.bucket !== this.definition.storageConfig.bucket) {
        errors.push(`${field}: storage-config entry '${this.storageKey}' opens bucket '${this.definition.storageConfig.bucket}' but the model is in '${uri.bucket}'`);
      } else if (this.definition.httpsHost && uri.host?.split(':')[0] !== this.definition.httpsHost) {
        errors.push(`${field}: the headers in '${path}' are for host '${this.definition.httpsHost}' but the model is on '${uri.host}'`);
      }
    }
    if (this.provider === StorageProvider.HUGGING_FACE && !version._facts.storageSchemes.includes(StorageScheme.HUGGING_FACE)) {
      errors.push(`${field}: Hugging Face tokens (HF_TOKEN) are read from KServe v0.20; the target is ${version.name}`);
    }
    const s3 = this.definition.s3 ?? {};
    if (!version._facts.s3EndpointScheme && s3.endpoint && /^https?:\/\//i.test(s3.endpoint)) {
      errors.push(`${field}: KServe ${version.name} prefixes the endpoint with a scheme itself ('https://${s3.endpoint}'); `
        + `give '${s3.endpoint.replace(/^https?:\/\//i, '')}' with useHttps instead`);
    }
    if (this.source?.kind === SecretSourceKind.EXISTING && Object.keys(s3Annotations(s3)).length > 0) {
      const fix = version._facts.s3SettingsFromSecretData
        ? 'store them in the Secret as data keys (S3_ENDPOINT, S3_USE_HTTPS, AWS_DEFAULT_REGION, S3_VERIFY_SSL...), which KServe v0.20 reads'
        : 'annotate the Secret with serving.kserve.io/s3-* yourself or set them cluster-wide in inferenceservice-config (credentials.s3)';
      errors.push(`${field}: S3 settings on '${path}' cannot be added to the existing Secret '${this.name}'; `
        + `${fix}, or use SecretSource.externalSecret(...) so the library writes them`);
    }
    return errors;
  }

  private validate(): string[] {
    const errors: string[] = [];
    const d = this.definition;
    if (!DNS1123_SUBDOMAIN_NAME.test(this.name)) {
      errors.push(`name '${this.name}' must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.')`);
    }
    if (!DNS1123_LABEL.test(this.namespace)) {
      errors.push(`namespace '${this.namespace}' must be a DNS-1123 label`);
    }
    const s3 = d.s3;
    if (s3) {
      if (!d.identityAnnotations && !d.source && !s3.anonymous) {
        errors.push("S3 credentials need a 'source' (SecretSource...) or 'anonymous: true' for a public bucket");
      }
      if (s3.anonymous && d.source) {
        errors.push("'anonymous: true' and a 'source' conflict: anonymous access sends no keys");
      }
      if (s3.endpoint !== undefined) {
        // KServe matches the scheme prefix case-insensitively.
        const m = /^(?:(https?):\/\/)?([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?$/i.exec(s3.endpoint);
        if (!m || (m[6] !== undefined && Number(m[6]) > 65535)) {
          errors.push(`endpoint '${s3.endpoint}' must be host[:port] (optionally with http:// or https://), without a path`);
        } else if (m[1] && s3.useHttps !== undefined && (m[1].toLowerCase() === 'https') !== s3.useHttps) {
          errors.push(`endpoint '${s3.endpoint}' and useHttps: ${s3.useHttps} conflict`);
        }
      }
      if (s3.region !== undefined && !REGION_NAME.test(s3.region)) {
        errors.push(`region '${s3.region}' must be a region name such as 'us-east-1'`);
      }
      if (s3.caBundle !== undefined && !s3.caBundle.startsWith('/')) {
        errors.push(`caBundle '${s3.caBundle}' must be an absolute file path in the storage initializer`);
      }
      if (s3.verifySsl === false && (s3.caBundle || s3.caBundleConfigMap)) {
        errors.push("'verifySsl: false' and a CA bundle conflict: a CA bundle is only used when certificates are verified");
      }
      if (s3.caBundleConfigMap !== undefined && !DNS1123_SUBDOMAIN_NAME.test(s3.caBundleConfigMap)) {
        errors.push(`caBundleConfigMap '${s3.caBundleConfigMap}' must be a ConfigMap name`);
      }
    }
    if (d.identityAnnotations?.[IRSA_ANNOTATION] !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/.test(d.identityAnnotations[IRSA_ANNOTATION])) {
      errors.push(`roleArn '${d.identityAnnotations[IRSA_ANNOTATION]}' must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
    }
    // User-managed (<name>@<project>.iam…), Compute Engine default (<number>-compute@developer…) and App Engine (<project>@appspot…).
    if (d.identityAnnotations?.[GKE_WI_ANNOTATION] !== undefined && !/^[a-z0-9][-a-z0-9]*[a-z0-9]@[-a-z0-9.]+\.gserviceaccount\.com$/.test(d.identityAnnotations[GKE_WI_ANNOTATION])) {
      errors.push(`gcpServiceAccount '${d.identityAnnotations[GKE_WI_ANNOTATION]}' must be a Google service account email (…@….gserviceaccount.com)`);
    }
    if (d.httpsHost !== undefined && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(d.httpsHost)) {
      errors.push(`host '${d.httpsHost}' must be a bare lower-case hostname (no scheme, port or path): KServe matches it against the URI's hostname`);
    }
    const source = d.source;
    if (source?.kind === SecretSourceKind.PLAINTEXT) {
      const given = Object.keys(source._values ?? {});
      const missing = d.requiredKeys.filter(k => !given.includes(k));
      const unknown = given.filter(k => !d.requiredKeys.includes(k));
      if (missing.length > 0) errors.push(`unsafePlaintext values miss the key(s) ${missing.join(', ')} (required: ${d.requiredKeys.join(', ')})`);
      if (unknown.length > 0) errors.push(`unsafePlaintext values have key(s) KServe does not read for ${d.provider}: ${unknown.join(', ')} (allowed: ${d.requiredKeys.join(', ')})`);
    }
    if (source?.kind === SecretSourceKind.ENVIRONMENT) {
      const unknown = Object.keys(source._variables ?? {}).filter(k => !d.requiredKeys.includes(k));
      if (unknown.length > 0) errors.push(`unsafeFromEnvironment maps key(s) KServe does not read for ${d.provider}: ${unknown.join(', ')} (allowed: ${d.requiredKeys.join(', ')})`);
      for (const variable of this.missingVariables) errors.push(`environment variable ${variable} is not set (unsafeFromEnvironment reads it at synth)`);
    }
    if (source?.kind === SecretSourceKind.EXTERNAL_SECRET) {
      const external = source._external!;
      const unknown = Object.keys(external.properties ?? {}).filter(k => !d.requiredKeys.includes(k));
      if (unknown.length > 0) errors.push(`externalSecret properties name key(s) KServe does not read for ${d.provider}: ${unknown.join(', ')} (allowed: ${d.requiredKeys.join(', ')})`);
      if (!DNS1123_SUBDOMAIN_NAME.test(external.store)) errors.push(`externalSecret store '${external.store}' must be a SecretStore name`);
      if (external.remoteKey.trim() === '') errors.push('externalSecret remoteKey must not be empty');
      const seconds = external.refreshInterval?.toSeconds({ integral: false });
      if (seconds !== undefined && !(Number.isInteger(seconds) && seconds > 0)) {
        errors.push(`externalSecret refreshInterval (${seconds}s) must be a whole number of seconds greater than zero`);
      }
    }
    if (source?.kind === SecretSourceKind.EXISTING && d.name !== undefined && d.name !== this.name) {
      errors.push(`name '${d.name}' differs from the existing Secret '${this.name}'; leave 'name' out`);
    }
    const existing = source?._secret;
    if (existing instanceof Secret && namespaceOf(existing) !== this.namespace) {
      errors.push(`the existing Secret '${existing.name}' is in namespace '${namespaceOf(existing)}', not '${this.namespace}'`);
    }
    if (d.serviceAccount && namespaceOf(d.serviceAccount) !== this.namespace) {
      errors.push(`serviceAccount '${d.serviceAccount.name}' is in namespace '${namespaceOf(d.serviceAccount)}', not '${this.namespace}'`);
    }
    return errors;
  }

  private plaintextValues(source: SecretSource | undefined): Record<string, string> {
    if (source?.kind === SecretSourceKind.PLAINTEXT) {
      return { ...source._values };
    }
    if (source?.kind === SecretSourceKind.ENVIRONMENT) {
      const values: Record<string, string> = {};
      for (const key of this.definition.requiredKeys) {
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
    return {};
  }

  /**
   * The storage-config Secret: one key holding a JSON document of strings (KServe unmarshals it into
   * map[string]string). Secret values are spliced in by the ExternalSecret template, never written here.
   */
  private renderStorageConfig(props: StorageConfigProps, source: SecretSource | undefined): ApiObject | undefined {
    const settings: Record<string, string | undefined> = {
      type: 's3',
      bucket: props.bucket,
      endpoint_url: props.endpointUrl,
      region: props.region,
      verify_ssl: props.verifySsl === undefined ? undefined : props.verifySsl ? '1' : '0',
      ca_bundle: props.caBundle,
      anonymous: props.anonymous ? 'true' : undefined,
    };
    const fields = Object.entries(settings).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    if (source?.kind === SecretSourceKind.EXTERNAL_SECRET) {
      const templated = [...fields, '"access_key_id": {{ .AWS_ACCESS_KEY_ID | toJson }}', '"secret_access_key": {{ .AWS_SECRET_ACCESS_KEY | toJson }}'];
      return this.renderExternalSecret(source, {}, { [props.key]: `{${templated.join(', ')}}` }, eso.ExternalSecretSpecTargetTemplateMergePolicy.REPLACE);
    }
    const values = this.plaintextValues(source);
    const secretFields = source
      ? [...fields, `"access_key_id": ${JSON.stringify(values.AWS_ACCESS_KEY_ID ?? '')}`, `"secret_access_key": ${JSON.stringify(values.AWS_SECRET_ACCESS_KEY ?? '')}`]
      : fields;
    return emit(this, 'Secret', k8s.KubeSecret, k8s.toJson_KubeSecretProps, {
      metadata: { name: this.name, namespace: props.namespace },
      stringData: { [props.key]: `{${secretFields.join(', ')}}` },
    });
  }

  private renderExternalSecret(
    source: SecretSource,
    annotations: Record<string, string>,
    templateData: Record<string, string> | undefined = this.definition.literalData,
    mergePolicy: eso.ExternalSecretSpecTargetTemplateMergePolicy = eso.ExternalSecretSpecTargetTemplateMergePolicy.MERGE,
  ): ApiObject {
    const external = source._external!;
    return emit(this, 'ExternalSecret', eso.ExternalSecret, eso.toJson_ExternalSecretProps, {
      metadata: { name: this.name, namespace: this.definition.namespace },
      spec: {
        secretStoreRef: {
          name: external.store,
          kind: external.storeKind === SecretStoreKind.CLUSTER_SECRET_STORE
            ? eso.ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE
            : eso.ExternalSecretSpecSecretStoreRefKind.SECRET_STORE,
        },
        refreshInterval: `${(external.refreshInterval ?? Duration.hours(1)).toSeconds({ integral: false })}s`,
        target: {
          name: this.name,
          creationPolicy: eso.ExternalSecretSpecTargetCreationPolicy.OWNER,
          template: {
            engineVersion: eso.ExternalSecretSpecTargetTemplateEngineVersion.V2,
            // Merge keeps the fetched keys and adds the non-secret ones (annotations, https-host);
            // Replace keeps only the templated keys (storage-config JSON).
            mergePolicy,
            type: 'Opaque',
            metadata: nonEmpty(annotations) ? { annotations } : undefined,
            data: templateData,
          },
        },
        data: this.definition.requiredKeys.map(key => ({
          secretKey: key,
          remoteRef: { key: external.remoteKey, property: external.properties?.[key] ?? key },
        })),
      },
    });
  }
}

function validateStorageConfig(props: StorageConfigProps): string[] {
  const errors: string[] = [];
  // Kubernetes' Secret data key rule (IsConfigMapKey).
  if (!/^[-._a-zA-Z0-9]{1,253}$/.test(props.key) || props.key === '.' || props.key.startsWith('..')) {
    errors.push(`key '${props.key}' must be a Secret data key (letters, digits, '-', '_', '.'; at most 253; not '.' or starting with '..')`);
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucket)) {
    errors.push(`bucket '${props.bucket}' is not a valid S3 bucket name`);
  }
  if (!props.source && !props.anonymous) {
    errors.push("storage-config entries need a 'source' (SecretSource...) or 'anonymous: true' for a public bucket");
  }
  if (props.source && props.anonymous) {
    errors.push("'anonymous: true' and a 'source' conflict: anonymous access sends no keys");
  }
  // An existing Secret already holds the entry's JSON; the library writes nothing it could carry these in.
  if (props.source?.kind === SecretSourceKind.EXISTING) {
    const given = (['endpointUrl', 'region', 'verifySsl', 'caBundle'] as const).filter(f => props[f] !== undefined);
    if (given.length > 0) {
      errors.push(`${given.join(', ')} cannot be added to the existing Secret's '${props.key}' entry; put them in the entry's JSON `
        + 'in that Secret, or use SecretSource.externalSecret(...) so the library writes the entry');
    }
  }
  if (props.endpointUrl !== undefined && !/^https?:\/\/[a-zA-Z0-9.-]+(:\d{1,5})?\/?$/.test(props.endpointUrl)) {
    errors.push(`endpointUrl '${props.endpointUrl}' must be a URL with scheme and host, e.g. 'http://minio.ml.svc:9000'`);
  }
  if (props.region !== undefined && !REGION_NAME.test(props.region)) {
    errors.push(`region '${props.region}' must be a region name such as 'us-east-1'`);
  }
  if (props.caBundle !== undefined && !props.caBundle.startsWith('/')) {
    errors.push(`caBundle '${props.caBundle}' must be an absolute file path in the storage initializer`);
  }
  return errors;
}

const PROVIDER_SCHEMES: Record<StorageProvider, StorageScheme[]> = {
  [StorageProvider.S3]: [StorageScheme.S3],
  [StorageProvider.GCS]: [StorageScheme.GCS],
  [StorageProvider.AZURE]: [StorageScheme.AZURE_BLOB],
  [StorageProvider.HTTPS]: [StorageScheme.HTTPS, StorageScheme.HTTP],
  [StorageProvider.HUGGING_FACE]: [StorageScheme.HUGGING_FACE],
  [StorageProvider.STORAGE_CONFIG]: [StorageScheme.S3],
};

/** The `serving.kserve.io/s3-*` annotations for the given settings; only settings the user gave. */
function s3Annotations(s3: (S3Settings & { anonymous?: boolean }) | undefined): Record<string, string> {
  if (!s3) return {};
  const flag = (v: boolean | undefined, on: string, off: string) => (v === undefined ? undefined : v ? on : off);
  const entries: Array<[string, string | undefined]> = [
    ['endpoint', s3.endpoint],
    ['usehttps', flag(s3.useHttps, '1', '0')],
    ['region', s3.region],
    ['verifyssl', flag(s3.verifySsl, '1', '0')],
    ['usevirtualbucket', flag(s3.useVirtualBucket, 'true', 'false')],
    ['useaccelerate', flag(s3.useAccelerate, 'true', 'false')],
    ['useanoncredential', s3.anonymous ? 'true' : undefined],
    ['cabundle', s3.caBundle],
    ['cabundle-configmap', s3.caBundleConfigMap],
  ];
  const result: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (value !== undefined) result[`${S3_ANNOTATION}${key}`] = value;
  }
  return result;
}

/** The namespace a cdk8s-plus resource is synthesized into. */
function namespaceOf(resource: Secret | ServiceAccount): string {
  return resource.metadata.namespace ?? Chart.of(resource).namespace ?? 'default';
}

function nonEmpty(map: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(map).length > 0 ? map : undefined;
}

/*
 * The public options of ModelStorageSecret, apart from the construct so the internal provider strategies
 * (src/private/storage-providers.ts) can read them without an import cycle.
 */
import { ServiceAccount } from 'cdk8s-plus-28';
import { SecretSource } from './secret-source';

/**
 * The storage a `ModelStorageSecret` gives access to.
 * @category Storage
 */
export enum StorageProvider {
  /** Amazon S3 or an S3-compatible store (MinIO, Ceph...). */
  S3 = 's3',
  /** Google Cloud Storage. */
  GCS = 'gcs',
  /** Azure Blob Storage. */
  AZURE = 'azure',
  /** An HTTP(S) server that needs request headers (e.g. a bearer token). */
  HTTPS = 'https',
  /** The Hugging Face Hub (KServe v0.14+). */
  HUGGING_FACE = 'huggingface',
  /** HDFS over WebHDFS (`hdfs://` and `webhdfs://` URIs). */
  HDFS = 'hdfs',
  /**
   * An entry of KServe's `storage-config` Secret (the storage-spec mechanism, `model.storage.key`);
   * S3-compatible storage.
   */
  STORAGE_CONFIG = 'storage-config',
}

/**
 * How Azure credentials authenticate.
 * @category Storage
 */
export enum AzureCredentialType {
  /** A service principal: `AZURE_SUBSCRIPTION_ID`, `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`. */
  SERVICE_PRINCIPAL = 'service-principal',
  /** A storage account access key: `AZURE_STORAGE_ACCESS_KEY`. */
  STORAGE_ACCESS_KEY = 'storage-access-key',
}

/**
 * Options every model storage credential has.
 * @category Storage
 */
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

/**
 * S3 connection settings KServe reads from `serving.kserve.io/s3-*` annotations (`pkg/credentials/s3/s3_secret.go`).
 * @category Storage
 */
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

/**
 * Props of `ModelStorageSecret.s3`.
 * @category Storage
 */
export interface S3CredentialsProps extends ModelStorageSecretOptions, S3Settings {
  /**
   * Where the access key id and secret access key come from.
   * @default - none; then `anonymous` must be true
   */
  readonly source?: SecretSource;

  /**
   * Read a public bucket without credentials (`serving.kserve.io/s3-useanoncredential`). When given, it is
   * written either way: `false` overrides a cluster-wide `credentials.s3.s3UseAnonymousCredential`.
   * @default - not written: the cluster-wide setting applies (KServe's default: signed requests)
   */
  readonly anonymous?: boolean;
}

/**
 * Props of `ModelStorageSecret.gcs`.
 * @category Storage
 */
export interface GcsCredentialsProps extends ModelStorageSecretOptions {
  /** Where the service-account key JSON (`gcloud-application-credentials.json`) comes from. */
  readonly source: SecretSource;
}

/**
 * Props of `ModelStorageSecret.azure`.
 * @category Storage
 */
export interface AzureCredentialsProps extends ModelStorageSecretOptions {
  /** Where the Azure credential values come from. */
  readonly source: SecretSource;

  /**
   * Which kind of Azure credential the source holds.
   * @default AzureCredentialType.SERVICE_PRINCIPAL
   */
  readonly credentialType?: AzureCredentialType;
}

/**
 * Props of `ModelStorageSecret.https`.
 * @category Storage
 */
export interface HttpsCredentialsProps extends ModelStorageSecretOptions {
  /**
   * The host the headers are for, without scheme or port (KServe looks the headers up by the
   * URI's hostname).
   */
  readonly host: string;

  /**
   * Where the `headers` value (a JSON object of header names to values) comes from. Whatever the source,
   * KServe puts the value in plain text into an environment variable of the pods (see `ModelStorageSecret.https`).
   */
  readonly source: SecretSource;
}

/**
 * Props of `ModelStorageSecret.huggingFace`.
 * @category Storage
 */
export interface HuggingFaceCredentialsProps extends ModelStorageSecretOptions {
  /** Where the Hugging Face token (`HF_TOKEN`) comes from. */
  readonly source: SecretSource;
}

/**
 * Props of `ModelStorageSecret.hdfs`: the WebHDFS client settings and files of KServe's storage initializer. KServe
 * mounts the whole Secret at `/var/secrets/kserve-hdfscreds` (`pkg/credentials/hdfs/hdfs_secret.go`, every release),
 * where the initializer reads one file per setting (`_load_hdfs_configuration`, `python/storage/kserve_storage` at
 * v0.20.0, `python/kserve/kserve/storage` at v0.13.1).
 * @category Storage
 */
export interface HdfsCredentialsProps extends ModelStorageSecretOptions {
  /**
   * The name node's WebHDFS endpoint, a URL with scheme, host and port (`HDFS_NAMENODE`), e.g.
   * `https://namenode.hadoop.svc:9871`. KServe recognizes the Secret as HDFS credentials by this key.
   * @default - required, unless `source` is an existing Secret, which then holds every setting
   */
  readonly nameNode?: string;

  /**
   * The root every model path is under (`HDFS_ROOTPATH`); `hdfs://user/ml/model` then reads `<root>/user/ml/model`.
   * @default - none: the URI's path is read as an absolute path
   */
  readonly rootPath?: string;

  /**
   * The user to act as through the name node's proxy-user support (`USER_PROXY`).
   * @default - the authenticated user
   */
  readonly proxyUser?: string;

  /**
   * Authenticate with Kerberos as this principal (`KERBEROS_PRINCIPAL`); the keytab file (`KERBEROS_KEYTAB`) comes from
   * `source`.
   * @default - no Kerberos
   */
  readonly kerberosPrincipal?: string;

  /**
   * Present a client certificate: `TLS_CERT` and `TLS_KEY` (PEM files) come from `source`.
   * @default - no client certificate
   */
  readonly clientCertificate?: boolean;

  /**
   * Verify the name node against a CA of your own: `TLS_CA` (a PEM file) comes from `source`.
   * @default - the system trust store
   */
  readonly certificateAuthority?: boolean;

  /**
   * Skip verifying the name node's TLS certificate (`TLS_SKIP_VERIFY`).
   * @default - verified (KServe's default, `false`)
   */
  readonly tlsSkipVerify?: boolean;

  /**
   * Extra request headers (`HEADERS`, written as a JSON object). Not secret: they are written into the Secret by the
   * library, so give credentials through Kerberos or a client certificate instead.
   * @default - none
   */
  readonly headers?: Record<string, string>;

  /**
   * Files downloaded in parallel per file of a model folder (`N_THREADS`).
   * @default - 2 (KServe's default)
   */
  readonly threads?: number;

  /**
   * Where the files come from: `KERBEROS_KEYTAB` with `kerberosPrincipal`, `TLS_CERT` and `TLS_KEY` with
   * `clientCertificate`, `TLS_CA` with `certificateAuthority`; or an existing Secret holding the settings and files.
   * @default - none: a name node that needs no files (the Secret holds the settings only, nothing secret)
   */
  readonly source?: SecretSource;
}

/**
 * Props of `ModelStorageSecret.storageConfig`: one S3 entry of KServe's `storage-config` Secret, a JSON
 * document per key that the storage initializer reads when a model names it with `storage.key`
 * (`CreateStorageSpecSecretEnvs` in `pkg/credentials/service_account_credentials.go`).
 * @category Storage
 */
export interface StorageConfigProps {
  /** The entry's key in the Secret; the InferenceService references it as `model.storage.key`. */
  readonly key: string;

  /**
   * The entry's default bucket (`bucket`). KServe reads it only for a model given as a path in the entry's storage
   * (`ModelStorage.path(...)`) without a bucket of its own; a model with a `storageUri` uses the URI's bucket.
   * With an existing Secret, the entry there holds it.
   * @default - no bucket: models give a full `storageUri` or their own bucket
   */
  readonly bucket?: string;

  /**
   * Where the access key id and secret access key (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`) come from.
   * With an existing Secret, it must already hold the entry.
   * @default - none; then `anonymous` must be true
   */
  readonly source?: SecretSource;

  /**
   * Read a public bucket without credentials (`anonymous`; written as `"true"` or `"false"` when given).
   * @default - not written: signed requests
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

/**
 * Props of `ModelStorageSecret.awsIrsa`.
 * @category Storage
 */
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

/**
 * Props of `ModelStorageSecret.gcpWorkloadIdentity`.
 * @category Storage
 */
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

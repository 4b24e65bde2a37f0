/*
 * One strategy per ModelStorageSecret factory: the Secret keys KServe reads, the annotations on the Secret and on
 * the ServiceAccount, the provider's own checks and those of a service using it. ModelStorageSecret does the
 * wiring (existing Secret, ExternalSecret or plain Secret, then the ServiceAccount) and the source checks.
 */
import { definedOnly } from './util';
import {
  DNS1123_SUBDOMAIN_NAME, dataKeyErrors, GCP_SERVICE_ACCOUNT_EMAIL, HOST_PORT_ENDPOINT, HOSTNAME, HTTP_HOST_URL,
  HTTP_SCHEME_PREFIX, IAM_ROLE_ARN, REGION_NAME, S3_BUCKET_NAME,
} from './validation';
import type * as eso from '../../imports/external-secrets-external-secrets.io';
import { KServeVersion } from '../kserve-version';
import { needsRelease } from './releases';
import { AzureCredentialType, HdfsCredentialsProps, S3Settings, StorageConfigProps, StorageProvider } from '../model-storage-props';
import { SecretSource, SecretSourceKind } from '../secret-source';
import { StorageScheme, StorageUri } from '../storage-uri';
import { externalSecret } from './l1-runtime.generated';
import { shown } from './shown';

// Secret data keys KServe's credential builder looks for (pkg/credentials/<provider>/*_secret.go, both tags;
// S3 key names as the shipped inferenceservice-config sets them).
// s3/s3_secret.go BuildSecretEnvs: credentials.s3.s3AccessKeyIDName / s3SecretAccessKeyName of the shipped ConfigMap.
const S3_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

const S3_ANNOTATION = 'serving.kserve.io/s3-';

/** How a service uses the credentials, for the checks that depend on it. */
export interface CredentialUse {
  /** The KServe release the service targets. */
  readonly version: KServeVersion;
  /** The prop path messages start with, e.g. `spec.predictor.storageCredentials`. */
  readonly field: string;
  /** The construct path of the credentials. */
  readonly path: string;
  /** The name of the Secret. */
  readonly secretName: string;
  /** Where the values come from. */
  readonly source?: SecretSource;
}

/** The fields of a model's storage spec that credentials check. */
export interface StorageSpecFields {
  /** `storage.path`. */
  readonly path?: string;
  /** `storage.parameters`. */
  readonly parameters?: Record<string, string>;
}

/** The template of the ExternalSecret that writes the Secret. */
export interface SecretTemplate {
  /** Annotations of the Secret. */
  readonly annotations: Record<string, string>;
  /** Keys the template writes. */
  readonly data?: Record<string, string>;
  /** Whether the written keys join the fetched ones or replace them. */
  readonly mergePolicy: eso.ExternalSecretSpecTargetTemplateMergePolicy;
}

/** A Secret written with its values in the YAML. */
export interface PlainSecret {
  /** Annotations of the Secret. */
  readonly annotations: Record<string, string>;
  /** Its data. */
  readonly stringData: Record<string, string>;
}

/** What one provider adds to a ModelStorageSecret; the defaults fit a Secret of fetched keys listed in a ServiceAccount. */
export abstract class StorageProviderStrategy {
  protected constructor(
    /** The provider `ModelStorageSecret.provider` reports. */
    public readonly provider: StorageProvider,
    /** The storage URI schemes the credentials open. */
    public readonly schemes: StorageScheme[],
    /** The Secret data keys KServe reads; a source supplies exactly these. */
    public readonly secretKeys: string[] = [],
  ) {}

  /** Whether this is a keyless cloud identity: an annotated ServiceAccount, no Secret. */
  public get isCloudIdentity(): boolean {
    return false;
  }

  /** The `storage-config` entry key models reference as `storage.key`. */
  public get storageKey(): string | undefined {
    return undefined;
  }

  /** Whether components run as a ServiceAccount listing the Secret; the storage-spec path finds it by name instead. */
  public get usesServiceAccount(): boolean {
    return this.storageKey === undefined;
  }

  /** Annotations of the ServiceAccount the construct creates. */
  public serviceAccountAnnotations(): Record<string, string> | undefined {
    return undefined;
  }

  /** The template of the ExternalSecret; by default it adds the annotations and literal keys to the fetched keys. */
  public externalSecretTemplate(): SecretTemplate {
    return {
      annotations: this.secretAnnotations(),
      data: this.literalData(),
      mergePolicy: externalSecret.ExternalSecretSpecTargetTemplateMergePolicy.MERGE,
    };
  }

  /** The Secret written from plain `values` (undefined when there is no source), or undefined for none. */
  public plainSecret(values: Record<string, string> | undefined): PlainSecret | undefined {
    return values && { annotations: this.secretAnnotations(), stringData: { ...this.literalData(), ...values } };
  }

  /** Problems with the provider's own props. */
  public errors(_source: SecretSource | undefined): string[] {
    return [];
  }

  /** Problems with the Secret values the library can see at synth (an unsafe source's); never quotes a value. */
  public valueErrors(_values: Record<string, string>): string[] {
    return [];
  }

  /** Problems with opening `uri`, whose scheme is one of `schemes`; each names `field`. */
  public uriErrors(_uri: StorageUri, _field: string, _path: string): string[] {
    return [];
  }

  /** Problems with the use that depend on the release or the source. */
  public useErrors(_use: CredentialUse): string[] {
    return [];
  }

  /** Problems with a model's storage spec (path / parameters) read through these credentials; each names `field`. */
  public storageSpecErrors(_spec: StorageSpecFields, _field: string, _source: SecretSource | undefined): string[] {
    return [];
  }

  /** Annotations of the Secret. */
  protected secretAnnotations(): Record<string, string> {
    return {};
  }

  /** Keys the library writes into the Secret itself (not secret). */
  protected literalData(): Record<string, string> | undefined {
    return undefined;
  }
}

type S3Options = S3Settings & { readonly anonymous?: boolean };

/** `ModelStorageSecret.s3`: access keys, or an anonymous Secret, with the S3 settings as Secret annotations. */
export class S3Keys extends StorageProviderStrategy {
  public constructor(private readonly s3: S3Options) {
    super(StorageProvider.S3, [StorageScheme.S3], S3_KEYS);
  }

  public plainSecret(values: Record<string, string> | undefined): PlainSecret | undefined {
    // KServe recognizes an S3 Secret only by the presence of its key names (mountSecretCredential), so an
    // anonymous one carries them empty.
    const anonymous = this.s3.anonymous ? { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } : undefined;
    return super.plainSecret(values ?? anonymous);
  }

  public errors(source: SecretSource | undefined): string[] {
    return [...sourceOrAnonymousErrors('S3 credentials', source, this.s3.anonymous), ...s3SettingsErrors(this.s3)];
  }

  public useErrors(use: CredentialUse): string[] {
    const errors = s3EndpointErrors(this.s3, use);
    // Our own safety rule: the library writes nothing onto an existing Secret, so the settings would be lost silently.
    if (use.source?.kind === SecretSourceKind.EXISTING && Object.keys(s3Annotations(this.s3)).length > 0) {
      const fix = use.version._facts.s3SettingsFromSecretData
        ? `store them in the Secret as data keys (S3_ENDPOINT, S3_USE_HTTPS, AWS_DEFAULT_REGION, S3_VERIFY_SSL...), which KServe ${use.version.name} reads`
        : 'annotate the Secret with serving.kserve.io/s3-* yourself or set them cluster-wide in inferenceservice-config (credentials.s3)';
      errors.push(`${use.field}: S3 settings on '${use.path}' cannot be added to the existing Secret '${use.secretName}'; `
        + `${fix}, or use SecretSource.externalSecret(...) so the library writes them`);
    }
    return errors;
  }

  protected secretAnnotations(): Record<string, string> {
    return s3Annotations(this.s3);
  }
}

/** `ModelStorageSecret.awsIrsa`: an IAM role on the ServiceAccount, no Secret. */
export class AwsIrsa extends StorageProviderStrategy {
  public constructor(private readonly roleArn: string, private readonly s3: S3Options) {
    super(StorageProvider.S3, [StorageScheme.S3]);
  }

  public get isCloudIdentity(): boolean {
    return true;
  }

  public serviceAccountAnnotations(): Record<string, string> {
    // With IRSA, KServe reads the S3 settings from the ServiceAccount (s3/s3_service_account.go).
    return { 'eks.amazonaws.com/role-arn': this.roleArn, ...s3Annotations(this.s3) };
  }

  public errors(): string[] {
    const errors = s3SettingsErrors(this.s3);
    // Our own typo check: EKS reads eks.amazonaws.com/role-arn as an IAM role ARN; KServe copies nothing from it.
    if (!IAM_ROLE_ARN.test(this.roleArn)) {
      errors.push(`roleArn ${shown(this.roleArn)} must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
    }
    return errors;
  }

  public useErrors(use: CredentialUse): string[] {
    return s3EndpointErrors(this.s3, use);
  }
}

/** `ModelStorageSecret.gcs`: a service-account key. */
export class GcsKey extends StorageProviderStrategy {
  public constructor() {
    // gcs/gcs_secret.go: GCSCredentialFileName, mounted at /var/secrets/.
    super(StorageProvider.GCS, [StorageScheme.GCS], ['gcloud-application-credentials.json']);
  }
}

/** `ModelStorageSecret.gcpWorkloadIdentity`: a Google service account on the ServiceAccount, no Secret. */
export class GkeWorkloadIdentity extends StorageProviderStrategy {
  public constructor(private readonly gcpServiceAccount: string) {
    super(StorageProvider.GCS, [StorageScheme.GCS]);
  }

  public get isCloudIdentity(): boolean {
    return true;
  }

  public serviceAccountAnnotations(): Record<string, string> {
    return { 'iam.gke.io/gcp-service-account': this.gcpServiceAccount };
  }

  public errors(): string[] {
    return GCP_SERVICE_ACCOUNT_EMAIL.test(this.gcpServiceAccount) ? []
      : [`gcpServiceAccount ${shown(this.gcpServiceAccount)} must be a Google service account email (…@….gserviceaccount.com)`];
  }
}

/** `ModelStorageSecret.azure`: a service principal or a storage access key. */
export class AzureKeys extends StorageProviderStrategy {
  public constructor(credentialType: AzureCredentialType | undefined) {
    // The storage initializer reads the same credentials for blobs and file shares (storage.py `_get_azure_storage_token`).
    super(StorageProvider.AZURE, [StorageScheme.AZURE_BLOB, StorageScheme.AZURE_FILE], credentialType === AzureCredentialType.STORAGE_ACCESS_KEY
      // azure/azure_secret.go BuildStorageAccessKeySecretEnv.
      ? ['AZURE_STORAGE_ACCESS_KEY']
      // azure/azure_secret.go BuildSecretEnvs: v0.13 always references subscription, tenant and client id.
      : ['AZURE_SUBSCRIPTION_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET']);
  }
}

/** `ModelStorageSecret.https`: request headers for one host. */
export class HttpsHeaders extends StorageProviderStrategy {
  public constructor(private readonly host: string) {
    // https/https_secret.go: `https-host` (written by us, not secret) + `headers`, a JSON object the storage
    // initializer json.loads and looks up by the URI's hostname.
    super(StorageProvider.HTTPS, [StorageScheme.HTTPS, StorageScheme.HTTP], ['headers']);
  }

  public errors(): string[] {
    return HOSTNAME.test(this.host) ? []
      : [`host ${shown(this.host)} must be a bare lower-case hostname (no scheme, port or path): KServe matches it against the URI's hostname`];
  }

  public valueErrors(values: Record<string, string>): string[] {
    const headers = values.headers;
    if (headers === undefined) return [];
    // The storage initializer passes json.loads(<host>-headers) as `headers` to requests.get (storage.py v0.13.1,
    // kserve_storage.py v0.20.0); requests takes a mapping and refuses non-string values (check_header_validity).
    // The messages never quote the value: it is the credential.
    let parsed: unknown;
    try {
      parsed = JSON.parse(headers);
    } catch {
      return ["'headers' is not valid JSON; it must be a JSON object of header names to values, e.g. {\"Authorization\": \"Bearer ...\"}"];
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return [`'headers' is JSON ${parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed}, not an object of header names to values`];
    }
    const notStrings = Object.entries(parsed).filter(([, v]) => typeof v !== 'string').map(([k]) => `'${k}'`);
    return notStrings.length === 0 ? []
      : [`'headers' value(s) of ${notStrings.join(', ')} must be JSON strings (the HTTP client rejects other header values)`];
  }

  public uriErrors(uri: StorageUri, field: string, path: string): string[] {
    return uri.host?.split(':')[0] === this.host ? []
      : [`${field}: the headers in '${path}' are for host ${shown(this.host)} but the model is on '${uri.host}'`];
  }

  protected literalData(): Record<string, string> {
    return { 'https-host': this.host };
  }
}

/** `ModelStorageSecret.huggingFace`: a Hub token. */
export class HuggingFaceToken extends StorageProviderStrategy {
  public constructor() {
    // hf/hf_secret.go (v0.20 only).
    super(StorageProvider.HUGGING_FACE, [StorageScheme.HUGGING_FACE], ['HF_TOKEN']);
  }

  public useErrors(use: CredentialUse): string[] {
    return use.version._facts.storageSchemes.includes(StorageScheme.HUGGING_FACE) ? []
      : [`${use.field}: a Hugging Face token (HF_TOKEN) ${needsRelease(v => v._facts.storageSchemes.includes(StorageScheme.HUGGING_FACE), use.version)}`];
  }
}

/** The settings of `ModelStorageSecret.hdfs`, without the Secret's own options. */
type HdfsSettings = Omit<HdfsCredentialsProps, 'name' | 'namespace' | 'serviceAccount'>;

/** The setting props of HDFS credentials, which an existing Secret already holds. */
const HDFS_SETTINGS = ['nameNode', 'rootPath', 'proxyUser', 'kerberosPrincipal', 'clientCertificate', 'certificateAuthority',
  'tlsSkipVerify', 'headers', 'threads'] as const;

/**
 * `ModelStorageSecret.hdfs`: KServe mounts a Secret with an `HDFS_NAMENODE` key at /var/secrets/kserve-hdfscreds
 * (BuildSecret, pkg/credentials/hdfs/hdfs_secret.go, and the HdfsNamenode branch of
 * CreateSecretVolumeAndEnvFromServiceAccount, pkg/credentials/service_account_credentials.go, v0.13.1 and v0.20.0). The
 * storage initializer reads one file per setting; KERBEROS_KEYTAB, TLS_CERT, TLS_KEY and TLS_CA as files
 * (_HDFS_FILE_SECRETS, kserve_storage.py at v0.20.0, storage.py at v0.13.1). The settings are literal keys of the
 * Secret; only the files come from the source.
 */
export class HdfsCredentials extends StorageProviderStrategy {
  public constructor(private readonly props: HdfsSettings) {
    super(StorageProvider.HDFS, [StorageScheme.HDFS, StorageScheme.WEBHDFS], [
      ...(props.kerberosPrincipal !== undefined ? ['KERBEROS_KEYTAB'] : []),
      ...(props.clientCertificate ? ['TLS_CERT', 'TLS_KEY'] : []),
      ...(props.certificateAuthority ? ['TLS_CA'] : []),
    ]);
  }

  /** Written with its settings alone when there is no source (nothing secret in it). */
  public plainSecret(values: Record<string, string> | undefined): PlainSecret {
    return { annotations: {}, stringData: { ...this.literalData(), ...values } };
  }

  public errors(source: SecretSource | undefined): string[] {
    const p = this.props;
    const errors: string[] = [];
    if (source?.kind === SecretSourceKind.EXISTING) {
      // Our own safety rule: the library writes nothing onto an existing Secret, so the settings would be lost silently.
      const given = HDFS_SETTINGS.filter(f => p[f] !== undefined);
      if (given.length > 0) {
        errors.push(`${given.join(', ')} cannot be added to the existing Secret; store them in it as keys (HDFS_NAMENODE, ...), `
          + 'or use SecretSource.externalSecret(...) for its files so the library writes the settings');
      }
      return errors;
    }
    // KServe mounts the Secret only when it has HDFS_NAMENODE (service_account_credentials.go), and the WebHDFS client
    // needs its URL (InsecureClient/KerberosClient in kserve_storage.py).
    if (p.nameNode === undefined) {
      errors.push("nameNode is required: KServe recognizes HDFS credentials by their HDFS_NAMENODE key (or give an existing Secret as 'source')");
    } else if (!HTTP_HOST_URL.test(p.nameNode)) {
      // Our own typo check: the WebHDFS client takes the name node's HTTP(S) URL.
      errors.push(`nameNode ${shown(p.nameNode)} must be the WebHDFS URL with scheme and host, e.g. 'https://namenode.hadoop.svc:9871'`);
    }
    const tls = (['clientCertificate', 'certificateAuthority', 'tlsSkipVerify'] as const).filter(f => p[f]);
    if (p.nameNode?.startsWith('http://') && tls.length > 0) {
      // Our own safety rule: over http:// the TLS settings are never used.
      errors.push(`${tls.join(', ')}: the name node URL ${shown(p.nameNode)} is http://, so no TLS is spoken; use https://`);
    }
    if (p.tlsSkipVerify && p.certificateAuthority) {
      // kserve_storage.py sets session.verify = False after the CA when TLS_SKIP_VERIFY is true: the CA would be unused.
      errors.push('tlsSkipVerify and certificateAuthority conflict: with verification skipped the CA is never used');
    }
    if (p.threads !== undefined && !(Number.isInteger(p.threads) && p.threads >= 1)) {
      // The initializer passes int(N_THREADS) to the client's download; below 1 nothing is downloaded (our own check).
      errors.push(`threads ${shown(p.threads)} must be a whole number of at least 1`);
    }
    if (source?.kind === SecretSourceKind.EXTERNAL_SECRET) {
      // External Secrets renders the template's data as Go templates (engineVersion v2): a literal '{{' would be evaluated.
      const templated = Object.entries(this.literalData()).filter(([, v]) => v.includes('{{')).map(([k]) => k);
      if (templated.length > 0) errors.push(`${templated.join(', ')} must not contain '{{': the ExternalSecret template would evaluate it`);
    }
    if (this.secretKeys.length === 0 && source !== undefined) {
      // Our own safety rule: a source with nothing to supply would be fetched or written for nothing.
      errors.push('a source gives files (kerberosPrincipal, clientCertificate, certificateAuthority), but none of them is set; leave it out');
    } else if (this.secretKeys.length > 0 && source === undefined) {
      errors.push(`${this.secretKeys.join(', ')} need a 'source' (SecretSource...): the library writes no secret files itself`);
    }
    return errors;
  }

  protected literalData(): Record<string, string> {
    const p = this.props;
    return definedOnly({
      HDFS_NAMENODE: p.nameNode,
      HDFS_ROOTPATH: p.rootPath,
      USER_PROXY: p.proxyUser,
      KERBEROS_PRINCIPAL: p.kerberosPrincipal,
      // Compared with "true" after lower-casing (kserve_storage.py), so both spellings are read as written.
      TLS_SKIP_VERIFY: p.tlsSkipVerify === undefined ? undefined : String(p.tlsSkipVerify),
      // json.loads, then the session's headers (kserve_storage.py).
      HEADERS: p.headers === undefined ? undefined : JSON.stringify(p.headers),
      N_THREADS: p.threads === undefined ? undefined : String(p.threads),
    });
  }
}

/**
 * `ModelStorageSecret.storageConfig`: one key of the storage-config Secret holding a JSON document of strings (KServe
 * unmarshals it into map[string]string). Secret values are spliced in by the ExternalSecret template, never written here.
 */
export class StorageConfigEntry extends StorageProviderStrategy {
  public constructor(private readonly props: StorageConfigProps) {
    super(StorageProvider.STORAGE_CONFIG, [StorageScheme.S3], S3_KEYS);
  }

  public get storageKey(): string {
    return this.props.key;
  }

  public externalSecretTemplate(): SecretTemplate {
    // The template engine fills the {{ ... }} parts, so this JSON is built as text.
    const fields = Object.entries(this.settings()).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    const templated = [...fields, '"access_key_id": {{ .AWS_ACCESS_KEY_ID | toJson }}', '"secret_access_key": {{ .AWS_SECRET_ACCESS_KEY | toJson }}'];
    return {
      annotations: {},
      data: { [this.props.key]: `{${templated.join(', ')}}` },
      mergePolicy: externalSecret.ExternalSecretSpecTargetTemplateMergePolicy.REPLACE,
    };
  }

  public plainSecret(values: Record<string, string> | undefined): PlainSecret {
    const keys = values && { access_key_id: values.AWS_ACCESS_KEY_ID ?? '', secret_access_key: values.AWS_SECRET_ACCESS_KEY ?? '' };
    return { annotations: {}, stringData: { [this.props.key]: oneLineJson({ ...this.settings(), ...keys }) } };
  }

  public errors(source: SecretSource | undefined): string[] {
    const props = this.props;
    const errors = dataKeyErrors(props.key, 'key');
    // Our own typo check: AWS's bucket naming rules (KServe passes the bucket on unchecked).
    if (props.bucket !== undefined && !S3_BUCKET_NAME.test(props.bucket)) {
      errors.push(`bucket ${shown(props.bucket)} is not a valid S3 bucket name`);
    }
    errors.push(...sourceOrAnonymousErrors('storage-config entries', source, props.anonymous));
    // An existing Secret already holds the entry's JSON; the library writes nothing it could carry these in.
    if (source?.kind === SecretSourceKind.EXISTING) {
      // (`anonymous: true` is also a conflict with the source, reported above; `false` would be lost like the rest.)
      const given = (['bucket', 'endpointUrl', 'region', 'verifySsl', 'caBundle', 'anonymous'] as const).filter(f => props[f] !== undefined);
      if (given.length > 0) {
        errors.push(`${given.join(', ')} cannot be added to the existing Secret's '${props.key}' entry; put them in the entry's JSON `
          + 'in that Secret, or use SecretSource.externalSecret(...) so the library writes the entry');
      }
    }
    if (props.endpointUrl !== undefined && !HTTP_HOST_URL.test(props.endpointUrl)) {
      errors.push(`endpointUrl ${shown(props.endpointUrl)} must be a URL with scheme and host, e.g. 'http://minio.ml.svc:9000'`);
    }
    return [...errors, ...regionAndCaBundleErrors(props.region, props.caBundle)];
  }

  /**
   * Problems with a model's storage spec (`storage.path` / `storage.parameters`) that reads this entry; each names `field`.
   * KServe builds the download URI from the entry only for `storage.path`: `<type>://<bucket>/<path>` with the type and bucket
   * from `parameters`, else from the entry (CreateStorageSpecSecretEnvs, pkg/credentials/service_account_credentials.go, both
   * tags). With a `storageUri` the entry's bucket is not used at all.
   */
  public storageSpecErrors(spec: StorageSpecFields, field: string, source: SecretSource | undefined): string[] {
    // An existing Secret's entry is not known here: its type and bucket are the Secret's.
    if (source?.kind === SecretSourceKind.EXISTING) return [];
    const errors: string[] = [];
    const type = spec.parameters?.type;
    // parameters.type wins over the entry's type, so the s3 entry this library writes would be read as another kind.
    if (type !== undefined && type !== 's3') {
      errors.push(`${field}.parameters: type '${type}' overrides the type of storage-config entry '${this.props.key}', which is an s3 entry`);
    } else if (spec.path !== undefined && spec.parameters?.bucket === undefined && this.props.bucket === undefined) {
      // MissingBucket: an s3 path needs a bucket from the parameters or the entry.
      errors.push(`${field}.path: KServe builds s3://<bucket>/${spec.path} but storage-config entry '${this.props.key}' has no bucket; `
        + "give the entry a 'bucket' or the model storage a bucket");
    }
    return errors;
  }

  /** The entry's settings other than the keys. */
  private settings(): Record<string, string> {
    const props = this.props;
    return definedOnly({
      type: 's3',
      bucket: props.bucket,
      endpoint_url: props.endpointUrl,
      region: props.region,
      verify_ssl: props.verifySsl === undefined ? undefined : props.verifySsl ? '1' : '0',
      ca_bundle: props.caBundle,
      // The storage initializer exports it as awsAnonymousCredential and compares it with "true" (storage.py v0.13.1,
      // kserve_storage.py v0.20.0), so 'false' is read as written.
      anonymous: props.anonymous === undefined ? undefined : String(props.anonymous),
    });
  }
}

/** A flat string map as one line of JSON, `{"k": "v", ...}` (a raw newline only ever separates entries: JSON escapes it in values). */
function oneLineJson(map: Record<string, string>): string {
  return JSON.stringify(map, undefined, 1).replace(/,\n /g, ', ').replace(/\n ?/g, '');
}

/**
 * Credentials that may be anonymous need exactly one of a source and `anonymous: true` (our own safety rule: with
 * neither the download has no keys; with both the storage initializer signs nothing, so the keys are dead).
 */
function sourceOrAnonymousErrors(subject: string, source: SecretSource | undefined, anonymous: boolean | undefined): string[] {
  const errors: string[] = [];
  if (!source && !anonymous) {
    errors.push(`${subject} need a 'source' (SecretSource...) or 'anonymous: true' for a public bucket`);
  }
  if (source && anonymous) {
    errors.push("'anonymous: true' and a 'source' conflict: anonymous access sends no keys");
  }
  return errors;
}

/**
 * The region and CA bundle rules S3 settings and storage-config entries share: our own typo checks (KServe passes both
 * on unchecked; the storage initializer opens the CA bundle as a file path in its own container).
 */
function regionAndCaBundleErrors(region: string | undefined, caBundle: string | undefined): string[] {
  const errors: string[] = [];
  if (region !== undefined && !REGION_NAME.test(region)) {
    errors.push(`region ${shown(region)} must be a region name such as 'us-east-1'`);
  }
  if (caBundle !== undefined && !caBundle.startsWith('/')) {
    errors.push(`caBundle ${shown(caBundle)} must be an absolute file path in the storage initializer`);
  }
  return errors;
}

/**
 * Problems with the `serving.kserve.io/s3-*` settings, on a Secret or an IRSA ServiceAccount: our own typo and
 * conflict checks on values KServe copies unchecked (pkg/credentials/s3/utils.go), and a ConfigMap name (core validation).
 */
function s3SettingsErrors(s3: S3Options): string[] {
  const errors: string[] = [];
  if (s3.endpoint !== undefined) {
    // KServe matches the scheme prefix case-insensitively.
    const m = HOST_PORT_ENDPOINT.exec(s3.endpoint);
    const scheme = m?.groups?.scheme;
    const port = m?.groups?.port;
    if (!m || (port !== undefined && Number(port) > 65535)) {
      errors.push(`endpoint ${shown(s3.endpoint)} must be host[:port] (optionally with http:// or https://), without a path`);
    } else if (scheme && s3.useHttps !== undefined && (scheme.toLowerCase() === 'https') !== s3.useHttps) {
      errors.push(`endpoint ${shown(s3.endpoint)} and useHttps: ${s3.useHttps} conflict`);
    }
  }
  errors.push(...regionAndCaBundleErrors(s3.region, s3.caBundle));
  if (s3.verifySsl === false && (s3.caBundle || s3.caBundleConfigMap)) {
    errors.push("'verifySsl: false' and a CA bundle conflict: a CA bundle is only used when certificates are verified");
  }
  if (s3.caBundleConfigMap !== undefined && !DNS1123_SUBDOMAIN_NAME.test(s3.caBundleConfigMap)) {
    errors.push(`caBundleConfigMap ${shown(s3.caBundleConfigMap)} must be a ConfigMap name`);
  }
  return errors;
}

/** An endpoint with a scheme on a release that prefixes one itself. */
function s3EndpointErrors(s3: S3Options, use: CredentialUse): string[] {
  return !use.version._facts.s3EndpointScheme && s3.endpoint && HTTP_SCHEME_PREFIX.test(s3.endpoint)
    ? [`${use.field}: KServe ${use.version.name} prefixes the endpoint with a scheme itself ('https://${s3.endpoint}'); `
      + `give '${s3.endpoint.replace(HTTP_SCHEME_PREFIX, '')}' with useHttps instead; an endpoint with its own scheme `
      + needsRelease(v => v._facts.s3EndpointScheme, use.version)]
    : [];
}

/** The `serving.kserve.io/s3-*` annotations for the given settings; only settings the user gave. */
function s3Annotations(s3: S3Options): Record<string, string> {
  const flag = (v: boolean | undefined, on: string, off: string) => (v === undefined ? undefined : v ? on : off);
  const entries: Array<[string, string | undefined]> = [
    ['endpoint', s3.endpoint],
    ['usehttps', flag(s3.useHttps, '1', '0')],
    ['region', s3.region],
    ['verifyssl', flag(s3.verifySsl, '1', '0')],
    ['usevirtualbucket', flag(s3.useVirtualBucket, 'true', 'false')],
    ['useaccelerate', flag(s3.useAccelerate, 'true', 'false')],
    // Written when given either way: an explicit 'false' overrides a cluster-wide credentials.s3.s3UseAnonymousCredential
    // (s3/utils.go: the annotation wins over the config when present; v0.13.1 BuildS3EnvVars, v0.20.0 getEnvValue).
    ['useanoncredential', flag(s3.anonymous, 'true', 'false')],
    ['cabundle', s3.caBundle],
    ['cabundle-configmap', s3.caBundleConfigMap],
  ];
  return definedOnly(Object.fromEntries(entries.map(([key, value]) => [`${S3_ANNOTATION}${key}`, value])));
}

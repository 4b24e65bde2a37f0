import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { DeploymentMode } from '../deployment-mode';
import { KServeVersion } from '../kserve-version';
import { ResolvedImages, resolveImages } from './install-images';
import { release } from './release';
import { needsRelease } from '../private/releases';
import { sizeQuantity, validateResources } from '../private/resources';
import { shown } from '../private/shown';
import { DNS1123_SUBDOMAIN_NAME, HTTP_URL, REGION_NAME } from '../private/validation';

/**
 * CPU and memory of a sidecar or init container KServe injects.
 * @category Install
 */
export interface SidecarResources {
  /**
   * CPU request.
   * @default - KServe's default (100m; batcher 1)
   */
  readonly cpuRequest?: Cpu;
  /**
   * CPU limit.
   * @default - KServe's default (1)
   */
  readonly cpuLimit?: Cpu;
  /**
   * Memory request.
   * @default - KServe's default (100Mi; batcher 1Gi)
   */
  readonly memoryRequest?: Size;
  /**
   * Memory limit.
   * @default - KServe's default (1Gi)
   */
  readonly memoryLimit?: Size;
}

/**
 * How KServe exposes services (`ingress`).
 * @category Install
 */
export interface IngressConfig {
  /**
   * The domain external URLs use (`ingressDomain`).
   * @default 'example.com'
   */
  readonly domain?: string;
  /**
   * Go template of external hostnames (`domainTemplate`): it must reference `.Name` and render a
   * fully qualified domain name; the fields are `.Name`, `.Namespace`, `.IngressDomain`,
   * `.Annotations` and `.Labels`.
   * @default '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}'
   */
  readonly domainTemplate?: string;
  /**
   * Scheme of the URLs KServe reports (`urlScheme`), `http` or `https`.
   * @default 'http'
   */
  readonly urlScheme?: string;
  /**
   * The Istio/Knative ingress gateway, `<namespace>/<name>` (`ingressGateway`).
   * @default 'knative-serving/knative-ingress-gateway'
   */
  readonly ingressGateway?: string;
  /**
   * The IngressClass name for Standard mode Ingresses (`ingressClassName`).
   * @default 'istio'
   */
  readonly ingressClassName?: string;
  /**
   * Do not create an Ingress / HTTPRoute for services (`disableIngressCreation`).
   * @default false
   */
  readonly disableIngressCreation?: boolean;
  /**
   * Use Gateway API HTTPRoutes in Standard mode (`enableGatewayApi`, KServe v0.15+).
   * @default false
   */
  readonly enableGatewayApi?: boolean;
}

/**
 * S3 defaults for every service (`credentials.s3`), used when a Secret has no annotation.
 * @category Install
 */
export interface S3Defaults {
  /**
   * Default endpoint (`s3Endpoint`).
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /**
   * Whether the default endpoint uses HTTPS (`s3UseHttps`).
   * @default - HTTPS
   */
  readonly useHttps?: boolean;
  /**
   * Default region (`s3Region`), such as `us-east-1`.
   * @default - none
   */
  readonly region?: string;
  /**
   * Whether TLS certificates are verified (`s3VerifySSL`).
   * @default - verified
   */
  readonly verifySsl?: boolean;
}

/**
 * Typed settings of KServe's `inferenceservice-config` ConfigMap. Anything not given keeps the
 * release's default for the chosen version; the ConfigMap is written as KServe parses it (one JSON
 * document per key, `pkg/apis/serving/v1beta1/configmap.go`).
 * @category Install
 */
export interface InferenceServiceConfigOptions {
  /**
   * The mode of InferenceServices that do not set one (`deploy.defaultDeploymentMode`).
   * @default DeploymentMode.KNATIVE
   */
  readonly defaultDeploymentMode?: DeploymentMode;
  /**
   * Ingress and URL settings.
   * @default - the release defaults
   */
  readonly ingress?: IngressConfig;
  /**
   * Resources of the storage initializer init container.
   * @default - 100m/100Mi requests, 1 CPU/1Gi limits
   */
  readonly storageInitializerResources?: SidecarResources;
  /**
   * Name of the ConfigMap with a CA bundle mounted into every storage initializer (`caBundleConfigMapName`).
   * @default - none
   */
  readonly storageCaBundleConfigMap?: string;
  /**
   * Serve `oci://` models as modelcar sidecars (`enableModelcar`).
   * @default - the release's: false on v0.13 and v0.14, true from v0.15
   */
  readonly enableModelcar?: boolean;
  /**
   * Where the payload logger sends events when a service gives no URL (`logger.defaultUrl`), an
   * http(s) URL.
   * @default 'http://default-broker'
   */
  readonly loggerDefaultUrl?: string;
  /**
   * S3 defaults for all services.
   * @default - none
   */
  readonly s3?: S3Defaults;
  /**
   * Turn qpext metric aggregation on for every service (`metricsAggregator.enableMetricAggregation`).
   * @default false
   */
  readonly metricAggregation?: boolean;
  /**
   * Write `prometheus.io/*` scrape annotations on every service's pods (`enablePrometheusScraping`).
   * @default false
   */
  readonly prometheusScraping?: boolean;
}

// The release's sidecar resources at both tags: agent, logger, router and storage initializer; the batcher's are larger.
const SIDECAR_DEFAULTS = { cpuRequest: Cpu.millis(100), cpuLimit: Cpu.units(1), memoryRequest: Size.mebibytes(100), memoryLimit: Size.gibibytes(1) };
const BATCHER_DEFAULTS = { cpuRequest: Cpu.units(1), cpuLimit: Cpu.units(1), memoryRequest: Size.gibibytes(1), memoryLimit: Size.gibibytes(1) };
const res = (r: SidecarResources = {}, defaults = SIDECAR_DEFAULTS) => {
  const given = { ...defaults, ...definedOnly(r) };
  return {
    memoryRequest: sizeQuantity(given.memoryRequest),
    memoryLimit: sizeQuantity(given.memoryLimit),
    cpuRequest: given.cpuRequest.amount,
    cpuLimit: given.cpuLimit.amount,
  };
};
const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
const flag = (value: boolean | undefined, on = '1', off = '0') => (value === undefined ? '' : value ? on : off);

/**
 * The ConfigMap's data for a version: every key the release ships (except its `_example`
 * documentation), with the release's defaults where the options say nothing, and the install's
 * agent, router and storage initializer images (the release's by default). `localModels`: the install runs the
 * local model controller, so `localModel.enabled` is on (the release ships it off; the defaulters use cached models
 * only when it is on: pkg/apis/serving/v1beta1/inference_service_defaults.go, pkg/webhook/admission/llminferenceservice/
 * defaulter.go at v0.20.0).
 * @internal
 *
 * @example
 * // The data KServeInstall writes into inferenceservice-config, e.g. to compare with a running cluster's ConfigMap.
 * const data = renderInferenceServiceConfig(KServeVersion.V0_20, { ingress: { domain: 'models.example.com', urlScheme: 'https' } });
 * const ingress = JSON.parse(data.ingress); // { ingressDomain: 'models.example.com', urlScheme: 'https', ... }
 * @category Install
 */
export function renderInferenceServiceConfig(version: KServeVersion, o: InferenceServiceConfigOptions = {},
  images: ResolvedImages = resolveImages(version, undefined, undefined), localModels: boolean = false): Record<string, string> {
  const r = release(version).config;
  const tag = version.name;
  const ingress = o.ingress ?? {};
  const data: Record<string, unknown> = {
    agent: { image: images.agent, ...res() },
    ...(r.autoscaler ? { autoscaler: r.autoscaler } : {}),
    batcher: { image: images.agent, ...res({}, BATCHER_DEFAULTS), maxBatchSize: '32', maxLatency: '5000' },
    credentials: {
      storageSpecSecretName: 'storage-config',
      storageSecretNameAnnotation: 'serving.kserve.io/storageSecretName',
      gcs: { gcsCredentialFileName: 'gcloud-application-credentials.json' },
      s3: {
        s3AccessKeyIDName: 'AWS_ACCESS_KEY_ID',
        s3SecretAccessKeyName: 'AWS_SECRET_ACCESS_KEY',
        s3Endpoint: o.s3?.endpoint ?? '',
        s3UseHttps: flag(o.s3?.useHttps),
        s3Region: o.s3?.region ?? '',
        s3VerifySSL: flag(o.s3?.verifySsl),
        s3UseVirtualBucket: '',
        s3UseAccelerate: '',
        s3UseAnonymousCredential: '',
        ...(r.s3CABundleConfigMap ? { s3CABundleConfigMap: '' } : {}),
        s3CABundle: '',
      },
    },
    deploy: { defaultDeploymentMode: (o.defaultDeploymentMode ?? DeploymentMode.KNATIVE).annotationValue(version) },
    // The release ships the ART explainer unpinned; it is only used by services with an `art` explainer.
    explainers: { art: { image: 'kserve/art-explainer', defaultImageVersion: tag } },
    ...(r.inferenceServiceResource ? { inferenceService: { resource: r.inferenceServiceResource } } : {}),
    ingress: {
      ...(r.gatewayApi ? { enableGatewayApi: ingress.enableGatewayApi ?? false, kserveIngressGateway: r.gatewayApi.kserveIngressGateway } : {}),
      ingressGateway: ingress.ingressGateway ?? 'knative-serving/knative-ingress-gateway',
      ...(r.ingressService !== undefined ? { ingressService: r.ingressService } : {}),
      localGateway: 'knative-serving/knative-local-gateway',
      localGatewayService: 'knative-local-gateway.istio-system.svc.cluster.local',
      ingressDomain: ingress.domain ?? 'example.com',
      ingressClassName: ingress.ingressClassName ?? 'istio',
      domainTemplate: ingress.domainTemplate ?? '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}',
      urlScheme: ingress.urlScheme ?? 'http',
      disableIstioVirtualHost: false,
      disableIngressCreation: ingress.disableIngressCreation ?? false,
      ...(r.gatewayApi?.disableHTTPRouteTimeoutKey ? { disableHTTPRouteTimeout: false } : {}),
    },
    ...(r.localModel ? {
      localModel: {
        enabled: localModels,
        jobNamespace: r.localModel.jobNamespace,
        defaultJobImage: images.storageInitializer,
        fsGroup: r.localModel.fsGroup,
        ...(r.localModel.jobTTLSecondsAfterFinished !== undefined ? { jobTTLSecondsAfterFinished: r.localModel.jobTTLSecondsAfterFinished } : {}),
        ...(r.localModel.reconcilationFrequencyInSecs !== undefined
          ? { reconcilationFrequencyInSecs: r.localModel.reconcilationFrequencyInSecs } : {}),
        ...(r.localModel.disableVolumeManagement !== undefined ? { disableVolumeManagement: r.localModel.disableVolumeManagement } : {}),
      },
    } : {}),
    logger: { image: images.agent, ...res(), defaultUrl: o.loggerDefaultUrl ?? 'http://default-broker' },
    metricsAggregator: {
      enableMetricAggregation: String(o.metricAggregation ?? false),
      enablePrometheusScraping: String(o.prometheusScraping ?? false),
    },
    ...(r.opentelemetryCollector ? { opentelemetryCollector: r.opentelemetryCollector } : {}),
    router: { image: images.router, ...res(), ...(r.routerImagePullPolicy ? { imagePullPolicy: r.routerImagePullPolicy } : {}) },
    ...(r.security ? { security: r.security } : {}),
    storageInitializer: {
      image: images.storageInitializer,
      ...res(o.storageInitializerResources),
      caBundleConfigMapName: o.storageCaBundleConfigMap ?? '',
      caBundleVolumeMountPath: '/etc/ssl/custom-certs',
      ...(r.enableDirectPvcVolumeMount !== undefined ? { enableDirectPvcVolumeMount: r.enableDirectPvcVolumeMount } : {}),
      enableModelcar: o.enableModelcar ?? r.enableModelcar,
      cpuModelcar: '10m',
      memoryModelcar: '15Mi',
      ...(r.uidModelcar !== undefined ? { uidModelcar: r.uidModelcar } : {}),
    },
  };
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    result[key] = JSON.stringify(value, undefined, 2);
  }
  return result;
}

/**
 * Problems with the options for the version.
 * @internal
 *
 * @example
 * const config: InferenceServiceConfigOptions = { ingress: { domain: 'models.example.com', domainTemplate: '{{ .Name }}.{{ .IngressDomain }}' } };
 * const problems = validateInferenceServiceConfig(KServeVersion.V0_20, config); // [] when KServe accepts it
 * if (problems.length === 0) new KServeInstall(app, 'kserve', { config });
 * @category Install
 */
export function validateInferenceServiceConfig(version: KServeVersion, o: InferenceServiceConfigOptions = {}): string[] {
  const errors: string[] = [];
  const ingress = o.ingress ?? {};
  // Our own typo checks on the ingress config: KServe reads these unchecked (configmap.go NewIngressConfig, both tags)
  // and writes the domain into hosts and URLs (ingress_reconciler.go), the gateway into VirtualService gateways
  // (Istio's `<namespace>/<name>`) and the scheme into status URLs.
  if (ingress.domain !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/.test(ingress.domain)) {
    errors.push(`config.ingress.domain ${shown(ingress.domain)} must be a DNS domain such as 'models.example.com'`);
  }
  if (ingress.urlScheme !== undefined && !['http', 'https'].includes(ingress.urlScheme)) {
    errors.push(`config.ingress.urlScheme ${shown(ingress.urlScheme)} must be 'http' or 'https'`);
  }
  if (ingress.domainTemplate !== undefined) {
    errors.push(...domainTemplateErrors(ingress.domainTemplate, 'config.ingress.domainTemplate'));
  }
  if (ingress.ingressGateway !== undefined && !/^[a-z0-9-]+\/[a-z0-9-]+$/.test(ingress.ingressGateway)) {
    errors.push(`config.ingress.ingressGateway ${shown(ingress.ingressGateway)} must be '<namespace>/<name>'`);
  }
  // Kubernetes validation: an IngressClass, like most objects, is named as a DNS-1123 subdomain.
  if (ingress.ingressClassName !== undefined && !DNS1123_SUBDOMAIN_NAME.test(ingress.ingressClassName)) {
    errors.push(`config.ingress.ingressClassName ${shown(ingress.ingressClassName)} must be the name of an IngressClass (a DNS-1123 subdomain such as 'nginx')`);
  }
  if (ingress.enableGatewayApi !== undefined && !release(version).config.gatewayApi) {
    errors.push(`config.ingress.enableGatewayApi ${needsRelease(v => release(v).config.gatewayApi !== undefined, version)}`);
  }
  errors.push(...storageInitializerErrors(o.storageInitializerResources, 'config.storageInitializerResources'));
  // Kubernetes core validation: a ConfigMap is named as a DNS-1123 subdomain.
  if (o.storageCaBundleConfigMap !== undefined && !DNS1123_SUBDOMAIN_NAME.test(o.storageCaBundleConfigMap)) {
    errors.push(`config.storageCaBundleConfigMap ${shown(o.storageCaBundleConfigMap)} must be a ConfigMap name (a DNS-1123 subdomain); leave it unset for none`);
  }
  // Our own typo check: the agent posts CloudEvents to it (agent_injector.go logger defaultUrl), so it must be an http(s) URL.
  if (o.loggerDefaultUrl !== undefined && !HTTP_URL.test(o.loggerDefaultUrl)) {
    errors.push(`config.loggerDefaultUrl ${shown(o.loggerDefaultUrl)} must be an http(s) URL`);
  }
  // Fact s3EndpointScheme: older releases prefix a scheme themselves (pkg/credentials/s3/s3_secret.go).
  if (o.s3?.endpoint !== undefined && /^https?:\/\//i.test(o.s3.endpoint) && !version._facts.s3EndpointScheme) {
    errors.push(`config.s3.endpoint ${shown(o.s3.endpoint)}: KServe ${version.name} prefixes a scheme itself; give host[:port] and useHttps `
      + `(an endpoint with its own scheme ${needsRelease(v => v._facts.s3EndpointScheme, version)})`);
  }
  // Our own typo check: the region goes unchecked to the storage initializer's AWS_DEFAULT_REGION (credentials/s3).
  if (o.s3?.region !== undefined && !REGION_NAME.test(o.s3.region)) {
    errors.push(`config.s3.region ${shown(o.s3.region)} must be a region name such as 'us-east-1'`);
  }
  return errors;
}

/** The fields KServe's domain template can use (DomainTemplateValues, same at v0.13.1 and v0.20.0). */
const DOMAIN_TEMPLATE_FIELDS = ['Name', 'Namespace', 'IngressDomain', 'Annotations', 'Labels'];
/** Sample values of the plain field actions, to check the shape of the host a template renders. */
const DOMAIN_TEMPLATE_SAMPLES: Record<string, string> = { Name: 'name', Namespace: 'namespace', IngressDomain: 'example.com' };
const FQDN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/**
 * pkg/controller/v1beta1/inferenceservice/reconcilers/ingress/domain.go GenerateDomainName: KServe parses the template,
 * executes it with Name, Namespace, IngressDomain, Annotations and Labels, and rejects a result that is not a fully
 * qualified domain name. Without `.Name` every service would get the same host.
 */
function domainTemplateErrors(template: string, field: string): string[] {
  const bad = (why: string) => [`${field} ${shown(template)} ${why}`];
  const actions: string[] = [];
  let rendered = '';
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    const stray = rest.indexOf('}}');
    if (stray !== -1 && (open === -1 || stray < open)) return bad("has a '}}' without a '{{' before it");
    if (open === -1) {
      rendered += rest;
      break;
    }
    const close = rest.indexOf('}}', open + 2);
    if (close === -1) return bad("has a '{{' that is never closed with '}}'");
    const action = rest.slice(open + 2, close);
    if (action.includes('{{')) return bad("has a '{{' that is never closed with '}}'");
    actions.push(action);
    // Go's trim markers: '{{- ' trims the text before, ' -}}' the text after.
    rendered = (/^-\s/.test(action) ? (rendered + rest.slice(0, open)).trimEnd() : rendered + rest.slice(0, open));
    const plain = /^-?\s*\.(\w+)\s*-?$/.exec(action);
    rendered += plain && DOMAIN_TEMPLATE_SAMPLES[plain[1]] !== undefined ? DOMAIN_TEMPLATE_SAMPLES[plain[1]] : '\u0000';
    rest = rest.slice(close + 2);
    if (/\s-$/.test(action)) rest = rest.trimStart();
  }
  if (actions.length === 0) {
    return bad("must be a Go template that references .Name, such as '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}' "
      + '(without one every service gets the same host)');
  }
  // A field of the data is '.Field' or '$.Field', not preceded by an identifier, ')' or ']' (chained fields, variables).
  const fields = actions.flatMap(a => [...a.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, '""').matchAll(/(?<![\w)\]])\.([A-Za-z_]\w*)/g)].map(m => m[1]));
  const unknown = [...new Set(fields.filter(f => !DOMAIN_TEMPLATE_FIELDS.includes(f)))];
  if (unknown.length > 0) {
    return bad(`uses ${unknown.map(f => `.${f}`).join(', ')}; the template's fields are ${DOMAIN_TEMPLATE_FIELDS.map(f => `.${f}`).join(', ')}`);
  }
  if (!fields.includes('Name')) {
    return bad("must reference .Name (each service needs its own host), such as '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}'");
  }
  // Only when every action is a plain field is the rendered shape known.
  if (!rendered.includes('\u0000') && !FQDN.test(rendered)) {
    return bad(`does not render a host name: with sample values it gives '${rendered}', and KServe requires a fully qualified `
      + 'domain name (lower case DNS labels separated by dots)');
  }
  return [];
}

/**
 * The storage initializer's resources as KServe will run them: the given values over the release defaults
 * (100m / 1 CPU, 100Mi / 1Gi), with requests at most limits.
 */
function storageInitializerErrors(r: SidecarResources | undefined, field: string): string[] {
  if (!r) return [];
  // SidecarResources has flat fields (cpuRequest...); a bound left out is KServe's default, and the error says so.
  const d = SIDECAR_DEFAULTS;
  return validateResources({
    cpu: { request: r.cpuRequest ?? d.cpuRequest, limit: r.cpuLimit ?? d.cpuLimit },
    memory: { request: r.memoryRequest ?? d.memoryRequest, limit: r.memoryLimit ?? d.memoryLimit },
  }, field, (resource, bound) => {
    const key = `${resource}${bound === 'request' ? 'Request' : 'Limit'}` as keyof SidecarResources;
    return `${r[key] === undefined ? "KServe's default " : ''}${field}.${key}`;
  });
}

import { ApiObject, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { AnyLlmPresetRelease, EarlyLlmPresetRelease, isEarlyPresetRelease, LlmPresetRelease, ProbeTimings } from './llm-preset-releases';
import { EmittedObject } from '../private/emitted-object';

// The release's LLMInferenceServiceConfig presets (config/llmisvcconfig at each release from v0.16.0), built from their
// facts: names, containers, images, ports, probes, volumes, security contexts and the Go template expressions the
// LLMInferenceService controller fills in when it merges a preset into a service (pkg/controller/v1alpha2/llmisvc/
// config_merge.go: `ChildName`, `kvTransferConfig`, `shutdownTimeout`, `.GlobalConfig.*`). What differs per release is
// a LlmPresetRelease (llm-preset-releases.ts); v0.16.0's and v0.17.1's (EarlyLlmPresetRelease) have builders of their
// own (earlyPresetSpecs). The vLLM launcher scripts are our own.

/** The Secret KServe issues per service for TLS between router, scheduler and vLLM. */
const TLS_SECRET = '{{ ChildName .ObjectMeta.Name `-kserve-self-signed-certs` }}';
const TLS_DIR = '/var/run/kserve/tls';
const SCHEME = '{{ if .GlobalConfig.EnableTLS }}HTTPS{{else}}HTTP{{- end }}';
const SSL_CERT_DIR = `${TLS_DIR}:/var/run/secrets/kubernetes.io/serviceaccount:/etc/pki/tls/certs`;
const MODEL_NAME = '{{ .Spec.Model.Name }}';
/** The name model-based routing matches on (the router's header value and vLLM's second served name). */
const PUBLISHER_NAME = `publishers/{{ .ObjectMeta.Namespace }}/models/${MODEL_NAME}`;
const POOL = '{{ ChildName .ObjectMeta.Name `-inference-pool` }}';
const ROUTING_ANNOTATIONS = { 'serving.kserve.io/model-based-routing-enabled': 'true' };

const port = (n: number) => k8s.IntOrString.fromNumber(n);
const preStopSleep: k8s.Lifecycle = { preStop: { exec: { command: ['/bin/sleep', '15'] } } };
const hardened = (options: { readOnlyRootFilesystem: boolean; add?: string[] }): k8s.SecurityContext => ({
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: options.readOnlyRootFilesystem,
  runAsNonRoot: true,
  capabilities: { add: options.add, drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
});
const httpProbe = (path: string, p: number, rest: Omit<k8s.Probe, 'httpGet'>, scheme?: string): k8s.Probe => ({
  httpGet: { path, port: port(p), scheme }, ...rest,
});

/** How one vLLM container of a preset is started. */
interface VllmOptions {
  readonly release: LlmPresetRelease;
  /** The port vLLM listens on: 8000, or 8001 behind the prefill/decode routing sidecar. */
  readonly port: number;
  /** The Go template path of the parallelism settings: `.Spec.Parallelism` or `.Spec.Prefill.Parallelism`. */
  readonly parallelism: string;
  /**
   * A template printing vLLM's `--shutdown-timeout`: the grace period of the pod spec it runs in, less the preStop sleep
   * (`shutdownTimeout`, config_merge.go).
   */
  readonly shutdown: string;
  /** The template printing the service's `--kv-transfer-config` (`kvTransferConfig` of its KV cache offloading). */
  readonly kvTransfer: string;
  /** vLLM also serves the model under its publisher name (the presets with model-based routing, if the release has it). */
  readonly publisherName: boolean;
  /** The leader (`leader`) or a worker (`worker`) of a data-parallel LeaderWorkerSet; single-node when absent. */
  readonly dataParallel?: 'leader' | 'worker';
}

/**
 * A bash script starting `vllm serve /mnt/models` for the preset, with the flags the release passes: from v0.19.0 those
 * the installed vLLM supports (0.16 skips access logs of probes only, 0.18 drains on SIGTERM; from v0.20.0, 0.22 offloads
 * the KV cache as `spec.kvCacheOffloading` asks), before that `--disable-uvicorn-access-log`; tensor/expert/data
 * parallelism from the service (tensor on a single node from v0.20.0), TLS when KServe enables it, then
 * `$VLLM_ADDITIONAL_ARGS` and the container's `args`. KServe renders the `{{ }}` parts into the JSON of the merged config before the pod exists, so
 * anything a template function prints stays inside a double-quoted assignment (kvTransferConfig escapes its quotes
 * for that: config_merge.go).
 */
function vllmLauncher(o: VllmOptions): string {
  const p = o.parallelism;
  const r = o.release;
  const names = o.publisherName && r.modelBasedRouting ? `"${MODEL_NAME}" "${PUBLISHER_NAME}"` : `"${MODEL_NAME}"`;
  const flag = (condition: string, text: string) => `{{ if ${condition} }}${text}{{ end }}`;
  const lines = ['# Starts vLLM for an LLMInferenceService (cdk8s-kserve preset launcher).'];
  if (r.versionedVllmFlags || r.kvCacheOffloading) {
    lines.push(
      'VLLM_VERSION=$(vllm --version 2>/dev/null | tail -n 1 | awk \'{print $NF}\')',
      'case "$VLLM_VERSION" in [0-9]*.[0-9]*) ;; *) VLLM_VERSION=0 ;; esac',
      'vllm_at_least() { [ "$(printf \'%s\\n%s\\n\' "$1" "$VLLM_VERSION" | sort -V | head -n 1)" = "$1" ]; }',
    );
  }
  if (r.versionedVllmFlags) {
    lines.push(
      'if vllm_at_least 0.16.0; then FLAGS="--disable-access-log-for-endpoints /health,/metrics,/ping"; else FLAGS="--disable-uvicorn-access-log"; fi',
      `if vllm_at_least 0.18.0; then FLAGS="$FLAGS --shutdown-timeout ${o.shutdown}"; fi`,
    );
  } else {
    lines.push('FLAGS="--disable-uvicorn-access-log"');
  }
  if (r.kvCacheOffloading) {
    lines.push(
      `KV_TRANSFER="${o.kvTransfer}"`,
      'case "${VLLM_ADDITIONAL_ARGS:-} $*" in *--kv-transfer-config*|*--kv_transfer_config*) KV_TRANSFER="" ;; esac',
      'if vllm_at_least 0.22.0; then FLAGS="$FLAGS $KV_TRANSFER"; fi',
    );
  }
  // Before v0.20.0 only the data-parallel presets read the tensor parallelism.
  const tensor = r.singleNodeTensorParallel || o.dataParallel ? flag(`and ${p} ${p}.Tensor`, `--tensor-parallel-size {{ ${p}.Tensor }}`) : '';
  lines.push(`PARALLEL="${tensor}"`);
  if (o.dataParallel) {
    lines.push(
      // vLLM's data-parallel RPC binds the leader's IP: resolve the LeaderWorkerSet leader, which may take a while to appear in DNS.
      'DP_ADDRESS=""',
      'for attempt in $(seq 1 "${DP_ADDRESS_RESOLVE_ATTEMPTS:-30}"); do',
      '  DP_ADDRESS=$(getent hosts "$LWS_LEADER_ADDRESS" | cut -d " " -f 1)',
      '  [ -n "$DP_ADDRESS" ] && break',
      '  echo "waiting for $LWS_LEADER_ADDRESS in DNS (attempt $attempt)"; sleep 1',
      'done',
      'DP_ADDRESS=${DP_ADDRESS:-$LWS_LEADER_ADDRESS}',
      `DP_LOCAL={{ if and ${p} ${p}.DataLocal }}{{ ${p}.DataLocal }}{{ else }}1{{ end }}`,
      o.dataParallel === 'worker' ? 'START_RANK=$(( ${LWS_WORKER_INDEX:-0} * DP_LOCAL ))' : 'START_RANK=0',
      `PARALLEL="$PARALLEL ${flag(`and ${p} ${p}.Expert`, '--enable-expert-parallel')}"`,
      `PARALLEL="$PARALLEL --data-parallel-size {{ if and ${p} ${p}.Data }}{{ ${p}.Data }}{{ else }}1{{ end }} --data-parallel-size-local $DP_LOCAL"`,
      `PARALLEL="$PARALLEL --data-parallel-address $DP_ADDRESS --data-parallel-rpc-port {{ if and ${p} ${p}.DataRPCPort }}{{ ${p}.DataRPCPort }}{{ else }}5555{{ end }}"`,
      'PARALLEL="$PARALLEL --data-parallel-start-rank $START_RANK"',
      o.dataParallel === 'worker' ? 'PARALLEL="$PARALLEL --headless"' : 'PARALLEL="$PARALLEL --api-server-count ${VLLM_API_SERVER_COUNT:-8}"',
    );
  }
  lines.push(
    `TLS="${flag('.GlobalConfig.EnableTLS', `--enable-ssl-refresh --ssl-certfile ${TLS_DIR}/tls.crt --ssl-keyfile ${TLS_DIR}/tls.key`)}"`,
    `eval "exec vllm serve /mnt/models --served-model-name ${names.replace(/"/g, '\\"')} --port ${o.port} $FLAGS $PARALLEL $TLS \${VLLM_ADDITIONAL_ARGS:-} $@"`,
  );
  return lines.join('\n');
}

/** The vLLM container of a preset and the volumes it mounts. */
function vllm(o: VllmOptions & { readonly terminationMessagePolicy?: string; readonly extraEnv?: k8s.EnvVar[] }):
{ container: k8s.Container; volumes: k8s.Volume[] } {
  const r = o.release;
  const dataParallel = o.dataParallel !== undefined;
  const readiness: ProbeTimings = dataParallel ? { ...r.vllmReadiness, periodSeconds: r.dataParallelReadinessPeriod } : r.vllmReadiness;
  // The vLLM server answers on /health; the worker of a data-parallel group runs headless, with no HTTP server to probe.
  const probes = o.dataParallel === 'worker' ? {} : {
    livenessProbe: httpProbe('/health', o.port, { ...r.vllmLiveness }, SCHEME),
    readinessProbe: httpProbe('/health', o.port, { ...readiness }, SCHEME),
    startupProbe: httpProbe('/health', o.port, { failureThreshold: 60, periodSeconds: 10 }, SCHEME),
  };
  return {
    container: {
      name: 'main',
      image: r.images.vllm,
      imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: o.port, protocol: 'TCP' }],
      // "--" ends bash's own options: the container's args reach the script as "$@".
      command: ['/bin/bash', '-c', vllmLauncher(o), '--'],
      env: [
        { name: 'HOME', value: '/home' },
        { name: 'VLLM_LOGGING_LEVEL', value: 'INFO' },
        { name: 'HF_HUB_CACHE', value: '/models' },
        ...o.extraEnv ?? [],
      ],
      // The release's: from v0.20.0 a writable root filesystem for the NVIDIA CDI hook; data parallelism needs RDMA capabilities.
      securityContext: hardened({ readOnlyRootFilesystem: !r.writableRoot, add: dataParallel ? ['IPC_LOCK', 'SYS_RAWIO', 'NET_RAW'] : undefined }),
      lifecycle: r.vllmDrain ? preStopSleep : undefined,
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: o.terminationMessagePolicy ?? 'FallbackToLogsOnError',
      ...probes,
      volumeMounts: [
        { name: 'home', mountPath: '/home' },
        { name: 'tmp-dir', mountPath: '/tmp' },
        { name: 'dshm', mountPath: '/dev/shm' },
        { name: 'model-cache', mountPath: '/models' },
        { name: 'tls-certs', mountPath: TLS_DIR, readOnly: true },
      ],
    },
    volumes: [
      { name: 'home', emptyDir: {} },
      { name: 'tmp-dir', emptyDir: {} },
      { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString(dataParallel ? '8Gi' : '1Gi') } },
      { name: 'model-cache', emptyDir: {} },
      { name: 'tls-certs', secret: { secretName: TLS_SECRET } },
    ],
  };
}

/** A vLLM pod spec of a preset. */
function vllmPod(o: Parameters<typeof vllm>[0], initContainers?: k8s.Container[]): k8s.PodSpec {
  const { container, volumes } = vllm(o);
  return { initContainers, containers: [container], terminationGracePeriodSeconds: o.release.vllmDrain ? 60 : 30, volumes };
}

/**
 * The llm-d routing sidecar in front of a decode vLLM (port 8000 to vLLM's 8001), which sends the prefill part of each
 * request to the prefill pool over NIXL (a native sidecar: an init container that keeps running).
 */
const routingSidecar = (r: LlmPresetRelease): k8s.Container => ({
  name: 'llm-d-routing-sidecar',
  image: r.images.routingSidecar,
  imagePullPolicy: 'IfNotPresent',
  restartPolicy: 'Always',
  ports: [{ containerPort: 8000, protocol: 'TCP' }],
  securityContext: hardened({ readOnlyRootFilesystem: !r.writableRoot }),
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'FallbackToLogsOnError',
  livenessProbe: httpProbe('/health', 8000, { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 }, SCHEME),
  readinessProbe: httpProbe('/health', 8000, { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 10 }, SCHEME),
  command: [
    '/app/pd-sidecar', '--port=8000', '--vllm-port=8001', `${r.sidecarConnectorFlag}=nixlv2`, '--enable-ssrf-protection=true',
    '--pool-group=inference.networking.x-k8s.io',
    ...r.sidecarInferencePool ? ['--inference-pool={{ .GlobalConfig.InferencePoolNamespacedName }}'] : [],
    '{{ if .GlobalConfig.EnableTLS }}--secure-proxy=true{{else}}--secure-proxy=false{{- end }}',
    `{{ if .GlobalConfig.EnableTLS }}--cert-path=${TLS_DIR}{{- end }}`,
    ...r.sidecarTlsFlags.map(f => `{{ if .GlobalConfig.EnableTLS }}${f}{{- end }}`),
  ],
  volumeMounts: [{ name: 'tls-certs', mountPath: TLS_DIR, readOnly: true }],
  env: [
    { name: 'INFERENCE_POOL_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    { name: 'SSL_CERT_DIR', value: SSL_CERT_DIR },
  ],
});

/** The endpoint picker (scheduler) pod of `kserve-config-llm-scheduler`: the EPP and its tokenizer. */
function schedulerPod(r: LlmPresetRelease): k8s.PodSpec {
  const restricted = hardened({ readOnlyRootFilesystem: true });
  const q = k8s.Quantity.fromString;
  const epp = r.endpointPicker;
  const quantities = (v: { cpu: string; memory: string }) => ({ cpu: q(v.cpu), memory: q(v.memory) });
  return {
    containers: [
      {
        name: 'main',
        lifecycle: epp.drain ? preStopSleep : undefined,
        ports: [
          { containerPort: 9002, name: 'grpc', protocol: 'TCP' },
          { containerPort: 9003, name: 'grpc-health', protocol: 'TCP' },
          { containerPort: 9090, name: 'metrics', protocol: 'TCP' },
          { containerPort: 5557, name: 'zmq', protocol: 'TCP' },
        ],
        image: r.images.endpointPicker,
        imagePullPolicy: 'IfNotPresent',
        livenessProbe: {
          grpc: { port: 9003, service: 'liveness' }, initialDelaySeconds: 5, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1, failureThreshold: 3,
        },
        readinessProbe: {
          grpc: { port: 9003, service: 'readiness' }, initialDelaySeconds: 30, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1, failureThreshold: 3,
        },
        command: [
          '/app/epp', '--pool-name', POOL, '--pool-namespace', '{{ .ObjectMeta.Namespace }}', '--zap-encoder', 'json',
          '--grpc-port', '9002', '--grpc-health-port', '9003',
          '{{ if .GlobalConfig.EnableTLS }}--enable-cert-reload=true{{- end }}',
          '{{ if .GlobalConfig.EnableTLS }}--secure-serving=true{{- end }}',
          '{{ if .GlobalConfig.EnableTLS }}--model-server-metrics-scheme=https{{- end }}',
          `{{ if .GlobalConfig.EnableTLS }}--cert-path=${TLS_DIR}{{- end }}`,
        ],
        env: [{ name: 'SSL_CERT_DIR', value: SSL_CERT_DIR }],
        resources: { limits: epp.limits && quantities(epp.limits), requests: quantities(epp.requests) },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'FallbackToLogsOnError',
        securityContext: restricted,
        volumeMounts: [
          { name: 'tls-certs', mountPath: TLS_DIR, readOnly: true },
          { name: 'tokenizer-uds', mountPath: '/tmp/tokenizer' },
        ],
      },
      {
        // Tokenizes prompts for prefix-cache aware scoring, over a Unix socket in the shared tokenizer-uds volume.
        name: 'tokenizer',
        ports: [{ containerPort: 8082, name: 'health', protocol: 'TCP' }],
        image: r.images.tokenizer,
        imagePullPolicy: 'IfNotPresent',
        workingDir: '/mnt/models',
        env: [{ name: 'TOKENIZERS_DIR', value: '/mnt/models' }],
        livenessProbe: httpProbe('/healthz', 8082, { periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 3 }),
        readinessProbe: httpProbe('/healthz', 8082, { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
        startupProbe: httpProbe('/healthz', 8082, { periodSeconds: 10, initialDelaySeconds: 5, timeoutSeconds: 5, failureThreshold: 60 }),
        resources: { requests: { cpu: q('256m'), memory: q('500Mi') } },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'FallbackToLogsOnError',
        securityContext: restricted,
        // Writable /tmp and /.cache under a read-only root filesystem (the image writes both at start).
        volumeMounts: [
          { name: 'tokenizer-tmp', mountPath: '/tmp' },
          { name: 'tokenizer-cache', mountPath: '/.cache' },
          { name: 'tokenizer-uds', mountPath: '/tmp/tokenizer' },
        ],
      },
    ],
    volumes: [
      { name: 'tls-certs', secret: { secretName: TLS_SECRET } },
      { name: 'tokenizer-uds', emptyDir: {} },
      { name: 'tokenizer-tmp', emptyDir: {} },
      { name: 'tokenizer-cache', emptyDir: {} },
    ],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    // From v0.20.0 at least the workload's, so the scheduler outlives the pods it routes to while they drain.
    terminationGracePeriodSeconds: epp.terminationGracePeriodSeconds,
  };
}

/**
 * `kserve-config-llm-scheduler-latency-predictor`: merged over the scheduler, it points the EPP at a latency
 * predictor and adds the predictor's training and prediction servers.
 */
function latencyPredictorPod(images: NonNullable<LlmPresetRelease['images']['latencyPredictor']>): k8s.PodSpec {
  const q = k8s.Quantity.fromString;
  const env = (pairs: Record<string, string>): k8s.EnvVar[] => Object.entries(pairs).map(([name, value]) => ({ name, value }));
  const restricted = hardened({ readOnlyRootFilesystem: true });
  return {
    containers: [
      {
        name: 'main',
        env: env({
          PREDICTION_SERVER_URL: 'http://localhost:8001',
          TRAINING_SERVER_URL: 'http://localhost:8000',
          LATENCY_MAX_SAMPLE_SIZE: '10000',
          LATENCY_MAX_CONCURRENT_DISPATCHES: '36',
          LATENCY_COALESCE_WINDOW_MS: '1',
        }),
      },
      {
        name: 'training-server',
        image: images.training,
        imagePullPolicy: 'IfNotPresent',
        ports: [{ containerPort: 8000, name: 'training-port' }],
        resources: { requests: { cpu: q('2000m'), memory: q('4Gi') }, limits: { cpu: q('4000m'), memory: q('8Gi') } },
        startupProbe: httpProbe('/healthz', 8000, { failureThreshold: 30, periodSeconds: 10 }),
        livenessProbe: httpProbe('/healthz', 8000, { initialDelaySeconds: 30, periodSeconds: 20 }),
        readinessProbe: httpProbe('/readyz', 8000, { initialDelaySeconds: 45, periodSeconds: 10 }),
        securityContext: restricted,
        env: env({
          LATENCY_RETRAINING_INTERVAL_SEC: '10',
          LATENCY_MIN_SAMPLES_FOR_RETRAIN: '100',
          LATENCY_TTFT_MODEL_PATH: '/models/ttft.joblib',
          LATENCY_TPOT_MODEL_PATH: '/models/tpot.joblib',
          LATENCY_TTFT_SCALER_PATH: '/models/ttft_scaler.joblib',
          LATENCY_TPOT_SCALER_PATH: '/models/tpot_scaler.joblib',
          LATENCY_TTFT_GATED_MODEL_PATH: '/models/ttft_gated.joblib',
          LATENCY_TPOT_GATED_MODEL_PATH: '/models/tpot_gated.joblib',
          LATENCY_MODEL_TYPE: 'xgboost',
          LATENCY_MAX_TRAINING_DATA_SIZE_PER_BUCKET: '500',
          LATENCY_OBJECTIVE_TYPE: 'mean',
        }),
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'FallbackToLogsOnError',
        volumeMounts: [{ name: 'training-server-storage', mountPath: '/models' }, { name: 'training-server-tmp', mountPath: '/tmp' }],
      },
      {
        name: 'prediction-server',
        image: images.prediction,
        imagePullPolicy: 'IfNotPresent',
        ports: [{ containerPort: 8001, name: 'predict-port' }],
        resources: { requests: { cpu: q('8000m'), memory: q('4Gi') }, limits: { cpu: q('28000m'), memory: q('8Gi') } },
        startupProbe: httpProbe('/readyz', 8001, { failureThreshold: 60, periodSeconds: 10 }),
        livenessProbe: httpProbe('/healthz', 8001, { initialDelaySeconds: 15, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 5 }),
        readinessProbe: httpProbe('/readyz', 8001, { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
        securityContext: restricted,
        env: env({
          TRAINING_SERVER_URL: 'http://localhost:8000',
          LATENCY_MODEL_TYPE: 'xgboost',
          PREDICT_HOST: '0.0.0.0',
          PREDICT_PORT: '8001',
          LOCAL_TTFT_MODEL_PATH: '/server_models/ttft.joblib',
          LOCAL_TPOT_MODEL_PATH: '/server_models/tpot.joblib',
          LOCAL_TTFT_SCALER_PATH: '/server_models/ttft_scaler.joblib',
          LOCAL_TPOT_SCALER_PATH: '/server_models/tpot_scaler.joblib',
          LOCAL_TTFT_GATED_MODEL_PATH: '/server_models/ttft_gated.joblib',
          LOCAL_TPOT_GATED_MODEL_PATH: '/server_models/tpot_gated.joblib',
          UVICORN_WORKERS: '28',
          OMP_NUM_THREADS: '1',
          MODEL_SYNC_INTERVAL_SEC: '30',
          LATENCY_OBJECTIVE_TYPE: 'mean',
        }),
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'FallbackToLogsOnError',
        volumeMounts: [{ name: 'prediction-server-storage', mountPath: '/server_models' }, { name: 'prediction-server-tmp', mountPath: '/tmp' }],
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 60,
    volumes: [
      { name: 'training-server-storage', emptyDir: { sizeLimit: q('20Gi') } },
      { name: 'prediction-server-storage', emptyDir: { sizeLimit: q('10Gi') } },
      { name: 'training-server-tmp', emptyDir: {} },
      { name: 'prediction-server-tmp', emptyDir: {} },
    ],
  };
}

/** The InferencePool the scheduler preset creates per service: its pods, vLLM's port and the EPP Service. */
const SCHEDULER_POOL = {
  spec: {
    endpointPickerRef: { failureMode: 'FailOpen', kind: 'Service', name: '{{ ChildName .ObjectMeta.Name `-epp-service` }}', port: { number: 9002 } },
    selector: {
      matchLabels: { 'app.kubernetes.io/name': '{{ .ObjectMeta.Name }}', 'app.kubernetes.io/part-of': 'llminferenceservice', 'kserve.io/component': 'workload' },
    },
    targetPorts: [{ number: 8000 }],
  },
};

/**
 * The HTTPRoute of `kserve-config-llm-router-route`: the OpenAI-style endpoints under `/<namespace>/<name>/` rewritten to
 * `/v1/...` and a catch-all; with model-based routing also the bare `/v1/...` paths matched by the routing header (one
 * rule per endpoint at v0.19.0, one for all from v0.20.0) and a header catch-all; from v0.20.0 also the
 * `/publishers/<namespace>/models/<model>/` paths. The endpoint rules go to the service's InferencePool (its scheduler
 * picks the pod), the catch-alls to the workload Service; no rule times out (streams are long).
 */
function routerRoute(r: Pick<LlmPresetRelease, 'route' | 'routeEndpoints'>): unknown {
  const backendRefs = [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: POOL, port: 8000, weight: 1 }];
  // The catch-alls bypass the scheduler: straight to the workload's Service.
  const workload = [{ kind: 'Service', name: '{{ ChildName .ObjectMeta.Name `-kserve-workload-svc` }}', port: 8000, weight: 1 }];
  const timeouts = { backendRequest: '0s', request: '0s' };
  const rewrite = (to: string) => [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: to } } }];
  const header = { type: 'Exact', name: '{{ .GlobalConfig.ModelBasedRoutingHeaderName }}', value: PUBLISHER_NAME };
  const endpoints = r.routeEndpoints;
  // v0.18.1's rules have no names.
  const named = (name: string) => (r.route === 'unnamed' ? {} : { name });
  const prefixRule = (rule: string, prefix: string, name: string, path: string) => ({
    ...named(rule.replace('*', name)), backendRefs, matches: [{ path: { type: 'PathPrefix', value: `${prefix}/v1/${path}` } }], filters: rewrite(`/v1/${path}`), timeouts,
  });
  const prefixed = (rule: string, prefix: string) => endpoints.map(([name, path]) => prefixRule(rule, prefix, name, path));
  const byHeader = (paths: readonly string[]) => paths.flatMap(path => [`/v1/${path}`, `/v1/${path}/`].map(value => ({ path: { type: 'Exact', value }, headers: [header] })));
  const servicePath = '/{{ .ObjectMeta.Namespace }}/{{ .ObjectMeta.Name }}';
  const catchAll = { ...named('v1-catch-all-path'), backendRefs: workload, matches: [{ path: { type: 'PathPrefix', value: servicePath } }], filters: rewrite('/'), timeouts };
  const headerCatchAll = { name: 'v1-catch-all-model-routing', backendRefs: workload, matches: [{ headers: [header] }], timeouts };
  const rules = {
    'unnamed': () => [...prefixed('*', servicePath), catchAll],
    'per-endpoint': () => [
      ...endpoints.flatMap(([name, path]) => [
        prefixRule('v1-*-path', servicePath, name, path),
        { name: `v1-${name}-model-routing`, backendRefs, matches: byHeader([path]), timeouts },
      ]),
      catchAll,
      headerCatchAll,
    ],
    'consolidated': () => [
      ...prefixed('v1-*-path', servicePath),
      { name: 'v1-model-routing', backendRefs, matches: byHeader(endpoints.map(([, path]) => path)), timeouts },
      ...prefixed('v1-*-publisher-path', `/${PUBLISHER_NAME}`),
      { name: 'v1-publisher-path-catch-all', backendRefs: workload, matches: [{ path: { type: 'PathPrefix', value: `/${PUBLISHER_NAME}` } }], filters: rewrite('/'), timeouts },
      catchAll,
      headerCatchAll,
    ],
  }[r.route]();
  return {
    http: {
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: '{{ .GlobalConfig.IngressGatewayName }}', namespace: '{{ .GlobalConfig.IngressGatewayNamespace }}' }],
        rules,
      },
    },
  };
}

const pod = (spec: k8s.PodSpec) => k8s.toJson_PodSpec(spec);
// vLLM's drain ends 15 s (the preStop sleep) before the pod's grace period; a nil pod spec counts as 60 s (config_merge.go).
const shutdownOf = (podSpec: string) => `{{ shutdownTimeout ${podSpec} 15 }}`;
const prefillShutdownOf = (podSpec: string) => `{{ if .Spec.Prefill }}${shutdownOf(podSpec)}{{ else }}{{ shutdownTimeout nil 15 }}{{ end }}`;
const MAIN = {
  parallelism: '.Spec.Parallelism', shutdown: shutdownOf('.Spec.Template'), kvTransfer: '{{ kvTransferConfig .Spec.KVCacheOffloading }}', publisherName: true,
};
const MAIN_WORKER = { ...MAIN, shutdown: shutdownOf('.Spec.Worker') };
const PREFILL = {
  parallelism: '.Spec.Prefill.Parallelism',
  shutdown: prefillShutdownOf('.Spec.Prefill.Template'),
  kvTransfer: '{{ if .Spec.Prefill }}{{ kvTransferConfig .Spec.Prefill.KVCacheOffloading }}{{ end }}',
  publisherName: true,
};
const PREFILL_WORKER = { ...PREFILL, shutdown: prefillShutdownOf('.Spec.Prefill.Worker') };
const RANDOM_DUMMY_INPUTS: k8s.EnvVar[] = [{ name: 'VLLM_RANDOMIZE_DP_DUMMY_INPUTS', value: '1' }];

// ---- v0.16.0 and v0.17.1 (<tag>:config/llmisvcconfig/config-llm-*.yaml; what differs between them is an
// EarlyLlmPresetRelease).

/** How one vLLM container of an early preset is started. */
interface EarlyVllmOptions {
  readonly release: EarlyLlmPresetRelease;
  /** 8000, or 8001 behind the routing sidecar. */
  readonly port: number;
  /** `.Spec.Parallelism` or `.Spec.Prefill.Parallelism`. */
  readonly parallelism: string;
  readonly dataParallel?: 'leader' | 'worker';
  readonly terminationMessagePolicy?: string;
  readonly extraEnv?: k8s.EnvVar[];
}

/**
 * Our own bash launcher for the early data-parallel presets, passing the release's flags in its order: the API server
 * count (leader), `--disable-log-requests` (v0.16.0), expert and tensor parallelism when set, the data-parallel size,
 * local size, the LeaderWorkerSet leader's address (`$(LWS_LEADER_ADDRESS)`, which Kubernetes expands from the env),
 * RPC port and start rank, `$VLLM_ADDITIONAL_ARGS`, the container's `args` (v0.17.1), `--trust-remote-code`, and
 * `--headless` (worker). The Go template expressions are the release's. The release's RoCE detection (`KSERVE_INFER_ROCE`)
 * is not carried, as in the newer presets' launcher.
 */
function earlyVllmLauncher(o: EarlyVllmOptions): string {
  const p = o.parallelism;
  const r = o.release;
  const worker = o.dataParallel === 'worker';
  const flags = [
    '--served-model-name', `\"${MODEL_NAME}\"`, '--port', String(o.port),
    ...worker ? [] : ['--api-server-count', '${VLLM_API_SERVER_COUNT:-8}'],
    ...r.disableLogRequests ? ['--disable-log-requests'] : [],
    `{{ if ${p}.Expert }}--enable-expert-parallel{{ end }}`,
    `{{ if ${p}.Tensor }}--tensor-parallel-size {{ ${p}.Tensor }}{{ end }}`,
    '--data-parallel-size', `{{ or ${p}.Data 1 }}`,
    '--data-parallel-size-local', `{{ or ${p}.DataLocal 1 }}`,
    '--data-parallel-address', '$(LWS_LEADER_ADDRESS)',
    '--data-parallel-rpc-port', `{{ if ${p}.DataRPCPort }}{{ ${p}.DataRPCPort }}{{ else }}5555{{ end }}`,
    '--data-parallel-start-rank', '$START_RANK',
    '${VLLM_ADDITIONAL_ARGS}',
    ...r.vllmFlagsIn === 'command' ? ['$@'] : [],
    '--trust-remote-code',
    ...worker ? ['--headless'] : [],
  ];
  return [
    '# Starts vLLM for an LLMInferenceService (cdk8s-kserve preset launcher, with the release\'s flags).',
    worker ? `START_RANK=$(( \${LWS_WORKER_INDEX:-0} * {{ or ${p}.DataLocal 1 }} ))` : 'START_RANK=0',
    `eval "exec vllm serve /mnt/models ${flags.join(' ')}"`,
  ].join('\n');
}

/** The vLLM pod spec of an early preset: the release's container, 30 s grace, and its four volumes. */
function earlyVllmPod(o: EarlyVllmOptions, initContainers?: k8s.Container[]): k8s.PodSpec {
  const r = o.release;
  const dataParallel = o.dataParallel !== undefined;
  const probe = (rest: Omit<k8s.Probe, 'httpGet'>) => httpProbe('/health', o.port, rest, 'HTTP');
  // The release's delays (v0.16.0) or startup probe (v0.17.1); a data-parallel leader's readiness is checked every 30 s.
  const [livenessDelay, readinessDelay] = dataParallel ? [300, 200] : [120, 10];
  const delays = (seconds: number) => (r.probeDelays ? { initialDelaySeconds: seconds } : {});
  const probes = o.dataParallel === 'worker' ? {} : {
    livenessProbe: probe({ ...delays(livenessDelay), periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 }),
    readinessProbe: probe({ ...delays(readinessDelay), periodSeconds: dataParallel ? 30 : 10, timeoutSeconds: 5, failureThreshold: 60 }),
    startupProbe: r.probeDelays ? undefined : probe({ failureThreshold: 60, periodSeconds: 10 }),
  };
  const flags = ['--served-model-name', MODEL_NAME, '--port', String(o.port), ...r.disableLogRequests ? ['--disable-log-requests'] : []];
  const start = dataParallel
    ? (r.vllmFlagsIn === 'command' ? { command: ['/bin/bash', '-c', earlyVllmLauncher(o), '--'] } : { command: ['/bin/bash', '-c'], args: [earlyVllmLauncher(o)] })
    : (r.vllmFlagsIn === 'command' ? { command: ['vllm', 'serve', '/mnt/models', ...flags] } : { command: ['vllm', 'serve', '/mnt/models'], args: flags });
  const container: k8s.Container = {
    name: 'main',
    image: r.images.vllm,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: o.port, protocol: 'TCP' }],
    ...start,
    env: [
      { name: 'HOME', value: '/home' },
      { name: 'VLLM_LOGGING_LEVEL', value: 'INFO' },
      { name: 'HF_HUB_CACHE', value: '/models' },
      ...o.extraEnv ?? [],
    ],
    // As the release ships it: a writable root filesystem and no non-root requirement (presetSafetyFindings reports it).
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: false,
      runAsNonRoot: false,
      capabilities: { add: dataParallel ? ['IPC_LOCK', 'SYS_RAWIO', 'NET_RAW'] : undefined, drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: o.terminationMessagePolicy ?? 'FallbackToLogsOnError',
    ...probes,
    volumeMounts: [
      { name: 'home', mountPath: '/home' },
      { name: 'dshm', mountPath: '/dev/shm' },
      { name: 'model-cache', mountPath: '/models' },
      { name: 'tls-certs', mountPath: r.tlsMountPath, readOnly: true },
    ],
  };
  return {
    initContainers,
    containers: [container],
    terminationGracePeriodSeconds: 30,
    volumes: [
      { name: 'home', emptyDir: {} },
      { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Gi') } },
      { name: 'model-cache', emptyDir: {} },
      { name: 'tls-certs', secret: { secretName: TLS_SECRET } },
    ],
  };
}

/**
 * The early routing sidecar (8000 to vLLM's 8001, NIXL v2, configured by `args`): in the decode template with a writable
 * root filesystem, no seccomp profile and empty resources; in the data-parallel leader read-only with `RuntimeDefault`.
 */
function earlyRoutingSidecar(r: EarlyLlmPresetRelease, dataParallel: boolean): k8s.Container {
  const secureProxy = r.sidecarSecureProxy[dataParallel ? 1 : 0];
  const probe = (rest: Omit<k8s.Probe, 'httpGet'>) => httpProbe('/health', 8000, rest, 'HTTP');
  return {
    name: 'llm-d-routing-sidecar',
    imagePullPolicy: 'IfNotPresent',
    image: r.images.routingSidecar,
    restartPolicy: 'Always',
    ports: [{ containerPort: 8000, protocol: 'TCP' }],
    resources: dataParallel ? undefined : {},
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: dataParallel,
      runAsNonRoot: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: dataParallel ? { type: 'RuntimeDefault' } : undefined,
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'FallbackToLogsOnError',
    livenessProbe: probe({ initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 }),
    readinessProbe: probe({ initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 10 }),
    args: ['--port=8000', '--vllm-port=8001', '--connector=nixlv2', ...secureProxy === undefined ? [] : [`--secure-proxy=${secureProxy}`]],
    volumeMounts: [{ name: 'tls-certs', mountPath: r.tlsMountPath, readOnly: true }],
    env: [{ name: 'INFERENCE_POOL_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
  };
}

/** The early scheduler preset: its InferencePool and the endpoint picker alone (no tokenizer), configured by `args`. */
function earlySchedulerSpec(r: EarlyLlmPresetRelease): Record<string, unknown> {
  const v1 = r.scheduler === 'gie-v1';
  const q = k8s.Quantity.fromString;
  const health = (name: string) => (v1 ? name : 'envoy.service.ext_proc.v3.ExternalProcessor');
  const flag = (kebab: string, camel: string) => (v1 ? kebab : camel);
  // Gateway API Inference Extension v0.3's InferencePool (v1alpha2): the EPP by `extensionRef`, no selector labels.
  const pool = v1 ? SCHEDULER_POOL : {
    spec: { extensionRef: { failureMode: 'FailOpen', kind: 'Service', name: '{{ ChildName .ObjectMeta.Name `-epp-service` }}' }, selector: {}, targetPortNumber: 8000 },
  };
  const template: k8s.PodSpec = {
    containers: [{
      name: 'main',
      ports: [
        { containerPort: 9002, name: 'grpc', protocol: 'TCP' },
        { containerPort: 9003, name: 'grpc-health', protocol: 'TCP' },
        { containerPort: 9090, name: 'metrics', protocol: 'TCP' },
        ...v1 ? [{ containerPort: 5557, name: 'zmq', protocol: 'TCP' }] : [],
      ],
      image: r.images.endpointPicker,
      imagePullPolicy: 'IfNotPresent',
      livenessProbe: {
        failureThreshold: 3, grpc: { port: 9003, service: health('liveness') }, initialDelaySeconds: 5, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1,
      },
      readinessProbe: {
        failureThreshold: 3, grpc: { port: 9003, service: health('readiness') }, initialDelaySeconds: 30, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1,
      },
      args: [
        flag('--pool-name', '--poolName'), POOL, flag('--pool-namespace', '--poolNamespace'), '{{ .ObjectMeta.Namespace }}',
        '--zap-encoder', 'json', flag('--grpc-port', '--grpcPort'), '9002', flag('--grpc-health-port', '--grpcHealthPort'), '9003',
        ...v1 ? ['--kv-cache-usage-percentage-metric', 'vllm:kv_cache_usage_perc'] : [],
      ],
      resources: { requests: { cpu: q('256m'), memory: q('500Mi') } },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'FallbackToLogsOnError',
      securityContext: hardened({ readOnlyRootFilesystem: true }),
      volumeMounts: [{ name: 'tls-certs', mountPath: r.tlsMountPath, readOnly: true }],
    }],
    volumes: [{ name: 'tls-certs', secret: { secretName: TLS_SECRET } }],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
  };
  return { router: { scheduler: { pool, template: pod(template) } } };
}

/** The early route: v0.17.1's is v0.18.1's without /v1/responses; v0.16.0's one rule sends the service's paths to the pool. */
function earlyRoute(r: EarlyLlmPresetRelease): unknown {
  if (r.route === 'completions') return routerRoute({ route: 'unnamed', routeEndpoints: [['completions', 'completions'], ['chat-completions', 'chat/completions']] });
  return {
    http: {
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: '{{ .GlobalConfig.IngressGatewayName }}', namespace: '{{ .GlobalConfig.IngressGatewayNamespace }}' }],
        rules: [{
          // Gateway API Inference Extension v0.3's group.
          backendRefs: [{ group: 'inference.networking.x-k8s.io', kind: 'InferencePool', name: POOL, port: 8000, weight: 1 }],
          matches: [{ path: { type: 'PathPrefix', value: '/{{ .ObjectMeta.Namespace }}/{{ .ObjectMeta.Name }}' } }],
          filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
          timeouts: { backendRequest: '0s', request: '0s' },
        }],
      },
    },
  };
}

/** v0.16.0's or v0.17.1's eight presets, in the kustomization's order. */
function earlyPresetSpecs(release: EarlyLlmPresetRelease): Array<[name: string, spec: Record<string, unknown>]> {
  const main = { release, parallelism: '.Spec.Parallelism' };
  const prefill = { release, parallelism: '.Spec.Prefill.Parallelism' };
  return [
    ['kserve-config-llm-decode-template', { template: pod(earlyVllmPod({ ...main, port: 8001 }, [earlyRoutingSidecar(release, false)])) }],
    ['kserve-config-llm-decode-worker-data-parallel', {
      template: pod(earlyVllmPod({ ...main, port: 8001, dataParallel: 'leader' }, [earlyRoutingSidecar(release, true)])),
      worker: pod(earlyVllmPod({ ...main, port: 8001, dataParallel: 'worker', extraEnv: RANDOM_DUMMY_INPUTS })),
    }],
    ['kserve-config-llm-prefill-template', { prefill: { template: pod(earlyVllmPod({ ...prefill, port: 8000, terminationMessagePolicy: 'File' })) } }],
    ['kserve-config-llm-prefill-worker-data-parallel', {
      prefill: {
        template: pod(earlyVllmPod({ ...prefill, port: 8000, dataParallel: 'leader' })),
        worker: pod(earlyVllmPod({ ...prefill, port: 8000, dataParallel: 'worker' })),
      },
    }],
    ['kserve-config-llm-router-route', { router: { route: earlyRoute(release) } }],
    ['kserve-config-llm-scheduler', earlySchedulerSpec(release)],
    ['kserve-config-llm-template', { template: pod(earlyVllmPod({ ...main, port: 8000 })) }],
    ['kserve-config-llm-worker-data-parallel', {
      template: pod(earlyVllmPod({ ...main, port: 8000, dataParallel: 'leader' })),
      worker: pod(earlyVllmPod({ ...main, port: 8000, dataParallel: 'worker' })),
    }],
  ];
}

/**
 * What makes `release`'s presets less safe than the ones this library writes for the newer releases (every container
 * requires a non-root user, runs under a seccomp profile, and vLLM never runs the model repository's code), read from
 * the specs the builders write: one sentence per finding, naming the containers and presets; empty when none.
 * @internal
 */
export function presetSafetyFindings(release: AnyLlmPresetRelease): string[] {
  const notNonRoot = new Map<string, string[]>();
  const noSeccomp = new Map<string, string[]>();
  const remoteCode = new Map<string, string[]>();
  const plainHttp = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, container: string, preset: string) => {
    const presets = map.get(container) ?? [];
    if (!presets.includes(preset)) map.set(container, [...presets, preset]);
  };
  for (const [name, spec] of llmPresetSpecs(release)) {
    const s = spec as any;
    const pods = [s.template, s.worker, s.prefill?.template, s.prefill?.worker, s.router?.scheduler?.template].filter(Boolean);
    const short = name.replace(/^kserve-config-llm-/, '');
    for (const p of pods) {
      // A container without an image only patches the one of that name in another preset (the latency predictor's
      // `main` over the scheduler's), which is checked there.
      for (const c of [...p.initContainers ?? [], ...p.containers ?? []].filter((x: any) => x.image !== undefined)) {
        if (c.securityContext?.runAsNonRoot !== true && p.securityContext?.runAsNonRoot !== true) add(notNonRoot, c.name, short);
        if (c.securityContext?.seccompProfile === undefined && p.securityContext?.seccompProfile === undefined) add(noSeccomp, c.name, short);
        const words: string[] = [...c.command ?? [], ...c.args ?? []];
        if (words.some(a => a.includes('--trust-remote-code'))) add(remoteCode, c.name, short);
        // vLLM serves TLS only with --ssl-certfile, which the presets from v0.18.1 pass when KServe enables TLS
        // (config-llm-template.yaml at each tag); before, they pass no TLS flag (their TLS lines are commented out).
        const servesVllm = words.some(a => /(^|\s)vllm serve\b/.test(a)) || (words[0] === 'vllm' && words[1] === 'serve');
        if (servesVllm && !words.some(a => a.includes('--ssl-certfile'))) add(plainHttp, c.name, short);
      }
    }
  }
  const where = (map: Map<string, string[]>) => [...map].map(([container, presets]) => `${container} in ${presets.join(', ')}`).join('; ');
  return [
    ...notNonRoot.size ? [`Containers with runAsNonRoot: false (they may run as root, the image's default user): ${where(notNonRoot)}`] : [],
    ...remoteCode.size ? [`Containers that start vLLM with --trust-remote-code (it executes Python code from the model repository): ${where(remoteCode)}`] : [],
    ...noSeccomp.size ? [`Containers without a seccomp profile (Unconfined unless the kubelet defaults one): ${where(noSeccomp)}`] : [],
    ...plainHttp.size ? [`Containers that serve vLLM over plain HTTP (no TLS flag, so the routing sidecar and the scheduler reach it unencrypted): ${where(plainHttp)}`] : [],
  ];
}

/**
 * The specs of `release`'s presets, by name (config/llmisvcconfig/*.yaml at its tag), in the kustomization's order.
 * @internal
 */
export function llmPresetSpecs(release: AnyLlmPresetRelease): Array<[name: string, spec: Record<string, unknown>]> {
  if (isEarlyPresetRelease(release)) return earlyPresetSpecs(release);
  const sidecar = [routingSidecar(release)];
  const annotations = release.routingAnnotation ? ROUTING_ANNOTATIONS : undefined;
  const main = { ...MAIN, release };
  const mainWorker = { ...MAIN_WORKER, release };
  const prefill = { ...PREFILL, release };
  const prefillWorker = { ...PREFILL_WORKER, release };
  const latency = release.images.latencyPredictor;
  const specs: Array<[name: string, spec: Record<string, unknown>] | undefined> = [
    ['kserve-config-llm-decode-template', {
      annotations,
      template: pod(vllmPod({ ...main, port: 8001 }, sidecar)),
    }],
    ['kserve-config-llm-decode-worker-data-parallel', {
      annotations,
      template: pod(vllmPod({ ...main, port: 8001, dataParallel: 'leader' }, sidecar)),
      worker: pod(vllmPod({ ...mainWorker, port: 8001, dataParallel: 'worker', extraEnv: RANDOM_DUMMY_INPUTS })),
    }],
    ['kserve-config-llm-prefill-template', {
      prefill: {
        annotations,
        template: pod(vllmPod({ ...prefill, publisherName: false, port: 8000, terminationMessagePolicy: 'File' })),
      },
    }],
    ['kserve-config-llm-prefill-worker-data-parallel', {
      prefill: {
        annotations,
        template: pod(vllmPod({ ...prefill, port: 8000, dataParallel: 'leader' })),
        worker: pod(vllmPod({ ...prefillWorker, port: 8000, dataParallel: 'worker' })),
      },
    }],
    ['kserve-config-llm-router-route', { router: { route: routerRoute(release) } }],
    ['kserve-config-llm-scheduler', {
      router: {
        scheduler: {
          pool: SCHEDULER_POOL,
          annotations: release.schedulerVersion === undefined ? undefined : { 'app.kubernetes.io/version': release.schedulerVersion },
          template: pod(schedulerPod(release)),
        },
      },
    }],
    latency && ['kserve-config-llm-scheduler-latency-predictor', { router: { scheduler: { template: pod(latencyPredictorPod(latency)) } } }],
    ['kserve-config-llm-template', { annotations, template: pod(vllmPod({ ...main, port: 8000 })) }],
    // Tracing to an OpenTelemetry collector named otel-collector in the service's namespace, 5 % of traces.
    release.tracing ? ['kserve-config-llm-tracing', {
      tracing: { exporterEndpoint: 'http://otel-collector:4317', sampler: 'parentbased_traceidratio', samplerArg: '0.05', exporter: 'otlp' },
    }] : undefined,
    ['kserve-config-llm-worker-data-parallel', {
      annotations,
      template: pod(vllmPod({ ...main, port: 8000, dataParallel: 'leader' })),
      worker: pod(vllmPod({ ...mainWorker, port: 8000, dataParallel: 'worker' })),
    }],
  ];
  return specs.filter((s): s is [string, Record<string, unknown>] => s !== undefined);
}

/** `spec` with each container image found in `images` replaced. */
function replaceImages<T>(value: T, images: Readonly<Record<string, string>>): T {
  if (Array.isArray(value)) return value.map(v => replaceImages(v, images)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'image' && typeof v === 'string' && images[v] !== undefined
      ? images[v] : replaceImages(v, images)])) as T;
  }
  return value;
}

/**
 * Writes `release`'s presets into `scope` (the runtimes chart, whose namespace is the control plane's) with the `images`
 * replacements; returns them. Their Go templates are escaped at synth when the output is a Helm chart (EmittedObject,
 * private/helm.ts).
 * @internal
 */
export function addLlmPresets(scope: Chart, namespace: string, release: AnyLlmPresetRelease, images: Readonly<Record<string, string>>): ApiObject[] {
  // v0.16.0:config/llmisvcconfig/*.yaml are v1alpha1 (its CRD's only version); v1alpha2 from v0.17.1.
  const apiVersion = isEarlyPresetRelease(release) ? release.apiVersion : 'serving.kserve.io/v1alpha2';
  return llmPresetSpecs(release).map(([name, spec]) => new EmittedObject(scope, name, {
    apiVersion,
    kind: 'LLMInferenceServiceConfig',
    metadata: { name, namespace },
    spec: replaceImages(spec, images),
  }));
}

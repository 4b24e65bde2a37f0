// What differs between the releases' LLMInferenceServiceConfig presets (config/llmisvcconfig/*.yaml at each tag), as the
// parameters of the builders in llm-presets.ts. Compared tag to tag (`git diff v0.18.1 v0.19.0 -- config/llmisvcconfig`);
// what is not listed here is the same at v0.18.1, v0.19.0 and v0.20.0.

/** The images a release's presets run. @internal */
export interface LlmPresetImages {
  /** vLLM, in the `main` container of every workload preset. */
  readonly vllm: string;
  /** The prefill/decode routing sidecar of the decode presets. */
  readonly routingSidecar: string;
  /** The endpoint picker, `main` of the scheduler preset. */
  readonly endpointPicker: string;
  /** The scheduler's tokenizer. */
  readonly tokenizer: string;
  /** The latency predictor's training and prediction servers (v0.20.0's `kserve-config-llm-scheduler-latency-predictor`). */
  readonly latencyPredictor?: { readonly training: string; readonly prediction: string };
}

/** An HTTP probe's timings. @internal */
export interface ProbeTimings {
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** One release's presets, as parameters of the builders. @internal */
export interface LlmPresetRelease {
  readonly images: LlmPresetImages;
  /**
   * The vLLM launcher picks its flags by the installed vLLM's version (probe-only access logs from 0.16,
   * `--shutdown-timeout` from 0.18); otherwise it always passes `--disable-uvicorn-access-log` and no shutdown timeout.
   */
  readonly versionedVllmFlags: boolean;
  /** `spec.kvCacheOffloading` reaches vLLM (`kvTransferConfig`, vLLM 0.22+). */
  readonly kvCacheOffloading: boolean;
  /** The single-node presets pass `--tensor-parallel-size` (the data-parallel ones always do). */
  readonly singleNodeTensorParallel: boolean;
  /**
   * Model-based routing: vLLM also serves the model as `publishers/<namespace>/models/<model>`, and the route matches
   * the routing header.
   */
  readonly modelBasedRouting: boolean;
  /** The workload presets carry `serving.kserve.io/model-based-routing-enabled: "true"`. */
  readonly routingAnnotation: boolean;
  /** vLLM and the routing sidecar run with a writable root filesystem (the NVIDIA CDI hook needs one). */
  readonly writableRoot: boolean;
  /** vLLM sleeps 15 s in preStop, and its pod's grace period is 60 s (30 s without). */
  readonly vllmDrain: boolean;
  /** vLLM's liveness and readiness probes; a data-parallel leader's readiness probe has `dataParallelReadinessPeriod`. */
  readonly vllmLiveness: ProbeTimings;
  readonly vllmReadiness: ProbeTimings;
  readonly dataParallelReadinessPeriod: number;
  /** The routing sidecar's NIXL connector flag and TLS flags, and whether it is told the InferencePool. */
  readonly sidecarConnectorFlag: '--connector' | '--kv-connector';
  readonly sidecarTlsFlags: readonly [decoder: string, prefiller: string];
  readonly sidecarInferencePool: boolean;
  /** The scheduler pool's `app.kubernetes.io/version` annotation; none when absent. */
  readonly schedulerVersion?: string;
  /**
   * The endpoint picker's resources, preStop sleep and its pod's grace period (the latter at least the workload's from
   * v0.20.0).
   */
  readonly endpointPicker: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits?: { readonly cpu: string; readonly memory: string };
    readonly drain: boolean;
    readonly terminationGracePeriodSeconds: number;
  };
  /** The OpenAI-style endpoints the route exposes, `[rule name part, path after /v1/]`. */
  readonly routeEndpoints: ReadonlyArray<readonly [string, string]>;
  /**
   * The route's shape: `unnamed` path rules and a catch-all (v0.18.1); `per-endpoint` named rules, each endpoint's path
   * rule followed by its model-routing rule (v0.19.0); `consolidated`: one model-routing rule for all endpoints and the
   * `/publishers/...` paths (v0.20.0).
   */
  readonly route: 'unnamed' | 'per-endpoint' | 'consolidated';
  /** The `kserve-config-llm-tracing` preset exists (the latency predictor preset exists with its images). */
  readonly tracing: boolean;
}

// v0.20.0:config/llmisvcconfig/config-llm-{template,decode-template,decode-worker-data-parallel,prefill-template,
// prefill-worker-data-parallel,worker-data-parallel,router-route,scheduler,scheduler-latency-predictor,tracing}.yaml
const V0_20: LlmPresetRelease = {
  images: {
    vllm: 'ghcr.io/llm-d/llm-d-cuda:v0.8.0',
    routingSidecar: 'ghcr.io/llm-d/llm-d-router-disagg-sidecar:v0.9.0',
    endpointPicker: 'ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.9.0',
    tokenizer: 'ghcr.io/llm-d/llm-d-uds-tokenizer:vllm-v0.19.1',
    latencyPredictor: {
      training: 'ghcr.io/llm-d/llm-d-latency-predictor-training-server:v0.8.0',
      prediction: 'ghcr.io/llm-d/llm-d-latency-predictor-prediction-server:v0.8.0',
    },
  },
  versionedVllmFlags: true,
  kvCacheOffloading: true,
  singleNodeTensorParallel: true,
  modelBasedRouting: true,
  routingAnnotation: true,
  writableRoot: true,
  vllmDrain: true,
  vllmLiveness: { periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 10 },
  vllmReadiness: { periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 2 },
  dataParallelReadinessPeriod: 1,
  sidecarConnectorFlag: '--kv-connector',
  sidecarTlsFlags: ['--enable-tls=decoder', '--enable-tls=prefiller'],
  sidecarInferencePool: true,
  schedulerVersion: '0.9.0',
  endpointPicker: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '6', memory: '16Gi' }, drain: true, terminationGracePeriodSeconds: 60 },
  routeEndpoints: [['completions', 'completions'], ['chat-completions', 'chat/completions'], ['responses', 'responses'], ['messages', 'messages']],
  route: 'consolidated',
  tracing: true,
};

// v0.19.0:config/llmisvcconfig/*.yaml (the first eight files above): the llm-d v0.6/v0.7 images, a read-only root
// filesystem, longer vLLM probes, the sidecar's older flags, a smaller endpoint picker without preStop, a route with one
// model-routing rule per endpoint and no /v1/messages.
const V0_19: LlmPresetRelease = {
  ...V0_20,
  images: {
    vllm: 'ghcr.io/llm-d/llm-d-cuda:v0.6.0',
    routingSidecar: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.7.1',
    endpointPicker: 'ghcr.io/llm-d/llm-d-inference-scheduler:v0.7.1',
    tokenizer: 'ghcr.io/llm-d/llm-d-uds-tokenizer:v0.7.1',
  },
  kvCacheOffloading: false,
  singleNodeTensorParallel: false,
  routingAnnotation: false,
  writableRoot: false,
  vllmLiveness: { periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 },
  vllmReadiness: { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 },
  dataParallelReadinessPeriod: 30,
  sidecarTlsFlags: ['--decoder-use-tls=true', '--prefiller-use-tls=true'],
  sidecarInferencePool: false,
  schedulerVersion: '0.7.0',
  endpointPicker: { requests: { cpu: '256m', memory: '500Mi' }, drain: false, terminationGracePeriodSeconds: 30 },
  routeEndpoints: V0_20.routeEndpoints.slice(0, 3),
  route: 'per-endpoint',
  tracing: false,
};

// v0.18.1:config/llmisvcconfig/*.yaml (the same eight): as v0.19.0 with fixed vLLM flags, no publisher name or
// model-based routing, no preStop (30 s grace), the sidecar's `--connector`, no scheduler version annotation, an unnamed
// route. v0.17.1's and v0.16.0's presets have another shape (EarlyLlmPresetRelease below).
const V0_18: LlmPresetRelease = {
  ...V0_19,
  versionedVllmFlags: false,
  modelBasedRouting: false,
  vllmDrain: false,
  sidecarConnectorFlag: '--connector',
  schedulerVersion: undefined,
  route: 'unnamed',
};

/**
 * The presets of v0.16.0 and v0.17.1 (the same eight files as v0.18.1, another shape): vLLM started without a shell on a
 * single node (`vllm serve` with fixed flags), a bash script only for data parallelism, no TLS anywhere (the TLS flags
 * are commented out, "BackendTLSPolicy is not implemented yet"), no /tmp volume, 1 GiB of shared memory everywhere,
 * containers that do not require a non-root user, the data-parallel vLLM with `--trust-remote-code`, the sidecar and
 * scheduler configured by `args`, no tokenizer sidecar. @internal
 */
export interface EarlyLlmPresetRelease {
  readonly generation: 'early';
  /** The presets' API version: v0.16.0's LLMInferenceServiceConfig CRD has v1alpha1 only. */
  readonly apiVersion: string;
  readonly images: { readonly vllm: string; readonly routingSidecar: string; readonly endpointPicker: string };
  /**
   * Where vLLM's flags go: `args` under `command: [vllm, serve, /mnt/models]` (and the data-parallel script in `args`
   * under `command: [/bin/bash, -c]`, which the service's `args` replace); `command` holds all, the script followed by
   * `--`, so the service's `args` reach vLLM (v0.17.1).
   */
  readonly vllmFlagsIn: 'args' | 'command';
  /** vLLM gets `--disable-log-requests` (v0.16.0). */
  readonly disableLogRequests: boolean;
  /**
   * The probes' initial delays: liveness 120 s / readiness 10 s on a single node, 300 s / 200 s for a data-parallel
   * leader (v0.16.0); none, and a startup probe instead, from v0.17.1.
   */
  readonly probeDelays: boolean;
  /** Where the `tls-certs` Secret is mounted. */
  readonly tlsMountPath: string;
  /** The routing sidecar's `--secure-proxy` value, in the decode template and the decode data-parallel leader; none when undefined. */
  readonly sidecarSecureProxy: readonly [template: string | undefined, dataParallel: string | undefined];
  /**
   * The scheduler and its InferencePool: Gateway API Inference Extension v0.3's (`extensionRef`, an empty selector,
   * `targetPortNumber`, camel-case EPP flags, the ext-proc gRPC health service; v0.16.0) or v1's (`endpointPickerRef` with
   * its port, the workload's labels, `targetPorts`, kebab-case flags, liveness/readiness health services, the ZMQ port,
   * the KV cache metric flag; v0.17.1).
   */
  readonly scheduler: 'gie-v0.3' | 'gie-v1';
  /**
   * The route: one rule, everything under `/<namespace>/<name>` to the InferencePool (`inference.networking.x-k8s.io`;
   * v0.16.0); or completions and chat completions to the InferencePool (`inference.networking.k8s.io`) and a catch-all to
   * the workload Service (v0.17.1).
   */
  readonly route: 'single' | 'completions';
}

// v0.17.1:config/llmisvcconfig/config-llm-{template,decode-template,decode-worker-data-parallel,prefill-template,
// prefill-worker-data-parallel,worker-data-parallel,router-route,scheduler}.yaml
const V0_17: EarlyLlmPresetRelease = {
  generation: 'early',
  apiVersion: 'serving.kserve.io/v1alpha2',
  images: {
    vllm: 'ghcr.io/llm-d/llm-d-cuda:v0.4.0',
    routingSidecar: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.4.0',
    endpointPicker: 'ghcr.io/llm-d/llm-d-inference-scheduler:v0.4.0',
  },
  vllmFlagsIn: 'command',
  disableLogRequests: false,
  probeDelays: false,
  tlsMountPath: '/var/run/kserve/tls',
  sidecarSecureProxy: ['false', 'false'],
  scheduler: 'gie-v1',
  route: 'completions',
};

// v0.16.0:config/llmisvcconfig/*.yaml (the same eight; `git diff v0.16.0 v0.17.1 -- config/llmisvcconfig`): v1alpha1,
// the llm-d v0.2 images, vLLM's flags in `args` with `--disable-log-requests`, initial delays instead of startup probes,
// the certificates at /etc/ssl/certs, no `--secure-proxy` in the decode template (`true` in the data-parallel one), the
// Inference Extension v0.3 scheduler and a one-rule route.
const V0_16: EarlyLlmPresetRelease = {
  ...V0_17,
  apiVersion: 'serving.kserve.io/v1alpha1',
  images: {
    vllm: 'ghcr.io/llm-d/llm-d-dev:v0.2.2',
    routingSidecar: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.2.0',
    endpointPicker: 'ghcr.io/llm-d/llm-d-inference-scheduler:v0.2.0',
  },
  vllmFlagsIn: 'args',
  disableLogRequests: true,
  probeDelays: true,
  tlsMountPath: '/etc/ssl/certs',
  sidecarSecureProxy: [undefined, 'true'],
  scheduler: 'gie-v0.3',
  route: 'single',
};

/** Any release's presets. @internal */
export type AnyLlmPresetRelease = LlmPresetRelease | EarlyLlmPresetRelease;

/** `release` is v0.16.0's or v0.17.1's. @internal */
export function isEarlyPresetRelease(release: AnyLlmPresetRelease): release is EarlyLlmPresetRelease {
  return (release as EarlyLlmPresetRelease).generation === 'early';
}

/** Per release name: the releases whose presets the library writes. @internal */
export const LLM_PRESET_RELEASES: ReadonlyMap<string, AnyLlmPresetRelease> = new Map<string, AnyLlmPresetRelease>([
  ['v0.16.0', V0_16],
  ['v0.17.1', V0_17],
  ['v0.18.1', V0_18],
  ['v0.19.0', V0_19],
  ['v0.20.0', V0_20],
]);

/** Every image `release`'s presets run. @internal */
export function presetImages(release: AnyLlmPresetRelease): string[] {
  if (isEarlyPresetRelease(release)) return [release.images.vllm, release.images.routingSidecar, release.images.endpointPicker];
  const { vllm, routingSidecar, endpointPicker, tokenizer, latencyPredictor } = release.images;
  return [vllm, routingSidecar, endpointPicker, tokenizer, ...latencyPredictor ? [latencyPredictor.training, latencyPredictor.prediction] : []];
}

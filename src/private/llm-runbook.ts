import {
  LLM_MAIN_CONTAINER, LLM_ROUTING_SIDECAR, LLM_WORKLOAD_PORT, llmDeploymentName, llmPodLabels,
  llmSchedulerDeploymentName, llmSchedulerSelector, llmWorkloadSelector, childName,
} from './llm-names';
import { cacheRunbookSection } from './model-cache';
import { selectorString } from './util';
import type { LLMInferenceService } from '../llm/llm-inference-service';

/** What a runbook says about the monitors of the service: the reader ServiceAccount of the scheduler's metrics. */
export interface LLMRunbookMonitor {
  readonly name: string;
  readonly readerServiceAccount?: string;
}

/** The shell word for `value` inside single quotes. */
function quoted(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

/**
 * The runbook of one LLMInferenceService, as Markdown: status, URL, the OpenAI-compatible requests, the model cache,
 * logs of the vLLM, routing sidecar and scheduler containers, and the metrics of vLLM and the endpoint picker.
 */
export function llmRunbook(service: LLMInferenceService, namespace: string, monitors: LLMRunbookMonitor[]): string {
  const { name } = service;
  const ns = namespace;
  const shape = service._serving;
  const kubectl = (rest: string) => `kubectl ${rest} -n ${ns}`;
  const workload = selectorString(llmWorkloadSelector(name));
  const scheduler = shape.managedScheduler !== false;
  const model = service.modelName;
  // vLLM names its series' model_name label after the served model (`--served-model-name`, the presets at v0.20.0).
  const series = `{namespace="${ns}",model_name=${JSON.stringify(model)}}`;
  const body = (fields: Record<string, unknown>) => `-H 'Content-Type: application/json' -d ${quoted(JSON.stringify(fields))}`;
  const reader = monitors.find(m => m.readerServiceAccount)?.readerServiceAccount;
  const cache = service._modelCache;
  const lines = [
    `# Runbook: ${ns}/${name} (LLMInferenceService)`,
    '',
    `KServe ${service.version.name}; vLLM serves the model as \`${model}\`${shape.adapters.length > 0 ? ` with LoRA adapters ${shape.adapters.map(a => `\`${a}\``).join(', ')}` : ''}`
      + `${shape.prefill ? ', with prefill/decode disaggregation' : ''}${scheduler ? `${shape.managedScheduler === undefined ? ' and, if a config of baseRefs adds it,' : ','} the llm-d scheduler picking a pod per request` : ''}.`,
    '',
    '```mermaid',
    ...diagram(service),
    '```',
    '',
    '## Status',
    '',
    // LLMs take minutes to download and load; the presets' startup probes allow up to an hour (config-llm-template.yaml).
    'Downloading and loading a model takes minutes; the conditions say which part is not ready yet.',
    '',
    '```sh',
    `${kubectl(`get llminferenceservice ${name}`)} -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}{"\\t"}{.status.url}{"\\n"}'`,
    `${kubectl(`get llminferenceservice ${name}`)} -o jsonpath='{range .status.conditions[*]}{.type}{"\\t"}{.status}{"\\t"}{.reason}{"\\t"}{.message}{"\\n"}{end}'`,
    `kubectl wait --for=condition=Ready llminferenceservice/${name} -n ${ns} --timeout=1800s`,
    '```',
    '',
    '## URL',
    '',
    ...(shape.route === false
      ? [
        `The service has no router, so it is reachable only inside the cluster, at ${service.clusterLocalUrl}. From your machine,`,
        'forward a local port to its workload Service:',
        '',
        '```sh',
        `${kubectl(`port-forward svc/${service.workloadServiceName} 8000:${LLM_WORKLOAD_PORT}`)} >/dev/null &`,
        'sleep 3',
        'URL=http://localhost:8000',
        '```',
      ]
      : [
        // DiscoverURLs / extractRoutePaths (router_discovery.go at v0.20.0): the Gateway's addresses and the route's
        // shallowest path, `/<namespace>/<name>` for KServe's route (config-llm-router-route.yaml).
        `KServe writes the Gateway's address and the route's path (\`/${ns}/${name}\` for its own route) into the status; every`,
        'address is listed too. Inside the cluster, the workload Service also answers, at',
        `${service.clusterLocalUrl}.`,
        '',
        '```sh',
        `URL=$(${kubectl(`get llminferenceservice ${name}`)} -o jsonpath='{.status.url}')`,
        `${kubectl(`get llminferenceservice ${name}`)} -o jsonpath='{range .status.addresses[*]}{.url}{"\\n"}{end}'`,
        '```',
      ]),
    '',
    'An `https` URL means KServe\'s TLS for LLM services is on (`ingress.enableLLMInferenceServiceTLS`): the certificate is',
    `self-signed, in Secret \`${childName(name, '-kserve-self-signed-certs')}\`; give it to curl with \`--cacert\`.`,
    '',
    '## Send a request',
    '',
    'vLLM serves the OpenAI-compatible API: the models it serves, a completion and a chat completion.',
    ...(shape.adapters.length > 0 ? ['', 'To call a LoRA adapter, name it as the `model`.'] : []),
    '',
    '```sh',
    'curl -sS "$URL/v1/models"',
    `curl -sS "$URL/v1/completions" ${body({ model, prompt: 'Kubernetes is', max_tokens: 32 })}`,
    `curl -sS "$URL/v1/chat/completions" ${body({ model, messages: [{ role: 'user', content: 'Say hello in one sentence.' }], max_tokens: 64 })}`,
    '```',
    '',
    ...(cache ? cacheRunbookSection(cache, 'llminferenceservice', name, ns, 'The model') : []),
    '## Logs, pods and events',
    '',
    '```sh',
    `${kubectl(`get pods -l ${selectorString(llmPodLabels(name))}`)} -L app.kubernetes.io/component,llm-d.ai/role`,
    `${kubectl(`logs -l ${workload} -c ${LLM_MAIN_CONTAINER} --tail=200 --prefix`)}   # vLLM`,
    // StorageInitializerContainerName (pkg/constants/constants.go at v0.20.0): the init container that downloads the model.
    `${kubectl(`logs -l ${workload} -c storage-initializer --tail=100 --prefix`)}   # the model download, when KServe's storage initializer fetches it`,
    ...(shape.prefill !== false ? [`${kubectl(`logs -l ${workload},llm-d.ai/role=decode -c ${LLM_ROUTING_SIDECAR} --tail=200 --prefix`)}   # the routing sidecar of decode pods (with prefill)`] : []),
    ...(scheduler ? [`${kubectl(`logs -l ${selectorString(llmSchedulerSelector(name))} -c ${LLM_MAIN_CONTAINER} --tail=200 --prefix`)}   # the scheduler (endpoint picker)`] : []),
    `kubectl get events -n ${ns} --sort-by=.lastTimestamp`,
    '```',
    '',
    '## Metrics',
    '',
    // vLLM: the /metrics endpoint of its API server (docs/design/metrics.md in vllm-project/vllm); the series the endpoint
    // picker itself reads are its defaults (pkg/epp/server/options.go in llm-d-inference-scheduler).
    'vLLM serves Prometheus metrics (`vllm:*`) on its API port at `/metrics`: running and waiting requests',
    '(`vllm:num_requests_running`, `vllm:num_requests_waiting`), KV-cache use (`vllm:kv_cache_usage_perc`), tokens',
    '(`vllm:prompt_tokens_total`, `vllm:generation_tokens_total`) and latencies (`vllm:time_to_first_token_seconds`,',
    '`vllm:e2e_request_latency_seconds`).',
    ...(monitors.length > 0 ? ['', `The PodMonitor${monitors.length > 1 ? 's' : ''} ${monitors.map(m => `\`${m.name}\``).join(', ')} scrape${monitors.length > 1 ? '' : 's'} them.`] : []),
    '',
    '```sh',
    `POD=$(${kubectl(`get pods -l ${workload}${shape.prefill ? ',llm-d.ai/role=decode' : ''}`)} -o jsonpath='{.items[0].metadata.name}')`,
    `${kubectl(`port-forward "pod/$POD" 8001:${shape.prefill ? 8001 : 8000}`)} >/dev/null &`,
    'sleep 3',
    "curl -sS http://localhost:8001/metrics | grep '^vllm:'",
    '```',
    '',
    'In Prometheus:',
    '',
    '```promql',
    `sum(rate(vllm:generation_tokens_total${series}[5m]))   # generated tokens per second`,
    `histogram_quantile(0.95, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket${series}[5m])))   # p95 time to first token`,
    `sum(vllm:num_requests_waiting${series})   # queued requests`,
    `max(vllm:kv_cache_usage_perc${series})   # fullest KV cache (0-1)`,
    '```',
    ...(scheduler ? schedulerMetrics(service, ns, reader) : []),
    '',
  ];
  return lines.join('\n');
}

/**
 * The endpoint picker's metrics: `inference_objective_*`, `inference_pool_*`, `inference_extension_*` on its `metrics`
 * port (9090), which authenticates and authorizes every request (`--metrics-endpoint-auth`, on by default; options.go
 * and cmd/epp/runner/runner.go in llm-d-inference-scheduler; metric names in pkg/epp/metrics/metrics.go).
 */
function schedulerMetrics(service: LLMInferenceService, ns: string, reader: string | undefined): string[] {
  const pool = childName(service.name, '-inference-pool');
  return [
    '',
    'The scheduler (endpoint picker) serves its own metrics on port 9090 (`metrics`): requests per model',
    '(`inference_objective_request_total`), the pool\'s ready pods and average KV-cache use (`inference_pool_ready_pods`,',
    '`inference_pool_average_kv_cache_utilization`) and its scheduling time (`inference_extension_scheduler_e2e_duration_seconds`).',
    'It answers only a token allowed to `get` the non-resource URL `/metrics`'
      + `${reader ? `, such as the ServiceAccount \`${reader}\` of the PodMonitor` : ''}.`,
    '',
    '```sh',
    `kubectl port-forward -n ${ns} deployment/${llmSchedulerDeploymentName(service.name)} 9090:9090 >/dev/null &`,
    'sleep 3',
    `TOKEN=$(kubectl create token ${reader ?? "'<REPLACE: a ServiceAccount allowed to get /metrics>'"} -n ${ns})`,
    'curl -sS -H "Authorization: Bearer $TOKEN" http://localhost:9090/metrics | grep \'^inference_\'',
    '```',
    '',
    '```promql',
    `inference_pool_ready_pods{name="${pool}"}`,
    `inference_pool_average_kv_cache_utilization{name="${pool}"}`,
    '```',
  ];
}

/** The request path as a Mermaid flowchart: gateway and route, scheduler and pool, workload Service, vLLM pods. */
function diagram(service: LLMInferenceService): string[] {
  const { name } = service;
  const shape = service._serving;
  const routed = shape.route !== false;
  const lines = ['flowchart LR'];
  lines.push(routed ? '  client([client]) --> gateway["Gateway"] --> route["HTTPRoute"]' : '  client([client in the cluster])');
  lines.push(`  ${routed ? 'route' : 'client'} --> svc["Service ${service.workloadServiceName}"] --> decode["${llmDeploymentName(name)}: vLLM"]`);
  if (routed && shape.managedScheduler !== false) {
    lines.push(`  route -->|completions, chat| pool["InferencePool ${childName(name, '-inference-pool')}"]`);
    lines.push(`  pool -. asks .-> epp["scheduler ${llmSchedulerDeploymentName(name)}"]`);
    lines.push('  pool --> decode');
  }
  if (shape.prefill) {
    lines.push(`  decode -->|prompts| prefill["${childName(name, '-kserve-prefill')}: vLLM prefill"]`);
  }
  return lines;
}

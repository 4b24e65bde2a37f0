import { IConstruct } from 'constructs';
import { KServeVersion } from '../kserve-version';
import { Model } from '../model';
import { ProtocolVersion } from '../protocol-version';
import { ServingRuntimeOptions } from '../runtimes/runtime-definition';
import { runtimeFor } from '../runtimes/runtime-selection';
import { ServingRuntimeBase } from '../runtimes/serving-runtime-base';

/*
 * What a client needs to reach a model: the protocol KServe ends up with and the name the model server serves the
 * model under. Both depend on the runtime that serves the model, which KServe resolves at reconcile; here it is the
 * app's runtime of the name the model gives (namespace first, as utils.go GetServingRuntime), else the release's
 * standard runtime of that name, else the standard runtime KServe auto-selects.
 */

/** The runtime names KServe's SetRuntimeDefaults gives a protocol default (constants.go MLServer / TritonServer / TorchServe, both tags). */
const RUNTIME_PROTOCOL_DEFAULTS: Record<string, ProtocolVersion> = {
  'kserve-mlserver': ProtocolVersion.V2,
  'kserve-tritonserver': ProtocolVersion.V2,
  'kserve-torchserve': ProtocolVersion.V1,
};

/**
 * A request that lists the models a server serves, for the runtimes that take the model name from the model
 * files rather than from the InferenceService.
 */
export interface ModelListing {
  readonly method: 'GET' | 'POST';
  readonly path: string;
}

const MODEL_LISTINGS: Record<string, ModelListing> = {
  // TorchServe's KServe wrapper (pytorch/serve kubernetes/kserve/kserve_wrapper/__main__.py) registers the models of
  // config.properties' model_snapshot with KServe's Python ModelServer, which always serves GET /v1/models
  // (python/kserve/kserve/protocol/rest/server.py at v0.11.0 and v0.13.1, v1_endpoints.py at v0.20.0).
  'kserve-torchserve': { method: 'GET', path: '/v1/models' },
  // Triton lists its model repository at POST /v2/repository/index (triton-inference-server/server
  // src/http_server.cc HandleRepositoryIndex, POST only); it has no GET /v2/models.
  'kserve-tritonserver': { method: 'POST', path: '/v2/repository/index' },
};

/** The runtime that serves the model, as far as the app and the release tell (runtime-selection.ts runtimeFor). */
function resolveRuntime(scope: IConstruct, namespace: string, version: KServeVersion, model: Model): ServingRuntimeOptions | undefined {
  return runtimeFor(model, version, namespace, ServingRuntimeBase._inApp(scope))?.options;
}

/**
 * The protocol KServe settles on for a model: the one written; else, for a named runtime, SetRuntimeDefaults'
 * default for MLServer and Triton (v2) and TorchServe (v1) (`inference_service_defaults.go` v0.13.1 :273-365,
 * v0.20.0 :392-491; v0.20 also by the runtime's server-type annotation, which the release's runtimes of those names
 * carry), then the runtime's lowest protocol (`GetProtocolVersionPriority`, predictor_model.go, components/predictor.go
 * "assign protocol version"); an auto-selected runtime must speak KServe's default, v1 (`GetProtocol`). A named
 * runtime the app and the release do not know is taken to speak v1.
 */
export function servedProtocol(scope: IConstruct, namespace: string, version: KServeVersion, model: Model): ProtocolVersion {
  if (model.protocolVersion) return model.protocolVersion;
  if (model.runtime === undefined) return ProtocolVersion.V1;
  const byName = RUNTIME_PROTOCOL_DEFAULTS[model.runtime];
  if (byName) return byName;
  const runtime = resolveRuntime(scope, namespace, version, model);
  // ProtocolVersion.all() is in KServe's GetProtocolVersionInt order (v1, v2, grpc-v1, grpc-v2).
  return ProtocolVersion.all().find(p => runtime?.protocolVersions?.includes(p)) ?? ProtocolVersion.V1;
}

/** Under which name a model is served, or, when the model files decide, which runtime decides and how to list its models. */
export interface ServedModelName {
  /** The name in `/v1/models/<name>` and `/v2/models/<name>`, when known. */
  readonly name?: string;
  /** The runtime, when it is known; names the one that decides when `name` is unknown. */
  readonly runtime?: string;
  /** How to ask the server for the names it serves, when `name` is unknown and the server has a listing. */
  readonly listing?: ModelListing;
}

/**
 * The name a model is served under: `servedModelName` when given; the InferenceService name for runtimes that are
 * told it, i.e. whose container passes `--model_name={{.Name}}` (KServe's Python servers, TF Serving, the Hugging Face
 * server: config/runtimes at both tags) and MLServer, whose `MLSERVER_MODEL_NAME` KServe sets to the InferenceService
 * name (`SetMlServerDefaults`, inference_service_defaults.go v0.13.1 :288-315, v0.20.0 :412-437). Other runtimes
 * name the model from its files (TorchServe: config.properties / the .mar; Triton: the model repository's
 * directories), so the name is unknown without `servedModelName`.
 */
export function servedModelName(scope: IConstruct, serviceName: string, namespace: string, version: KServeVersion, model: Model): ServedModelName {
  const runtime = resolveRuntime(scope, namespace, version, model);
  const runtimeName = model.runtime ?? runtime?.name;
  if (model.servedModelName !== undefined) return { name: model.servedModelName, runtime: runtimeName };
  const toldTheName = runtimeName === 'kserve-mlserver' || (runtime?.container.args ?? []).includes('--model_name={{.Name}}');
  if (toldTheName) return { name: serviceName, runtime: runtimeName };
  return { runtime: runtimeName, listing: runtimeName !== undefined ? MODEL_LISTINGS[runtimeName] : undefined };
}

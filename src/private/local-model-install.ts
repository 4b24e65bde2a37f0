/*
 * Whether the app's KServe installs serve its local model objects (LocalModelCache, LocalModelNamespaceCache,
 * LocalModelNodeGroup). Its own file: it reads `KServeInstall`, whose module imports the InferenceService, which
 * imports private/model-cache.ts (a cycle if this lived there).
 */
import { IConstruct } from 'constructs';
import { appConstructs, perPass } from './app-pass';
import { KServeInstall } from '../install/kserve-install';

/**
 * Our own check, for objects that would sit unused: when the app defines KServe installs and none runs the local
 * model controller (`localModelController`), nothing serves the app's local model objects. The controller and its node
 * agent (config/localmodels at v0.20.0) download cached models to the node groups and create the PVCs services mount,
 * and the install writes `localModel.enabled: false` in `inferenceservice-config`, where KServe's defaulters look
 * before they label a service with a cache (inference_service_defaults.go, pkg/webhook/admission/llminferenceservice/
 * defaulter.go at v0.20.0). An app without an install says nothing: the cluster may have one.
 */
export function unservedLocalModelErrors(scope: IConstruct, kind: string): string[] {
  const installs = perPass(scope, 'KServeInstall', () => appConstructs(scope).filter((c): c is KServeInstall => c instanceof KServeInstall));
  if (installs.length === 0 || installs.some(i => i.localModelControllerDeployment !== undefined)) return [];
  const named = installs.map(i => `'${i.node.path}'`).join(', ');
  return [`this ${kind} is served by nothing: KServeInstall ${named} runs no local model controller, so no node agent downloads models to `
    + 'the node groups and KServe uses no cache for any service (the install writes localModel.enabled: false in inferenceservice-config); '
    + `set localModelController: true on the install, or remove the ${kind}`];
}

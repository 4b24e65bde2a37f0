// KServe itself, from the same TypeScript as the model stacks: the control plane for v0.13 (the
// seed's release) and for v0.20. One cluster runs one KServe, so each version is its own app,
// written to its own folder (dist/kserve-install/v0.13, .../v0.20). Each install is three charts
// applied in order (CRDs, control plane, runtimes); with chart dependencies cdk8s numbers the files.
// One `kubectl apply` of a whole folder fails on a fresh cluster, so each folder gets an apply.sh that
// applies the files in stages and waits between them:
//
//   sh dist/kserve-install/v0.20/apply.sh
import * as path from 'path';
import { App, Chart, YamlOutputType } from 'cdk8s';
import { InferenceService, KServeInstall, KServeVersion, Model, StorageUri } from 'cdk8s-kserve';

const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
const appFor = (version: KServeVersion) =>
  new App({ outdir: path.join(outdir, `v${version.major}.${version.minor}`), yamlOutputType: YamlOutputType.FILE_PER_CHART });

// The seed's release line, with a real ingress domain.
const v013 = appFor(KServeVersion.V0_13);
new KServeInstall(v013, 'kserve', {
  version: KServeVersion.V0_13,
  config: { ingress: { domain: 'models.example.com' } },
});
v013.synth();
KServeInstall.writeApplyScript(v013);

// The current release in its own namespace, plus the seed's model stack applied after the runtimes. It also
// runs the LLMInferenceService controller (with the release's kserve-config-llm-* presets, in the runtimes
// chart) and the local model cache: its controller, and the node agent on nodes labelled kserve/localmodel=worker.
const v020 = appFor(KServeVersion.V0_20);
const kserve = new KServeInstall(v020, 'kserve', {
  version: KServeVersion.V0_20,
  namespace: 'kserve-system',
  config: { ingress: { domain: 'models.example.com', urlScheme: 'https' } },
  excludeRuntimes: ['kserve-paddleserver'],
  llmInferenceServiceController: true,
  localModelController: true,
});
const models = new Chart(v020, 'models', { namespace: 'ml' });
models.addDependency(kserve.runtimes);
new InferenceService(models, 'sklearn-iris', {
  predictor: { model: Model.sklearn(StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model')) },
});
v020.synth();
KServeInstall.writeApplyScript(v020);

// A platform team's app for a cluster that still runs KServe v0.13, with every service in Standard mode (plain
// Deployments, no Knative), set up by `cdk8s init` and so on cdk8s-plus-33. The version and the mode are set once for
// the app (KServeDefaults) and every construct below takes them; the team's ServiceAccount, pull Secret, Cpu and env
// values are cdk8s-plus-33 objects, which the library reads as it reads its own cdk8s-plus-28 ones.
import { App, Chart, Size } from 'cdk8s';
import { Cpu, EnvValue, Secret, ServiceAccount } from 'cdk8s-plus-33';
import { DeploymentMode, InferenceService, KServeDefaults, KServeVersion, Model, ServingRuntime, StorageUri } from 'cdk8s-kserve';

const app = new App();
new KServeDefaults(app, 'kserve-defaults', { version: KServeVersion.V0_13, deploymentMode: DeploymentMode.STANDARD });

const chart = new Chart(app, 'fraud', { namespace: 'fraud' });
const account = new ServiceAccount(chart, 'predictor', { metadata: { name: 'fraud-predictor' }, automountToken: false });

// The team's own model server, selected by its format: a v0.13 ServingRuntime (the app's default version).
new ServingRuntime(chart, 'fraud-server', {
  supportedModelFormats: [{ name: 'fraud-gbm', version: '3', autoSelect: true }],
  container: {
    image: 'registry.example.com/fraud/server:3.2.1',
    resources: { cpu: { request: Cpu.millis(250) }, memory: { request: Size.mebibytes(256) } },
  },
});

new InferenceService(chart, 'fraud-gbm', {
  predictor: {
    model: Model.fromFormat('fraud-gbm', StorageUri.s3('fraud-models', 'gbm/3'), { formatVersion: '3' }),
    serviceAccount: account,
    imagePullSecrets: [Secret.fromSecretName(chart, 'registry', 'registry-creds')],
    resources: { cpu: { request: Cpu.millis(500), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) } },
    env: { LOG_LEVEL: EnvValue.fromValue('info') },
  },
});

app.synth();

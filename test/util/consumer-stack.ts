/**
 * The stack of test/consumer-app.test.ts. The test copies this file into a fresh cdk8s app outside the
 * repository, where `cdk8s-kserve` is the packed tarball; the same file, imported by the test (jest maps
 * `cdk8s-kserve` to src/), gives the output the packed library must reproduce.
 *
 * Only the package's public entry point and its peer dependencies are imported: what a consumer can use.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu, Secret } from 'cdk8s-plus-28';
import {
  Autoscaling, InferenceService, InferenceServiceAlerts, LLMInferenceService, LLMPodMonitor, MetricsSource, Model,
  ModelStorageSecret, PodMonitor, SecretSource, StorageUri,
} from 'cdk8s-kserve';

/** `bad`: two mistakes, in two charts; one is a wrong type that only JavaScript (or `as any`) lets through. */
export type ConsumerCase = 'good' | 'bad';

/** Builds the stack into `app`; returns its charts (each is written to `<chart id>.k8s.yaml`). */
export function buildConsumerStack(app: App, which: ConsumerCase): Chart[] {
  const serving = new Chart(app, 'serving', { namespace: 'ml' });
  const minio = ModelStorageSecret.s3(serving, 'minio', {
    source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/minio' }),
    endpoint: 'minio.ml.svc:9000',
    useHttps: false,
    region: 'us-east-1',
  });
  const iris = new InferenceService(serving, 'sklearn-iris', {
    predictor: {
      model: Model.sklearn(StorageUri.s3('models', 'sklearn/iris/v2')),
      storageCredentials: minio,
      resources: {
        cpu: { request: Cpu.millis(100), limit: Cpu.millis(which === 'bad' ? 50 : 500) },
        memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
      },
      autoscaling: Autoscaling.concurrency({ target: 10, minReplicas: 1, maxReplicas: 10 }),
    },
  });
  new PodMonitor(serving, 'metrics', { target: iris, source: MetricsSource.MODEL, interval: Duration.seconds(30) });
  new InferenceServiceAlerts(serving, 'alerts', { target: iris, latency: { threshold: Duration.millis(500) } });

  // An LLM service (its objects are written without generated L1 classes) with a cdk8s-plus Secret by reference.
  const llm = new Chart(app, 'llm', { namespace: 'llm' });
  const hubToken = ModelStorageSecret.huggingFace(llm, 'hf-token', {
    source: SecretSource.fromSecret(Secret.fromSecretName(llm, 'hub', 'hf-hub-token')),
  });
  const qwen = new LLMInferenceService(llm, 'qwen', {
    model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-0.5B-Instruct'), name: 'Qwen/Qwen2.5-0.5B-Instruct' },
    replicas: which === 'bad' ? ('two' as any) : 1,
    template: { storageCredentials: hubToken },
    router: { gateway: {}, route: {}, scheduler: {} },
  });
  new LLMPodMonitor(llm, 'metrics', { target: qwen });
  return [serving, llm];
}

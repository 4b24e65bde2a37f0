/**
 * Issue #16, plain JavaScript callers (and TypeScript with loose types from config files): each mistake of the
 * issue's list, written as such a caller would, is a synth error naming the construct path and the field, reported
 * with the app's other errors; never a TypeError, a silent coercion or a dropped value.
 */
import { Duration } from 'cdk8s';
import { ImagePullPolicy } from 'cdk8s-plus-28';
import {
  Autoscaling, DeploymentMode, GraphNode, GraphTarget, InferenceGraph, InferenceService, KServeVersion, Model, ModelStorageSecret,
  SecretSource, StorageUri, ServiceMonitor,
} from '../src';
import { newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

/** What a JavaScript caller passes: any value, whatever the declared type. */
const js = (value: unknown): any => value;
const model = () => Model.sklearn(StorageUri.s3('models', 'iris'));

function errorsOf(build: (chart: ReturnType<typeof newChart>['chart']) => void): string[] {
  const { app, chart } = newChart();
  build(chart);
  return synthErrors(app);
}

describe('wrong types are synth errors naming the field, not coercions or crashes', () => {
  test.each([
    ['a string for a boolean (written as "1" before)', { predictor: { model: model(), hostIPC: js('false') } },
      "[test/iris] predictor.hostIPC: must be true or false (got string 'false')"],
    ['a string nodeSelector (split per character before)', { predictor: { model: model(), nodeSelector: js('gpu=true') } },
      "[test/iris] predictor.nodeSelector: must be an object mapping names to strings (got string 'gpu=true')"],
    ['a plain string env value (dropped before)', { predictor: { model: model(), env: js({ LOG_LEVEL: 'debug' }) } },
      "[test/iris] predictor.env['LOG_LEVEL']: must be an EnvValue (EnvValue.fromConfigMap(...), EnvValue.fromSecretValue(...), EnvValue.fromValue(...), ...) (got string 'debug')"],
    ['a misspelled prop (ignored before)', { predictor: js({ model: model(), minReplica: 2 }) },
      "[test/iris] predictor.minReplica: unknown property; did you mean 'minReplicas'?"],
    ['a wrong enum string (passed through before)', { predictor: { model: model(), imagePullPolicy: js('Sometimes') } },
      "[test/iris] predictor.imagePullPolicy: must be one of 'Always', 'IfNotPresent', 'Never' (got string 'Sometimes')"],
    ['a number for a Duration (x.toSeconds is not a function before)', { predictor: { model: model(), timeout: js(30) } },
      '[test/iris] predictor.timeout: must be a Duration (Duration.millis(...), Duration.seconds(...), Duration.minutes(...), ...) (got number 30)'],
    ['a plain object for autoscaling (a TypeError before)', { predictor: { model: model(), autoscaling: js({ minReplicas: 1 }) } },
      '[test/iris] predictor.autoscaling: must be an Autoscaling (Autoscaling.concurrency(...), Autoscaling.rps(...), Autoscaling.cpu(...), ...) (got a plain object { minReplicas })'],
    ['no predictor at all', js({}), '[test/iris] predictor is required (a PredictorOptions ({ model?, container?, storageContainerName?, name?, ... }))'],
    ['a mode name instead of a DeploymentMode', { deploymentMode: js('Standard'), predictor: { model: model() } },
      "[test/iris] deploymentMode: must be a DeploymentMode (DeploymentMode.KNATIVE or DeploymentMode.STANDARD) (got string 'Standard')"],
  ])('%s', (_case, props, expected) => {
    expect(errorsOf(chart => new InferenceService(chart, 'iris', props as any))).toEqual([expected]);
  });

  test('the same props typed correctly synthesize schema-valid objects (the edge that is valid passes)', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', {
      deploymentMode: DeploymentMode.STANDARD,
      predictor: { model: model(), hostIPC: false, nodeSelector: { gpu: 'true' }, minReplicas: 2, imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT, timeout: Duration.seconds(30) },
    });
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(app.charts.flatMap(c => c.toJson()));
  });
});

describe('required values given as undefined are errors, not objects emitted without the field', () => {
  test('GraphTarget.service(undefined) names the argument on the graph that uses it', () => {
    const errors = errorsOf(chart => new InferenceGraph(chart, 'graph', {
      root: GraphNode.sequence('root', [{ target: GraphTarget.service(js(undefined)) }]),
    }));
    expect(errors).toEqual([
      '[test/graph] root: GraphNode.sequence(steps)[0].target: GraphTarget.service(service) is required (an InferenceService (new InferenceService(...)))',
    ]);
  });

  test('an ExternalSecret without store names the option on the credentials', () => {
    const errors = errorsOf(chart => ModelStorageSecret.s3(chart, 'minio', {
      source: SecretSource.externalSecret(js({ remoteKey: 'ml/minio' })),
    }));
    expect(errors).toEqual([
      '[test/minio] ModelStorageSecret.s3(props).source: SecretSource.externalSecret(options).store is required (a string)',
    ]);
  });

  test('Autoscaling.keda() without options names the missing argument', () => {
    const errors = errorsOf(chart => new InferenceService(chart, 'iris', {
      deploymentMode: DeploymentMode.STANDARD, predictor: { model: model(), autoscaling: js(Autoscaling.keda)() },
    }));
    expect(errors).toEqual(['[test/iris] predictor.autoscaling: Autoscaling.keda(options) is required (a KedaScalingOptions ({ metrics, ... }))']);
  });
});

describe('value factories record problems; the construct using the value reports them with every other error', () => {
  test('a malformed URI and an unsupported version in one app: both reported, each on its service', () => {
    const errors = errorsOf(chart => {
      new InferenceService(chart, 'a', { predictor: { model: Model.sklearn(StorageUri.parse('models/iris')) } });
      new InferenceService(chart, 'b', { version: KServeVersion.of('v0.12'), predictor: { model: model() } });
      new InferenceService(chart, 'c', { predictor: { model: model(), minReplicas: -1 } });
    });
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^\[test\/a\] predictor\.model: Model\.sklearn\(storage\): Invalid storage URI 'models\/iris': it has no scheme/);
    expect(errors[1]).toBe("[test/b] version: KServeVersion.of(version): 'v0.12' is not a supported KServe version; supported: v0.13.1, v0.14.1, v0.15.2, v0.16.0, v0.17.1, v0.18.1, v0.19.0, v0.20.0");
    expect(errors[2]).toMatch(/^\[test\/c\] spec\.predictor\.minReplicas \(-1\) must be a whole number/);
  });

  test('a wrong argument to a factory names the factory and the argument', () => {
    const errors = errorsOf(chart => new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(StorageUri.s3(js(42), 'iris')) } }));
    expect(errors).toEqual(['[test/iris] predictor.model: Model.sklearn(storage): StorageUri.s3(bucket): must be a string (got number 42)']);
  });

  test('a construct given no target service reports it instead of crashing', () => {
    const errors = errorsOf(chart => new ServiceMonitor(chart, 'monitor', js({})));
    expect(errors).toEqual(['[test/monitor] target is required (an InferenceService (new InferenceService(...)))']);
  });
});

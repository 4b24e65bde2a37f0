import { Testing } from 'cdk8s';
import { PercentOrAbsolute } from 'cdk8s-plus-28';
import { DeploymentMode, DeploymentStrategy, KServeVersion, Model, StorageUri } from '../src';
import { expectError, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';
import { buildService as build, serviceSpec as spec } from './util/service';

const MODEL = Model.sklearn(StorageUri.parse('gs://models/iris'));
const SERVER = { image: 'registry.example.com/ml/server:1.0.0' };
const STANDARD = DeploymentMode.STANDARD;


describe('deploymentStrategy', () => {
  test('a rolling update renders exactly the values given, as a number or a percent string', () => {
    const { app, chart } = build({
      deploymentMode: STANDARD,
      predictor: {
        model: MODEL,
        deploymentStrategy: DeploymentStrategy.rollingUpdate({
          maxSurge: PercentOrAbsolute.absolute(1), maxUnavailable: PercentOrAbsolute.percent(0),
        }),
      },
      transformer: { container: SERVER, deploymentStrategy: DeploymentStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.absolute(2) }) },
      explainer: { container: SERVER, deploymentStrategy: DeploymentStrategy.recreate() },
    });
    expect(synthErrors(app)).toEqual([]);
    const s = spec(chart);
    expect(s.predictor.deploymentStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '0%' } });
    // Unset values are left to Kubernetes' defaults, not filled in.
    expect(s.transformer.deploymentStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } });
    expect(s.explainer.deploymentStrategy).toEqual({ type: 'Recreate' });
  });

  test('rollingUpdate() without options is the type alone', () => {
    const { app, chart } = build({ deploymentMode: STANDARD, predictor: { model: MODEL, deploymentStrategy: DeploymentStrategy.rollingUpdate() } });
    expect(synthErrors(app)).toEqual([]);
    expect(spec(chart).predictor.deploymentStrategy).toEqual({ type: 'RollingUpdate' });
  });

  test.each<[KServeSchemaVersion, KServeVersion]>([['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]])(
    'validates against the KServe %s schema', (schema, version) => {
      const { app, chart } = build({
        version,
        deploymentMode: STANDARD,
        predictor: { model: MODEL, deploymentStrategy: DeploymentStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.percent(50) }) },
        transformer: { container: SERVER, deploymentStrategy: DeploymentStrategy.recreate() },
      });
      expect(synthErrors(app)).toEqual([]);
      expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
    });

  test.each([KServeVersion.V0_13, KServeVersion.V0_20])('Knative mode (%s) rejects it: only the Deployment reconciler reads it', version => {
    const { app } = build({ version, predictor: { model: MODEL, deploymentStrategy: DeploymentStrategy.recreate() } });
    expectError(app, 'test/iris', 'spec.predictor.deploymentStrategy is only honoured in Standard mode', 'DeploymentMode.STANDARD');
  });

  test('Kubernetes rules: whole values >= 0, maxUnavailable at most 100%, not both zero', () => {
    const { app } = build({
      deploymentMode: STANDARD,
      predictor: {
        model: MODEL,
        deploymentStrategy: DeploymentStrategy.rollingUpdate({
          maxSurge: PercentOrAbsolute.absolute(0), maxUnavailable: PercentOrAbsolute.percent(0),
        }),
      },
      transformer: {
        container: SERVER,
        deploymentStrategy: DeploymentStrategy.rollingUpdate({
          maxSurge: PercentOrAbsolute.absolute(-1), maxUnavailable: PercentOrAbsolute.percent(150),
        }),
      },
      explainer: { container: SERVER, deploymentStrategy: DeploymentStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.percent(12.5) }) },
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', 'spec.predictor.deploymentStrategy: maxSurge and maxUnavailable are both zero');
    expectError(errors, 'test/iris', 'spec.transformer.deploymentStrategy.maxSurge (-1) must be a whole number or a whole percentage, zero or more');
    expectError(errors, 'test/iris', 'spec.transformer.deploymentStrategy.maxUnavailable (150%) must not be more than 100%');
    expectError(errors, 'test/iris', 'spec.explainer.deploymentStrategy.maxSurge (12.5%) must be a whole number or a whole percentage');
    expect(errors).toHaveLength(4);
  });

  test('a percent above 100 is fine for maxSurge', () => {
    const { app } = build({
      deploymentMode: STANDARD,
      predictor: { model: MODEL, deploymentStrategy: DeploymentStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.percent(200) }) },
    });
    expect(synthErrors(app)).toEqual([]);
  });

  test('plain JavaScript objects are synth errors, not crashes', () => {
    const { app } = build({
      deploymentMode: STANDARD,
      predictor: { model: MODEL, deploymentStrategy: { type: 'Recreate' } as any },
      transformer: { container: SERVER, deploymentStrategy: DeploymentStrategy.rollingUpdate({ maxSurge: 1 as any, maxUnavailable: '10%' as any }) },
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', 'predictor.deploymentStrategy: must be a DeploymentStrategy (DeploymentStrategy.rollingUpdate(...) or DeploymentStrategy.recreate()) (got a plain object { type })');
    // The factory's arguments are checked where it is called and reported where the strategy is used.
    const percentOrAbsolute = 'must be a PercentOrAbsolute (PercentOrAbsolute.percent(...) or PercentOrAbsolute.absolute(...))';
    expectError(errors, 'test/iris', `transformer.deploymentStrategy: DeploymentStrategy.rollingUpdate(options).maxSurge: ${percentOrAbsolute} (got number 1)`);
    expectError(errors, 'test/iris', `transformer.deploymentStrategy: DeploymentStrategy.rollingUpdate(options).maxUnavailable: ${percentOrAbsolute} (got string '10%')`);
    expect(errors).toHaveLength(3);
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { FleetApp, InferenceService, Model, ModelStorageSecret, PodMonitor, SecretSource, StorageUri } from '../src';
import { chartObjects } from '../src/private/single-pass';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-app-'));

/** Charts with cross-chart and object dependencies, a nested chart and cluster-scoped objects, built into `app`. */
function fleet(app: App, validations?: { count: number }): void {
  const shared = new Chart(app, 'shared', { namespace: 'ml' });
  const creds = ModelStorageSecret.s3(shared, 'creds', { source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/s3' }) });
  new kplus.ClusterRole(shared, 'reader');
  for (const name of ['iris', 'wine', 'digits']) {
    const chart = new Chart(app, name, { namespace: 'ml' });
    const service = new InferenceService(chart, name, {
      predictor: { model: Model.sklearn(StorageUri.s3('models', name)), storageCredentials: creds },
    });
    new PodMonitor(chart, `${name}-metrics`, { target: service });
    const config = new ApiObject(chart, `${name}-config`, { apiVersion: 'v1', kind: 'ConfigMap', data: { model: name } });
    service.apiObject.addDependency(config);
    chart.addDependency(shared);
    if (validations) chart.node.addValidation({ validate: () => { validations.count++; return []; } });
  }
  new Chart(app.node.findChild('iris') as Chart, 'nested', { namespace: 'ml' });
}

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map(f => [f, fs.readFileSync(path.join(dir, f), 'utf-8')]));
}

describe('the cdk8s internals FleetApp relies on (fails loudly on a cdk8s upgrade that changes them)', () => {
  test('Chart.toJson() goes through App._synthChart', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const synthChart = jest.spyOn(App as unknown as { _synthChart: (c: Chart) => unknown[] }, '_synthChart');
    chart.toJson();
    expect(synthChart).toHaveBeenCalledWith(chart);
    synthChart.mockRestore();
  });

  test('App.synth() validates the whole app once up front and once more per chart', () => {
    const validations = { count: 0 };
    const app = new App({ outdir: tmp() });
    fleet(app, validations);
    app.synth();
    // 3 validating charts, each validated by this library's error-collecting walk (src/private/synth-errors.ts),
    // by synth's own pass and by each of the 5 charts' toJson()
    expect(validations.count).toBe(3 * (2 + 5));
  });

  test("App._synthChart returns each chart's own objects in dependency order, as chartObjects does", () => {
    const app = new App();
    fleet(app);
    for (const chart of app.charts) {
      expect(chartObjects(chart)).toEqual(chart.toJson());
    }
  });
});

describe('FleetApp', () => {
  test('writes the same files as App, byte for byte', () => {
    const plain = new App({ outdir: tmp() });
    const fast = new FleetApp({ outdir: tmp() });
    fleet(plain);
    fleet(fast);
    plain.synth();
    fast.synth();
    expect(Object.keys(filesOf(fast.outdir))).toHaveLength(5);
    expect(filesOf(fast.outdir)).toEqual(filesOf(plain.outdir));
  });

  test('returns the same YAML as App.synthYaml()', () => {
    const plain = new App();
    const fast = new FleetApp();
    fleet(plain);
    fleet(fast);
    expect(fast.synthYaml()).toBe(plain.synthYaml());
  });

  test('walks the app a fixed number of times per synth, whatever the number of charts', () => {
    const validations = { count: 0 };
    const app = new FleetApp({ outdir: tmp() });
    fleet(app, validations);
    app.synth();
    expect(validations.count).toBe(3 * 2); // the error-collecting walk and synth's own, not one per chart
    app.synthYaml();
    expect(validations.count).toBe(3 * 3); // synth's own walk; the collecting walk skips a tree that was clean
  });

  test('reports the errors App reports and writes no file', () => {
    const build = (app: App) => {
      fleet(app);
      new InferenceService(new Chart(app, 'bad', { namespace: 'ml' }), 'Bad_Name', { predictor: { model: Model.sklearn(StorageUri.s3('models', 'x')) } });
    };
    const plain = new App({ outdir: tmp() });
    const fast = new FleetApp({ outdir: tmp() });
    build(plain);
    build(fast);
    const errorOf = (app: App) => { try { app.synth(); return ''; } catch (e) { return (e as Error).message; } };
    const message = errorOf(fast);
    expect(message).toContain('[bad/Bad_Name]');
    expect(message).toBe(errorOf(plain));
    expect(fs.readdirSync(fast.outdir)).toEqual([]);
  });

  test('leaves other apps and a later chart.toJson() to cdk8s', () => {
    const other = new App();
    const chart = new Chart(other, 'other');
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    const fast = new FleetApp();
    fleet(fast);
    fast.synthYaml();
    const synthChart = jest.spyOn(App as unknown as { _synthChart: (c: Chart) => unknown[] }, '_synthChart');
    expect(chart.toJson()).toHaveLength(1);
    expect(synthChart).toHaveBeenCalledTimes(1);
    synthChart.mockRestore();
  });
});

test('FleetApp props that are not an object stop with a message, never a TypeError (JavaScript callers)', () => {
  for (const wrong of [null, 42, 'dist', ['dist']]) {
    expect(() => new FleetApp(wrong as any)).toThrow(/^FleetApp: props must be an object of cdk8s AppProps/);
  }
});

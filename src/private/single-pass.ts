import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';

/**
 * What this relies on in cdk8s 2.x (app.ts and chart.ts; test/fleet-app.test.ts pins each point and fails loudly
 * when an upgrade changes it):
 * - `Chart.toJson()` returns `App._synthChart(chart)`;
 * - `App._synthChart(chart)` resolves the dependencies of the whole app, validates the whole app, then returns the
 *   chart's own ApiObjects (not those of nested charts) in dependency order, each `toJson()`ed (`chartToKube`);
 * - `App.synth()` and `App.synthYaml()` resolve dependencies and validate the whole app once before they ask each
 *   chart for its objects, and nothing changes the tree in between.
 * So during one `synth()` the per-chart resolve and validate repeat work already done: N charts cost N full walks.
 */
interface AppInternals {
  _synthChart(chart: Chart): unknown[];
}

const internals = App as unknown as AppInternals;

/** The chart's objects as `App._synthChart` returns them, without its app-wide resolve and validate. */
export function chartObjects(chart: Chart): unknown[] {
  return new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => ApiObject.isApiObject(x))
    .filter(x => Chart.of(x) === chart)
    .map(x => x.toJson());
}

/** Runs one synth of `app` in which its charts skip the app-wide walks that `run` has already done once. */
export function singlePass<T>(app: App, run: () => T): T {
  const original = internals._synthChart;
  internals._synthChart = (chart: Chart) => (App.of(chart) === app ? chartObjects(chart) : original.call(App, chart));
  try {
    return run();
  } finally {
    internals._synthChart = original;
  }
}

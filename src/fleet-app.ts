import { App, AppProps } from 'cdk8s';
import { singlePass } from './private/single-pass';

/**
 * A cdk8s `App` for fleets: thousands of charts (say, one per model service) synthesize in linear time.
 *
 * A plain `App` resolves dependencies and runs every validation of the whole app once for each chart it writes
 * (`Chart.toJson()`), so an app of N charts walks its tree N + 1 times and its synth time grows with N². `FleetApp`
 * writes the same files and YAML, byte for byte: `synth()` and `synthYaml()` still resolve dependencies and run every
 * validation of the whole app, then write each chart's objects in the same dependency order, without repeating that
 * walk for every chart. Use it when an app has more than a few dozen charts; with one chart (or a few) the two cost
 * the same. A chart's own `toJson()`, called outside `synth()`, behaves exactly as in cdk8s.
 *
 * @example
 * const fleet = new FleetApp({ outdir: app.outdir });
 * for (const name of ['iris', 'wine', 'digits']) {
 *   const models = new Chart(fleet, name, { namespace: 'ml' });
 *   new InferenceService(models, name, {
 *     predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', `models/sklearn/${name}`)) },
 *   });
 * }
 * fleet.synth();
 * @category Platform
 */
export class FleetApp extends App {
  /** Creates the app; the props are cdk8s `App`'s, handed to it unchanged. */
  public constructor(props?: AppProps) {
    // An app has no scope to report on at synth, so a wrong props value stops here, as cdk8s's own App would on
    // `null` but with a message (our own rule; JavaScript callers).
    if (props !== undefined && (typeof props !== 'object' || props === null || Array.isArray(props))) {
      throw new Error(`FleetApp: props must be an object of cdk8s AppProps (outdir, yamlOutputType, ...), got ${props === null ? 'null' : typeof props}`);
    }
    super(props);
  }

  /** Writes every chart as `App.synth()` does, walking the app for validation once per synth, not once per chart. */
  public synth(): void {
    singlePass(this, () => super.synth());
  }

  /** The YAML of every chart as `App.synthYaml()` returns it, walking the app once per synth, not once per chart. */
  public synthYaml(): string {
    return singlePass(this, () => super.synthYaml());
  }
}

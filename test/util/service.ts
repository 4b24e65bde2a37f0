/**
 * One InferenceService in a fresh chart (`newChart`), the shape most component tests start from, and the spec it
 * synthesizes to.
 */
import { Chart, Testing } from 'cdk8s';
import { newChart } from './harness';
import { InferenceService, InferenceServiceProps } from '../../src';

/**
 * An App with one chart holding one InferenceService, id `id` (so errors read `test/<id>`). `props` may be a function
 * of the chart, for props that take cdk8s-plus objects scoped to it.
 */
export function buildService(props: InferenceServiceProps | ((chart: Chart) => InferenceServiceProps), id = 'iris') {
  const { app, chart } = newChart();
  const service = new InferenceService(chart, id, typeof props === 'function' ? props(chart) : props);
  return { app, chart, service };
}

/** The spec of the InferenceService the chart synthesizes to. */
export function serviceSpec(chart: Chart): any {
  return Testing.synth(chart).find(o => o.kind === 'InferenceService').spec;
}

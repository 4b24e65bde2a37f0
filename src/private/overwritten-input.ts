/*
 * Input that would be silently replaced (issue #16): an annotation or label the user gave that a prop of the library
 * or KServe itself writes with another value, and props that nothing reads in the chosen deployment mode or version.
 * Equal values pass: nothing is lost.
 *
 * KServe builds each component's pod metadata as the union of the runtime's, the InferenceService's and the
 * component's annotations and labels, later ones winning, with its own labels last (`buildObjectMeta` in
 * pkg/controller/v1beta1/inferenceservice/components/predictor.go, and the same union in transformer.go and
 * explainer.go, at v0.13.1 and v0.20.0).
 */
import { DeploymentMode } from '../deployment-mode';
import { KServeVersion } from '../kserve-version';
import { firstRelease, minorName } from './releases';

/** A value the user gave, and the field path it was given at (`metadata.annotations`, `spec.predictor.annotations`). */
export interface GivenValue {
  readonly field: string;
  readonly value: unknown;
}

/**
 * The errors when the user gave `key` a value other than `value`, which `setter` (a prop path, e.g.
 * `tagRouting`) writes; `why` says how the user's value would be lost. Empty when every given value is equal.
 */
export function overwriteErrors(key: string, value: string, setter: string, given: GivenValue[], why: string): string[] {
  return given.filter(g => g.value !== value).map(g => `${g.field}['${key}'] is '${g.value}', but ${setter} sets it to `
    + `'${value}' (${why}); remove the annotation or make the two agree`);
}

/**
 * Knative annotations an autoscaling policy writes on a component (`policy`, as the binding renders them) against
 * the user's annotations of the component and of the InferenceService. Our merge puts the policy's over the
 * component's; KServe puts the component's over the service's (buildObjectMeta, above).
 */
export function policyAnnotationErrors(policy: Record<string, string> | undefined, component: Record<string, string> | undefined,
  service: Record<string, string> | undefined, field: string): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(policy ?? {})) {
    const given = (annotations: Record<string, string> | undefined, at: string) =>
      (annotations?.[key] !== undefined ? [{ field: at, value: annotations[key] }] : []);
    errors.push(...overwriteErrors(key, value, `${field}.autoscaling`, given(component, `${field}.annotations`),
      'the policy writes it on the same component'));
    errors.push(...overwriteErrors(key, value, `${field}.autoscaling`, given(service, 'metadata.annotations'),
      "on the component, whose annotations KServe prefers to the InferenceService's: buildObjectMeta, components/*.go"));
  }
  return errors;
}

/**
 * The labels KServe writes on a component's pods, over the user's: the service and component labels at both tags
 * (`InferenceServicePodLabelKey`, `KServiceComponentLabel`, buildObjectMeta above), and in Standard mode
 * `app: isvc.<component name>` (createRawDeployment in reconcilers/deployment/deployment_reconciler.go at both tags;
 * Knative keeps a user's `app` label, so only Standard mode replaces it).
 */
export function kservePodLabels(service: string, component: string, componentName: string, mode: DeploymentMode): Record<string, string> {
  return {
    'serving.kserve.io/inferenceservice': service,
    'component': component,
    ...(mode.isKnative ? {} : { app: `isvc.${componentName}` }),
  };
}

/** Labels given for a component's pods: the component's own, and what KServe writes on them. */
export interface PodLabelsOfComponent {
  readonly component: string;
  readonly labels: Record<string, string> | undefined;
  readonly kserve: Record<string, string>;
}

/**
 * The user's labels KServe replaces on the pods (see kservePodLabels for the KServe sources): each component's
 * `labels` against what KServe writes on that component's pods, and the InferenceService's `labels` (copied to every
 * component's pods, components/predictor.go buildObjectMeta) against each of them.
 */
export function podLabelErrors(serviceLabels: Record<string, string> | undefined, components: PodLabelsOfComponent[]): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(serviceLabels ?? {})) {
    const replaced = components.filter(c => c.kserve[key] !== undefined && c.kserve[key] !== value);
    if (replaced.length > 0) {
      errors.push(`metadata.labels['${key}'] is '${value}', but KServe sets it on the pods to ${replaced.map(c => `'${c.kserve[key]}' (${c.component})`).join(', ')}, `
        + 'so the pods would not carry your value; remove it or use another key');
    }
  }
  for (const c of components) {
    for (const [key, value] of Object.entries(c.labels ?? {})) {
      const kserve = c.kserve[key];
      if (kserve !== undefined && kserve !== value) {
        errors.push(`spec.${c.component}.labels['${key}'] is '${value}', but KServe sets it to '${kserve}' on the ${c.component}'s pods; `
          + 'remove it or use another key');
      }
    }
  }
  return errors;
}

/** The component props the chosen mode and version do not read. */
export interface ModeOnlyProps {
  readonly containerConcurrency?: number;
  readonly timeout?: unknown;
}

/**
 * Component props nothing reads in the service's mode and version: `containerConcurrency` is a field of the Knative
 * revision only (createKnativeService in reconcilers/knative/ksvc_reconciler.go, both tags; the Standard-mode
 * reconcilers never read it), and `timeout` outside Knative is read only by v0.20's Gateway API HTTPRoutes
 * (httproute_reconciler.go at v0.20.0; v0.13.1 reads it in ksvc_reconciler.go alone).
 */
export function modeOnlyPropErrors(o: ModeOnlyProps, mode: DeploymentMode, version: KServeVersion, field: string): string[] {
  if (mode.isKnative) return [];
  const errors: string[] = [];
  const modeName = mode.annotationValue(version);
  if (o.containerConcurrency !== undefined) {
    errors.push(`${field}.containerConcurrency (${o.containerConcurrency}) has no effect in '${modeName}' mode: only Knative revisions `
      + 'limit concurrent requests; remove it, or use DeploymentMode.KNATIVE');
  }
  if (o.timeout !== undefined && !version._facts.standardModeTimeout) {
    errors.push(`${field}.timeout has no effect in '${modeName}' mode on KServe ${version.name}: only Knative revisions apply it `
      + `(from KServe ${minorName(firstRelease(v => v._facts.standardModeTimeout))} also on Gateway API routes); remove it, or use DeploymentMode.KNATIVE`);
  }
  return errors;
}

import { AUTOSCALER_CLASS_ANNOTATION, KNATIVE_CLASS_ANNOTATION } from '../autoscaling';
import { DEPLOYMENT_MODE_ANNOTATION } from '../deployment-mode';

/**
 * Annotation turning on qpext metric aggregation.
 * @category Monitoring
 */
export const METRIC_AGGREGATION_ANNOTATION = 'serving.kserve.io/enable-metric-aggregation';
/**
 * Annotation making KServe write `prometheus.io/*` scrape annotations on the pods.
 * @category Monitoring
 */
export const PROMETHEUS_SCRAPING_ANNOTATION = 'serving.kserve.io/enable-prometheus-scraping';

// Annotations the controller owns or that have a typed prop; rejecting the Knative autoscaling ones is the library's own
// rule (a typed prop sets each), the messages say what KServe really does with them:
// - metric / target: KServe writes them only when scaleMetric / scaleTarget are set, else the annotation would pass
//   through (v0.13.1 knative/ksvc_reconciler.go, v0.20.0 pkg/controller/v1alpha1/utils/utils.go SetAutoScalingAnnotations);
// - min-scale / max-scale: dropped from the service's annotations (ServiceAnnotationDisallowedList, pkg/constants at both
//   tags); min-scale is always written from minReplicas (default 1), max-scale only when maxReplicas is set;
// - minScale / maxScale: not dropped, but Knative prefers the dashed key (KeyPriority in knative serving
//   pkg/apis/autoscaling/register.go), so they count only while KServe writes no dashed key: never for minScale,
//   for maxScale when maxReplicas is unset.
const MANAGED_ANNOTATIONS: Record<string, string> = {
  [DEPLOYMENT_MODE_ANNOTATION]: "use the 'deploymentMode' prop",
  [AUTOSCALER_CLASS_ANNOTATION]: "use the 'autoscaling' prop (Autoscaling.cpu / keda / external / fixed)",
  [KNATIVE_CLASS_ANNOTATION]: "use the 'autoscaling' prop (Autoscaling.concurrency / rps / cpu / memory)",
  [METRIC_AGGREGATION_ANNOTATION]: "use the 'metrics' prop ({ aggregation: true })",
  [PROMETHEUS_SCRAPING_ANNOTATION]: "use the 'metrics' prop ({ prometheusScraping: true })",
  'autoscaling.knative.dev/metric': "KServe replaces it whenever scaleMetric is set; use the 'autoscaling' prop, which sets scaleMetric",
  'autoscaling.knative.dev/target': "KServe replaces it whenever scaleTarget is set; use the 'autoscaling' prop, which sets scaleTarget",
  'autoscaling.knative.dev/min-scale': "KServe drops it and always writes it from minReplicas (default 1); set 'minReplicas'",
  'autoscaling.knative.dev/minScale': "Knative ignores it: KServe always writes min-scale, which wins; set 'minReplicas'",
  'autoscaling.knative.dev/max-scale': "KServe drops it and writes it from maxReplicas when that is set; set 'maxReplicas'",
  'autoscaling.knative.dev/maxScale': "Knative ignores it once KServe writes max-scale from maxReplicas; set 'maxReplicas'",
};

/**
 * Annotations (of the service or a component) that the library or the KServe controller manage (reasons above); the
 * internal prefix is InferenceServiceInternalAnnotationsPrefix (pkg/constants/constants.go, both tags).
 */
export function managedAnnotationErrors(annotations: Record<string, string> | undefined, field: string): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(annotations ?? {})) {
    if (MANAGED_ANNOTATIONS[key]) {
      errors.push(`${field}['${key}'] is managed by the library or KServe: ${MANAGED_ANNOTATIONS[key]}`);
    } else if (key.startsWith('internal.serving.kserve.io/')) {
      errors.push(`${field}['${key}'] is internal to the KServe controller and must not be set`);
    }
  }
  return errors;
}

import { Size, SizeRoundingBehavior } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-28';

/** A generated quantity wrapper class (`XxxResourcesLimits.fromString`). */
interface QuantityFactory<T> {
  fromString(value: string): T;
}

/** Requests and limits as the generated L1 classes expect them. */
export interface RenderedResources<L, R> {
  readonly limits?: Record<string, L>;
  readonly requests?: Record<string, R>;
}

/**
 * Renders cdk8s-plus resources into the generated L1 shape. Every value goes through the L1's
 * `fromString`: a plain string where the L1 expects its wrapper would silently serialize as `null`.
 */
export function renderResources<L, R>(
  resources: ContainerResources | undefined,
  limitType: QuantityFactory<L>,
  requestType: QuantityFactory<R>,
  extended: Record<string, string> = {},
): RenderedResources<L, R> | undefined {
  if (!resources && Object.keys(extended).length === 0) {
    return undefined;
  }
  resources = resources ?? {};
  const limits: Record<string, L> = {};
  const requests: Record<string, R> = {};
  const put = (name: string, request: string | undefined, limit: string | undefined) => {
    if (request !== undefined) requests[name] = requestType.fromString(request);
    if (limit !== undefined) limits[name] = limitType.fromString(limit);
  };
  put('cpu', resources.cpu?.request?.amount, resources.cpu?.limit?.amount);
  put('memory', sizeQuantity(resources.memory?.request), sizeQuantity(resources.memory?.limit));
  put('ephemeral-storage', sizeQuantity(resources.ephemeralStorage?.request), sizeQuantity(resources.ephemeralStorage?.limit));
  // Extended resources (GPUs...) cannot be overcommitted: requests equal limits.
  for (const [name, quantity] of Object.entries(extended)) put(name, quantity, quantity);
  const result: { limits?: Record<string, L>; requests?: Record<string, R> } = {};
  if (Object.keys(limits).length > 0) result.limits = limits;
  if (Object.keys(requests).length > 0) result.requests = requests;
  return Object.keys(result).length > 0 ? result : undefined;
}

/** A container's use of one of the pod's resource claims (`resources.claims[]`). */
export interface ContainerClaim {
  readonly name: string;
  readonly request?: string;
}

/** Rendered resources with the container's resource claims added (`claims`), undefined when there is nothing. */
export function withClaims<T extends object>(resources: T | undefined, claims: ContainerClaim[] | undefined)
  : (T & { claims?: ContainerClaim[] }) | undefined {
  return claims === undefined ? resources : { ...resources as T, claims };
}

/** How an error names one bound of one resource, e.g. `spec.resources.cpu.request`. */
export type ResourceFieldNamer = (resource: 'cpu' | 'memory' | 'ephemeralStorage', bound: 'request' | 'limit') => string;

/**
 * Problems with requests/limits: negative requests, non-positive limits, requests above limits. Each error
 * names `<field>.<resource>.<bound>`, or what `nameOf` gives for props shaped differently.
 */
export function validateResources(resources: ContainerResources | undefined, field: string, nameOf?: ResourceFieldNamer): string[] {
  if (!resources) {
    return [];
  }
  const errors: string[] = [];
  const named: ResourceFieldNamer = nameOf ?? ((resource, bound) => `${field}.${resource}.${bound}`);
  const check = (name: 'cpu' | 'memory' | 'ephemeralStorage', request: number | undefined, limit: number | undefined, show: (v: number) => string) => {
    const [requestField, limitField] = [named(name, 'request'), named(name, 'limit')];
    // Core validation: quantities are non-negative and a request at most its limit (ValidateResourceRequirements).
    // A zero limit Kubernetes accepts, but it would leave the container nothing (our own safety rule).
    if (request !== undefined && !(request >= 0)) {
      errors.push(`${requestField} (${show(request)}) must be zero or greater`);
    }
    if (limit !== undefined && !(limit > 0)) {
      errors.push(`${limitField} (${show(limit)}) must be greater than zero`);
    }
    if (request !== undefined && limit !== undefined && request > limit) {
      errors.push(`${requestField} (${show(request)}) must be less than or equal to ${limitField} (${show(limit)})`);
    }
  };
  check('cpu', cpuMillis(resources.cpu?.request), cpuMillis(resources.cpu?.limit), v => `${v}m`);
  const kib = (s?: Size) => s?.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  check('memory', kib(resources.memory?.request), kib(resources.memory?.limit), v => `${v}Ki`);
  check('ephemeralStorage', kib(resources.ephemeralStorage?.request), kib(resources.ephemeralStorage?.limit), v => `${v}Ki`);
  return errors;
}

/** CPU in millicores; cdk8s-plus renders `Cpu.millis(n)` as `nm` and `Cpu.units(n)` as `n`. */
export function cpuMillis(cpu: Cpu | undefined): number | undefined {
  if (!cpu) {
    return undefined;
  }
  const amount = cpu.amount;
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Number(amount) * 1000;
}

/** The largest binary unit that expresses the size exactly (`512Mi`, `2Gi`, `1536Ki`). */
export function sizeQuantity(size: Size | undefined): string | undefined {
  if (!size) {
    return undefined;
  }
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(kib)) {
    // Kubernetes quantities are whole bytes at most this precise; keep the exact byte count.
    return String(Math.round(kib * 1024));
  }
  for (const [unit, factor] of [['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024]] as const) {
    if (kib >= factor && kib % factor === 0) {
      return `${kib / factor}${unit}`;
    }
  }
  return `${kib}Ki`;
}

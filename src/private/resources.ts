import { Size, SizeRoundingBehavior } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-28';
import { MAX_EXACT_INTEGER } from './validation';

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

/** One bound as the comparisons read it: its exact amount (millicores or bytes) and how the user wrote it. */
interface Amount {
  readonly value: number;
  readonly shown: string;
}

/**
 * Problems with requests/limits: amounts Kubernetes would not read exactly (see `cpuErrors`, `sizeErrors`), negative
 * requests, non-positive limits, requests above limits. Each error names `<field>.<resource>.<bound>`, or what
 * `nameOf` gives for props shaped differently, and shows the amounts as the user wrote them (`2Gi`, `500m`).
 */
export function validateResources(resources: ContainerResources | undefined, field: string, nameOf?: ResourceFieldNamer): string[] {
  if (!resources) {
    return [];
  }
  const errors: string[] = [];
  const named: ResourceFieldNamer = nameOf ?? ((resource, bound) => `${field}.${resource}.${bound}`);
  const amount = (name: 'cpu' | 'memory' | 'ephemeralStorage', bound: 'request' | 'limit'): Amount | undefined => {
    const given = (resources[name] as Record<string, Cpu | Size | undefined> | undefined)?.[bound];
    if (given === undefined) return undefined;
    const problems = name === 'cpu' ? cpuErrors(given as Cpu, named(name, bound)) : sizeErrors(given as Size, named(name, bound));
    errors.push(...problems);
    if (problems.length > 0) return undefined;
    return name === 'cpu'
      ? { value: cpuMillis(given as Cpu)!, shown: (given as Cpu).amount }
      : { value: sizeBytes(given as Size)!, shown: (given as Size).asString() };
  };
  for (const name of ['cpu', 'memory', 'ephemeralStorage'] as const) {
    const [request, limit] = [amount(name, 'request'), amount(name, 'limit')];
    const [requestField, limitField] = [named(name, 'request'), named(name, 'limit')];
    // Core validation: quantities are non-negative and a request at most its limit (ValidateResourceRequirements).
    // A zero limit Kubernetes accepts, but it would leave the container nothing (our own safety rule).
    if (request !== undefined && !(request.value >= 0)) {
      errors.push(`${requestField} (${request.shown}) must be zero or greater`);
    }
    if (limit !== undefined && !(limit.value > 0)) {
      errors.push(`${limitField} (${limit.shown}) must be greater than zero`);
    }
    if (request !== undefined && limit !== undefined && request.value > limit.value) {
      errors.push(`${requestField} (${request.shown}) must be less than or equal to ${limitField} (${limit.shown})`);
    }
  }
  return errors;
}

/** `Cpu.units(n)` / `Cpu.millis(n)` amounts written in plain decimals: sign, whole part, fraction, `m`. */
const CPU_AMOUNT = /^(-?)(\d+)(?:\.(\d+))?(m?)$/;

/** The most millicores we accept: JavaScript's exact integers (our own rule; Kubernetes counts CPU in int64 millicores). */
const MAX_CPU_MILLIS = MAX_EXACT_INTEGER;

/**
 * CPU in millicores (cdk8s-plus renders `Cpu.millis(n)` as `nm` and `Cpu.units(n)` as `n`), computed from the
 * decimal digits so `Cpu.units(1.001)` is exactly 1001; undefined when `cpu` is not a Cpu with a number amount.
 */
export function cpuMillis(cpu: Cpu | undefined): number | undefined {
  if (cpu === undefined) return undefined;
  const amount = cpu.amount;
  const match = CPU_AMOUNT.exec(amount);
  if (match && (match[4] === 'm' || (match[3] ?? '').length <= 3)) {
    const [, sign, whole, fraction = '', milli] = match;
    const millis = milli === 'm' ? Number(`${whole}.${fraction || '0'}`) : Number(`${whole}${fraction.padEnd(3, '0')}`);
    return sign === '-' ? -millis : millis;
  }
  const units = Number(amount.endsWith('m') ? amount.slice(0, -1) : amount);
  return amount.endsWith('m') ? units : units * 1000;
}

/**
 * Problems with a CPU amount (a cdk8s-plus `Cpu`; the run-time type check, src/private/shape.ts, rejects anything else): a
 * finite number, no finer than 1m (Kubernetes' resource-management rules allow no CPU precision below a millicore, and
 * apimachinery's MilliValue rounds a finer amount up), and at most `MAX_CPU_MILLIS` millicores. Negative amounts are
 * left to the request/limit rules. Each error names `field` and shows the amount as written.
 */
export function cpuErrors(cpu: Cpu, field: string): string[] {
  const millis = cpuMillis(cpu)!;
  if (!Number.isFinite(millis)) {
    return [`${field} (${cpu.amount}) must be a finite number of cores (Cpu.units) or millicores (Cpu.millis)`];
  }
  if (Math.abs(millis) > MAX_CPU_MILLIS) {
    return [`${field} (${cpu.amount}) must be at most ${MAX_CPU_MILLIS}m`];
  }
  if (!Number.isInteger(millis)) {
    return [`${field} (${cpu.amount}) is finer than 1m (a thousandth of a core), which Kubernetes does not allow for CPU; `
      + `use whole millicores, e.g. Cpu.millis(${Math.ceil(Math.abs(millis))})`];
  }
  return [];
}

/** 2^63 bytes (8Ei): binary quantities must stay below it. */
const MAX_QUANTITY_BYTES = 2 ** 63;
const MIB = 1024 * 1024;

/** A Size in bytes (exact: cdk8s sizes are binary multiples). */
export function sizeBytes(size: Size | undefined): number | undefined {
  return size === undefined ? undefined : size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

/**
 * Problems with a Size written as a Kubernetes quantity (memory, storage, shared memory; a cdk8s `Size`, which the
 * run-time type check ensures): finite (`Infinity` would be written as the text "Infinity"), a whole number of bytes (a fraction of
 * a byte such as `Size.kibibytes(0.3)` is no amount a runtime can enforce; apimachinery's Quantity.Value rounds it up
 * and would store it as milli-bytes, e.g. `307200m`, so we reject it rather than round it), and below 8Ei, the most
 * a binary quantity holds (apimachinery caps a larger one silently). Each error names `field` and shows the size as
 * written (`0.3Ki`).
 */
export function sizeErrors(size: Size, field: string): string[] {
  const bytes = sizeBytes(size)!;
  if (!Number.isFinite(bytes)) {
    return [`${field} (${size.asString()}) must be a finite size`];
  }
  if (bytes >= MAX_QUANTITY_BYTES) {
    return [`${field} (${size.asString()}) must be less than 8Ei (2^63 bytes), the most a Kubernetes quantity holds`];
  }
  if (!Number.isInteger(bytes)) {
    const suggestion = bytes >= MIB ? `Size.mebibytes(${Math.ceil(bytes / MIB)})` : `Size.kibibytes(${Math.ceil(bytes / 1024)})`;
    return [`${field} (${size.asString()}) is ${bytes} bytes: give a whole number of bytes, e.g. ${suggestion}`];
  }
  return [];
}

/**
 * The largest binary unit that expresses the size exactly (`512Mi`, `2Gi`, `1536Ki`, or bytes), or undefined
 * when `sizeErrors` reports the size (so rendering never throws or writes "Infinity").
 */
export function sizeQuantity(size: Size | undefined): string | undefined {
  if (size === undefined || sizeErrors(size, '').length > 0) {
    return undefined;
  }
  const bytes = sizeBytes(size)!;
  if (bytes % 1024 !== 0) {
    return String(bytes);
  }
  const kib = bytes / 1024;
  for (const [unit, factor] of [['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024]] as const) {
    if (kib >= factor && kib % factor === 0) {
      return `${kib / factor}${unit}`;
    }
  }
  return `${kib}Ki`;
}

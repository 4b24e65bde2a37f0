import { KServeVersion } from '../kserve-version';

/**
 * The oldest supported release for which `has` holds (`KServeVersion.all()` is oldest first). `has` asks a named fact
 * (`v => v._facts.storageUris`, or install data: `v => release(v).runtimes.hostIpcField`), never a version number.
 */
export function firstRelease(has: (version: KServeVersion) => boolean): KServeVersion {
  const first = KServeVersion.all().find(has);
  // Our own invariant (not an input check): every feature a rule gates exists in some supported release.
  if (!first) throw new Error('firstRelease: no supported KServe release has the feature');
  return first;
}

/** The minor release as messages name it: `v0.15`. */
export function minorName(version: KServeVersion): string {
  return `v${version.major}.${version.minor}`;
}

/**
 * The tail of every "release lacks it" message: `needs KServe v0.15 or later (target is v0.14.1)`, naming the first
 * release that has the feature. Callers put the field in front: `spec.storageUris needs KServe v0.16 or later (...)`.
 */
export function needsRelease(has: (version: KServeVersion) => boolean, target: KServeVersion): string {
  return `needs KServe ${minorName(firstRelease(has))} or later (target is ${target.name})`;
}

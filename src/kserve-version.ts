/**
 * The KServe release an InferenceService (or any construct of this library) targets.
 *
 * The version decides which fields and annotation values may be emitted: deployment-mode names,
 * storage URI schemes, `spec.canary`, blocked env vars and other webhook rules changed between
 * releases. Validation mirrors the admission webhook of the chosen release.
 */
export class KServeVersion {
  /** KServe v0.13 (validated against the v0.13.1 CRDs). */
  public static readonly V0_13 = new KServeVersion(0, 13, 1);

  /** KServe v0.20 (validated against the v0.20.0 CRDs). The default. */
  public static readonly V0_20 = new KServeVersion(0, 20, 0);

  /** The version used when none is given. */
  public static readonly DEFAULT = KServeVersion.V0_20;

  /** Every version this library can target, oldest first. */
  public static all(): KServeVersion[] {
    return [KServeVersion.V0_13, KServeVersion.V0_20];
  }

  /**
   * Looks a supported version up by its name (`v0.13`, `0.13.1`, `v0.20.0`...).
   * @throws if the version is not one this library supports
   */
  public static of(version: string): KServeVersion {
    const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version.trim());
    const found = match && KServeVersion.all().find(v => v.major === Number(match[1]) && v.minor === Number(match[2]));
    if (!found) {
      throw new Error(`Unsupported KServe version '${version}'. Supported: ${KServeVersion.all().map(v => v.name).join(', ')}`);
    }
    return found;
  }

  private constructor(
    /** Major version number. */
    public readonly major: number,
    /** Minor version number. */
    public readonly minor: number,
    /** Patch release whose CRDs and webhook rules this library mirrors. */
    public readonly patch: number,
  ) {}

  /** The full release name, for example `v0.20.0`. */
  public get name(): string {
    return `v${this.major}.${this.minor}.${this.patch}`;
  }

  /** Whether this version is the given one or newer. */
  public isAtLeast(other: KServeVersion): boolean {
    return this.major > other.major || (this.major === other.major && this.minor >= other.minor);
  }

  /** The release name. */
  public toString(): string {
    return this.name;
  }
}

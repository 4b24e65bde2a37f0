import { guardMethods, registerStandIn } from './private/shape';

/**
 * The inference protocol a model server speaks (`protocolVersion` in KServe).
 *
 * @example
 * new InferenceService(chart, 'cifar10', {
 *   predictor: {
 *     model: Model.triton(StorageUri.pvc('triton-repository', 'models'), { protocolVersion: ProtocolVersion.GRPC_V2 }),
 *   },
 * });
 * @category Serving
 */
export class ProtocolVersion {
  /** KServe V1 REST protocol: `POST /v1/models/<name>:predict` with an `instances` body. */
  public static readonly V1 = new ProtocolVersion('v1', false);
  /** Open Inference Protocol (V2) over REST: `POST /v2/models/<name>/infer`. */
  public static readonly V2 = new ProtocolVersion('v2', false);
  /** TensorFlow Serving's gRPC protocol. */
  public static readonly GRPC_V1 = new ProtocolVersion('grpc-v1', true);
  /** Open Inference Protocol (V2) over gRPC. */
  public static readonly GRPC_V2 = new ProtocolVersion('grpc-v2', true);

  /**
   * Every protocol KServe knows.
   *
   * @example
   * // A model server that answers every REST protocol (V1 and V2), but no gRPC.
   * new ClusterServingRuntime(chart, 'acme-rest-server', {
   *   supportedModelFormats: [{ name: 'acme-forecast', autoSelect: true }],
   *   protocolVersions: ProtocolVersion.all().filter(protocol => !protocol.isGrpc),
   *   container: { image: 'registry.example.com/acme/rest-server:1.8.0' },
   * });
   */
  public static all(): ProtocolVersion[] {
    return [ProtocolVersion.V1, ProtocolVersion.V2, ProtocolVersion.GRPC_V1, ProtocolVersion.GRPC_V2];
  }

  private constructor(
    /** The `protocolVersion` value. */
    public readonly value: string,
    /** Whether requests use gRPC rather than REST. */
    public readonly isGrpc: boolean,
  ) {}

  /**
   * The HTTP path that runs a prediction for the named model, or `undefined` for gRPC protocols
   * (they use the `inference.GRPCInferenceService/ModelInfer` method instead).
   */
  public predictPath(modelName: string): string | undefined {
    switch (this.value) {
      case 'v1': return `/v1/models/${modelName}:predict`;
      case 'v2': return `/v2/models/${modelName}/infer`;
      default: return undefined;
    }
  }

  /** The `protocolVersion` value. */
  public toString(): string {
    return this.value;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(ProtocolVersion);
registerStandIn('ProtocolVersion', () => ProtocolVersion.V1);

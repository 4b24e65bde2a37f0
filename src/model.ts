import { ConfidentialModel } from './confidential-model';
import { KServeVersion } from './kserve-version';
import { ModelStorage } from './model-storage';
import { needsRelease } from './private/releases';
import { guardMethods, registerStandIn } from './private/shape';
import { shown } from './private/shown';
import { DNS1123_SUBDOMAIN_NAME } from './private/validation';
import { ProtocolVersion } from './protocol-version';
import { StorageUri } from './storage-uri';

/**
 * What a model names as its runtime: a `ServingRuntime` or `ClusterServingRuntime` construct (every `IServingRuntime`
 * is one), or a runtime of the cluster you describe by its name.
 * @category Runtimes
 */
export interface IModelRuntime {
  /** The runtime name, written as the model's `runtime`. */
  readonly name: string;
}

/**
 * Options every model factory accepts.
 * @category Serving
 */
export interface ModelOptions {
  /**
   * The model format version (`modelFormat.version`), used by KServe to pick a runtime that
   * supports it (for example sklearn `1`, xgboost `2`).
   * @default - no version: any runtime for the format may be selected
   */
  readonly formatVersion?: string;

  /**
   * The ServingRuntime or ClusterServingRuntime to use (`runtime`): the runtime construct of your app (its name is
   * written), or the name of one the cluster already has.
   * @default - KServe auto-selects a runtime that supports the format and protocol
   */
  readonly runtime?: IModelRuntime | string;

  /**
   * The inference protocol to serve.
   * @default - the format's default: V2 for ONNX, Triton and MLflow (their runtimes speak only
   * V2), otherwise KServe's default (V1)
   */
  readonly protocolVersion?: ProtocolVersion;

  /**
   * The runtime image tag to use instead of the runtime's default (`runtimeVersion`).
   * @default - the runtime's image tag
   */
  readonly runtimeVersion?: string;

  /**
   * KServe v0.20+: the model's files are encrypted and the storage initializer decrypts them after the download
   * (`confidential: { enabled: true, resourceId }`). Needs the model as a `StorageUri` the storage initializer
   * downloads: not `ModelStorage.path` or `ModelStorage.fromStorageUris()` (validateConfidential,
   * inference_service_validation.go at v0.20.0), and not `pvc://`, `oci://` or `oci+native://`, which bypass it.
   * @default - not confidential
   */
  readonly confidential?: ConfidentialModel;

  /**
   * The name the model server serves the model under, which is the `<name>` of `/v1/models/<name>:predict` and
   * `/v2/models/<name>/infer` in the runbook. Nothing in the InferenceService sets it: TorchServe takes it from
   * `config/config.properties` (`model_snapshot`) and the `.mar` archive, Triton from the model repository's
   * directory names (used for ONNX, Triton, TensorRT and TensorFlow-over-v2 models). KServe's Python servers,
   * TF Serving, the Hugging Face server and MLServer are given the InferenceService name, so leave it unset for them.
   * It is not written to the manifest.
   * @default - the InferenceService name for runtimes that are given it; otherwise unknown, and the runbook shows how
   * to list the served models instead of a predict URL
   */
  readonly servedModelName?: string;
}

/**
 * KBS resource ids as KServe accepts them (`KBSResourceIdRegexp`, pkg/validation/confidential.go at v0.20.0).
 */
const KBS_RESOURCE_ID = /^kbs:\/\/\/[a-zA-Z0-9_.-]+\/[a-zA-Z0-9_.-]+\/[a-zA-Z0-9_.-]+$/;

/**
 * Schemes the storage initializer does not download, so there is nothing for it to decrypt: KServe warns that
 * confidential has no effect on `pvc://` and `oci://` (ValidateConfidentialSpec, pkg/validation/confidential.go at
 * v0.20.0); `oci+native://` is an image volume, likewise without the initializer (storage_initializer_injector.go).
 */
const UNDECRYPTED_SCHEMES: string[] = ['pvc', 'oci', 'oci+native'];

interface FormatInfo {
  /** Protocols the standard KServe runtimes for this format speak (config/runtimes at both tags). */
  readonly protocols: ProtocolVersion[];
  /** A protocol we emit even when the user gives none, because the only runtimes need it. */
  readonly requiredDefault?: ProtocolVersion;
}

const P = ProtocolVersion;
const SERVED_MODEL_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;
const PYTHON_SERVER: FormatInfo = { protocols: [P.V1, P.V2] };
const FORMATS: Record<string, FormatInfo> = {
  sklearn: PYTHON_SERVER,
  xgboost: PYTHON_SERVER,
  lightgbm: PYTHON_SERVER,
  pmml: PYTHON_SERVER,
  paddle: PYTHON_SERVER,
  huggingface: PYTHON_SERVER,
  // kserve-tensorflow-serving speaks v1/grpc-v1; kserve-tritonserver also serves tensorflow over v2.
  tensorflow: { protocols: [P.V1, P.GRPC_V1, P.V2, P.GRPC_V2] },
  // kserve-torchserve: v1, v2, grpc-v2.
  pytorch: { protocols: [P.V1, P.V2, P.GRPC_V2] },
  // Only kserve-tritonserver serves onnx and triton, and it speaks v2 / grpc-v2.
  onnx: { protocols: [P.V2, P.GRPC_V2], requiredDefault: P.V2 },
  triton: { protocols: [P.V2, P.GRPC_V2], requiredDefault: P.V2 },
  // MLflow models are served by kserve-mlserver, which speaks only v2.
  mlflow: { protocols: [P.V2], requiredDefault: P.V2 },
};

/**
 * A model to serve: its format, where it is stored, and optionally the runtime and protocol.
 *
 * Every factory takes the storage as a `StorageUri` (written as `storageUri`) or, to use KServe's storage spec
 * (`storage.path`, `storage.parameters`), as a `ModelStorage`.
 *
 * Every factory produces KServe's `model` predictor (`modelFormat` + `storageUri` or `storage`), the form that
 * lets KServe choose a ServingRuntime and that carries `runtime` and `protocolVersion`; the older
 * per-framework fields (`sklearn:`, `xgboost:`...) are converted to it by KServe's defaulting
 * webhook anyway.
 *
 * @example
 * const model = Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model'), {
 *   formatVersion: '1',
 *   protocolVersion: ProtocolVersion.V2,
 * });
 * new InferenceService(chart, 'sklearn-iris', { predictor: { model } });
 * @category Serving
 */
export class Model {
  /**
   * A scikit-learn model (joblib / pickle), served by kserve-sklearnserver or MLServer.
   *
   * @example
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
   * });
   */
  public static sklearn(storage: StorageUri | ModelStorage, options: ModelOptions = {}): Model {
    return new Model('sklearn', storage, options);
  }

  /**
   * An XGBoost model, served by kserve-xgbserver or MLServer.
   *
   * @example
   * new InferenceService(chart, 'xgboost-iris', {
   *   predictor: { model: Model.xgboost(StorageUri.gcs('kfserving-examples', 'models/xgboost/iris'), { formatVersion: '1' }) },
   * });
   */
  public static xgboost(storage: StorageUri | ModelStorage, options: ModelOptions = {}): Model {
    return new Model('xgboost', storage, options);
  }

  /**
   * A TensorFlow SavedModel, served by TensorFlow Serving (or Triton over V2).
   *
   * @example
   * new InferenceService(chart, 'flowers', {
   *   predictor: { model: Model.tensorflow(StorageUri.gcs('kfserving-examples', 'models/tensorflow/flowers')) },
   * });
   */
  public static tensorflow(storage: StorageUri | ModelStorage, options: ModelOptions = {}): Model {
    return new Model('tensorflow', storage, options);
  }

  /**
   * A PyTorch model served by TorchServe (a model store with `config/config.properties` and `.mar`
   * archives). KServe v1beta1 has no `modelClassName` field: TorchServe reads the handler and model
   * class from the `.mar` archive.
   *
   * @example
   * new InferenceService(chart, 'mnist', {
   *   predictor: {
   *     model: Model.pytorch(StorageUri.gcs('kfserving-examples', 'models/torchserve/image_classifier/v2'), {
   *       protocolVersion: ProtocolVersion.V2,
   *       servedModelName: 'mnist',
   *     }),
   *   },
   * });
   */
  public static pytorch(storage: StorageUri | ModelStorage, options: ModelOptions = {}): Model {
    return new Model('pytorch', storage, options);
  }

  /**
   * An ONNX model, served by Triton over the V2 protocol.
   *
   * @example
   * new InferenceService(chart, 'style-transfer', {
   *   predictor: { model: Model.onnx(StorageUri.gcs('kfserving-examples', 'models/onnx')) },
   * });
   */
  public static onnx(storage: StorageUri | ModelStorage, options: ModelOptions = {}): Model {
    return new Model('onnx', storage, options);
  }

  /**
   * A Triton model repository (any backend Triton supports), served over the V2 protocol.
   *
   * @example
   * new InferenceService(chart, 'cifar10', {
   *   predictor: {
   *     model: Model.triton(StorageUri.gcs('kfserving-examples', 'models/torchscript'), {
   *       protocolVersion: ProtocolVersion.GRPC_V2,
   *       servedModelName: 'cifar10',
   *     }),
   *   },
   * });
   */
  public static triton(storage: StorageUri | ModelStorage, options: ModelOptions = {}): Model {
    return new Model('triton', storage, options);
  }

  /**
   * A LightGBM model, served by kserve-lgbserver or MLServer.
   *
   * @example
   * new InferenceService(chart, 'lightgbm-iris', {
   *   predictor: { model: Model.lightgbm(StorageUri.gcs('kfserving-examples', 'models/lightgbm/iris')) },
   * });
   */
  public static lightgbm(storage: StorageUri | ModelStorage, options: ModelOptions = {}): Model {
    return new Model('lightgbm', storage, options);
  }

  /**
   * A PaddlePaddle model, served by kserve-paddleserver.
   *
   * @example
   * new InferenceService(chart, 'paddle-resnet', {
   *   predictor: { model: Model.paddle(StorageUri.gcs('kfserving-examples', 'models/paddle/resnet')) },
   * });
   */
  public static paddle(storage: StorageUri | ModelStorage, options: ModelOptions = {}): Model {
    return new Model('paddle', storage, options);
  }

  /**
   * A PMML model, served by kserve-pmmlserver.
   *
   * @example
   * new InferenceService(chart, 'pmml-iris', {
   *   predictor: { model: Model.pmml(StorageUri.gcs('kfserving-examples', 'models/pmml')) },
   * });
   */
  public static pmml(storage: StorageUri | ModelStorage, options: ModelOptions = {}): Model {
    return new Model('pmml', storage, options);
  }

  /**
   * A Hugging Face transformers model, served by kserve-huggingfaceserver. The storage may be a
   * bucket holding the saved model or, on KServe v0.14+, an `hf://` repository.
   *
   * @example
   * new InferenceService(chart, 'llama3', {
   *   predictor: {
   *     model: Model.huggingface(StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct')),
   *     storageCredentials: ModelStorageSecret.huggingFace(chart, 'hf-token', { source: SecretSource.fromSecretName('hf-token') }),
   *     args: ['--max-model-len=8192'],
   *     extendedResources: [ExtendedResource.nvidiaGpu(1)],
   *   },
   * });
   */
  public static huggingface(storage: StorageUri | ModelStorage, options: ModelOptions = {}): Model {
    return new Model('huggingface', storage, options);
  }

  /**
   * An MLflow model directory (with its `MLmodel` file), served as `modelFormat: mlflow` by MLServer
   * over the V2 protocol, not by pointing the sklearn server at an MLflow path.
   *
   * @example
   * new InferenceService(chart, 'wine-classifier', {
   *   predictor: { model: Model.mlflow(StorageUri.gcs('kfserving-examples', 'models/mlflow/wine')) },
   * });
   */
  public static mlflow(storage: StorageUri | ModelStorage, options: ModelOptions = {}): Model {
    return new Model('mlflow', storage, options);
  }

  /**
   * Any other model format, served by the runtime you name or by one KServe auto-selects for the
   * format (for example a custom ClusterServingRuntime).
   * @param formatName the `modelFormat.name` the runtime declares
   *
   * @example
   * new ServingRuntime(chart, 'fraud-server', {
   *   supportedModelFormats: [{ name: 'fraud-gbm', version: '3', autoSelect: true }],
   *   container: { image: 'registry.example.com/fraud/server:3.2.1' },
   * });
   * new InferenceService(chart, 'fraud-gbm', {
   *   predictor: { model: Model.fromFormat('fraud-gbm', StorageUri.s3('fraud-models', 'gbm/3'), { formatVersion: '3' }) },
   * });
   */
  public static fromFormat(formatName: string, storage: StorageUri | ModelStorage, options: ModelOptions = {}): Model {
    return new Model(formatName, storage, options);
  }

  /** The `modelFormat.name`. */
  public readonly formatName: string;
  /**
   * The `modelFormat.version`.
   * @default - no version
   */
  public readonly formatVersion?: string;
  /** Where the model is stored and how KServe's storage spec reads it. */
  public readonly storage: ModelStorage;
  /**
   * The name of the runtime given explicitly (the construct's name when a runtime construct was given).
   * @default - auto-selected by KServe
   */
  public readonly runtime?: string;
  /**
   * The runtime image tag override.
   * @default - the runtime's tag
   */
  public readonly runtimeVersion?: string;
  /**
   * The protocol written into `protocolVersion`.
   * @default - not written: KServe's default applies
   */
  public readonly protocolVersion?: ProtocolVersion;
  /**
   * Confidential serving: the key that decrypts the model.
   * @default - not confidential
   */
  public readonly confidential?: ConfidentialModel;

  /**
   * The name the model server serves the model under (not written to the manifest).
   * @default - decided by the runtime
   */
  public readonly servedModelName?: string;

  private constructor(formatName: string, storage: StorageUri | ModelStorage, options: ModelOptions) {
    this.formatName = formatName;
    this.storage = storage instanceof ModelStorage ? storage : ModelStorage.uri(storage);
    this.formatVersion = options.formatVersion;
    this.runtime = typeof options.runtime === 'object' && options.runtime !== null ? options.runtime.name : options.runtime;
    this.runtimeVersion = options.runtimeVersion;
    this.confidential = options.confidential;
    this.servedModelName = options.servedModelName;
    this.protocolVersion = options.protocolVersion ?? FORMATS[formatName]?.requiredDefault;
  }

  /**
   * Where the model is stored, when it is given as a URI (`storageUri`).
   * @default - undefined for a model given as `ModelStorage.path(...)`
   */
  public get storageUri(): StorageUri | undefined {
    return this.storage.storageUri;
  }

  /** The protocol clients use to talk to the model: the one written, or KServe's default (V1). */
  public get effectiveProtocol(): ProtocolVersion {
    return this.protocolVersion ?? ProtocolVersion.V1;
  }

  /**
   * The fields of `model` that say what to serve (the rest comes from the component options).
   * @internal
   */
  public _render(): {
    modelFormat: { name: string; version?: string };
    runtime?: string;
    runtimeVersion?: string;
    protocolVersion?: string;
    storageUri?: string;
    confidential?: { enabled: boolean; resourceId?: string };
  } {
    return {
      modelFormat: { name: this.formatName, version: this.formatVersion },
      runtime: this.runtime,
      runtimeVersion: this.runtimeVersion,
      protocolVersion: this.protocolVersion?.value,
      storageUri: this.storageUri?.uri,
      confidential: this.confidential && { enabled: true, resourceId: this.confidential.resourceId },
    };
  }

  /**
   * Problems with this model for the given KServe version, each a sentence naming the field.
   * @internal
   */
  public _validate(version: KServeVersion): string[] {
    const errors: string[] = [];
    const format = FORMATS[this.formatName];
    // Our own typo check: KServe matches the name against runtimes' formats (RuntimeSupportsModel, predictor_model.go), so an
    // empty or spaced name matches none.
    if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(this.formatName)) {
      errors.push(`model format name ${shown(this.formatName)} must be a non-empty word of letters, digits, '.', '-' or '_'`);
    }
    // With an explicit runtime the user vouches for the protocol; otherwise a standard runtime must speak it,
    // or KServe fails at reconcile with "no runtime found to support predictor" (components/predictor.go, both tags).
    if (format && !this.runtime && this.protocolVersion && !format.protocols.includes(this.protocolVersion)) {
      errors.push(`protocolVersion '${this.protocolVersion.value}' is not served for model format ${shown(this.formatName)} by KServe's standard runtimes; `
        + `use one of ${format.protocols.map(p => `'${p.value}'`).join(', ')} or name a runtime that serves it`);
    }
    errors.push(...this.storage._validate(version));
    // ONNX: `predictor_onnxruntime.go` (both tags) rejects a storageUri whose file extension is not `.onnx`.
    const uri = this.storageUri;
    const ext = uri?.fileExtension ?? '';
    if (this.formatName === 'onnx' && ext !== '' && ext !== '.onnx') {
      errors.push(`storageUri '${uri!.uri}': expected file extension '.onnx' but got '${ext}'`);
    }
    // Our own safety rule: runtimeVersion replaces the image tag, and an empty or 'latest' tag is not reproducible.
    if (this.runtimeVersion !== undefined && (this.runtimeVersion === '' || this.runtimeVersion === 'latest')) {
      errors.push(`runtimeVersion ${shown(this.runtimeVersion)} must pin a release tag (not empty, not 'latest')`);
    }
    // Our own safety rule: the name goes into URL paths and single-quoted shell words of the runbook. TorchServe
    // model names and Triton repository directories in practice are such words.
    if (this.servedModelName !== undefined && !SERVED_MODEL_NAME.test(this.servedModelName)) {
      errors.push(`servedModelName '${this.servedModelName}' must be a non-empty word of letters, digits, '.', '-' or '_' `
        + '(the name the model server serves the model under)');
    }
    // Core validation: (Cluster)ServingRuntimes are named as DNS-1123 subdomains.
    if (this.runtime !== undefined && !DNS1123_SUBDOMAIN_NAME.test(this.runtime)) {
      errors.push(`runtime ${shown(this.runtime)} must be the name of a ServingRuntime or ClusterServingRuntime (DNS-1123 subdomain)`);
    }
    errors.push(...this.confidentialErrors(version));
    return errors;
  }

  private confidentialErrors(version: KServeVersion): string[] {
    const confidential = this.confidential;
    if (confidential === undefined) return [];
    // Fact confidentialModels: the CRD schema of the target release.
    if (!version._facts.confidentialModels) {
      return [`confidential ${needsRelease(v => v._facts.confidentialModels, version)}`];
    }
    const resourceId = confidential.resourceId;
    const errors: string[] = [];
    // KServe accepts an empty or missing resourceId, but the storage initializer then exits with an error
    // (python/storage-initializer/scripts/initializer-entrypoint at v0.20.0): required here (the type requires it).
    if (!KBS_RESOURCE_ID.test(resourceId)) {
      errors.push('confidential.resourceId must be a Key Broker Service resource \'kbs:///<repository>/<type>/<tag>\' '
        + `(letters, digits, '.', '-', '_'), got ${JSON.stringify(resourceId)}`);
    }
    const uri = this.storageUri;
    if (uri === undefined) {
      // validateConfidential (inference_service_validation.go at v0.20.0): the model's storageUri must be set.
      errors.push(`confidential needs the model as a storageUri (a StorageUri or ModelStorage.uri(...)); the model is '${this.storage}'`);
    } else if (UNDECRYPTED_SCHEMES.includes(uri.scheme)) {
      errors.push(`confidential has no effect on '${uri.uri}': KServe's storage initializer, which decrypts the model, `
        + `does not download ${uri.scheme}:// sources`);
    }
    return errors;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(Model);
registerStandIn('Model', () => Model.sklearn(StorageUri.parse('s3://stand-in/model')));

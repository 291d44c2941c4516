import type * as TF from "@tensorflow/tfjs";

/**
 * The part of face-api's API `sme accuracy` uses, typed here: face-api's own declaration file inlines a browser
 * build of TF.js and DOM types this project does not compile against.
 */

export interface FaceBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface FaceDetectionResult {
  readonly score: number;
  readonly box: FaceBox;
}

export interface FaceDescriptorResult {
  readonly detection: FaceDetectionResult;
  readonly descriptor: Float32Array;
  readonly landmarks: {
    /** The box face-api crops for the recognizer (what `withFaceDescriptors` itself uses). */
    align(imageDims: null, options: { useDlibAlignment: boolean }): FaceBox;
  };
}

/** A face-api network object: `nets.ssdMobilenetv1`, `nets.faceRecognitionNet`, `nets.faceLandmark68Net`. */
export interface FaceApiNet {
  loadFromWeightMap(weightMap: TF.NamedTensorMap): void;
  dispose(throwOnRedispose?: boolean): void;
  readonly isLoaded: boolean;
}

export interface FaceRecognitionNet extends FaceApiNet {
  computeFaceDescriptor(face: TF.Tensor3D): Promise<Float32Array>;
}

interface DescriptorTask {
  run(): Promise<FaceDescriptorResult[]>;
}
interface LandmarkTask {
  withFaceDescriptors(): DescriptorTask;
}
interface DetectTask {
  run(): Promise<FaceDetectionResult[]>;
  withFaceLandmarks(): LandmarkTask;
}

export interface FaceApi {
  readonly tf: unknown;
  readonly version: string;
  readonly nets: {
    readonly ssdMobilenetv1: FaceApiNet;
    readonly faceRecognitionNet: FaceRecognitionNet;
    readonly faceLandmark68Net: FaceApiNet;
  };
  SsdMobilenetv1Options: new (opts: { minConfidence?: number; maxResults?: number }) => object;
  Rect: new (x: number, y: number, width: number, height: number) => object;
  detectAllFaces(input: TF.Tensor3D, options: object): DetectTask;
  extractFaceTensors(image: TF.Tensor3D, boxes: object[]): Promise<TF.Tensor3D[]>;
}

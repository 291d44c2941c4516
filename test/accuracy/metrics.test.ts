import { describe, expect, it } from "vitest";
import { compareToFloat, cosine, euclidean, iou, matchFaces } from "../../src/accuracy/metrics.js";
import type { FaceResult } from "../../src/accuracy/pipeline.js";

const face = (x: number, y: number, e: number[], score = 0.9): FaceResult => ({
  box: { x, y, width: 10, height: 10 },
  score,
  cropBox: { x, y, width: 10, height: 10 },
  embedding: Float32Array.from(e),
});

describe("accuracy metrics", () => {
  it("computes IoU, cosine and distance", () => {
    expect(iou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150, 12);
    expect(iou({ x: 0, y: 0, width: 1, height: 1 }, { x: 3, y: 3, width: 1, height: 1 })).toBe(0);
    expect(cosine([1, 0], [0, 2])).toBe(0);
    expect(cosine([1, 1], [2, 2])).toBeCloseTo(1, 12);
    expect(euclidean([0, 0], [3, 4])).toBe(5);
  });

  it("matches faces greedily by IoU, each face once, and leaves poor overlaps unmatched", () => {
    const ref = [face(0, 0, [1]), face(100, 0, [1]), face(200, 0, [1])];
    const got = [face(101, 0, [1]), face(1, 0, [1]), face(205, 0, [1]), face(0, 2, [1])];
    expect(matchFaces(ref, got).map((m) => [m.ref, m.got])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it("counts missed and extra faces and the same/different decisions that flip", () => {
    const float = [{ image: "a", faces: [face(0, 0, [0, 1]), face(50, 0, [1, 1]), face(100, 0, [0, 2])], floatCropEmbeddings: null }];
    // Faces 0 and 1 move closer than 0.6 (a flip to "same"); face 2 is lost; one extra face appears. On the float
    // run's own crops the recognizer keeps faces 0 and 2 apart but brings face 1 next to face 2.
    const crops = [Float32Array.from([0, 1]), Float32Array.from([0.1, 1.9]), Float32Array.from([0, 2])];
    const run = [{ image: "a", faces: [face(0, 0, [0.2, 1]), face(50, 0, [0.7, 1]), face(300, 0, [5, 5])], floatCropEmbeddings: crops }];
    const c = compareToFloat(float, run);
    expect(c.detection).toMatchObject({ floatFaces: 3, faces: 3, matched: 2, missed: 1, extra: 1, imagesSameCount: 1, meanIou: 1, minIou: 1 });
    expect(c.recognition).toMatchObject({ faces: 2, pairs: 1, flipped: 1, flippedToSame: 1, flippedToDifferent: 0 });
    expect(c.recognition.maxDistance).toBeCloseTo(0.3, 6);
    expect(c.recognizer).toMatchObject({ faces: 3, pairs: 3, flipped: 1 });
    expect(c.recognizer!.minCosine).toBeCloseTo(cosine([1, 1], [0.1, 1.9]), 6);
    expect(c.recognizer!.maxDistance).toBeCloseTo(Math.hypot(0.9, 0.9), 6);
    const same = compareToFloat(float, float);
    expect(same.recognizer).toBeNull();
    expect(same.recognition).toMatchObject({ meanCosine: 1, minCosine: 1, flipped: 0, pairs: 3 });
    expect(same.detection).toMatchObject({ missed: 0, extra: 0, meanScoreChange: 0 });
  });
});

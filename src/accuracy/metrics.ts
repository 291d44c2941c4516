import type { FaceBox } from "./face-api-types.js";
import type { FaceResult, ImageResult } from "./pipeline.js";

/** face-api's usual decision rule: two embeddings closer than 0.6 (Euclidean) are the same person. */
export const SAME_PERSON_DISTANCE = 0.6;
/** A face found by a run is the float run's face when their boxes overlap by at least this IoU. */
export const MATCH_IOU = 0.5;

export function iou(a: FaceBox, b: FaceBox): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let k = 0; k < a.length; k++) {
    dot += a[k]! * b[k]!;
    na += a[k]! * a[k]!;
    nb += b[k]! * b[k]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k]! - b[k]!) ** 2;
  return Math.sqrt(s);
}

/** Pairs (float face, run face) with IoU >= `minIou`, greedily by decreasing IoU (each face used once). */
export function matchFaces(ref: readonly FaceResult[], got: readonly FaceResult[], minIou = MATCH_IOU): Array<{ ref: number; got: number; iou: number }> {
  const candidates: Array<{ ref: number; got: number; iou: number }> = [];
  ref.forEach((r, i) => {
    got.forEach((g, j) => {
      const v = iou(r.box, g.box);
      if (v >= minIou) candidates.push({ ref: i, got: j, iou: v });
    });
  });
  candidates.sort((a, b) => b.iou - a.iou || a.ref - b.ref || a.got - b.got);
  const usedRef = new Set<number>();
  const usedGot = new Set<number>();
  const out: Array<{ ref: number; got: number; iou: number }> = [];
  for (const c of candidates) {
    if (usedRef.has(c.ref) || usedGot.has(c.got)) continue;
    usedRef.add(c.ref);
    usedGot.add(c.got);
    out.push(c);
  }
  return out.sort((a, b) => a.ref - b.ref);
}

export interface DetectionMetrics {
  readonly images: number;
  /** Photos where the run finds as many faces as the float run. */
  readonly imagesSameCount: number;
  readonly floatFaces: number;
  readonly faces: number;
  /** Float faces the run also finds (IoU >= MATCH_IOU), those it misses, and faces only the run finds. */
  readonly matched: number;
  readonly missed: number;
  readonly extra: number;
  /** IoU of the matched boxes; null without a match. */
  readonly meanIou: number | null;
  readonly minIou: number | null;
  /** |score - float score| of the matched faces. */
  readonly meanScoreChange: number | null;
  readonly maxScoreChange: number | null;
}

export interface RecognitionMetrics {
  /** Matched faces whose embeddings are compared. */
  readonly faces: number;
  readonly meanCosine: number | null;
  readonly minCosine: number | null;
  readonly meanDistance: number | null;
  readonly maxDistance: number | null;
  /** Pairs of matched faces, and those whose same/different-person decision differs from the float run's. */
  readonly pairs: number;
  readonly flipped: number;
  /** Float says different, the run says same / float says same, the run says different. */
  readonly flippedToSame: number;
  readonly flippedToDifferent: number;
}

/** The recognizer alone: its embeddings of the float run's own face crops against the float embeddings. */
export interface RecognizerMetrics {
  readonly faces: number;
  readonly meanCosine: number | null;
  readonly minCosine: number | null;
  readonly maxDistance: number | null;
  /** Pairs of the float run's faces, and those whose same/different-person decision flips. */
  readonly pairs: number;
  readonly flipped: number;
}

export interface RunComparison {
  readonly detection: DetectionMetrics;
  /** The whole pipeline: each face as the run itself detects, aligns and embeds it. */
  readonly recognition: RecognitionMetrics;
  /** The recognizer on the float run's crops; null when the run did not embed them (the float run). */
  readonly recognizer: RecognizerMetrics | null;
}

const mean = (v: number[]): number | null => (v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length);
const min = (v: number[]): number | null => (v.length === 0 ? null : Math.min(...v));
const max = (v: number[]): number | null => (v.length === 0 ? null : Math.max(...v));

/** A run's answers against the float run's on the same photos (matched by photo name, then by box). */
export function compareToFloat(float: readonly ImageResult[], run: readonly ImageResult[]): RunComparison {
  const byName = new Map(run.map((r) => [r.image, r]));
  const ious: number[] = [];
  const scoreChanges: number[] = [];
  const cosines: number[] = [];
  const distances: number[] = [];
  const pairsOf: Array<{ ref: Float32Array; got: Float32Array }> = [];
  let floatFaces = 0;
  let faces = 0;
  let matched = 0;
  let sameCount = 0;
  for (const f of float) {
    const r = byName.get(f.image);
    if (!r) throw new Error(`no result for photo ${f.image}`);
    floatFaces += f.faces.length;
    faces += r.faces.length;
    if (r.faces.length === f.faces.length) sameCount++;
    for (const m of matchFaces(f.faces, r.faces)) {
      const a = f.faces[m.ref]!;
      const b = r.faces[m.got]!;
      matched++;
      ious.push(m.iou);
      scoreChanges.push(Math.abs(b.score - a.score));
      cosines.push(cosine(a.embedding, b.embedding));
      distances.push(euclidean(a.embedding, b.embedding));
      pairsOf.push({ ref: a.embedding, got: b.embedding });
    }
  }
  const flips = decisionFlips(pairsOf);
  return {
    detection: {
      images: float.length,
      imagesSameCount: sameCount,
      floatFaces,
      faces,
      matched,
      missed: floatFaces - matched,
      extra: faces - matched,
      meanIou: mean(ious),
      minIou: min(ious),
      meanScoreChange: mean(scoreChanges),
      maxScoreChange: max(scoreChanges),
    },
    recognition: {
      faces: matched,
      meanCosine: mean(cosines),
      minCosine: min(cosines),
      meanDistance: mean(distances),
      maxDistance: max(distances),
      pairs: flips.pairs,
      flipped: flips.toSame + flips.toDifferent,
      flippedToSame: flips.toSame,
      flippedToDifferent: flips.toDifferent,
    },
    recognizer: recognizerAlone(float, byName),
  };
}

/** Over all pairs of faces: how many same/different-person decisions differ between the two embeddings. */
function decisionFlips(faces: ReadonlyArray<{ ref: Float32Array; got: Float32Array }>): { pairs: number; toSame: number; toDifferent: number } {
  let pairs = 0;
  let toSame = 0;
  let toDifferent = 0;
  for (let i = 0; i < faces.length; i++) {
    for (let j = i + 1; j < faces.length; j++) {
      pairs++;
      const sameFloat = euclidean(faces[i]!.ref, faces[j]!.ref) < SAME_PERSON_DISTANCE;
      const sameRun = euclidean(faces[i]!.got, faces[j]!.got) < SAME_PERSON_DISTANCE;
      if (sameRun && !sameFloat) toSame++;
      if (sameFloat && !sameRun) toDifferent++;
    }
  }
  return { pairs, toSame, toDifferent };
}

function recognizerAlone(float: readonly ImageResult[], run: ReadonlyMap<string, ImageResult>): RecognizerMetrics | null {
  const faces: Array<{ ref: Float32Array; got: Float32Array }> = [];
  for (const f of float) {
    const got = run.get(f.image)!.floatCropEmbeddings;
    if (!got) return null;
    f.faces.forEach((face, i) => {
      faces.push({ ref: face.embedding, got: got[i]! });
    });
  }
  const cos = faces.map((p) => cosine(p.ref, p.got));
  const flips = decisionFlips(faces);
  return {
    faces: faces.length,
    meanCosine: mean(cos),
    minCosine: min(cos),
    maxDistance: max(faces.map((p) => euclidean(p.ref, p.got))),
    pairs: flips.pairs,
    flipped: flips.toSame + flips.toDifferent,
  };
}

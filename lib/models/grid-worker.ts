// A worker thread of gridSearchCV (see selection.ts). It receives the data, folds, scoring and
// the estimator's class name once, then scores one parameter combination per message. Workers
// get names and plain values, never functions, so each one rebuilds the estimator from the
// compiled library.
import { parentPort, workerData } from "worker_threads";
import * as library from "./index";
import { Estimator, GridWorkerSetup, getScorer, scoreFolds } from "./selection";

const setup = workerData as GridWorkerSetup;
const Ctor = (library as unknown as Record<string, new (params: object) => Estimator>)[setup.kind];
const scorer = getScorer(setup.scoring as "rmse", {});

parentPort?.on("message", (task: { index: number; overrides: object }) => {
  try {
    const model = new Ctor({ ...setup.baseParams, ...task.overrides });
    const { test } = scoreFolds(model, setup.X, setup.y, setup.folds, scorer);
    parentPort?.postMessage({ index: task.index, scores: test });
  } catch (e) {
    parentPort?.postMessage({ index: task.index, error: `${setup.kind}: ${(e as Error).message}` });
  }
});

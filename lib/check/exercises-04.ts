// Checks for the "Your turn" exercises of notebook 04 (dense and convolutional networks). Both
// exercises change one thing of a network the notebook trained and look at the result; the
// checks make sure the comparison is a fair one (only the asked-for options changed, the network
// trained) and say where to look, never what to set.
import { accuracyScore } from "../metrics/classification";
import { CnnClassifier } from "../nn/cnn";
import { DenseRegressor } from "../nn/dense";
import { ImageSet } from "../nn/images";
import { Network, TrainingParams } from "../nn/network";
import { CheckResult, report, verdict } from "./feedback";

/** The names of the options in which two networks differ. */
function changedOptions(a: Network<TrainingParams>, b: Network<TrainingParams>): string[] {
  const pa: Record<string, unknown> = a.getParams();
  const pb: Record<string, unknown> = b.getParams();
  return Object.keys(pa).filter((k) => JSON.stringify(pa[k]) !== JSON.stringify(pb[k]));
}

/** Why `net` cannot be checked yet (not a trained network of the right kind), or undefined. */
function notReady(net: unknown, Kind: typeof DenseRegressor | typeof CnnClassifier, name: string): string | undefined {
  if (!(net instanceof Kind)) return `${name} should be a ${Kind.name}, for example a clone of the notebook's network with one option changed.`;
  if (!net.isFitted()) return `${name} is not trained yet: await its fit(...) before the check.`;
  return undefined;
}

/** "2 hidden layers (100, 100), tanh" */
function describeDense(net: DenseRegressor): string {
  const { hiddenLayers, activation } = net.getParams();
  return `${hiddenLayers.length} hidden layer${hiddenLayers.length === 1 ? "" : "s"} (${hiddenLayers.join(", ")}), ${activation}`;
}

/** The validation loss of the last epoch. */
function lastValidationLoss(net: Network<TrainingParams>): number {
  const v = net.history_.valLoss;
  return v[v.length - 1];
}

const DENSE_ARCHITECTURE = ["hiddenLayers", "activation", "outputActivation"];

/**
 * Exercise 1 (depth or activation of the dense network): `variant` is a trained DenseRegressor
 * that differs from the notebook's `reference` only in its layers (`hiddenLayers`) or its
 * activations, trained with the same settings on the same rows, so that the two validation
 * losses compare. Right when that holds; the verdict gives both final validation losses.
 */
export function denseVariant(reference: unknown, variant: unknown): CheckResult {
  const problem = notReady(reference, DenseRegressor, "The first argument (the notebook's network)") ?? notReady(variant, DenseRegressor, "Your network");
  if (problem || !(reference instanceof DenseRegressor) || !(variant instanceof DenseRegressor)) return report(verdict(false, "", problem ?? ""));
  if (variant === reference) return report(verdict(false, "", "your network is the notebook's network itself: make a new one, e.g. with mlp.clone({ ... })."));
  const changed = changedOptions(reference, variant);
  const training = changed.filter((k) => !DENSE_ARCHITECTURE.includes(k));
  if (training.length > 0) {
    return report(verdict(false, "", `you also changed ${training.join(", ")}; keep the training settings of the notebook's network, so that only the layers or the activation differ and the validation losses compare.`));
  }
  if (changed.length === 0) return report(verdict(false, "", "your network has the same layers and activations as the notebook's; change hiddenLayers (the depth) or activation."));
  if (variant.nFeaturesIn_ !== reference.nFeaturesIn_) {
    return report(verdict(false, "", `your network was trained on ${variant.nFeaturesIn_} descriptors, the notebook's on ${reference.nFeaturesIn_}; train it on the same scaled training rows (Xtrain, yTrain).`));
  }
  const mine = lastValidationLoss(variant);
  const theirs = lastValidationLoss(reference);
  return report(
    verdict(
      true,
      `A fair comparison: after ${variant.history_.epoch.length} epochs the validation MSE is ${mine.toFixed(4)} eV² with ${describeDense(variant)}, against ${theirs.toFixed(4)} eV² for the notebook's ${describeDense(reference)}.`,
      "",
    ),
  );
}

/** The test accuracy exercise 2 asks for. */
const CNN_TARGET_ACCURACY = 0.75;
const CNN_OPTIONS_TO_CHANGE = ["filters", "epochs"];

/**
 * Exercise 2 (filters or epochs of the CNN): `variant` is a trained CnnClassifier that differs
 * from the notebook's `reference` only in `filters` and/or `epochs`; right when its accuracy on
 * `testImages` is at least 75%.
 */
export function cnnVariant(reference: unknown, variant: unknown, testImages: ImageSet): CheckResult {
  const problem = notReady(reference, CnnClassifier, "The first argument (the notebook's CNN)") ?? notReady(variant, CnnClassifier, "Your CNN");
  if (problem || !(reference instanceof CnnClassifier) || !(variant instanceof CnnClassifier)) return report(verdict(false, "", problem ?? ""));
  const others = changedOptions(reference, variant).filter((k) => !CNN_OPTIONS_TO_CHANGE.includes(k));
  if (others.length > 0) return report(verdict(false, "", `you also changed ${others.join(", ")}; the exercise changes only filters and epochs (the learning rate, batch size and seed stay as in the notebook's CNN).`));
  const accuracy = accuracyScore(testImages.labels, variant.predict(testImages));
  const percent = `${(100 * accuracy).toFixed(1)}%`;
  if (accuracy >= CNN_TARGET_ACCURACY) {
    return report(verdict(true, `Test accuracy ${percent} on ${testImages.count} images, above ${100 * CNN_TARGET_ACCURACY}%. Which lattices does the confusion matrix still mix up?`, ""));
  }
  return report(
    verdict(
      false,
      "",
      `test accuracy ${percent} is below ${100 * CNN_TARGET_ACCURACY}%. Each convolution + pooling block lets the next filters see a wider patch of the image; try more filters, another block or more epochs, and watch which rows of the confusion matrix clear up.`,
    ),
  );
}

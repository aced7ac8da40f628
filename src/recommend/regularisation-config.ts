import { ValueError } from '../errors.js';
import { groupDigits } from './group-digits.js';

/** Architectures the recommender knows. */
export type Architecture = 'mlp' | 'cnn' | 'transformer';

/** Where Dropout goes for an architecture (seed Q3/Q4). */
export type DropoutPlacement = 'hidden-layers' | 'head-only' | 'attention-and-ffn';

/** Inputs of `getRegularisationConfig`. */
export interface RecommendOptions {
  /** Number of training rows (or images). */
  datasetSize: number;
  /** Model family. */
  architecture: Architecture;
  /** Share of positive (event) rows in (0, 1); below 0.1 adds class-imbalance advice. */
  positiveRate?: number;
  /** Number of input features (tabular models); sizes the hidden layers. */
  nFeatures?: number;
}

/** The loss a recommendation asks for. */
export type RecommendedLoss =
  | { kind: 'bce' }
  | { kind: 'bce-pos-weight'; posWeight: number }
  | { kind: 'focal'; alpha: number; gamma: number };

/** One recommended value with the reason for it. */
export interface ConfigNote {
  /** The config field the note explains (`dropout`, `weightDecay`, …). */
  field: string;
  reason: string;
}

/** A regularisation configuration with the reason behind each value. */
export interface RegularisationConfig {
  architecture: Architecture;
  /** The seed's `get_regularisation_config` values for this dataset size, unchanged. */
  base: { dropout: number; weightDecay: number; labelSmoothing: number };
  /** Dropout rate to use (the base value, except Transformers: 0.1). */
  dropout: number;
  dropoutPlacement: DropoutPlacement;
  /** AdamW weight decay (the base value, except Transformers: 0.01–0.1). */
  weightDecay: number;
  labelSmoothing: number;
  normalisation: 'batchnorm' | 'layernorm';
  optimizer: { name: 'AdamW'; lr: number; weightDecay: number };
  earlyStopping: { monitor: 'val_loss'; patience: number; restoreBestWeights: true };
  /** Hidden layer widths for the MLP (smaller for small datasets). */
  hiddenSizes: number[];
  loss: RecommendedLoss;
  augmentation: string[];
  notes: ConfigNote[];
}

const ARCHITECTURES: readonly Architecture[] = ['mlp', 'cnn', 'transformer'];

const RECALIBRATE =
  'For a risk model, check calibration at every site (O:E, calibration slope: validate.evaluateCrossSite; CLI `clinreg validate`) and repair it with a ' +
  'logistic recalibration fitted on held-out development rows (the development pipeline stores it in model.json; `clinreg update` refits it locally).';

/**
 * Label smoothing ε trains each outcome toward ε/2 and 1 − ε/2 instead of 0 and 1, so the fitted
 * risks are compressed toward 0.5: no predicted risk is pushed below ε/2 or above 1 − ε/2, low risks
 * are overestimated and high risks underestimated (calibration slope above 1 on new data).
 */
function labelSmoothingCalibrationNote(eps: number): ConfigNote {
  return {
    field: 'calibration',
    reason:
      `Calibration cost of label smoothing ${eps}: targets become ${eps / 2} and ${1 - eps / 2}, so predicted risks are squeezed toward 0.5 ` +
      `(none below ~${eps / 2}, low risks overestimated, high risks underestimated; slope > 1 at validation). It helps discrimination and ` +
      `training stability, not risk accuracy. ${RECALIBRATE}`,
  };
}

/**
 * A positive-class weight w multiplies the odds the loss is minimised at by w: predicted risks are
 * inflated (logit shifted by ln w, O:E ≈ 1/w-ish at low prevalence). Focal loss flattens the fitted
 * risks toward 0.5. Both are fixed by recalibrating on unweighted held-out rows.
 */
function classWeightCalibrationNote(loss: RecommendedLoss, positiveRate: number): ConfigNote {
  const reason =
    loss.kind === 'bce-pos-weight'
      ? `Calibration cost of posWeight ${loss.posWeight.toFixed(2)}: the weighted loss is minimised at odds ${loss.posWeight.toFixed(2)}× the true odds ` +
        `(logit shifted by ln ${loss.posWeight.toFixed(2)} = ${Math.log(loss.posWeight).toFixed(2)}), so a patient with true risk ${positiveRate} is predicted ` +
        `about ${(1 / (1 + (1 - positiveRate) / (positiveRate * loss.posWeight))).toFixed(2)}: risks overestimated, O:E well below 1. Ranking (AUC) is unchanged. ` +
        `Subtract ${Math.log(loss.posWeight).toFixed(2)} from the logit, or better ${RECALIBRATE.charAt(0).toLowerCase()}${RECALIBRATE.slice(1)}`
      : `Calibration cost of focal loss: down-weighting well-classified patients flattens the fitted risks toward 0.5 (Mukhoti et al. 2020), so ` +
        `predicted risks are not observed risks. ${RECALIBRATE}`;
  return { field: 'calibration', reason };
}

/**
 * Recommend a regularisation configuration, following the seed's Q4 ("When should you use each
 * regularisation technique?"). Base values are exactly the seed's `get_regularisation_config`:
 * < 5,000 rows → dropout 0.5, weight decay 1e-3, label smoothing 0.1; < 50,000 → 0.3, 1e-4, 0.05;
 * otherwise 0.1, 1e-5, 0. Architecture advice: MLP BatchNorm + Dropout in hidden layers; CNN
 * BatchNorm in every conv block and Dropout 0.5 in the head only (never Dropout before BatchNorm);
 * Transformer LayerNorm + Dropout 0.1 in attention and FFN with weight decay 0.01–0.1. Always early
 * stopping (restoring the best weights) and AdamW. Positive rate < 0.1 → a weighted or focal loss.
 * @param options.datasetSize training rows, a positive integer.
 * @param options.architecture 'mlp' | 'cnn' | 'transformer'.
 * @param options.positiveRate optional event rate in (0, 1).
 * @param options.nFeatures optional input width (tabular).
 * @throws ValueError naming the parameter for a bad value.
 * @example getRegularisationConfig({ datasetSize: 10_000, architecture: 'mlp' }).dropout; // 0.3
 */
export function getRegularisationConfig(options: RecommendOptions): RegularisationConfig {
  const { datasetSize, architecture, positiveRate, nFeatures } = options;
  if (!Number.isInteger(datasetSize) || datasetSize <= 0) {
    throw new ValueError(`getRegularisationConfig: datasetSize must be a positive integer. Received: datasetSize=${datasetSize}.`);
  }
  if (!ARCHITECTURES.includes(architecture)) {
    throw new ValueError(`getRegularisationConfig: architecture must be one of ${ARCHITECTURES.join(', ')}. Received: architecture=${String(architecture)}.`);
  }
  if (positiveRate !== undefined && !(positiveRate > 0 && positiveRate < 1)) {
    throw new ValueError(`getRegularisationConfig: positiveRate must be in (0, 1). Received: positiveRate=${positiveRate}.`);
  }
  if (nFeatures !== undefined && (!Number.isInteger(nFeatures) || nFeatures <= 0)) {
    throw new ValueError(`getRegularisationConfig: nFeatures must be a positive integer. Received: nFeatures=${nFeatures}.`);
  }
  const notes: ConfigNote[] = [];
  const size = datasetSize < 5_000 ? 'small' : datasetSize < 50_000 ? 'medium' : 'large';
  const base =
    size === 'small'
      ? { dropout: 0.5, weightDecay: 1e-3, labelSmoothing: 0.1 }
      : size === 'medium'
        ? { dropout: 0.3, weightDecay: 1e-4, labelSmoothing: 0.05 }
        : { dropout: 0.1, weightDecay: 1e-5, labelSmoothing: 0.0 };
  const sizeText = `${groupDigits(datasetSize)} rows`;
  const sizeReason =
    size === 'small'
      ? `${sizeText} (< 5,000): small dataset, aggressive regularisation`
      : size === 'medium'
        ? `${sizeText} (5,000–49,999): moderate regularisation`
        : `${sizeText} (≥ 50,000): large dataset, mild regularisation`;

  let dropout = base.dropout;
  let weightDecay = base.weightDecay;
  let dropoutPlacement: DropoutPlacement;
  let normalisation: 'batchnorm' | 'layernorm';
  if (architecture === 'mlp') {
    dropoutPlacement = 'hidden-layers';
    normalisation = 'batchnorm';
    notes.push({ field: 'dropout', reason: `${sizeReason}: Dropout ${dropout} after each hidden layer (MLPs: BatchNorm + Dropout 0.3–0.5 in hidden layers).` });
    notes.push({ field: 'normalisation', reason: 'MLP: Linear → BatchNorm1d → ReLU → Dropout in every hidden block.' });
  } else if (architecture === 'cnn') {
    dropoutPlacement = 'head-only';
    normalisation = 'batchnorm';
    dropout = 0.5;
    notes.push({ field: 'dropout', reason: 'CNN: Dropout 0.5 only in the classification head, after global average pooling; never Dropout before BatchNorm (it corrupts BatchNorm\'s variance estimate).' });
    notes.push({ field: 'normalisation', reason: 'CNN: BatchNorm in every conv block (Conv → BatchNorm2d → ReLU).' });
  } else {
    dropoutPlacement = 'attention-and-ffn';
    normalisation = 'layernorm';
    dropout = 0.1;
    weightDecay = size === 'small' ? 0.1 : size === 'medium' ? 0.05 : 0.01;
    notes.push({ field: 'dropout', reason: 'Transformer: Dropout 0.1 in attention and the feed-forward block.' });
    notes.push({ field: 'normalisation', reason: 'Transformer: LayerNorm (BatchNorm is not used with attention).' });
    notes.push({ field: 'weightDecay', reason: `Transformer: weight decay in 0.01–0.1, ${weightDecay} for ${sizeText} (stronger for smaller data).` });
  }
  if (architecture !== 'transformer') {
    notes.push({ field: 'weightDecay', reason: `${sizeReason}: AdamW weight decay ${weightDecay} (decoupled L2).` });
  }
  notes.push({ field: 'labelSmoothing', reason: `${sizeReason}: label smoothing ${base.labelSmoothing}.` });
  if (base.labelSmoothing > 0) notes.push(labelSmoothingCalibrationNote(base.labelSmoothing));
  notes.push({ field: 'optimizer', reason: 'Always AdamW: weight decay decoupled from the adaptive step; biases and norm parameters exempt from decay.' });
  notes.push({ field: 'earlyStopping', reason: 'Always early stopping on validation loss, restoring the best epoch\'s weights (zero cost, universally applicable).' });

  const width = nFeatures ?? 20;
  const hiddenSizes =
    size === 'small' ? [Math.max(16, Math.min(64, 4 * width)), 32] : size === 'medium' ? [128, 64] : [256, 128];
  notes.push({
    field: 'hiddenSizes',
    reason: size === 'small' ? 'Small dataset: a smaller architecture.' : `Hidden widths ${hiddenSizes.join('→')} (the seed's 128→64 for mid-sized data).`,
  });

  let loss: RecommendedLoss = { kind: 'bce' };
  if (positiveRate !== undefined && positiveRate < 0.1) {
    const posWeight = (1 - positiveRate) / positiveRate;
    loss = positiveRate < 0.02 ? { kind: 'focal', alpha: 0.25, gamma: 2 } : { kind: 'bce-pos-weight', posWeight };
    notes.push({
      field: 'loss',
      reason:
        loss.kind === 'focal'
          ? `Positive rate ${positiveRate} (< 2%): focal loss (α 0.25, γ 2) keeps the rare class from being ignored.`
          : `Positive rate ${positiveRate} (< 10%): BCE with posWeight ${posWeight.toFixed(2)} = negatives/positives, so the model is not pushed to a degenerate all-negative solution.`,
    });
    notes.push(classWeightCalibrationNote(loss, positiveRate));
  }

  const augmentation =
    architecture === 'cnn'
      ? size === 'small'
        ? ['random horizontal flip', 'random crop with padding', 'intensity jitter']
        : ['random horizontal flip', 'random crop with padding']
      : size === 'small'
        ? ['gaussian noise (σ 0.1 on standardised features)', 'mixup (α 0.2)']
        : [];
  if (augmentation.length > 0) {
    notes.push({ field: 'augmentation', reason: size === 'small' ? 'Small dataset: strong label-preserving augmentation.' : 'Label-preserving augmentation for images.' });
  }

  return {
    architecture,
    base,
    dropout,
    dropoutPlacement,
    weightDecay,
    labelSmoothing: base.labelSmoothing,
    normalisation,
    optimizer: { name: 'AdamW', lr: architecture === 'transformer' ? 1e-4 : 3e-4, weightDecay },
    earlyStopping: { monitor: 'val_loss', patience: size === 'large' ? 5 : 10, restoreBestWeights: true },
    hiddenSizes,
    loss,
    augmentation,
    notes,
  };
}

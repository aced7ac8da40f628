// Public exports of export/: offline risk calculators exported from saved models.
export { calculatorHtml, exportCalculator, CALCULATOR_SCRIPT } from './export-calculator.js';
export type { CalculatorOptions, CalculatorHtml } from './export-calculator.js';
export { featureRanges, fieldSpecs, rangesByFeature } from './field-specs.js';
export type { FeatureRange } from './field-specs.js';
export { modelCard } from './model-card.js';
export type { ModelCardInput } from './model-card.js';
export type { CalculatorSpec, FieldSpec } from '../browser/calculator/spec.js';

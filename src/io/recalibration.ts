import * as z from 'zod';
import { ValueError } from '../errors.js';

/**
 * How a saved model's logits are mapped to the risks of a new site (Steyerberg, *Clinical
 * Prediction Models*, 2nd ed., ch. 20): `logit' = intercept + slope · logit`. Methods that change
 * the weights themselves (`output-layer`, `fine-tune`) store intercept 0 and slope 1 here; their
 * new weights are the model's own.
 */
export interface Recalibration {
  /** Updating method that produced this mapping. */
  method: 'intercept' | 'logistic' | 'output-layer' | 'fine-tune';
  /** Added to every logit after scaling by `slope`. */
  intercept: number;
  /** Multiplies every logit before `intercept` is added. */
  slope: number;
  /** The local data the update was estimated on: rows, events and where they came from. */
  fittedOn: { n: number; events: number; source: string };
  /** Closed-test level or other free-text detail of how the method was chosen. */
  level?: string;
}

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const count = z.number().int().nonnegative().refine(Number.isFinite, { message: 'must be a finite number' });

/** zod schema for the optional `recalibration` field of model.json; finite numbers only. */
export const recalibrationSchema = z.object({
  method: z.enum(['intercept', 'logistic', 'output-layer', 'fine-tune']),
  intercept: finite,
  slope: finite,
  fittedOn: z.object({ n: count, events: count, source: z.string().max(4096) }).strict(),
  level: z.string().max(256).optional(),
}).strict();

/** Parse a validated recalibration record into the `Recalibration` shape (drops an absent level). */
export function toRecalibration(r: z.infer<typeof recalibrationSchema>): Recalibration {
  const out: Recalibration = {
    method: r.method, intercept: r.intercept, slope: r.slope,
    fittedOn: { n: r.fittedOn.n, events: r.fittedOn.events, source: r.fittedOn.source },
  };
  if (r.level !== undefined) out.level = r.level;
  return out;
}

/**
 * Check a recalibration record at a public boundary (saveModel, update): known method, finite
 * intercept and slope, non-negative integer counts.
 * @throws ValueError naming the caller and the field.
 */
export function checkRecalibration(r: Recalibration, who: string): Recalibration {
  const parsed = recalibrationSchema.safeParse(r);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ValueError(`${who}: recalibration.${issue.path.join('.') || '(root)'} ${issue.message}. Received: ${JSON.stringify(r)}.`);
  }
  return toRecalibration(parsed.data);
}

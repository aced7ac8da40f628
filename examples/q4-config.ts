// Seed Q4: which regularisation for which dataset and architecture.
import assert from 'node:assert/strict';
import { recommend } from '../src/index.js';

const config = recommend.getRegularisationConfig({ datasetSize: 10_000, architecture: 'mlp' });
console.log({ dropout: config.dropout, weight_decay: config.weightDecay, label_smoothing: config.labelSmoothing });
for (const note of config.notes) console.log(`- ${note.field}: ${note.reason}`);
assert.equal(config.dropout, 0.3);
assert.equal(config.weightDecay, 1e-4);
assert.equal(config.labelSmoothing, 0.05);
assert.equal(config.normalisation, 'batchnorm');
assert.equal(config.optimizer.name, 'AdamW');
assert.equal(config.earlyStopping.restoreBestWeights, true);

// Public exports of nn/ (named re-exports only): Module, layers, losses, penalties, `functional`, `init`.
export { Module } from './module.js';
export type { AnyModule, StateDict, LoadStateDictOptions, LoadStateDictResult } from './module.js';
export { Linear } from './linear.js';
export type { LinearOptions } from './linear.js';
export { NormBase, BatchNorm1d, BatchNorm2d } from './batchnorm.js';
export type { BatchNormLayerOptions } from './batchnorm.js';
export { Dropout } from './dropout.js';
export { ReLU } from './activation.js';
export { Sequential } from './sequential.js';
export type { TensorModule } from './sequential.js';
export { BCEWithLogitsLoss } from './losses/bce-with-logits-loss.js';
export type { BCEWithLogitsLossOptions } from './losses/bce-with-logits-loss.js';
export type { Reduction } from './functional/reduction.js';
export * as functional from './functional/index.js';
export * as init from './init.js';

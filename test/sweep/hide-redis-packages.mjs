// Loaded with `node --import` by test/sweep/optional-deps.test.ts: makes `bullmq` and `ioredis`
// unresolvable, as in an install without those optional peer dependencies. Not a test file.
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'bullmq' || specifier === 'ioredis') {
    const err = new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL);
    err.code = 'ERR_MODULE_NOT_FOUND';
    throw err;
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

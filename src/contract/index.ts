/**
 * The contract between the constructs and the runtime: names and plain shapes only, no imports from outside this
 * folder. Both halves import it; the runtime's zod schemas derive from its `as const` arrays.
 */
export * from './events';
export * from './env';
export * from './metrics';
export * from './table';
export * from './decisions';
export * from './timeline';
export * from './runbooks';
export * from './defaults';
export * from './burn-rate';
export * from './kubernetes';

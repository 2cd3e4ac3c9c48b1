export * from './compute';
export * from './emf';

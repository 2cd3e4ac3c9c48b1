export * from './sli';
export * from './alarm-types';
export * from './service-level-objective';

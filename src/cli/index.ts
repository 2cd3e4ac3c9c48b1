export * from './cli';
export * from './io';
export * from './usage';
export * from './triage/command';
export * from './triage/format-table';
export * from './triage/pipeline';

export * from './readers';
export * from './s3-snapshot-store';
export * from './s3-snapshot-source';

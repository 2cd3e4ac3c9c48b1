export * from './incident-channel';
export * from './slack-channel';

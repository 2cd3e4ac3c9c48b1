export * from './slack-channel';

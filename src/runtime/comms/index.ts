export * from './ports';
export * from './slack-text';
export * from './actors';
export * from './format';
export * from './thread';
export * from './secrets';
export * from './feedback-message';
export * from './recent-threads';

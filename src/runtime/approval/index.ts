export * from './ports';
export * from './slack-signature';
export * from './message';
export * from './action';
export * from './decide';
export * from './callback';
export * from './request';
export * from './timeline';

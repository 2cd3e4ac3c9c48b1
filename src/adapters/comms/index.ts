export * from './slack-http';
export * from './slack-web-api-notifier';
export * from './slack-webhook-notifier';
export * from './slack-response-url-responder';
export * from './sns-email-notifier';
export * from './secrets-manager-secret-reader';

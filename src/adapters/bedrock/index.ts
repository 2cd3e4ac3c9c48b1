export * from './bedrock-reasoner';

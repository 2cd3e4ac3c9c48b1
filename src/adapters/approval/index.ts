/** AWS adapters of the approval ports: the approval store and replay cache on DynamoDB, the Step Functions task callback. */
export * from './dynamodb-approval-store';
export * from './dynamodb-replay-cache';
export * from './step-functions-task-callback';

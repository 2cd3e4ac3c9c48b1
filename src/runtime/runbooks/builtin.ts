/**
 * Built-in runbooks, all on AWS-owned SSM Automation documents, with conservative risk classes. The catalogue lives in
 * src/contract/runbooks.ts, where the construct reads it too (ids, documents, the automation role's actions).
 */
import type { RunbookSpecInput } from './spec';
import { BUILTIN_RUNBOOKS as CATALOGUE, BuiltinRunbookId } from '../../contract/runbooks';

/** The built-in runbooks as specs the registry accepts. */
export const BUILTIN_RUNBOOKS: readonly RunbookSpecInput[] = CATALOGUE;

/** Ids of the built-in runbooks, for rules and tests. */
export { BuiltinRunbookId };

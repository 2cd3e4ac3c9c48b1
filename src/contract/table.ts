/**
 * The incident table's layout: key attributes, the status index, and the key prefix and sort key of every item kind.
 * The hub creates the table, the agents' and comms' IAM policies limit `dynamodb:LeadingKeys` to these prefixes, and
 * the DynamoDB adapters write exactly these keys. Plain data: no imports outside src/contract.
 */

/** Key attributes of the incident table. */
export const IncidentTableKeys = {
  PARTITION_KEY: 'pk',
  SORT_KEY: 'sk',
  TTL_ATTRIBUTE: 'expiresAt',
  /** GSI listing incidents by status, newest first. */
  STATUS_INDEX: 'byStatus',
  STATUS_INDEX_PK: 'gsi1pk',
  STATUS_INDEX_SK: 'gsi1sk',
} as const;

/** Partition-key prefixes of the item kinds in the incident table (`<PREFIX><id>`). */
export const KeyPrefix = {
  /** An incident, `INC#<id>`; its token counter shares the partition. */
  INCIDENT: 'INC#',
  /** Triage's fingerprint record, `FP#<fingerprint>`. */
  FINGERPRINT: 'FP#',
  /** Triage's correlation key, `KEY#<key>`. */
  CORRELATION: 'KEY#',
  /** Triage's storm bucket, `STORM#<scope>`. */
  STORM: 'STORM#',
  /** A month's token counter, `TOKENS#<YYYY-MM>`. */
  TOKENS: 'TOKENS#',
  /** An approval request, `APPROVAL#<id>`. */
  APPROVAL: 'APPROVAL#',
  /** A remembered Slack signature (replay protection), `SLACKSIG#<signature>`. */
  REPLAY: 'SLACKSIG#',
  /** The status index's partition key, `STATUS#<status>`. */
  STATUS: 'STATUS#',
  /** What learned correlation knows about one fingerprint, `LEARN#<fingerprint>`. */
  LEARNED: 'LEARN#',
  /** A Slack channel's recent incident threads (the merge menu's choices), `THREADS#<channel>`. */
  THREADS: 'THREADS#',
} as const;

/** Sort keys of the item kinds in the incident table. */
export const SortKey = {
  INCIDENT: 'INCIDENT',
  FINGERPRINT: 'FINGERPRINT',
  CORRELATION: 'CORRELATION',
  /** Storm buckets are `BUCKET#<n>`. */
  STORM_BUCKET_PREFIX: 'BUCKET#',
  MONTH_TOKENS: 'MONTH',
  INCIDENT_TOKENS: 'TOKENS',
  APPROVAL: 'APPROVAL',
  REPLAY: 'REPLAY',
  LEARNED: 'LEARNED',
  THREADS: 'THREADS',
} as const;

/** Key prefixes of the token ledger items in the incident table. */
export const TokenLedgerKeys = {
  /** `pk` of the monthly counter: `TOKENS#<YYYY-MM>`, `sk` MONTH_SK. */
  MONTH_PREFIX: KeyPrefix.TOKENS,
  MONTH_SK: SortKey.MONTH_TOKENS,
  /** `pk` of an incident's counter is the incident's own (`INC#<id>`), `sk` INCIDENT_SK. */
  INCIDENT_PREFIX: KeyPrefix.INCIDENT,
  INCIDENT_SK: SortKey.INCIDENT_TOKENS,
} as const;

/** Key layout of an approval request in the incident table. */
export const ApprovalTableKeys = {
  PREFIX: KeyPrefix.APPROVAL,
  SORT_KEY: SortKey.APPROVAL,
} as const;

/** Key layout of a remembered signature in the incident table. */
export const ReplayCacheKeys = {
  PREFIX: KeyPrefix.REPLAY,
  SORT_KEY: SortKey.REPLAY,
} as const;

/**
 * Key layout of a learned-correlation record in the incident table; its TTL attribute is renewed by every update, so
 * learning about fingerprints that stopped firing expires (90 days by default).
 */
export const LearnedTableKeys = {
  PREFIX: KeyPrefix.LEARNED,
  SORT_KEY: SortKey.LEARNED,
} as const;

/** Key layout of a channel's recent incident threads in the incident table. */
export const RecentThreadsTableKeys = {
  PREFIX: KeyPrefix.THREADS,
  SORT_KEY: SortKey.THREADS,
} as const;

/** Partition-key prefixes of the items the communications handlers read and write (their `dynamodb:LeadingKeys`). */
export const CommsTableKeys = {
  APPROVAL_PREFIX: KeyPrefix.APPROVAL,
  REPLAY_PREFIX: KeyPrefix.REPLAY,
  INCIDENT_PREFIX: KeyPrefix.INCIDENT,
  /** The Slack merge and split buttons record feedback in learned records. */
  LEARNED_PREFIX: KeyPrefix.LEARNED,
  /** The notify function lists the incidents it started threads for; the merge menu reads the list. */
  THREADS_PREFIX: KeyPrefix.THREADS,
} as const;

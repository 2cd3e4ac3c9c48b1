import type { CorrelationEvidence, Incident, IncidentRoot, Signal } from '../model';
import { INCIDENT_CORRELATION_MAX } from '../model';

/**
 * How deep a resource type sits in a request path: data stores (0) fail first and their callers after them, compute
 * (1) calls data stores, edges (2: load balancers, APIs, canaries, SLOs) see everyone's failures. A signal on a
 * deeper resource of the same owner becomes its incident's root.
 */
export function resourceTier(type: string | undefined): number {
  if (type === undefined) return 1;
  if (/^AWS::(DynamoDB|RDS|ElastiCache|SQS|Kinesis|S3|EFS|OpenSearchService|DocDB|Neptune|MemoryDB|MSK|SNS)::/.test(type)) return 0;
  if (/^AWS::(ApiGateway|ApiGatewayV2|ElasticLoadBalancing|ElasticLoadBalancingV2|CloudFront|Synthetics|ApplicationSignals|Route53)::/.test(type)) return 2;
  return 1;
}

/** The root an incident opened by `signal` names. */
export function rootOf(signal: Signal): IncidentRoot {
  return {
    signalId: signal.id,
    fingerprint: signal.fingerprint,
    ...(signal.service !== undefined ? { service: signal.service } : {}),
    resourceType: signal.resource.type,
    title: signal.title,
  };
}

/**
 * The root after a firing `signal` joined: a late root or a signal of the same owner takes over when its resource is
 * deeper (a table under the function that calls it); a symptom joining its cause never does.
 */
export function nextRoot(incident: Incident, signal: Signal, evidence: CorrelationEvidence | undefined): IncidentRoot | undefined {
  if (incident.storm) return incident.root;
  const current = incident.root;
  if (current === undefined) return rootOf(signal);
  const deeper = resourceTier(signal.resource.type) < resourceTier(current.resourceType);
  // A late root takes over when deeper; one that joined only because it alarmed within moments of its caller does not.
  if (evidence?.rule === 'late-root') return deeper ? rootOf(signal) : current;
  if (evidence !== undefined) return current;
  if (current.service !== undefined && signal.service !== undefined && current.service !== signal.service) return current;
  return deeper ? rootOf(signal) : current;
}

/** The incident's evidence list with one more entry (the first INCIDENT_CORRELATION_MAX are kept: they explain how it grew). */
export function withEvidence(list: readonly CorrelationEvidence[] | undefined, evidence: CorrelationEvidence): CorrelationEvidence[] | undefined {
  const current = list ?? [];
  if (current.length >= INCIDENT_CORRELATION_MAX) return undefined;
  return [...current, evidence];
}

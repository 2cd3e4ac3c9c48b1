import {
  ConfigServiceClient,
  DescribeComplianceByResourceCommand,
  GetComplianceDetailsByResourceCommand,
} from '@aws-sdk/client-config-service';
import { mapLimit, toIso } from './convert';
import type { ComplianceReader, ResourceCompliance, ResourceKey, RuleCompliance } from '../../runtime/telemetry/ports';

export interface ConfigComplianceReaderOptions {
  /** Calls in flight at once. Default 4. */
  readonly concurrency?: number;
  /** Read which rules a non-compliant resource violates (one more call per such resource). Default true. */
  readonly ruleDetails?: boolean;
}

/**
 * ComplianceReader over AWS Config `DescribeComplianceByResource`, and `GetComplianceDetailsByResource` for the
 * rules a non-compliant resource violates. Resources Config does not evaluate are left out. Ids are compared after
 * trimming white space (a published sample response carries `"i-2a2b3c4d "`).
 *
 * IAM: `config:DescribeComplianceByResource`, `config:GetComplianceDetailsByResource` (see TELEMETRY_IAM_ACTIONS.config).
 */
export class ConfigComplianceReader implements ComplianceReader {
  constructor(private readonly client: ConfigServiceClient, private readonly options: ConfigComplianceReaderOptions = {}) {}

  async byResource(resources: readonly ResourceKey[]): Promise<ResourceCompliance[]> {
    const requested = new Set(resources.map((r) => `${r.type}/${r.id.trim()}`));
    const found = new Map<string, ResourceCompliance>();
    const lists = await mapLimit(resources, this.options.concurrency ?? 4, async (r) => {
      const out = await this.client.send(new DescribeComplianceByResourceCommand({ ResourceType: r.type, ResourceId: r.id }));
      return out.ComplianceByResources ?? [];
    });
    for (const c of lists.flat()) {
      const type = c.ResourceType ?? 'unknown';
      const id = (c.ResourceId ?? '?').trim();
      const key = `${type}/${id}`;
      // Only the resources asked about, once each (a response is about the resource of its request).
      if (found.has(key) || !requested.has(key)) continue;
      found.set(key, {
        type,
        id,
        compliance: c.Compliance?.ComplianceType ?? 'INSUFFICIENT_DATA',
        nonCompliantRuleCount: c.Compliance?.ComplianceContributorCount?.CappedCount,
        rules: [],
      });
    }
    const items = [...found.values()];
    if (this.options.ruleDetails ?? true) {
      return mapLimit(items, this.options.concurrency ?? 4, async (item) => {
        if (item.compliance !== 'NON_COMPLIANT') return item;
        const out = await this.client.send(new GetComplianceDetailsByResourceCommand({
          ResourceType: item.type,
          ResourceId: item.id,
          ComplianceTypes: ['NON_COMPLIANT'],
        }));
        const rules: RuleCompliance[] = (out.EvaluationResults ?? [])
          .filter((e) => {
            const q = e.EvaluationResultIdentifier?.EvaluationResultQualifier;
            // A response names the resource it is about; keep only this one's evaluations.
            return !q?.ResourceId || (q.ResourceId.trim() === item.id && (!q.ResourceType || q.ResourceType === item.type));
          })
          .map((e) => ({
            rule: e.EvaluationResultIdentifier?.EvaluationResultQualifier?.ConfigRuleName ?? 'unknown',
            compliance: e.ComplianceType ?? 'INSUFFICIENT_DATA',
            recordedAt: toIso(e.ResultRecordedTime as Date | number | undefined),
            annotation: e.Annotation,
          }));
        return { ...item, rules };
      });
    }
    return items;
  }
}

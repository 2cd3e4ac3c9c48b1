import {
  ApplicationSignalsClient,
  BatchGetServiceLevelObjectiveBudgetReportCommand,
  ListServiceLevelObjectivesCommand,
  type ServiceLevelObjectiveSummary,
} from '@aws-sdk/client-application-signals';
import { chunks } from './convert';
import type { SloBudgetReport, SloBudgetRequest, SloBudgetResult, SloReader } from '../../runtime/telemetry/ports';

export interface ApplicationSignalsSloReaderOptions {
  /**
   * Application Signals environment of the services (`eks:cluster/namespace`, `lambda:default`...). With it,
   * SLOs are listed per service (`KeyAttributes` Type=Service, Name, Environment); without it, all SLOs are listed
   * once and those whose key attributes name one of the services are kept.
   * @default - list all SLOs and filter by service name
   */
  readonly environment?: string;
  /** Most SLOs reported on. Default 50 (one BatchGet call). */
  readonly maxSlos?: number;
  /** Most ListServiceLevelObjectives pages read per listing. Default 3. */
  readonly maxPages?: number;
}

/** BatchGetServiceLevelObjectiveBudgetReport takes at most 50 ids. */
const MAX_IDS_PER_CALL = 50;

/**
 * SloReader over CloudWatch Application Signals `ListServiceLevelObjectives` and
 * `BatchGetServiceLevelObjectiveBudgetReport`.
 *
 * IAM: `application-signals:ListServiceLevelObjectives`, `application-signals:BatchGetServiceLevelObjectiveBudgetReport`
 * (see TELEMETRY_IAM_ACTIONS.slo).
 */
export class ApplicationSignalsSloReader implements SloReader {
  constructor(private readonly client: ApplicationSignalsClient, private readonly options: ApplicationSignalsSloReaderOptions = {}) {}

  async budgetReports(request: SloBudgetRequest): Promise<SloBudgetResult> {
    const ids = new Set(request.sloIds);
    if (request.services.length) for (const arn of await this.sloArnsFor(request.services)) ids.add(arn);
    const wanted = [...ids].slice(0, this.options.maxSlos ?? MAX_IDS_PER_CALL);
    const reports: SloBudgetReport[] = [];
    const errors: Array<{ id: string; code: string; message?: string }> = [];
    for (const batch of chunks(wanted, MAX_IDS_PER_CALL)) {
      const out = await this.client.send(new BatchGetServiceLevelObjectiveBudgetReportCommand({ Timestamp: new Date(request.at), SloIds: batch }));
      for (const r of out.Reports ?? []) {
        reports.push({
          arn: r.Arn ?? '',
          name: r.Name ?? r.Arn ?? 'unnamed',
          status: r.BudgetStatus ?? 'INSUFFICIENT_DATA',
          evaluationType: r.EvaluationType,
          attainment: r.Attainment,
          goal: r.Goal?.AttainmentGoal,
          totalBudgetSeconds: r.TotalBudgetSeconds,
          budgetSecondsRemaining: r.BudgetSecondsRemaining,
          totalBudgetRequests: r.TotalBudgetRequests,
          budgetRequestsRemaining: r.BudgetRequestsRemaining,
        });
      }
      for (const e of out.Errors ?? []) errors.push({ id: e.Arn ?? e.Name ?? '?', code: e.ErrorCode ?? 'Error', message: e.ErrorMessage });
    }
    return { reports, errors };
  }

  private async list(keyAttributes?: Record<string, string>): Promise<ServiceLevelObjectiveSummary[]> {
    const out: ServiceLevelObjectiveSummary[] = [];
    let nextToken: string | undefined;
    let page = 0;
    do {
      const res = await this.client.send(new ListServiceLevelObjectivesCommand({ KeyAttributes: keyAttributes, NextToken: nextToken }));
      out.push(...(res.SloSummaries ?? []));
      nextToken = res.NextToken;
      page++;
    } while (nextToken && page < (this.options.maxPages ?? 3));
    return out;
  }

  private async sloArnsFor(services: readonly string[]): Promise<string[]> {
    const env = this.options.environment;
    if (env) {
      const lists = await Promise.all(services.slice(0, 10).map((Name) => this.list({ Type: 'Service', Name, Environment: env })));
      return lists.flat().map((s) => s.Arn).filter((a): a is string => !!a);
    }
    const names = new Set(services);
    return (await this.list())
      .filter((s) => s.KeyAttributes?.Name !== undefined && names.has(s.KeyAttributes.Name))
      .map((s) => s.Arn)
      .filter((a): a is string => !!a);
  }
}

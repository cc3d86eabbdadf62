// Audit: checks the ledger chain as it stands and writes the executive report from this run's
// evidence. Signing, provenance and `latest` follow when the runner seals the run.
import type { GateDecision, Stage, StageContext, StageResult } from '../pipeline/stage.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

export interface AuditProviders {
  /** Verifies the ledger; `problem` names the first bad line. */
  readonly verifyLedger: (ctx: StageContext) => Promise<{ ok: boolean; problem?: string; lines: number }>;
  /** Renders executive-report.md from the run directory as it stands. */
  readonly executiveReport?: (ctx: StageContext) => Promise<string>;
}

export function createAuditStage(providers: AuditProviders): Stage {
  return {
    name: 'audit',
    description: 'ledger chain check and the executive report',
    async run(ctx): Promise<StageResult> {
      const gates: GateDecision[] = [];
      const ledger = await providers.verifyLedger(ctx);
      gates.push(
        ledger.ok
          ? { gate: 'ledger chain', outcome: 'pass', reason: `${ledger.lines} checkpoints, chain intact` }
          : { gate: 'ledger chain', outcome: ctx.run.mode === 'compliance' ? 'fail' : 'warn', reason: ledger.problem ?? 'chain broken' },
      );
      let artifact: string | undefined;
      if (providers.executiveReport) {
        await ctx.writeArtifact(EVIDENCE_FILE.executiveReport, await providers.executiveReport(ctx), 'text/markdown');
        artifact = EVIDENCE_FILE.executiveReport;
        gates.push({ gate: 'executive report', outcome: 'pass', reason: 'written from verified evidence' });
      } else {
        gates.push({ gate: 'executive report', outcome: 'warn', reason: 'no report renderer available' });
      }
      const failed = gates.some((g) => g.outcome === 'fail');
      const warned = gates.some((g) => g.outcome === 'warn');
      return {
        status: failed ? 'failure' : warned ? 'warning' : 'success',
        summary: gates.map((g) => g.reason).join('; '),
        ...(artifact === undefined ? {} : { artifact }),
        gates,
      };
    },
  };
}

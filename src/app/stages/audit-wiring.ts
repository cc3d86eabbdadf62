// The audit stage with its real providers: the ledger verifier and the executive report, built
// from this run's evidence as it stands (the report marks signatures as "written at end of run").
import * as path from 'node:path';
import type { Stage } from '../pipeline/stage.js';
import { createAuditStage } from './audit.js';
import type { AuditStagePorts } from './ports.js';

export function auditStage(ports: AuditStagePorts): Stage {
  return createAuditStage({
    verifyLedger: async (ctx) => {
      const result = await ports.ledger.verify(ctx.run.reportsDir);
      return result.ok
        ? { ok: true, lines: result.lines }
        : { ok: false, lines: result.lines, problem: result.firstBad ? `ledger line ${result.firstBad.line}: ${result.firstBad.message}` : 'ledger chain broken' };
    },
    executiveReport: async (ctx) => {
      const [{ reportForRun }, { renderMarkdown }, { approvalCheckPort }] = await Promise.all([import('../report/gather.js'), import('../../core/report/markdown.js'), import('../pipeline/approval-signer.js')]);
      const report = await reportForRun({
        approvals: await approvalCheckPort(ports.approvals, { root: ctx.run.projectRoot, config: ctx.config }),
        fs: ctx.fs,
        clock: ctx.clock,
        reportsDir: ctx.run.reportsDir,
        runDir: ctx.run.runDir,
        phase: 'in-run',
        project: ctx.config.name ?? path.basename(ctx.run.projectRoot),
      });
      return renderMarkdown(report);
    },
  });
}

// The audit stage with its real providers: the ledger verifier and the executive report.
import { verifyLedger } from '../evidence/index.js';
import type { Stage } from '../pipeline/stage.js';
import { createAuditStage } from './audit.js';

export function auditStage(): Stage {
  return createAuditStage({
    verifyLedger: async (ctx) => {
      const result = await verifyLedger(ctx.run.reportsDir);
      return result.ok
        ? { ok: true, lines: result.lines }
        : { ok: false, lines: result.lines, problem: result.firstBad ? `ledger line ${result.firstBad.line}: ${result.firstBad.message}` : 'ledger chain broken' };
    },
  });
}

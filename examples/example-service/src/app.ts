// The service's composition root: generated router + the human-written services. Exported as
// createApp so specgate's scenario runner can start it in-process on a loopback port.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRouter } from './generated/router.js';
import { PaymentValidationService } from './services/payment-validation.service.js';
import { ServiceHealthService, type BuildInfo } from './services/service-health.service.js';

export interface AppOptions {
  readonly build?: Partial<BuildInfo>;
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** Receives unexpected handler errors (never sent to clients). */
  readonly onError?: (error: unknown) => void;
}

export function newPaymentId(): string {
  return `pay_${randomBytes(8).toString('hex')}`;
}

export function createApp(options: AppOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  return createRouter(
    {
      serviceHealth: new ServiceHealthService({ ...options.build, service: options.build?.service ?? 'example-service', commit: options.build?.commit ?? 'unknown' }),
      paymentValidation: new PaymentValidationService({ now: options.now ?? (() => new Date()), newId: options.newId ?? newPaymentId }),
    },
    options.onError === undefined ? {} : { onError: options.onError },
  );
}

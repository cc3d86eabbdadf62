// Service for feature Payment validation (features/payments.feature), including the
// Idempotency-Key behaviour of features/payments_idempotency.feature, which calls the same route.
// Created once by 'specgate generate' and never overwritten: this file is yours.
import type { ApiRequest, ApiResponse } from "../generated/http.js";
import type { PaymentValidationPort } from "../generated/payment-validation/port.js";
import { validatePayment, type PaymentInstruction } from "../domain/payment.js";
import { maskIban } from "../domain/iban.js";
import { IDEMPOTENCY_KEY, IdempotencyStore } from "../domain/idempotency.js";

export interface PaymentRecord {
  readonly id: string;
  readonly status: 'accepted';
  readonly amount: PaymentInstruction['amount'];
  readonly creditorIban: string;
  readonly reference?: string;
  readonly createdAt: string;
}

export interface PaymentDependencies {
  readonly now: () => Date;
  readonly newId: () => string;
  readonly idempotency?: IdempotencyStore;
}

export class PaymentValidationService implements PaymentValidationPort {
  private readonly payments = new Map<string, PaymentRecord>();
  private readonly idempotency: IdempotencyStore;

  constructor(private readonly deps: PaymentDependencies) {
    this.idempotency = deps.idempotency ?? new IdempotencyStore();
  }

  // POST /v1/payments
  postV1Payments(request: ApiRequest): Promise<ApiResponse> {
    const key = request.headers['idempotency-key'];
    if (key !== undefined) {
      if (!IDEMPOTENCY_KEY.test(key)) {
        return Promise.resolve({
          status: 400,
          body: { error: 'invalid_idempotency_key', message: 'Idempotency-Key must be 8 to 64 characters of A-Z, a-z, 0-9, _ or -' },
        });
      }
      const seen = this.idempotency.check(key, request.body);
      if (seen.kind === 'conflict') {
        return Promise.resolve({
          status: 409,
          body: { error: 'idempotency_key_reused', message: 'this Idempotency-Key was used with a different request body' },
        });
      }
      if (seen.kind === 'replay') {
        return Promise.resolve({ status: 200, body: seen.response.body, headers: { 'idempotent-replayed': 'true' } });
      }
    }
    const response = this.create(request.body);
    if (key !== undefined) this.idempotency.remember(key, request.body, { status: response.status, body: response.body });
    return Promise.resolve(response);
  }

  // GET /v1/payments/:id
  getV1PaymentsById(request: ApiRequest): Promise<ApiResponse> {
    const payment = this.payments.get(request.params.id ?? '');
    if (payment === undefined) return Promise.resolve({ status: 404, body: { error: 'payment_not_found' } });
    return Promise.resolve({ status: 200, body: payment });
  }

  private create(body: unknown): ApiResponse {
    const result = validatePayment(body);
    if ('violations' in result) return { status: 422, body: { error: 'validation_failed', violations: result.violations } };
    const { payment } = result;
    const record: PaymentRecord = {
      id: this.deps.newId(),
      status: 'accepted',
      amount: payment.amount,
      creditorIban: maskIban(payment.creditorIban),
      ...(payment.reference === undefined ? {} : { reference: payment.reference }),
      createdAt: this.deps.now().toISOString(),
    };
    this.payments.set(record.id, record);
    return { status: 201, body: record, headers: { location: `/v1/payments/${record.id}` } };
  }
}

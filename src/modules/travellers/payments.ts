// The fee step goes through a payment adapter. The built-in adapter is a TEST PROVIDER: it moves no money and is named
// as such in the UI and the docs. A real provider (a government payment service) implements the same interface.
import crypto from 'node:crypto';

export interface PaymentResult {
  providerName: string;
  paymentId: string;
  amountCents: number;
  currency: string;
  status: 'captured';
}
export interface PaymentProvider {
  readonly name: string;
  readonly isTest: boolean;
  /** Must be idempotent on `reference`: charging the same application twice returns the first payment. */
  charge(reference: string, amountCents: number, currency: string): Promise<PaymentResult>;
}

export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'smartborder test payment provider';
  readonly isTest = true;
  payments = new Map<string, PaymentResult>();
  async charge(reference: string, amountCents: number, currency: string): Promise<PaymentResult> {
    const prior = this.payments.get(reference);
    if (prior) return prior;
    const r: PaymentResult = {
      providerName: this.name,
      paymentId: 'test_' + crypto.createHash('sha256').update(reference).digest('hex').slice(0, 16),
      amountCents,
      currency,
      status: 'captured',
    };
    this.payments.set(reference, r);
    return r;
  }
}

/**
 * Moderation's one door to the outbox (src/outbox/): every platform step of a decision, a ban, a
 * verification or an undo is enqueued here with an idempotency key, never called directly.
 */
export { enqueueActions } from '../outbox/index.ts';
export type { OutboxAction } from '../outbox/index.ts';

/**
 * Moderation's one door to the outbox (src/outbox/): every platform step of a decision, a ban, a
 * verification or an undo is enqueued here with an idempotency key, never called directly; importing
 * it registers moderation's executors (delete_message, restrict, unrestrict, ban, unban, post_buttons).
 */
import './executors.ts';

export { enqueueActions } from '../outbox/outbox.ts';
export type { OutboxAction } from '../outbox/outbox.ts';

/**
 * People: members of one workspace linked as the same person across platforms (a Telegram
 * member and a WeCom member an operator knows to be one customer, or a spammer's second
 * account). A member without a row is a person alone. `person_id` is the smallest member id of
 * the linked set, so a person is found with one lookup and linking merges two sets in one
 * update. Used by the ban list (src/moderation/bans.ts): a banned person is removed when any of
 * their linked identities joins any group. Same conventions as src/db/schema.ts.
 */
import { bigint, index, pgTable, primaryKey, timestamp } from 'drizzle-orm/pg-core';

const id = (name: string) => bigint(name, { mode: 'number' });

export const memberPeople = pgTable('member_people', {
  workspaceId: id('workspace_id').notNull(),
  memberId: id('member_id').notNull(),
  personId: id('person_id').notNull(),
  linkedBy: id('linked_by'),
  linkedAt: timestamp('linked_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.memberId] }),
  index('member_people_person_idx').on(t.workspaceId, t.personId),
]);

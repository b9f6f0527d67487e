// The kernel's tables, typed for Kysely. Each module declares its own tables in its store and reaches them with
// `db.withTables<ModuleTables>()`: the kernel's `DB` type knows only the kernel's tables.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A column the database fills when an insert leaves it out (a default), and that may be given. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** A timestamptz: read as a Date, written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A jsonb column: read as T, written as its JSON text (drivers send objects as text anyway). */
export type Json<T> = ColumnType<T, string, string>;

export interface KernelTables {
  agencies: { code: string; country: string; name: string };
  users: {
    id: string;
    email: string;
    kind: 'public' | 'officer';
    agency: string | null;
    roles: string[];
    display_name: string;
    password_hash: string;
    locale: Defaulted<'en' | 'fr' | 'es'>;
    disabled: Defaulted<boolean>;
    created_at: ColumnType<Date, Date | undefined, never>;
  };
  sessions: {
    token_hash: string;
    user_id: string;
    created_at: ColumnType<Date, Date | undefined, never>;
    last_seen_at: Defaulted<Date>;
    expires_at: Timestamp;
  };
  audit_log: {
    seq: number;
    at: Timestamp;
    actor_id: string | null;
    actor_agency: string | null;
    actor_roles: string[];
    purpose: string;
    subject: string;
    action: string;
    detail: Json<Record<string, unknown>>;
    prev_hash: string;
    hash: string;
  };
  sign_in_counters: { key: string; window_start: Timestamp; attempts: number };
  sign_in_failures: {
    account: string;
    address: string;
    failures: Defaulted<number>;
    paused_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
    last_success_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    updated_at: Timestamp;
  };
  audit_head: { id: number; seq: number; hash: string; mac: string };
  outbox: {
    id: string;
    user_id: string | null;
    to_address: string;
    subject: string;
    body: string;
    created_at: ColumnType<Date, Date | undefined, never>;
    sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    channel: Defaulted<string>;
  };
  idempotency: { key: string; user_id: string | null; response: Json<unknown>; created_at: Generated<Date> };
  schema_migrations: { module: string; name: string; checksum: string; applied_at: Generated<Date> };
}

export type UserRow = Selectable<KernelTables['users']>;
export type NewUserRow = Insertable<KernelTables['users']>;
export type AuditLogRow = Selectable<KernelTables['audit_log']>;

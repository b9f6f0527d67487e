// The kernel's own named policies and scopes: who reads the audit log and the outbox.
import { policy } from './access.ts';
import { hasRole, type User } from './auth.ts';
import type { AuditScope } from './store.ts';

/** Auditors and administrators read the audit log (within auditScope). */
export const canReadAuditLog = policy('canReadAuditLog', (u: User, _log: 'audit_log') =>
  hasRole(u, 'auditor', 'administrator'),
);

/** An auditor reads the entries of their own agency's officers, and those of the public and the system. */
export const auditScope = (u: User): AuditScope => ({ agency: u.agency });

/** Administrators see every queued notification (the demo outbox stands in for a mail server); others their own. */
export const outboxScope = (u: User): { all: true } | { userId: string } =>
  hasRole(u, 'administrator') ? { all: true } : { userId: u.id };

// An application's status is derived from its action log, never stored: who did what, when, decides where it stands.
/** What an action records beyond its kind (each kind fills the fields it needs). */
export interface ActionDetail {
  [field: string]: unknown;
  screening?: 'pending' | 'clear' | 'hits';
  reasonCode?: string;
  explanation?: string;
  question?: string;
  answer?: string;
  slotId?: string;
  centreId?: string;
  startsAt?: string;
  onArrival?: boolean;
  membershipId?: string;
}
export interface Action {
  seq: number;
  at: Date;
  kind: string;
  agency: string | null;
  actor_id: string | null;
  detail: ActionDetail;
}

export type Stage =
  | 'draft'
  | 'submitted'
  | 'under_review'
  | 'awaiting_applicant'
  | 'denied'
  | 'conditionally_approved'
  | 'interview_scheduled'
  | 'member'
  | 'withdrawn';

export interface Derived {
  stage: Stage;
  since: Date | null;
  /** Agencies whose decision is awaited (under review) or who asked a question (awaiting applicant). */
  holders: string[];
  approvedBy: string[];
  deniedBy: { agency: string; reasonCode: string; explanation: string }[];
  openQuestion: { agency: string; question: string; at: Date } | null;
  interview: { slotId: string | null; centreId: string; startsAt: string | null; onArrival: boolean } | null;
  membershipId: string | null;
  screening: 'pending' | 'clear' | 'hits' | null;
}

export function deriveStatus(actions: Action[], requiredAgencies: string[]): Derived {
  const d: Derived = {
    stage: 'draft',
    since: actions[0]?.at ?? null,
    holders: [],
    approvedBy: [],
    deniedBy: [],
    openQuestion: null,
    interview: null,
    membershipId: null,
    screening: null,
  };
  for (const a of actions) {
    switch (a.kind) {
      case 'submitted':
        d.stage = 'under_review';
        d.since = a.at;
        break;
      case 'risk_assessed':
        d.screening = a.detail.screening ?? null;
        break;
      case 'screening_completed':
        d.screening = a.detail.screening ?? d.screening;
        break;
      case 'vetting_approved':
        if (a.agency && !d.approvedBy.includes(a.agency)) d.approvedBy.push(a.agency);
        d.since = a.at;
        break;
      case 'vetting_denied':
        d.deniedBy.push({
          agency: a.agency ?? '',
          reasonCode: a.detail.reasonCode ?? '',
          explanation: a.detail.explanation ?? '',
        });
        d.stage = 'denied';
        d.since = a.at;
        break;
      case 'info_requested':
        d.openQuestion = { agency: a.agency ?? '', question: a.detail.question ?? '', at: a.at };
        d.stage = 'awaiting_applicant';
        d.since = a.at;
        break;
      case 'info_provided':
        d.openQuestion = null;
        d.stage = 'under_review';
        d.since = a.at;
        break;
      case 'interview_booked':
        d.interview = {
          slotId: a.detail.slotId ?? null,
          centreId: a.detail.centreId ?? '',
          startsAt: a.detail.startsAt ?? null,
          onArrival: !!a.detail.onArrival,
        };
        d.since = a.at;
        break;
      case 'interview_cancelled':
        d.interview = null;
        d.since = a.at;
        break;
      case 'membership_issued':
        d.membershipId = a.detail.membershipId ?? null;
        d.stage = 'member';
        d.since = a.at;
        break;
      case 'withdrawn':
        d.stage = 'withdrawn';
        d.since = a.at;
        break;
    }
    if (d.stage === 'under_review' || d.stage === 'conditionally_approved' || d.stage === 'interview_scheduled') {
      if (d.deniedBy.length) d.stage = 'denied';
      else if (d.openQuestion) d.stage = 'awaiting_applicant';
      else if (requiredAgencies.every((ag) => d.approvedBy.includes(ag)))
        d.stage = d.interview ? 'interview_scheduled' : 'conditionally_approved';
      else d.stage = 'under_review';
    }
  }
  if (d.stage === 'under_review') d.holders = requiredAgencies.filter((ag) => !d.approvedBy.includes(ag));
  else if (d.stage === 'awaiting_applicant') d.holders = d.openQuestion ? [d.openQuestion.agency] : [];
  return d;
}

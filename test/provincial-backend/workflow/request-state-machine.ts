// The one place that decides who may move a request from which stage to which: the three
// approval steps (unit administrator → information centre → the CA issues), the unit check
// (an administrator acts only on requests of their own unit) and the holder's own actions.
// Pure: no database, no clock. The service asks here before it writes a transition.
export const requestKinds = ['renew', 'change', 'revoke', 'reissue', 'unlock'] as const;
export type RequestKind = (typeof requestKinds)[number];

export const stages = [
  'submitted',
  'unit-review',
  'centre-review',
  'issuing',
  'awaiting-install',
  'done',
  'rejected',
  'withdrawn',
] as const;
export type Stage = (typeof stages)[number];

export const consoleRoles = ['unit-admin', 'info-centre', 'ca-operator'] as const;
export type ConsoleRole = (typeof consoleRoles)[number];

/** Who acts: a console user (role, and unit for a unit administrator), the holder, or the CA system. */
export type Actor =
  | { kind: 'console'; name: string; role: ConsoleRole; unitId: number | null }
  | { kind: 'holder'; name: string; holderId: number }
  | { kind: 'system'; name: string };

export type RequestAction =
  | 'accept' // the backend received and checked it: submitted → unit-review
  | 'approve'
  | 'reject'
  | 'withdraw'
  | 'expedite' // a holder's own keyCompromise revocation skips the reviews (a leaked key must stop at once)
  | 'issued' // the CA made the certificate (or released the unlock material, or revoked)
  | 'confirm' // the holder's receipt (certConf / unlock done)
  | 'decline'; // the holder refused what was issued (negative certConf)

export type RequestFacts = { kind: RequestKind; stage: Stage; unitId: number; holderId: number };

export type TransitionVerdict =
  { allowed: true; to: Stage; actorRole: string } | { allowed: false; why: string };

const terminal: ReadonlySet<Stage> = new Set(['done', 'rejected', 'withdrawn']);
export const isTerminal = (stage: Stage): boolean => terminal.has(stage);

/** A PIN unlock needs no information-centre step (domain.md: unit → CA); everything else does. */
const afterUnitApproval = (kind: RequestKind): Stage => (kind === 'unlock' ? 'issuing' : 'centre-review');
/** A revocation has nothing to install: once the CA revoked, it is done. */
const afterIssuing = (kind: RequestKind): Stage => (kind === 'revoke' ? 'done' : 'awaiting-install');

const refuse = (why: string): TransitionVerdict => ({ allowed: false, why });

function actorRole(actor: Actor): string {
  return actor.kind === 'console' ? actor.role : actor.kind;
}

/** The reviewer whose turn it is at `stage`, or null when no reviewer acts there. */
function reviewerFor(stage: Stage): ConsoleRole | null {
  if (stage === 'unit-review') return 'unit-admin';
  if (stage === 'centre-review') return 'info-centre';
  return null;
}

function checkReviewer(request: RequestFacts, actor: Actor): string | null {
  const reviewer = reviewerFor(request.stage);
  if (reviewer === null) return `nobody reviews a request at stage ${request.stage}`;
  if (actor.kind !== 'console' || actor.role !== reviewer)
    return `only the ${reviewer} acts at stage ${request.stage}`;
  if (actor.role === 'unit-admin' && actor.unitId !== request.unitId)
    return 'a unit administrator acts only on requests of their own unit';
  return null;
}

export function decideTransition(
  request: RequestFacts,
  action: RequestAction,
  actor: Actor,
  reason?: string,
): TransitionVerdict {
  if (isTerminal(request.stage)) return refuse(`the request is already ${request.stage}`);
  const allow = (to: Stage): TransitionVerdict => ({ allowed: true, to, actorRole: actorRole(actor) });
  switch (action) {
    case 'accept':
      if (actor.kind !== 'system') return refuse('only the backend accepts a received request');
      return request.stage === 'submitted'
        ? allow('unit-review')
        : refuse('only a submitted request is accepted');
    case 'approve': {
      const problem = checkReviewer(request, actor);
      if (problem) return refuse(problem);
      return allow(request.stage === 'unit-review' ? afterUnitApproval(request.kind) : 'issuing');
    }
    case 'reject': {
      const problem = checkReviewer(request, actor);
      if (problem) return refuse(problem);
      if (!reason?.trim()) return refuse('a rejection needs a reason');
      return allow('rejected');
    }
    case 'withdraw': {
      if (!['submitted', 'unit-review', 'centre-review'].includes(request.stage))
        return refuse('a request can be withdrawn only before the CA starts on it');
      if (actor.kind === 'holder' && actor.holderId === request.holderId) return allow('withdrawn');
      if (actor.kind === 'console' && actor.role === 'unit-admin' && actor.unitId === request.unitId)
        return allow('withdrawn');
      return refuse('only the holder or their unit administrator withdraws a request');
    }
    case 'expedite':
      if (actor.kind !== 'system') return refuse('only the backend expedites a request');
      if (request.kind !== 'revoke') return refuse('only a revocation is expedited');
      return request.stage === 'unit-review'
        ? allow('issuing')
        : refuse('only a request in unit review is expedited');
    case 'issued':
      if (actor.kind !== 'system') return refuse('only the CA system records an issuance');
      return request.stage === 'issuing' ? allow(afterIssuing(request.kind)) : refuse('nothing to issue yet');
    case 'confirm':
    case 'decline':
      if (actor.kind !== 'holder' || actor.holderId !== request.holderId)
        return refuse('only the holder confirms or declines receipt');
      if (request.stage !== 'awaiting-install') return refuse('nothing awaits installation');
      if (action === 'decline' && !reason?.trim()) return refuse('declining needs a reason');
      return allow(action === 'confirm' ? 'done' : 'withdrawn');
  }
}

/** What the holder's YiKey shows for a stage (zh-CN first, English second). */
export const stageLabels: Record<Stage, { zh: string; en: string }> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  'unit-review': { zh: '单位审核', en: 'Unit review' },
  'centre-review': { zh: '信息中心审批', en: 'Information centre approval' },
  issuing: { zh: '制证', en: 'Issuing' },
  'awaiting-install': { zh: '待安装', en: 'Awaiting installation' },
  done: { zh: '已完成', en: 'Done' },
  rejected: { zh: '已驳回', en: 'Rejected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

export const kindLabels: Record<RequestKind, { zh: string; en: string }> = {
  renew: { zh: '续期', en: 'Renewal' },
  change: { zh: '变更', en: 'Change' },
  revoke: { zh: '注销', en: 'Revocation' },
  reissue: { zh: '补办', en: 'Re-issue' },
  unlock: { zh: 'PIN码解锁', en: 'PIN unlock' },
};

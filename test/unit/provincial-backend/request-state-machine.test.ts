// Every transition of the reference backend's request state machine: who may do what at which
// stage, the unit check, reasons for rejection, and the shorter path of a PIN unlock.
import { describe, expect, it } from 'vitest';

import {
  decideTransition,
  stages,
  type Actor,
  type RequestAction,
  type RequestFacts,
  type Stage,
} from '../../provincial-backend/workflow/request-state-machine';

const unitAdmin: Actor = { kind: 'console', name: 'admin-a', role: 'unit-admin', unitId: 1 };
const otherUnitAdmin: Actor = { kind: 'console', name: 'admin-b', role: 'unit-admin', unitId: 2 };
const centre: Actor = { kind: 'console', name: 'centre', role: 'info-centre', unitId: null };
const caOperator: Actor = { kind: 'console', name: 'ca', role: 'ca-operator', unitId: null };
const holder: Actor = { kind: 'holder', name: 'holder:01', holderId: 7 };
const otherHolder: Actor = { kind: 'holder', name: 'holder:02', holderId: 8 };
const system: Actor = { kind: 'system', name: 'ca-system' };
const everyone = [unitAdmin, otherUnitAdmin, centre, caOperator, holder, otherHolder, system];
const actions: RequestAction[] = [
  'accept',
  'approve',
  'reject',
  'withdraw',
  'expedite',
  'issued',
  'confirm',
  'decline',
];

const renewal = (stage: Stage): RequestFacts => ({ kind: 'renew', stage, unitId: 1, holderId: 7 });

/** The complete table of allowed moves for a renewal; everything else must be refused. */
const allowedForRenewal: [Stage, RequestAction, Actor, Stage][] = [
  ['submitted', 'accept', system, 'unit-review'],
  ['submitted', 'withdraw', holder, 'withdrawn'],
  ['submitted', 'withdraw', unitAdmin, 'withdrawn'],
  ['unit-review', 'approve', unitAdmin, 'centre-review'],
  ['unit-review', 'reject', unitAdmin, 'rejected'],
  ['unit-review', 'withdraw', holder, 'withdrawn'],
  ['unit-review', 'withdraw', unitAdmin, 'withdrawn'],
  ['centre-review', 'approve', centre, 'issuing'],
  ['centre-review', 'reject', centre, 'rejected'],
  ['centre-review', 'withdraw', holder, 'withdrawn'],
  ['centre-review', 'withdraw', unitAdmin, 'withdrawn'],
  ['issuing', 'issued', system, 'awaiting-install'],
  ['awaiting-install', 'confirm', holder, 'done'],
  ['awaiting-install', 'decline', holder, 'withdrawn'],
];

describe('request state machine', () => {
  const cases = stages.flatMap((stage) =>
    actions.flatMap((action) => everyone.map((actor) => [stage, action, actor] as const)),
  );

  it.each(cases)('renewal at %s: %s by %o', (stage, action, actor) => {
    const expected = allowedForRenewal.find(
      ([from, allowedAction, allowedActor]) =>
        from === stage && allowedAction === action && allowedActor === actor,
    );
    const verdict = decideTransition(renewal(stage), action, actor, 'a reason');
    expect(verdict).toEqual(
      expected
        ? { allowed: true, to: expected[3], actorRole: expect.any(String) }
        : { allowed: false, why: expect.any(String) },
    );
  });

  it('takes the three approval steps in order: unit, then centre, then the CA issues', () => {
    let facts = renewal('submitted');
    const path: Stage[] = [];
    for (const [action, actor] of [
      ['accept', system],
      ['approve', unitAdmin],
      ['approve', centre],
      ['issued', system],
      ['confirm', holder],
    ] as const) {
      const verdict = decideTransition(facts, action, actor);
      if (!verdict.allowed) throw new Error(verdict.why);
      facts = { ...facts, stage: verdict.to };
      path.push(verdict.to);
    }
    expect(path).toEqual(['unit-review', 'centre-review', 'issuing', 'awaiting-install', 'done']);
  });

  it('refuses the centre approving before the unit, and the unit approving at the centre step', () => {
    expect(decideTransition(renewal('unit-review'), 'approve', centre)).toMatchObject({ allowed: false });
    expect(decideTransition(renewal('centre-review'), 'approve', unitAdmin)).toMatchObject({
      allowed: false,
    });
  });

  it('refuses an administrator of another unit, with the unit named as the reason', () => {
    expect(decideTransition(renewal('unit-review'), 'approve', otherUnitAdmin)).toEqual({
      allowed: false,
      why: 'a unit administrator acts only on requests of their own unit',
    });
  });

  it('refuses a rejection without a reason (blank counts as none)', () => {
    expect(decideTransition(renewal('unit-review'), 'reject', unitAdmin, '   ')).toEqual({
      allowed: false,
      why: 'a rejection needs a reason',
    });
    expect(decideTransition(renewal('centre-review'), 'reject', centre)).toMatchObject({ allowed: false });
  });

  it('sends a PIN unlock from the unit straight to the CA, and a revocation from the CA to done', () => {
    const unlock: RequestFacts = { ...renewal('unit-review'), kind: 'unlock' };
    expect(decideTransition(unlock, 'approve', unitAdmin)).toMatchObject({ allowed: true, to: 'issuing' });
    const revoke: RequestFacts = { ...renewal('issuing'), kind: 'revoke' };
    expect(decideTransition(revoke, 'issued', system)).toMatchObject({ allowed: true, to: 'done' });
  });

  it('expedites only a revocation in unit review, and only as the backend', () => {
    const revoke: RequestFacts = { ...renewal('unit-review'), kind: 'revoke' };
    expect(decideTransition(revoke, 'expedite', system)).toMatchObject({ allowed: true, to: 'issuing' });
    expect(decideTransition(revoke, 'expedite', unitAdmin)).toMatchObject({ allowed: false });
    expect(decideTransition({ ...revoke, stage: 'centre-review' }, 'expedite', system)).toMatchObject({
      allowed: false,
    });
  });

  it('never moves a finished request', () => {
    for (const stage of ['done', 'rejected', 'withdrawn'] as const)
      for (const action of actions)
        for (const actor of everyone)
          expect(decideTransition(renewal(stage), action, actor, 'x')).toMatchObject({ allowed: false });
  });
});

import { todayInStockholm } from '../core/time/stockholm.ts';
import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { Created, Id } from '../core/http/contract.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App } from '../core/http/server.ts';
import type { RetentionRule } from '../core/retention-framework/framework.ts';
import { CONSENT_KEEP_DAYS, consentProblems } from './rules.ts';
import { ConsentIn, ConsentOut, WithdrawIn, WithdrawOut } from './schema.ts';
import { consentsOfPerson, getConsentForWrite, insertConsent, personVisible, purgeEndedConsents, withdrawConsent } from './store.ts';

const today = () => todayInStockholm();
const CONSENT_FIELDS = ['actorKind', 'actorName', 'scope', 'form', 'legalBasis', 'givenOn', 'expiresOn', 'withdrawnAt'];

/** Consents: to whom a person lets the social services share what, how it was given, and its withdrawal. */
export function registerConsentRoutes(app: App) {
  app.route({
    method: 'GET',
    url: '/api/consents/person/:id',
    config: { access: 'consents.read' },
    schema: { summary: 'A person’s consents (and recorded legal bases) with their status today', params: Id, response: { 200: z.array(ConsentOut) } },
    handler: (request) => listConsents(callerOf(request), request.params.id),
  });
  app.route({
    method: 'POST',
    url: '/api/consents',
    config: { access: 'consents.record' },
    schema: { summary: 'Record a consent to share with a named actor: scope, written or oral, given on, expiry', body: ConsentIn, response: { 201: Created } },
    handler: async (request, reply) => reply.status(201).send(await recordConsent(callerOf(request), request.body)),
  });
  app.route({
    method: 'POST',
    url: '/api/consents/:id/withdraw',
    config: { access: 'consents.record' },
    schema: { summary: 'Withdraw a consent: it takes effect at once (a partner’s next request is refused)', params: Id, body: WithdrawIn, response: { 200: WithdrawOut } },
    handler: (request) => withdraw(callerOf(request), request.params.id, request.body.note),
  });
}

async function listConsents(caller: Caller, personId: string) {
  return caller.transaction(async (tx, audit) => {
    if (!(await personVisible(tx, caller.scope, caller.user.id, personId))) throw new AppError(404, 'notFound');
    const rows = await consentsOfPerson(tx, caller.scope, caller.user.id, personId, today());
    await audit({ action: 'list', recordType: 'consent', personId, fields: CONSENT_FIELDS, details: { count: rows.length } });
    return rows;
  });
}

async function recordConsent(caller: Caller, body: ConsentIn) {
  const [problem] = consentProblems(body, today());
  if (problem) throw new AppError(400, problem);
  return caller.transaction(async (tx, audit) => {
    if (!(await personVisible(tx, caller.scope, caller.user.id, body.personId))) throw new AppError(404, 'notFound');
    const id = await insertConsent(tx, body, caller.user.id);
    await audit({ action: 'create', recordType: 'consent', recordId: id, personId: body.personId, fields: CONSENT_FIELDS.filter((f) => f !== 'withdrawnAt'), details: { actorKind: body.actorKind, basis: body.basis } });
    return { id };
  });
}

async function withdraw(caller: Caller, id: string, note: string | null) {
  return caller.transaction(async (tx, audit) => {
    const c = await getConsentForWrite(tx, caller.scope, caller.user.id, id);
    if (c.withdrawn_at) throw new AppError(409, 'consentAlreadyWithdrawn');
    const withdrawnAt = await withdrawConsent(tx, c.id, caller.user.id, note);
    await audit({ action: 'update', recordType: 'consent', recordId: c.id, personId: c.person_id, fields: ['withdrawnAt', ...(note ? ['withdrawalNote'] : [])] });
    return { withdrawnAt };
  });
}

export function endedConsentsRule(): RetentionRule {
  return {
    recordType: 'consent',
    description: {
      sv: 'Återkallade eller utgångna samtycken, fem år efter att de upphörde, om ingen plan längre hänvisar till dem',
      en: 'Withdrawn or expired consents, five years after they ended, unless a plan still refers to them',
    },
    defaultKeepDays: CONSENT_KEEP_DAYS,
    purge: (tx, { keepDays, now }) => purgeEndedConsents(tx, now, keepDays),
  };
}

import { callerOf, type Caller } from '../core/http/context.ts';
import { Id } from '../core/http/contract.ts';
import type { App } from '../core/http/server.ts';
import { AppError } from '../core/errors.ts';
import { CONTACT_DETAIL_FIELDS, isProtected, lowersProtection, personFieldsRead, personShown, selfHarmOnEditProblem } from './rules.ts';
import { ContactDetails, OpenProtectedIn, PersonOut, PersonPatch } from './schema.ts';
import { getPerson, openCasesForSafetyCheck, personInScope, updatePerson } from './store.ts';

/** Persons: the record a case is about, seen through a case in your units; protected identity. */
export function registerPersonRoutes(app: App) {
  app.route({
    method: 'GET',
    url: '/api/persons/:id',
    config: { access: 'cases.read' },
    schema: { summary: 'A person with a case in one of your units (protected contact details hidden)', params: Id, response: { 200: PersonOut } },
    handler: (request) => readPerson(callerOf(request), request.params.id),
  });

  app.route({
    method: 'PATCH',
    url: '/api/persons/:id',
    config: { access: 'cases.write' },
    schema: { summary: 'Change a person (optimistic locking: send the version you read); lowering the protection needs persons.open_protected and a reason', params: Id, body: PersonPatch, response: { 200: PersonOut } },
    handler: (request) => changePerson(callerOf(request), request.params.id, request.body),
  });

  app.route({
    method: 'POST',
    url: '/api/persons/:id/open-protected',
    config: { access: 'persons.open_protected' },
    schema: {
      summary: 'Show the address and contact details of a person with protected personal data; the reason is logged',
      params: Id,
      body: OpenProtectedIn,
      response: { 200: ContactDetails },
    },
    handler: (request) => openProtected(callerOf(request), request.params.id, request.body.reason),
  });
}

async function readPerson(caller: Caller, id: string): Promise<PersonOut> {
  return caller.transaction(async (tx, audit) => {
    const person = personShown(await getPerson(tx, caller.scope, id));
    await audit({ action: 'read', recordType: 'person', recordId: person.id, personId: person.id, fields: personFieldsRead(person.contactDetailsHidden) });
    return person;
  });
}

/**
 * A change of a person. Lowering the protection would show the address to whoever lowered it, so
 * it needs the right to open protected data (for this person) and a reason, which becomes the
 * audit purpose. The answer never carries contact details the caller could not read before the
 * change: if the person was protected, they stay hidden in it.
 */
async function changePerson(caller: Caller, id: string, { version, protectionReason, ...patch }: PersonPatch): Promise<PersonOut> {
  return caller.transaction(async (tx, audit) => {
    const current = await getPerson(tx, caller.scope, id);
    const lowering = patch.protection !== undefined && lowersProtection(current.protection, patch.protection);
    if (lowering) {
      if (!(await personInScope(tx, caller.scopeFor('persons.open_protected'), current.id))) throw new AppError(403, 'lowerProtectionNeedsPermission');
      if (!protectionReason) throw new AppError(400, 'protectionReasonRequired');
    }
    if (patch.riskFactors?.includes('self_harm')) {
      const problem = selfHarmOnEditProblem(patch.riskFactors, await openCasesForSafetyCheck(tx, current.id));
      if (problem) throw new AppError(400, problem);
    }
    await updatePerson(tx, current.id, version, patch);
    const changed = Object.keys(patch);
    const protectionChange = patch.protection !== undefined && patch.protection !== current.protection ? { protection: { from: current.protection, to: patch.protection } } : undefined;
    await audit(
      lowering
        ? [
            { action: 'update', recordType: 'person', recordId: current.id, personId: current.id, fields: ['protection'], purpose: protectionReason, details: protectionChange },
            ...(changed.length > 1 ? [{ action: 'update' as const, recordType: 'person', recordId: current.id, personId: current.id, fields: changed.filter((f) => f !== 'protection') }] : []),
          ]
        : { action: 'update', recordType: 'person', recordId: current.id, personId: current.id, fields: changed, details: protectionChange },
    );
    return personShown(await getPerson(tx, caller.scope, current.id), { hideContactDetails: isProtected(current.protection) });
  });
}

/** The reason given is the purpose the audit log records. */
async function openProtected(caller: Caller, id: string, reason: string): Promise<ContactDetails> {
  return caller.transaction(async (tx, audit) => {
    const p = await getPerson(tx, caller.scope, id);
    await audit({ action: 'open_protected', recordType: 'person', recordId: p.id, personId: p.id, fields: CONTACT_DETAIL_FIELDS, purpose: reason, details: { protection: p.protection } });
    return { address: p.address, phone: p.phone, email: p.email };
  });
}

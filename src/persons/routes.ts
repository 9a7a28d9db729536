import { callerOf, type Caller } from '../core/http/context.ts';
import { Id } from '../core/http/contract.ts';
import type { App } from '../core/http/server.ts';
import { CONTACT_DETAIL_FIELDS, personFieldsRead, personShown } from './rules.ts';
import { ContactDetails, OpenProtectedIn, PersonOut, PersonPatch } from './schema.ts';
import { getPerson, updatePerson } from './store.ts';

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
    schema: { summary: 'Change a person (optimistic locking: send the version you read)', params: Id, body: PersonPatch, response: { 200: PersonOut } },
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

async function changePerson(caller: Caller, id: string, { version, ...patch }: PersonPatch): Promise<PersonOut> {
  return caller.transaction(async (tx, audit) => {
    const current = await getPerson(tx, caller.scope, id);
    await updatePerson(tx, current.id, version, patch);
    await audit({ action: 'update', recordType: 'person', recordId: current.id, personId: current.id, fields: Object.keys(patch) });
    return personShown(await getPerson(tx, caller.scope, current.id));
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

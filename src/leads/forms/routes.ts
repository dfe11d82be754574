import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../../accounts/accounts.js';
import { notFound } from '../../errors.js';
import type { Events } from '../../events/events.js';
import { auditActor, authorize } from '../../http/guard.js';
import type { Registrations } from '../../registration/registrations.js';
import { definitionView, formDefinitionInput } from './definition.js';
import type { Forms } from './forms.js';
import { answersResponse, formResponse } from './schemas.js';

type Id = { Params: { id: string } };
const tags = ['forms'];

/** The registration form builder's API: read and design an event's form, read a registration's answers. */
export function formRoutes(
  app: FastifyInstance,
  deps: { accounts: Accounts; events: Events; forms: Forms; registrations: Registrations },
) {
  const { accounts, events, forms, registrations } = deps;
  const view = (f: Pick<Awaited<ReturnType<Forms['current']>>, 'definition' | 'version' | 'designed'>) => ({
    form: { version: f.version, designed: f.designed, ...definitionView(f.definition) },
  });

  app.get<Id>(
    '/api/v1/events/:id/form',
    {
      preHandler: authorize(accounts, 'events:read'),
      config: {
        doc: {
          operationId: 'getRegistrationForm',
          summary: "The event's registration form (the default form until the team designs one)",
          tags,
          permission: 'events:read',
          response: formResponse,
        },
      },
    },
    async (req) => {
      const event = await events.getEvent(req.params.id);
      return view(await forms.current(event.id));
    },
  );

  app.put<Id>(
    '/api/v1/events/:id/form',
    {
      preHandler: authorize(accounts, 'events:write'),
      config: {
        doc: {
          operationId: 'putRegistrationForm',
          summary:
            'Design the registration form: ordered standard and custom fields, bilingual labels, choices, required, marketing opt-in (field-level errors, audit-logged)',
          tags,
          permission: 'events:write',
          body: formDefinitionInput,
          response: formResponse,
        },
      },
    },
    async (req) => {
      const event = await events.getEvent(req.params.id);
      return view(await forms.save(auditActor(req.actor!), event, req.body));
    },
  );

  app.get<{ Params: { id: string; registrationId: string } }>(
    '/api/v1/events/:id/registrations/:registrationId/answers',
    {
      preHandler: authorize(accounts, 'registrations:read'),
      config: {
        doc: {
          operationId: 'getRegistrationAnswers',
          summary: "A registration's form answers and marketing opt-in",
          tags,
          permission: 'registrations:read',
          response: answersResponse,
        },
      },
    },
    async (req) => {
      const found = await registrations.getWithEvent(req.params.registrationId);
      if (!found || found.event.id !== req.params.id) throw notFound('Registration');
      const { answers, submission } = await forms.answersOf(found.registration.id);
      return {
        answers: answers.map((a) => ({ key: a.field_key, type: a.field_type, value: JSON.parse(a.value) })),
        form_version: submission?.form_version ?? null,
        marketing_opt_in: submission?.marketing_opt_in === 1,
        opt_in_text: submission?.opt_in_text ?? null,
        answered_at: submission?.created_at ?? null,
      };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../accounts/accounts.js';
import type { Files } from '../files/files.js';
import { readUpload } from '../files/routes.js';
import { auditActor, authorize } from '../http/guard.js';
import type { RouteDoc } from '../http/openapi.js';
import { parseInput } from '../validation.js';
import { type Organisation, organisationView } from './organisation.js';
import { organisationInput, organisationResponse } from './schemas.js';

const tags = ['organisation'];
const permission = 'organisation:manage';

/** The organiser's name, logo and privacy-policy link, shown on every audience page. Admins only. */
export function organisationRoutes(
  app: FastifyInstance,
  deps: { accounts: Accounts; files: Files; organisation: Organisation },
) {
  const { accounts, files, organisation } = deps;
  const guard = { preHandler: authorize(accounts, permission) };
  const doc = (operationId: string, summary: string, extra: Partial<RouteDoc> = {}): { doc: RouteDoc } => ({
    doc: { operationId, summary, tags, permission, response: organisationResponse, ...extra },
  });

  app.get(
    '/api/v1/organisation',
    { ...guard, config: doc('getOrganisation', 'The organiser shown on audience pages') },
    async () => ({ organisation: organisationView(await organisation.read()) }),
  );

  app.put(
    '/api/v1/organisation',
    {
      ...guard,
      config: doc('updateOrganisation', 'Change the organiser name and privacy-policy link', {
        body: organisationInput,
      }),
    },
    async (req) => ({
      organisation: organisationView(
        await organisation.update(auditActor(req.actor!), parseInput(organisationInput, req.body)),
      ),
    }),
  );

  app.put(
    '/api/v1/organisation/logo',
    { ...guard, config: doc('uploadOrganisationLogo', 'Upload the organiser logo (multipart field "file")') },
    async (req) => {
      const file = await files.saveImage(
        await readUpload(req, files.maxBytes),
        req.actor!.kind === 'user' ? req.actor!.user.id : null,
      );
      return { organisation: organisationView(await organisation.setLogo(auditActor(req.actor!), file.id)) };
    },
  );

  app.delete(
    '/api/v1/organisation/logo',
    { ...guard, config: doc('deleteOrganisationLogo', 'Remove the organiser logo') },
    async (req) => ({
      organisation: organisationView(await organisation.setLogo(auditActor(req.actor!), null)),
    }),
  );
}

import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { importRegistrationForms } from "../../modules/guestcards/csv-import.js";
import {
  createMunicipality,
  listMunicipalities,
  presentMunicipality,
  renameMunicipality,
} from "../../modules/guestcards/municipalities.js";
import {
  createPartnerClient,
  disablePartnerClient,
  listPartnerClients,
  presentPartnerClient,
  setPartnerClientMunicipalities,
} from "../../modules/guestcards/partner-clients.js";
import {
  cancelRegistrationForm,
  createRegistrationForm,
  findRegistrationForm,
  presentRegistrationForm,
  searchRegistrationForms,
  updateRegistrationForm,
} from "../../modules/guestcards/service.js";
import { findOrganizer } from "../../modules/organizers/service.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { CSV_IMPORT_BODY_LIMIT } from "../../platform/http/server-limits.js";
import { OrganizerParams } from "../params.js";
import {
  ClientBody,
  ClientMunicipalitiesBody,
  ClientSchema,
  FormBody,
  FormQuery,
  FormSchema,
  ImportBody,
  ImportResult,
  ItemParams,
  MunicipalityBody,
  MunicipalitySchema,
  RenameBody,
} from "./schemas.js";

const tags = ["guest cards"];
const base = "/api/v1/organizers/:organizer";

/** Organizer API: municipalities, registration forms (with CSV import) and partner clients. */
export function guestcardApiRoutes(ctx: AppContext) {
  const { db } = ctx;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const org = (req: { actor: Parameters<typeof findOrganizer>[1]; params: { organizer: string } }) =>
      findOrganizer(db, req.actor, req.params.organizer);

    app.post(
      `${base}/municipalities`,
      {
        schema: {
          tags,
          summary: "Add a municipality with the numeric id partners use (owners)",
          params: OrganizerParams,
          body: MunicipalityBody,
          response: { 201: MunicipalitySchema, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(presentMunicipality(await createMunicipality(db, req.actor, await org(req), req.body))),
    );
    app.get(
      `${base}/municipalities`,
      {
        schema: {
          tags,
          params: OrganizerParams,
          response: { 200: Type.Array(MunicipalitySchema), ...errorResponses },
        },
      },
      async (req) => (await listMunicipalities(db, req.actor, await org(req))).map(presentMunicipality),
    );
    app.patch(
      `${base}/municipalities/:id`,
      {
        schema: {
          tags,
          params: ItemParams,
          body: RenameBody,
          response: { 200: MunicipalitySchema, ...errorResponses },
        },
      },
      async (req) =>
        presentMunicipality(await renameMunicipality(db, req.actor, await org(req), req.params.id, req.body)),
    );

    app.post(
      `${base}/registration-forms`,
      {
        schema: {
          tags,
          summary: "Create a registration form; every guest gets a new auth code",
          params: OrganizerParams,
          body: FormBody,
          response: { 201: FormSchema, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            presentRegistrationForm(await createRegistrationForm(db, req.actor, await org(req), req.body)),
          ),
    );
    app.get(
      `${base}/registration-forms`,
      {
        schema: {
          tags,
          summary: "Search registration forms, newest first",
          params: OrganizerParams,
          querystring: FormQuery,
          response: { 200: Type.Array(FormSchema), ...errorResponses },
        },
      },
      async (req) =>
        (await searchRegistrationForms(db, req.actor, await org(req), req.query)).map(
          presentRegistrationForm,
        ),
    );
    app.get(
      `${base}/registration-forms/:id`,
      { schema: { tags, params: ItemParams, response: { 200: FormSchema, ...errorResponses } } },
      async (req) =>
        presentRegistrationForm(await findRegistrationForm(db, req.actor, await org(req), req.params.id)),
    );
    app.put(
      `${base}/registration-forms/:id`,
      {
        schema: {
          tags,
          summary:
            "Replace a form: guests with an id keep their auth code, new ones get one, guests left out are removed",
          params: ItemParams,
          body: FormBody,
          response: { 200: FormSchema, ...errorResponses },
        },
      },
      async (req) =>
        presentRegistrationForm(
          await updateRegistrationForm(db, req.actor, await org(req), req.params.id, req.body),
        ),
    );
    app.post(
      `${base}/registration-forms/:id/cancel`,
      {
        schema: {
          tags,
          summary: "Cancel a form: kept on record, its auth codes stop answering",
          params: ItemParams,
          response: { 200: FormSchema, ...errorResponses },
        },
      },
      async (req) =>
        presentRegistrationForm(await cancelRegistrationForm(db, req.actor, await org(req), req.params.id)),
    );
    app.post(
      `${base}/registration-forms/import`,
      {
        bodyLimit: CSV_IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary: "Create many forms from CSV (one row per guest); all or none",
          params: OrganizerParams,
          body: ImportBody,
          response: { 201: ImportResult, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await importRegistrationForms(db, req.actor, await org(req), req.body.csv)),
    );

    app.post(
      `${base}/api-clients`,
      {
        schema: {
          tags,
          summary: "Create a partner client (guest-card app) allowed to look up some municipalities (owners)",
          params: OrganizerParams,
          body: ClientBody,
          response: { 201: ClientSchema, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(presentPartnerClient(await createPartnerClient(db, req.actor, await org(req), req.body))),
    );
    app.get(
      `${base}/api-clients`,
      {
        schema: {
          tags,
          params: OrganizerParams,
          response: { 200: Type.Array(ClientSchema), ...errorResponses },
        },
      },
      async (req) => (await listPartnerClients(db, req.actor, await org(req))).map(presentPartnerClient),
    );
    app.put(
      `${base}/api-clients/:id/municipalities`,
      {
        schema: {
          tags,
          params: ItemParams,
          body: ClientMunicipalitiesBody,
          response: { 200: ClientSchema, ...errorResponses },
        },
      },
      async (req) =>
        presentPartnerClient(
          await setPartnerClientMunicipalities(db, req.actor, await org(req), req.params.id, req.body),
        ),
    );
    app.post(
      `${base}/api-clients/:id/disable`,
      { schema: { tags, params: ItemParams, response: { 200: ClientSchema, ...errorResponses } } },
      async (req) =>
        presentPartnerClient(await disablePartnerClient(db, req.actor, await org(req), req.params.id)),
    );
  };
}

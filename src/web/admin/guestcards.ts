import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { authorizeForms, canManageSetup } from "../../modules/guestcards/access.js";
import { guestCardToken } from "../../modules/guestcards/cards.js";
import { importRegistrationForms } from "../../modules/guestcards/csv-import.js";
import type { FormInput } from "../../modules/guestcards/form-input.js";
import { createMunicipality, listMunicipalities } from "../../modules/guestcards/municipalities.js";
import {
  createPartnerClient,
  disablePartnerClient,
  listPartnerClients,
  setPartnerClientMunicipalities,
} from "../../modules/guestcards/partner-clients.js";
import {
  cancelRegistrationForm,
  createRegistrationForm,
  findRegistrationForm,
  searchRegistrationForms,
  updateRegistrationForm,
} from "../../modules/guestcards/service.js";
import { findOrganizer, listOrganizers, type Organizer } from "../../modules/organizers/service.js";
import type { AppContext } from "../../platform/context.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { CSV_IMPORT_BODY_LIMIT } from "../../platform/http/server-limits.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, formBody, redirectWithFlash } from "../common/forms.js";
import { alert, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { postedValues, toFormInput, withEmptyRows } from "../guestcards/form-input.js";
import {
  type FormValues,
  formDetailView,
  formEditorView,
  formsListView,
  valuesOf,
} from "../guestcards/form-views.js";
import { importView, setupView } from "./guestcard-setup-views.js";

type Params = { Params: { slug: string; id?: string }; Querystring: { q?: string; municipality?: string } };
type Req = FastifyRequest<Params>;

/** Organizer admin pages for guest cards; everything works without JavaScript. */
export function guestcardPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const { db } = ctx;
  const baseOf = (organizer: Organizer) => `/admin/organizers/${organizer.slug}/guestcards`;
  const formId = (req: Req) => Number(req.params.id);

  function page(
    req: Req,
    reply: FastifyReply,
    title: string,
    body: SafeHtml,
    options: { error?: string; back?: string } = {},
  ) {
    return sendPage(req, reply, {
      status: options.error ? 400 : 200,
      title,
      body: adminShell(
        req,
        "guestcards",
        html`${options.back ? html`<p><a href="${options.back}">← ${req.t("guestcards.back")}</a></p>` : ""}<h1>${title}</h1>${alert("error", options.error)}${alert("ok", flashOf(req))}${body}`,
      ),
    });
  }

  async function showEditor(
    req: Req,
    reply: FastifyReply,
    organizer: Organizer,
    values: FormValues,
    error?: string,
  ) {
    const municipalities = await listMunicipalities(db, req.actor, organizer);
    const id = req.params.id;
    const title = id ? req.t("guestcards.editTitle", { number: values.number }) : req.t("guestcards.new");
    const action = id ? `${baseOf(organizer)}/forms/${id}` : `${baseOf(organizer)}/forms`;
    return page(req, reply, title, formEditorView(req, action, values, municipalities), {
      error,
      back: baseOf(organizer),
    });
  }

  async function showSetup(req: Req, reply: FastifyReply, organizer: Organizer, error?: string) {
    const [municipalities, clients] = await Promise.all([
      listMunicipalities(db, req.actor, organizer),
      listPartnerClients(db, req.actor, organizer),
    ]);
    return page(
      req,
      reply,
      req.t("guestcards.setup"),
      setupView(req, `${baseOf(organizer)}`, municipalities, clients),
      {
        error,
        back: baseOf(organizer),
      },
    );
  }

  /** Runs a page handler for a logged-in person on an organizer they may see. */
  const route =
    (handler: (req: Req, reply: FastifyReply, organizer: Organizer) => Promise<unknown>) =>
    async (req: Req, reply: FastifyReply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return handler(req, reply, await findOrganizer(db, req.actor, req.params.slug));
    };

  /** The editor's post: "more rows" re-renders; otherwise save and show the form, or the problems. */
  const saveEditor = (save: (req: Req, organizer: Organizer, input: FormInput) => Promise<number>) =>
    route(async (req, reply, organizer) => {
      const body = formBody(req);
      const values = postedValues(body);
      if (body.more) return showEditor(req, reply, organizer, withEmptyRows(values));
      try {
        const id = await save(req, organizer, toFormInput(values));
        return redirectWithFlash(reply, `${baseOf(organizer)}/forms/${id}`, "flash.saved");
      } catch (error) {
        return showEditor(req, reply, organizer, withEmptyRows(values, 1), errorMessage(req.t, error));
      }
    });

  /** A setup form with municipality checkboxes: save, or show the setup page with the problem. */
  const saveSetup = (save: (req: Req, organizer: Organizer, municipalities: number[]) => Promise<unknown>) =>
    route(async (req, reply, organizer) => {
      const municipalities = Object.entries(formBody(req))
        .filter(([name, value]) => name.startsWith("municipality_") && value === "on")
        .map(([name]) => Number(name.slice("municipality_".length)));
      try {
        await save(req, organizer, municipalities);
        return redirectWithFlash(reply, `${baseOf(organizer)}/setup`, "flash.saved");
      } catch (error) {
        return showSetup(req, reply, organizer, errorMessage(req.t, error));
      }
    });

  return async (app: FastifyInstance) => {
    app.get("/admin/guestcards", hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const organizers = await listOrganizers(db, req.actor);
      return page(
        req as Req,
        reply,
        req.t("guestcards.title"),
        html`<p>${req.t("guestcards.organizers")}</p><ul>${organizers.map(
          (o) => html`<li><a href="${baseOf(o)}">${o.name}</a></li>`,
        )}</ul>`,
      );
    });

    const base = "/admin/organizers/:slug/guestcards";
    app.get<Params>(
      base,
      hide,
      route(async (req, reply, organizer) => {
        const q = typeof req.query.q === "string" ? req.query.q : "";
        const municipality = Number(req.query.municipality);
        const [forms, municipalities] = await Promise.all([
          searchRegistrationForms(db, req.actor, organizer, {
            q,
            municipality: Number.isInteger(municipality) && municipality > 0 ? municipality : undefined,
          }),
          listMunicipalities(db, req.actor, organizer),
        ]);
        return page(
          req,
          reply,
          `${req.t("guestcards.forms")} · ${organizer.name}`,
          formsListView(req, baseOf(organizer), {
            forms,
            municipalities,
            q,
            municipality: req.query.municipality ?? "",
            canSetup: canManageSetup(req.actor, organizer.id),
          }),
        );
      }),
    );

    app.get<Params>(
      `${base}/forms/new`,
      hide,
      route(async (req, reply, organizer) => {
        authorizeForms(req.actor, organizer.id);
        const empty = {
          municipality: "",
          number: "",
          arrival_date: "",
          departure_date: "",
          overnight_stays: "",
        };
        return showEditor(req, reply, organizer, withEmptyRows({ ...empty, guests: [] }));
      }),
    );

    app.post<Params>(
      `${base}/forms`,
      hide,
      saveEditor(
        async (req, organizer, input) => (await createRegistrationForm(db, req.actor, organizer, input)).id,
      ),
    );

    app.get<Params>(
      `${base}/forms/:id`,
      hide,
      route(async (req, reply, organizer) => {
        const form = await findRegistrationForm(db, req.actor, organizer, formId(req));
        const municipality = (await listMunicipalities(db, req.actor, organizer)).find(
          (m) => m.id === form.municipality_id,
        );
        const link = (guest: { id: number; auth_code: string }) =>
          `/guest-cards/${guestCardToken(ctx.secrets.cookieSecret, guest)}`;
        return page(
          req,
          reply,
          req.t("guestcards.formTitle", { number: form.number }),
          formDetailView(req, baseOf(organizer), form, municipality?.name ?? "", link),
          { back: baseOf(organizer) },
        );
      }),
    );

    app.get<Params>(
      `${base}/forms/:id/edit`,
      hide,
      route(async (req, reply, organizer) => {
        const form = await findRegistrationForm(db, req.actor, organizer, formId(req));
        return showEditor(req, reply, organizer, withEmptyRows(valuesOf(form), 1));
      }),
    );

    app.post<Params>(
      `${base}/forms/:id`,
      hide,
      saveEditor(async (req, organizer, input) => {
        await updateRegistrationForm(db, req.actor, organizer, formId(req), input);
        return formId(req);
      }),
    );

    app.post<Params>(
      `${base}/forms/:id/cancel`,
      hide,
      route(async (req, reply, organizer) => {
        await cancelRegistrationForm(db, req.actor, organizer, formId(req));
        return redirectWithFlash(reply, `${baseOf(organizer)}/forms/${formId(req)}`, "flash.saved");
      }),
    );

    app.get<Params>(
      `${base}/setup`,
      hide,
      route((req, reply, organizer) => showSetup(req, reply, organizer)),
    );

    app.post<Params>(
      `${base}/municipalities`,
      hide,
      route(async (req, reply, organizer) => {
        try {
          await createMunicipality(db, req.actor, organizer, formBody(req));
          return redirectWithFlash(reply, `${baseOf(organizer)}/setup`, "flash.saved");
        } catch (error) {
          return showSetup(req, reply, organizer, errorMessage(req.t, error));
        }
      }),
    );

    app.post<Params>(
      `${base}/clients`,
      hide,
      saveSetup((req, organizer, municipalities) =>
        createPartnerClient(db, req.actor, organizer, { ...formBody(req), municipalities }),
      ),
    );

    app.post<Params>(
      `${base}/clients/:id/municipalities`,
      hide,
      saveSetup((req, organizer, municipalities) =>
        setPartnerClientMunicipalities(db, req.actor, organizer, Number(req.params.id), { municipalities }),
      ),
    );

    app.post<Params>(
      `${base}/clients/:id/disable`,
      hide,
      route(async (req, reply, organizer) => {
        await disablePartnerClient(db, req.actor, organizer, Number(req.params.id));
        return redirectWithFlash(reply, `${baseOf(organizer)}/setup`, "flash.saved");
      }),
    );

    app.get<Params>(
      `${base}/import`,
      hide,
      route(async (req, reply, organizer) => {
        authorizeForms(req.actor, organizer.id);
        return page(req, reply, req.t("guestcards.import"), importView(req, baseOf(organizer), ""), {
          back: baseOf(organizer),
        });
      }),
    );

    app.post<Params>(
      `${base}/import`,
      { ...hide, bodyLimit: CSV_IMPORT_BODY_LIMIT },
      route(async (req, reply, organizer) => {
        const csv = formBody(req).csv ?? "";
        try {
          const done = await importRegistrationForms(db, req.actor, organizer, csv);
          return page(
            req,
            reply,
            req.t("guestcards.import"),
            html`${alert("ok", req.t("guestcards.imported", done))}<p><a href="${baseOf(organizer)}">${req.t("guestcards.forms")}</a></p>`,
            { back: baseOf(organizer) },
          );
        } catch (error) {
          return page(req, reply, req.t("guestcards.import"), importView(req, baseOf(organizer), csv), {
            error: errorMessage(req.t, error),
            back: baseOf(organizer),
          });
        }
      }),
    );
  };
}

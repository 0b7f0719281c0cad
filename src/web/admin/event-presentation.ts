import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { eventForAdmin } from "../../modules/events/lookup.js";
import {
  MAX_COVER_UPLOAD,
  MAX_DESCRIPTION,
  removeEventCover,
  setEventCover,
  setEventDescription,
} from "../../modules/events/presentation.js";
import type { EventRow } from "../../modules/events/service.js";
import { authorize, can } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { domainError } from "../../platform/errors.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { type MultipartBody, parseMultipart } from "../../platform/http/multipart.js";
import { adminShell } from "../common/admin-shell.js";
import { coverImage } from "../common/cover-image.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, formBody, redirectWithFlash } from "../common/forms.js";
import { alert, csrfField, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { renderMarkdown } from "../common/markdown.js";
import { eventTabPath, eventTabs } from "./event-tabs.js";

type Params = { Params: { slug: string; event: string } };
interface Notice {
  error?: string;
  /** What the textarea holds after a preview or a refused save. */
  draft?: string;
  preview?: boolean;
}

function presentationView(req: FastifyRequest<Params>, event: EventRow, notice: Notice): SafeHtml {
  const { t } = req;
  const manage = can(req.actor, "event.manage", {
    type: "event",
    organizerId: event.organizer_id,
    eventId: event.id,
  });
  const action = eventTabPath(req.params.slug, event.slug, "presentation");
  const source = notice.draft ?? event.description;
  const current = renderMarkdown(notice.preview ? source : event.description);
  const cover = coverImage(req, event, { sizes: "(max-width: 720px) 100vw, 640px", eager: true });
  return html`${eventTabs(req, req.params.slug, event, "presentation")}
${alert("ok", flashOf(req))}${alert("error", notice.error)}
<p><a href="/e/${req.params.slug}/${event.slug}">${t("presentation.viewInShop")} →</a></p>
<section class="card" aria-labelledby="h-description"><h2 id="h-description">${t("presentation.description")}</h2>
${
  manage
    ? html`<form method="post" action="${action}">${csrfField(req)}
  <label for="f-markdown">${t("presentation.description")}</label>
  <textarea id="f-markdown" name="markdown" rows="12" maxlength="${MAX_DESCRIPTION}" aria-describedby="f-markdown-hint">${source}</textarea>
  <div class="hint" id="f-markdown-hint">${t("presentation.descriptionHint")}</div>
  <button type="submit" name="intent" value="preview" class="secondary">${t("presentation.preview")}</button>
  <button type="submit" name="intent" value="save">${t("presentation.saveDescription")}</button>
</form>`
    : ""
}
<h3>${notice.preview ? t("presentation.previewHeading") : t("presentation.asBuyersSee")}</h3>
${current || html`<p class="hint">${t("presentation.noDescription")}</p>`}
</section>
<section class="card" aria-labelledby="h-cover"><h2 id="h-cover">${t("presentation.cover")}</h2>
${cover ? html`<div class="cover-preview">${cover}</div>` : html`<p class="hint">${t("presentation.noCover")}</p>`}
${
  manage
    ? html`<form method="post" action="${action}/cover" enctype="multipart/form-data" class="upload">${csrfField(req)}
  <label for="f-cover">${t("presentation.coverFile")}</label>
  <input id="f-cover" name="cover" type="file" accept="image/jpeg,image/png,image/webp" required aria-describedby="f-cover-hint">
  <div class="hint" id="f-cover-hint">${t("presentation.coverHint")}</div>
  <button type="submit">${t("presentation.upload")}</button>
</form>
${cover ? html`<form method="post" action="${action}/cover/delete">${csrfField(req)}<button type="submit" class="danger">${t("presentation.removeCover")}</button></form>` : ""}`
    : ""
}
</section>`;
}

/** An event's description (Markdown, with a preview) and cover picture (a multipart upload, no script needed). */
export function eventPresentationPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const path = "/admin/organizers/:slug/events/:event/presentation";
  const eventOf = (req: FastifyRequest<Params>) =>
    eventForAdmin(ctx.db, req.actor, { organizer: req.params.slug, event: req.params.event });

  const show = (req: FastifyRequest<Params>, reply: FastifyReply, event: EventRow, notice: Notice = {}) =>
    sendPage(req, reply, {
      status: notice.error ? 400 : 200,
      title: `${event.name} · ${req.t("eventTabs.presentation")}`,
      body: adminShell(req, "organizers", presentationView(req, event, notice)),
    });

  /** A change: back to this page with a notice, or the page with the reason it was refused. */
  function change(
    run: (req: FastifyRequest<Params>, event: EventRow) => Promise<Notice | undefined>,
    flash: string,
  ) {
    return async (req: FastifyRequest<Params>, reply: FastifyReply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const event = await eventOf(req);
      // Every change here, a preview too (the draft is only for who may save it), is the event's manager's.
      authorize(req.actor, "event.manage", {
        type: "event",
        organizerId: event.organizer_id,
        eventId: event.id,
      });
      try {
        const notice = await run(req, event);
        if (notice) return show(req, reply, event, notice);
        return redirectWithFlash(reply, eventTabPath(req.params.slug, event.slug, "presentation"), flash);
      } catch (error) {
        const draft = formBody(req).markdown;
        return show(req, reply, event, { error: errorMessage(req.t, error), draft });
      }
    };
  }

  return async (app: FastifyInstance) => {
    // Room for the largest picture we take plus the form around it; the service refuses anything bigger.
    app.addContentTypeParser(
      "multipart/form-data",
      { parseAs: "buffer", bodyLimit: MAX_COVER_UPLOAD + 64 * 1024 },
      (req, body, done) => {
        try {
          done(null, parseMultipart(body as Buffer, req.headers["content-type"] ?? ""));
        } catch (error) {
          done(error as Error);
        }
      },
    );

    app.get<Params>(path, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return show(req, reply, await eventOf(req));
    });

    app.post<Params>(
      path,
      hide,
      change(async (req, event) => {
        const body = formBody(req);
        if (body.intent === "preview") return { draft: body.markdown ?? "", preview: true };
        await setEventDescription(ctx.db, req.actor, event, body.markdown);
        return undefined;
      }, "flash.saved"),
    );

    app.post<Params>(
      `${path}/cover`,
      hide,
      change(async (req, event) => {
        const file = (req.body as MultipartBody | undefined)?.cover;
        if (typeof file !== "object" || file.bytes.length === 0)
          throw domainError("cover_missing", "Choose an image file first", 400);
        await setEventCover(ctx.db, req.actor, event, file.bytes);
        return undefined;
      }, "flash.saved"),
    );

    app.post<Params>(
      `${path}/cover/delete`,
      hide,
      change(async (req, event) => {
        await removeEventCover(ctx.db, req.actor, event);
        return undefined;
      }, "flash.removed"),
    );
  };
}

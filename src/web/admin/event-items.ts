import type { FastifyInstance, FastifyReply } from "fastify";
import type { AppContext } from "../../platform/context.js";
import { forbidden } from "../../platform/errors.js";
import type { SafeHtml } from "../../platform/http/html.js";
import type { FormState } from "./event-date-views.js";
import {
  backTo,
  confirmDeletion,
  type Failed,
  hide,
  itemId,
  type Section,
  type SectionRequest,
  type SectionRoute,
  sectionGet,
  sectionPath,
  sectionPost,
  sendSection,
} from "./event-section.js";
import type { EventTab } from "./event-tabs.js";

/**
 * A row of a section that can be edited and deleted (a date, a ticket type): what differs between
 * them. Both get the same four routes: the edit page and its post, the delete confirmation and its post.
 */
export interface EditableRow<Row> {
  tab: EventTab;
  /** For the 404 of an unknown id: "Date", "Ticket type". */
  noun: string;
  /** The row's anchor is `${anchor}-${id}`; a deletion goes back to the list at `listAnchor`. */
  anchor: string;
  listAnchor: string;
  /** The row and how many tickets name it. */
  load(s: Section, id: number): Promise<{ row: Row; sold: number }>;
  editView(req: SectionRequest, s: Section, row: Row, sold: number, state: FormState): SafeHtml;
  update(req: SectionRequest, s: Section, id: number, body: Record<string, string>): Promise<unknown>;
  remove(req: SectionRequest, s: Section, id: number): Promise<unknown>;
  deleteQuestion(req: SectionRequest): string;
  details(req: SectionRequest, s: Section, row: Row): SafeHtml | string;
  /** Why a row with tickets cannot go. */
  hasOrders(req: SectionRequest): string;
  /** What the confirmation says when the deletion failed (by default the error's own message). */
  deleteFailed?(req: SectionRequest, f: Failed): string;
}

/** Registers `${base}/:id/edit` and `${base}/:id/delete` (GET and POST each) for one kind of row. */
export function editableRowRoutes<Row>(ctx: AppContext, base: string, kind: EditableRow<Row>) {
  async function editPage(req: SectionRequest, reply: FastifyReply, s: Section, state = {}, status = 200) {
    if (!s.canManage) throw forbidden();
    const id = itemId(req, kind.noun);
    const { row, sold } = await kind.load(s, id);
    return sendSection(req, reply, s, kind.tab, kind.editView(req, s, row, sold, state), status);
  }

  async function deletePage(
    req: SectionRequest,
    reply: FastifyReply,
    s: Section,
    refusal?: string,
    status = 200,
  ) {
    if (!s.canManage) throw forbidden();
    const id = itemId(req, kind.noun);
    const { row, sold } = await kind.load(s, id);
    const path = sectionPath(s, kind.tab);
    const body = confirmDeletion(req, {
      question: kind.deleteQuestion(req),
      details: kind.details(req, s, row),
      action: `${path}/${id}/delete`,
      back: `${path}#${kind.anchor}-${id}`,
      refusal: refusal ?? (sold ? kind.hasOrders(req) : undefined),
    });
    return sendSection(req, reply, s, kind.tab, body, status);
  }

  return (app: FastifyInstance) => {
    app.get<SectionRoute>(
      `${base}/:id/edit`,
      hide,
      sectionGet(ctx, (req, reply, s) => editPage(req, reply, s)),
    );
    app.post<SectionRoute>(
      `${base}/:id/edit`,
      hide,
      sectionPost(
        ctx,
        async (req, reply, s, body) => {
          const id = itemId(req, kind.noun);
          await kind.update(req, s, id, body);
          return backTo(reply, s, kind.tab, "flash.saved", `${kind.anchor}-${id}`);
        },
        (req, reply, s, f) => editPage(req, reply, s, f, f.status),
        "edit",
      ),
    );
    app.get<SectionRoute>(
      `${base}/:id/delete`,
      hide,
      sectionGet(ctx, (req, reply, s) => deletePage(req, reply, s)),
    );
    app.post<SectionRoute>(
      `${base}/:id/delete`,
      hide,
      sectionPost(
        ctx,
        async (req, reply, s) => {
          await kind.remove(req, s, itemId(req, kind.noun));
          return backTo(reply, s, kind.tab, "flash.removed", kind.listAnchor);
        },
        (req, reply, s, f) =>
          deletePage(req, reply, s, kind.deleteFailed?.(req, f) ?? f.errors.message, f.status),
      ),
    );
  };
}

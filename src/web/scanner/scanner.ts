import type { FastifyInstance } from "fastify";
import { html } from "../../platform/http/html.js";
import { type MessageKey, translator } from "../../platform/i18n/index.js";
import * as messages from "../../platform/i18n/messages/checkin.js";
import { sendPage } from "../common/layout.js";

// The texts the scanner script shows, in the page's language.
const SCRIPT_KEYS = (Object.keys(messages.en) as MessageKey[]).filter(
  (key) => key.startsWith("scanner.") || key.startsWith("checkin."),
);

/**
 * The door scanner: one page for every list. Which list and which credential come from the pairing
 * link's fragment (never sent to the server, so never in a log) and stay in the device's storage;
 * staff already signed in open it from the check-in page and scan with their session.
 */
export function scannerPage() {
  return async (app: FastifyInstance) => {
    app.get("/scanner", { schema: { hide: true } }, (req, reply) => {
      const { t } = req;
      const texts = Object.fromEntries(SCRIPT_KEYS.map((key) => [key, translator(req.locale)(key)]));
      return sendPage(req, reply, {
        title: t("scanner.title"),
        body: html`<div id="scanner" class="scanner" data-csrf="${req.csrfToken}" data-texts="${JSON.stringify(texts)}">
  <noscript><div class="alert error">${t("scanner.noscript")}</div></noscript>
  <h1 id="scanner-list">${t("scanner.title")}</h1>
  <p id="scanner-unpaired" class="alert error" hidden>${t("scanner.notPaired")}</p>
  <div id="scanner-ui" hidden>
    <p class="scanner-status"><span id="scanner-online" class="pill">${t("scanner.online")}</span>
      <span id="scanner-queue"></span></p>
    <fieldset class="scanner-mode"><legend class="sr">${t("checkin.entry")} / ${t("checkin.exit")}</legend>
      <label><input type="radio" name="scan-type" value="entry" checked> ${t("checkin.entry")}</label>
      <label><input type="radio" name="scan-type" value="exit"> ${t("checkin.exit")}</label>
    </fieldset>
    <div id="scanner-result" class="scan-result idle" role="status" aria-live="assertive">
      <strong id="scanner-verdict">${t("scanner.ready")}</strong>
      <span id="scanner-reason"></span>
      <span id="scanner-name"></span>
    </div>
    <form id="scanner-manual" class="inline">
      <label for="scanner-code">${t("scanner.manual")}</label>
      <input id="scanner-code" name="secret" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="K7QM-4XPT">
      <button type="submit">${t("scanner.check")}</button>
    </form>
    <p><button type="button" id="scanner-camera" class="secondary">${t("scanner.camera")}</button></p>
    <video id="scanner-video" playsinline muted hidden></video>
    <canvas id="scanner-canvas" hidden></canvas>
    <dl class="scanner-counts">
      <dt>${t("scanner.admitted")}</dt><dd id="count-admitted">–</dd>
      <dt>${t("scanner.validHere")}</dt><dd id="count-ok">0</dd>
      <dt>${t("scanner.refusedHere")}</dt><dd id="count-refused">0</dd>
    </dl>
    <p><span id="scanner-offline-state">${t("scanner.notDownloaded")}</span>
      <button type="button" id="scanner-download" class="secondary">${t("scanner.download")}</button>
      <button type="button" id="scanner-upload" class="secondary">${t("scanner.upload")}</button></p>
    <section id="scanner-conflicts" hidden><h2>${t("scanner.conflicts")}</h2><ul></ul></section>
    <p><button type="button" id="scanner-forget" class="secondary">${t("scanner.forget")}</button></p>
  </div>
</div>
<script src="/assets/jsqr.js"></script>
<script src="/assets/scanner.js"></script>`,
      });
    });
  };
}

// The two small scripts of the embed, served from our origin (script-src 'self').

/** Inside the iframe: tells the parent page how tall the content is, whenever it changes. */
export const RESIZE_JS = `(() => {
  if (window.parent === window) return;
  let last = 0;
  const send = () => {
    // The content's own height (the document's scrollHeight never drops below the frame's height,
    // so it could grow but not shrink).
    const body = document.body;
    const margin = Number.parseFloat(getComputedStyle(body).marginBottom) || 0;
    const height = Math.ceil(body.getBoundingClientRect().bottom + window.scrollY + margin);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "tessera-embed-height", height }, "*");
  };
  new ResizeObserver(send).observe(document.body);
  window.addEventListener("load", send);
  send();
})();
`;

/**
 * On the organizer's page: resizes every iframe marked data-tessera-embed to the height its content
 * reports. Only messages from that very iframe's window and our origin count.
 */
export const FRAME_JS = `(() => {
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== "tessera-embed-height" || typeof data.height !== "number") return;
    for (const frame of document.querySelectorAll("iframe[data-tessera-embed]")) {
      if (frame.contentWindow !== event.source) continue;
      if (new URL(frame.src).origin !== event.origin) continue;
      frame.style.height = Math.min(Math.max(data.height, 100), 20000) + "px";
    }
  });
})();
`;

import { domainError } from "../../platform/errors.js";
import { outboundFetch } from "../../platform/outbound.js";

/** Payment calls run in jobs (IPN verification, Lydia's double-check) or while a buyer waits on a form. */
export const PROVIDER_TIMEOUT_MS = 10_000;

/**
 * A form-encoded POST to a provider with a deadline. Network failures and 5xx answers become
 * `provider_unavailable` (the caller's job retries or the buyer sees a clear page), never a hang.
 */
export async function postForm(
  url: string,
  body: string,
  options: { timeoutMs?: number; accept?: string } = {},
): Promise<{ status: number; text: string }> {
  let response: Response;
  try {
    response = await outboundFetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: options.accept ?? "*/*",
      },
      body,
      timeoutMs: options.timeoutMs ?? PROVIDER_TIMEOUT_MS,
      maxBytes: 256 * 1024,
    });
  } catch (error) {
    throw domainError("provider_unavailable", "The payment provider could not be reached", 503, {
      cause: error instanceof Error ? error.name : "unknown",
    });
  }
  const text = await response.text();
  if (response.status >= 500)
    throw domainError("provider_unavailable", "The payment provider answered with an error", 503, {
      status: response.status,
    });
  return { status: response.status, text };
}

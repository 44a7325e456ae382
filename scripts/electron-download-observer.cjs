// Preloaded (`node --require`) into Electron's own installer by scripts/ensure-electron.mjs. It only
// watches: @electron/get downloads with the global fetch, so wrapping fetch tells the launcher each
// download's URL, size and progress, and why a download failed (the cause that the installer's
// "fetch failed" stack leaves out). Reports are single lines on stderr starting with the prefix the
// launcher passes in CVM_ELECTRON_DOWNLOAD_REPORT; the installer itself is left unchanged.
const prefix = process.env.CVM_ELECTRON_DOWNLOAD_REPORT;
const realFetch = globalThis.fetch;

if (prefix && typeof realFetch === 'function') {
  /** @param {object} event */
  const report = (event) => process.stderr.write(`${prefix}${JSON.stringify(event)}\n`);
  const PROGRESS_EVERY_MS = 200;

  globalThis.fetch = async function observedFetch(input, init) {
    const url = String(input instanceof Request ? input.url : input);
    let response;
    try {
      response = await realFetch(input, init);
    } catch (error) {
      const cause = /** @type {{ message?: string, code?: string } | undefined} */ (
        error instanceof Error && error.cause ? error.cause : error
      );
      report({ type: 'error', url, reason: String(cause?.message || cause?.code || error) });
      throw error;
    }
    const total = Number(response.headers.get('content-length')) || 0;
    report({ type: 'response', url, status: response.status, total });
    if (!response.ok || !response.body) return response;

    let received = 0;
    let reportedAt = 0;
    const counted = response.body.pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          received += chunk.byteLength;
          const now = Date.now();
          if (now - reportedAt >= PROGRESS_EVERY_MS) {
            reportedAt = now;
            report({ type: 'progress', url, received, total });
          }
          controller.enqueue(chunk);
        },
        flush() {
          report({ type: 'progress', url, received, total });
        },
      }),
    );
    return new Response(counted, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

// @ts-check
// PDF pages drawn in the browser by pdf.js (from npm, served from /lib/pdfjs/), loaded only when a PDF is first shown.
// Its worker comes from the same origin, so the pages' Content-Security-Policy ('self' scripts) allows it as it is.

/** @type {Promise<typeof import("/lib/pdfjs/pdf.min.js")> | null} */
let library = null;
/** Each document once per page view, by its URL (a presenter moving through pages must not fetch it again). */
const documents = new Map();

function pdfjs() {
  library ??= import("/lib/pdfjs/pdf.min.js").then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = "/lib/pdfjs/pdf.worker.min.js";
    return lib;
  });
  return library;
}

/**
 * The document at url (fetched with the page's cookies, same origin).
 * @param {string} url
 */
function open(url) {
  let loading = documents.get(url);
  if (!loading) {
    loading = pdfjs().then((lib) => lib.getDocument({ url }).promise);
    loading.catch(() => documents.delete(url));
    documents.set(url, loading);
  }
  return loading;
}

/**
 * Draws one page (1-based) of the PDF at url into canvas, scaled to cssWidth pixels wide (sharp on dense screens).
 * @param {HTMLCanvasElement} canvas
 * @param {string} url
 * @param {number} pageNumber
 * @param {number} cssWidth
 */
export async function drawPdfPage(canvas, url, pageNumber, cssWidth) {
  const pdf = await open(url);
  const page = await pdf.getPage(pageNumber);
  const unscaled = page.getViewport({ scale: 1 });
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: (Math.max(cssWidth, 200) / unscaled.width) * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.aspectRatio = `${viewport.width} / ${viewport.height}`;
  await page.render({ canvas, viewport }).promise;
}

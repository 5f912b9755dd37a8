// @ts-check
// Uploading a file (a PDF or an image) to a cohort: used by asynchronous presentations and by the live stage.
import { ApiError, api } from "./api.js";

/** Sends one file as the request body, reporting progress; resolves to the stored upload or rejects with an ApiError. */
export function uploadFile(cohortId, file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `/api/cohorts/${encodeURIComponent(cohortId)}/uploads?fileName=${encodeURIComponent(file.name)}`);
    request.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) {
        onProgress(Math.round((100 * event.loaded) / event.total));
      }
    });
    request.addEventListener("load", () => {
      let data = null;
      try {
        data = JSON.parse(request.responseText);
      } catch {
        // Not JSON: the status says enough.
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(data);
      } else {
        reject(new ApiError(request.status, data ?? {}));
      }
    });
    request.addEventListener("error", () => reject(new ApiError(0, { detail: "The file could not be sent. Check your connection and try again." })));
    request.send(file);
  });
}

/**
 * Removes one of the person's uploads once they confirm it (the browser's own dialog, as the app's other destructive
 * actions ask): resolves to false if they did not, to true once the server has removed it; rejects with the server's
 * ApiError, e.g. when the file is in use (409, saying where).
 * @param {{id: string, fileName: string}} upload
 */
export async function removeUpload(upload) {
  if (!confirm(`Remove “${upload.fileName}”? The file is deleted for good.`)) {
    return false;
  }
  await api(`/api/uploads/${encodeURIComponent(upload.id)}`, { method: "DELETE" });
  return true;
}

// @ts-check
// Uploading a file (a PDF or an image) to a cohort: used by asynchronous presentations and by the live stage.
import { ApiError } from "./api.js";

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

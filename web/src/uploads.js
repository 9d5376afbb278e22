// Photos go to the API's tus endpoint (/api/v1/uploads) as their original bytes,
// resumable over a weak network; the final PATCH names the photo in ``Photo-Id``.
import { Upload } from "tus-js-client";
import { API, session } from "./api.js";
import { ApiError } from "./lib/errors.js";

/**
 * Upload one photo's bytes; resolves with the server's photo id.
 * @param {Blob} blob
 * @param {string} name
 * @returns {Promise<string>}
 */
export function uploadPhoto(blob, name) {
  return new Promise((resolve, reject) => {
    let photoId = "";
    const upload = new Upload(blob, {
      endpoint: `${API}/uploads`,
      chunkSize: 1024 * 1024,
      retryDelays: [0, 1000, 3000],
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: true,
      metadata: { filename: name || "photo.jpg", filetype: blob.type || "application/octet-stream" },
      headers: { Authorization: `Bearer ${session.token}` },
      onAfterResponse(_request, response) {
        const id = response.getHeader("Photo-Id");
        if (id) photoId = id;
      },
      onError(error) {
        const response = /** @type {any} */ (error).originalResponse;
        if (response) {
          let body = null;
          try {
            body = JSON.parse(response.getBody());
          } catch {
            /* not JSON */
          }
          reject(new ApiError(response.getStatus(), body));
        } else {
          reject(new ApiError(0, null));
        }
      },
      onSuccess() {
        if (photoId) resolve(photoId);
        else reject(new ApiError(500, { message: "服务器未返回照片编号 / No Photo-Id" }));
      },
    });
    upload.start();
  });
}

"use strict";
// Entry point of each tesseract.js worker thread (passed as `workerPath`).
// Language data and the WASM core are local; any attempt to fetch is a bug,
// so fetch fails loudly here instead of reaching the network. tesseract.js
// captures `global.fetch` when its worker script loads, so this must run first.
globalThis.fetch = async (resource) => {
  throw new Error(`network access is disabled in the OCR worker (tried to fetch ${String(resource)})`);
};
require("tesseract.js/src/worker-script/node/index.js");

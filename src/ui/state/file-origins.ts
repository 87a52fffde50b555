// The File a user picked, by the bytes read from it: saving an assessment stores the File itself
// (IndexedDB copies a Blob's contents off the page's thread), not a copy of 300 MB of bytes made
// on it. Bytes that came from elsewhere (a saved version, an assessment file) have no origin.
const origins = new WeakMap<Uint8Array, Blob>();

export function rememberOrigin(bytes: Uint8Array, file: Blob): void {
  if (file.size === bytes.byteLength) origins.set(bytes, file);
}

export function originOf(bytes: Uint8Array): Blob | undefined {
  return origins.get(bytes);
}

// The slice of the browser DOM the calculator page uses, typed here because the project's
// TypeScript lib (ES2023, no DOM) does not declare it (as kernels/wasm-api.ts does for WebAssembly).

/** An element of the page, as far as the calculator touches it. */
export interface El {
  id: string;
  textContent: string | null;
  hidden: boolean;
  readonly dataset: Record<string, string | undefined>;
  readonly children: ArrayLike<El>;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  append(...nodes: (El | string)[]): void;
  replaceChildren(...nodes: (El | string)[]): void;
  addEventListener(type: string, listener: (event: Ev) => void): void;
  querySelectorAll(selectors: string): ArrayLike<El>;
  click(): void;
  /** Form controls. */
  value?: string;
  name?: string;
  files?: ArrayLike<BrowserFile> | null;
}

/** A DOM event. */
export interface Ev {
  type: string;
  target: El | null;
  preventDefault(): void;
  dataTransfer?: { files: ArrayLike<BrowserFile> } | null;
}

/** A file chosen or dropped by the user. */
export interface BrowserFile {
  name: string;
  text(): Promise<string>;
}

interface Doc {
  getElementById(id: string): El | null;
  createElement(tag: string): El;
  querySelectorAll(selectors: string): ArrayLike<El>;
}

interface BlobCtor {
  new (parts: string[], options: { type: string }): object;
}

interface UrlStatics {
  createObjectURL(blob: object): string;
  revokeObjectURL(url: string): void;
}

const g = globalThis as unknown as { document: Doc; Blob: BlobCtor; URL: UrlStatics; atob(s: string): string };

/** The page's document. */
export const doc = (): Doc => g.document;

/** An element that must exist in the page. @throws Error naming the id when it does not. */
export function byId(id: string): El {
  const el = g.document.getElementById(id);
  if (el === null) throw new Error(`clinreg calculator: the page has no element #${id}`);
  return el;
}

/** A new element with optional text. */
export function make(tag: string, text?: string): El {
  const el = g.document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** An object URL for a text download (revoked by the caller when replaced). */
export function textUrl(text: string, type: string): string {
  return g.URL.createObjectURL(new g.Blob([text], { type }));
}

/** Releases an object URL. */
export function revokeUrl(url: string): void {
  g.URL.revokeObjectURL(url);
}

/** Bytes of a base64 text (data blocks of the page). */
export function base64Bytes(text: string): Uint8Array {
  const binary = g.atob(text.trim());
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Where downloaded documents live: one home for `listen --fetch-docs`, `fetch-doc` and the
 * inspector (issue 19: listen saved into `<captures>/documents/`, fetch-doc into
 * `itscope-documents/`, so the offline flow ended with two copies of everything).
 *
 * The home follows the capture folder, so that every command that reads the same captures
 * (`--captures`, `ITSCOPE_HOOKS_DIR`, the config's `captures`) finds the same documents:
 * - a capture folder inside a `.itscope-hooks` folder (the default
 *   `.itscope-hooks/captures`): `documents/` beside it, `.itscope-hooks/documents/`, which
 *   `init` offers to git-ignore with the rest of `.itscope-hooks/`;
 * - any other capture folder (`--captures /tmp/run-1`): `documents/` inside it, so that a
 *   capture folder of its own keeps its documents with it and writes nothing elsewhere.
 *
 * The places earlier versions saved to are still looked in, so nobody downloads again what
 * is already on disk: `<captures>/documents/` (listen --fetch-docs) and
 * `itscope-documents/` in the working directory (fetch-doc).
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PROJECT_DIR } from '../core/config-file.js';
import { type DocumentTarget, safePathSegment } from '../core/document-ref.js';

/** The folder documents go into, beside or inside the capture folder. */
export const DOCUMENTS_DIR = 'documents';
/** Where fetch-doc saved documents before issue 19, relative to the working directory. */
export const EARLIER_FETCH_DOC_DIR = 'itscope-documents';

export interface DocumentFolders {
  /** Where new documents are saved. */
  home: string;
  /** Where earlier versions saved them: looked in, never written to. */
  earlier: string[];
}

/** The documents home of a capture folder (absolute when `captures` is). */
export function documentsHome(captures: string): string {
  const parent = dirname(captures);
  return basename(parent) === PROJECT_DIR ? join(parent, DOCUMENTS_DIR) : join(captures, DOCUMENTS_DIR);
}

/**
 * The home and the earlier places for a capture folder; `cwd` adds fetch-doc's former
 * `itscope-documents/` in that working directory.
 */
export function documentFolders(captures: string, cwd?: string): DocumentFolders {
  const home = documentsHome(captures);
  const candidates = [join(captures, DOCUMENTS_DIR), ...(cwd !== undefined ? [resolve(cwd, EARLIER_FETCH_DOC_DIR)] : [])];
  const earlier = [...new Set(candidates.filter((folder) => folder !== home))];
  return { home, earlier };
}

/** `{folder}/{transactionId}/{DOCTYPE}.{format}`; a transactionId that is no folder name is a UserError. */
export function documentFile(folder: string, target: Pick<DocumentTarget, 'transactionId' | 'docType' | 'format'>): string {
  return join(folder, safePathSegment(target.transactionId), `${target.docType}.${target.format}`);
}

/** The file a document goes to in the home, and the files it may already be in from earlier versions. */
export function documentFiles(
  folders: DocumentFolders,
  target: Pick<DocumentTarget, 'transactionId' | 'docType' | 'format'>,
): { path: string; earlier: string[] } {
  return { path: documentFile(folders.home, target), earlier: folders.earlier.map((folder) => documentFile(folder, target)) };
}

/** The saved copy of a document: in the home, else in an earlier place; undefined when there is none. */
export async function findSavedDocument(
  folders: DocumentFolders,
  target: Pick<DocumentTarget, 'transactionId' | 'docType' | 'format'>,
): Promise<{ path: string; bytes: number } | undefined> {
  const { path, earlier } = documentFiles(folders, target);
  for (const file of [path, ...earlier]) {
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile()) return { path: file, bytes: info.size };
  }
  return undefined;
}

// Shared by the schema tests: an independent JSON Schema validator (ajv in 2020-12 mode,
// formats asserted) and what "agrees with validate" means.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { checkPayload } from '../../src/core/payload-schema.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module, whose
// default is the plugin (and the module is the plugin too).
type Plugin = (ajv: Ajv2020) => unknown;
const formatsExport = addFormatsModule as unknown as Plugin & { default?: Plugin };
const addFormats: Plugin = formatsExport.default ?? formatsExport;

/** A strict ajv: an unknown keyword or format in our schema is an error, not ignored. */
export function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/**
 * The one rule of validate that JSON Schema cannot express: transactionId equal to the id
 * inside documentUrl (a comparison of two fields).
 */
export function isInexpressible(message: string): boolean {
  return message.includes('differs from the one in documentUrl');
}

/** What the JSON Schema should say about a value: valid unless validate finds an error it can express. */
export function expectedBySchema(value: unknown): boolean {
  return checkPayload(value).errors.every((e) => isInexpressible(e.message));
}

/** `itscope-hooks fetch-doc`: its flags and examples; the run is in run.ts. */
import { apiOptions, capturesOption } from '../cli/flags.js';
import type { CommandSpec } from '../cli/spec.js';

export const fetchDocCommand: CommandSpec = {
  name: 'fetch-doc',
  description: 'download the openTRANS document a webhook points to from the ITscope API',
  arguments: [{ name: '[ref]', description: 'a documentId or eventId from the captures, or a documentUrl' }],
  options: [
    { flags: '--transaction-id <id>', description: 'fetch by transactionId (with --type)' },
    { flags: '--type <doctype>', description: 'document type: ORDER, ORDERRESPONSE, DISPATCHNOTIFICATION (or DELIVERY), INVOICE, QUOTATION; any case' },
    { flags: '--all', description: 'fetch every captured document not downloaded yet' },
    ...apiOptions(),
    { flags: '--out <path>', description: 'file or folder to write to (default: .itscope-hooks/documents/{transactionId}/{DOCTYPE}.xml)' },
    { flags: '--stdout', description: 'write the document to stdout' },
    { flags: '--format <format>', description: 'xml, or pdf for a ZUGFeRD INVOICE', default: 'xml' },
    { flags: '--force', description: 'replace a regular file that exists (never a folder or link)' },
    { flags: '--summary', description: 'print the key fields of the document' },
    capturesOption('capture folder to look REF up in (documents go beside it, or into it outside .itscope-hooks)'),
    { flags: '--rate <n>', description: 'API requests per second (default 2, at most 5)' },
    { flags: '--timeout <duration>', description: 'give up on a request after this long without data, e.g. 30s (a bare number is seconds)', default: '30s' },
    {
      flags: '--max-time <duration>',
      description: 'give up on a document that has not arrived completely after this long (a bare number is seconds)',
      default: '10m',
    },
    { flags: '--max-size <size>', description: 'refuse a document larger than this, e.g. 100mb, 2gb', default: '512mb' },
  ],
  examples: [
    'itscope-hooks fetch-doc 123456789            # a documentId or eventId from the captures',
    'itscope-hooks fetch-doc --transaction-id 1234-ABCD --type invoice --format pdf',
    'itscope-hooks fetch-doc --all --summary',
  ],
  load: async () => (await import('./run.js')).run,
};

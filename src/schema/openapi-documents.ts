/**
 * The part of the OpenAPI document that describes ITscope's business/documents API, which
 * every documentUrl points to (DESIGN.md §1 "Documents" and "API access rules"): the two
 * paths, Basic Auth with Account ID and API key, the mandatory User-Agent, and the answers
 * a client must handle, above all the 503 rate limit with its 30-minute block.
 */
import { DEFAULT_API_BASE, DOC_TYPES } from '../core/payload-rules.js';
import type { JsonSchema } from './json-schema.js';
import { PDF_DOC_TYPES } from './patterns.js';

/** ITscope's rate limit: more than this many requests … */
export const RATE_LIMIT_REQUESTS = 600;
/** … within this many seconds from one IP address … */
export const RATE_LIMIT_WINDOW_SECONDS = 60;
/** … block that IP for this long. */
export const RATE_LIMIT_BLOCK_MINUTES = 30;

/** Where `itscope-hooks mock-api` serves the same paths by default. */
export const MOCK_API_BASE = 'http://127.0.0.1:8766/2.1';

export const API_SECURITY_SCHEME = 'itscopeApiBasicAuth';

export const apiSecurityScheme: JsonSchema = {
  type: 'http',
  scheme: 'basic',
  description: 'ITscope API access: HTTP Basic authentication with your ITscope Account ID as user name and your API key as password.',
};

export const documentsServers: JsonSchema[] = [
  { url: DEFAULT_API_BASE, description: 'ITscope API 2.1 (2.0 serves the same paths)' },
  { url: MOCK_API_BASE, description: 'itscope-hooks mock-api, a local stand-in (Account ID "demo", API key "demo-key" by default)' },
];

export const documentsParameters: Record<string, JsonSchema> = {
  UserAgent: {
    name: 'User-Agent',
    in: 'header',
    required: true,
    description: 'ITscope requires a meaningful User-Agent that names your application and its version; requests without one are blocked or slowed down.',
    schema: { type: 'string', minLength: 1, pattern: '\\S' },
    example: 'my-erp-connector/1.4.0 (+https://example.com/contact)',
  },
  TransactionId: {
    name: 'transactionId',
    in: 'path',
    required: true,
    description: 'The transactionId of the webhook (the segment of its documentUrl), percent-encoded.',
    schema: { type: 'string', minLength: 1 },
    example: '123456789-1234-5678-9123-12SAMPLE4567',
  },
  DocType: {
    name: 'docType',
    in: 'path',
    required: true,
    description: "The document type, as in documentUrl: the DOCTYPE of the webhook's eventType (DELIVERY → DISPATCHNOTIFICATION), or QUOTATION.",
    schema: { $ref: '#/components/schemas/ItscopeDocType' },
    example: 'DISPATCHNOTIFICATION',
  },
};

export const docTypeSchema: JsonSchema = {
  title: 'Document type',
  description: 'DOCTYPE of the business/documents API.',
  type: 'string',
  enum: [...DOC_TYPES],
};

const rateLimitText = [
  `"Rate Limit Exceeded": more than ${RATE_LIMIT_REQUESTS} requests within ${RATE_LIMIT_WINDOW_SECONDS} seconds came from your IP address,`,
  `and ITscope now blocks it for ${RATE_LIMIT_BLOCK_MINUTES} minutes.`,
  'Do not retry: no request succeeds during the block. Stop, tell the user, and keep clients far below the limit with a client-side limiter.',
].join(' ');

export const documentsResponses: Record<string, JsonSchema> = {
  Unauthorized: {
    description: 'The Account ID or the API key is wrong or missing (HTTP Basic authentication: Account ID as user name, API key as password).',
  },
  NotFound: {
    description: 'No such document, or not yet: check transactionId and DOCTYPE. An INVOICE.pdf exists only where the supplier provides a ZUGFeRD PDF.',
  },
  RateLimitExceeded: {
    description: rateLimitText,
    'x-itscope-rate-limit': {
      requests: RATE_LIMIT_REQUESTS,
      windowSeconds: RATE_LIMIT_WINDOW_SECONDS,
      blockMinutes: RATE_LIMIT_BLOCK_MINUTES,
      retry: false,
    },
  },
};

const errorResponses = {
  '401': { $ref: '#/components/responses/Unauthorized' },
  '404': { $ref: '#/components/responses/NotFound' },
  '503': { $ref: '#/components/responses/RateLimitExceeded' },
};

const commonParameters = [{ $ref: '#/components/parameters/TransactionId' }, { $ref: '#/components/parameters/UserAgent' }];

function pdfPath(docType: string): [string, JsonSchema] {
  const name = `${docType.charAt(0)}${docType.slice(1).toLowerCase()}`;
  return [
    `/business/documents/{transactionId}/${docType}.pdf`,
    {
      get: {
        operationId: `get${name}Pdf`,
        tags: ['documents'],
        summary: `Read ${docType} as a ZUGFeRD PDF`,
        description: `The ${docType} document as a ZUGFeRD PDF, where the supplier provides one (404 otherwise).`,
        parameters: commonParameters,
        security: [{ [API_SECURITY_SCHEME]: [] }],
        responses: {
          '200': {
            description: 'The ZUGFeRD PDF.',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          ...errorResponses,
        },
      },
    },
  ];
}

export const documentsPaths: Record<string, JsonSchema> = {
  '/business/documents/{transactionId}/{docType}.xml': {
    get: {
      operationId: 'getDocumentXml',
      tags: ['documents'],
      summary: 'Read a document as openTRANS 2.1 XML',
      description:
        "The document a webhook's documentUrl points to. Take transactionId and DOCTYPE out of documentUrl and request them from your configured API base: never send credentials to a host taken from a payload.",
      parameters: [commonParameters[0], { $ref: '#/components/parameters/DocType' }, commonParameters[1]],
      security: [{ [API_SECURITY_SCHEME]: [] }],
      responses: {
        '200': {
          description: 'The openTRANS 2.1 XML document.',
          content: { 'application/xml': { schema: { type: 'string', description: 'An openTRANS 2.1 XML document.' } } },
        },
        ...errorResponses,
      },
    },
  },
  ...Object.fromEntries(PDF_DOC_TYPES.map(pdfPath)),
};

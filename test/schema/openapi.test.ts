import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { checkPayload, DEFAULT_API_BASE, DOC_TYPE_BY_EVENT, DOC_TYPES, EVENT_TYPES, PAYLOAD_FIELDS } from '../../src/core/payload-schema.js';
import { renderSchema } from '../../src/schema/documents.js';
import { payloadJsonSchema } from '../../src/schema/json-schema.js';
import { openApiDocument, webhookSchemaName } from '../../src/schema/openapi.js';
import { exampleFor } from '../../src/schema/payload-docs.js';
import { strictAjv } from './agreement.js';

/** A node of the JSON document, walked by key. */
type Node = Record<string, any>;

const doc = openApiDocument() as Node;

/** The component schemas under a strict ajv, refs pointed at $defs. */
function componentValidator(name: string) {
  const ajv = strictAjv();
  ajv.addKeyword('discriminator'); // an OpenAPI annotation; the oneOf does the validating
  const schemas = JSON.parse(
    JSON.stringify(doc.components.schemas).replaceAll('#/components/schemas/', 'https://itscope-hooks.test/openapi.json#/$defs/'),
  ) as object;
  ajv.addSchema({ $id: 'https://itscope-hooks.test/openapi.json', $defs: schemas });
  return ajv.compile({ $ref: `https://itscope-hooks.test/openapi.json#/$defs/${name}` });
}

describe('the OpenAPI document', () => {
  it('passes an OpenAPI 3.1 validator, as JSON and as YAML', async () => {
    for (const spec of [doc, renderSchema('openapi', { yaml: true })]) {
      const result = await new Validator().validate(spec);
      expect(result.errors).toBeUndefined();
      expect(result.valid).toBe(true);
    }
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('(the validator does reject a broken document)', async () => {
    const broken = { ...doc, webhooks: { ORDER: { post: { responses: 'none' } } } };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('has one webhook per eventType, each with its payload schema, an example that validate accepts, Basic Auth and the 2xx answer', () => {
    expect(Object.keys(doc.webhooks)).toEqual([...EVENT_TYPES]);
    for (const type of EVENT_TYPES) {
      const post = doc.webhooks[type].post;
      const media = post.requestBody.content['application/json'];
      expect(media.schema).toEqual({ $ref: `#/components/schemas/${webhookSchemaName(type)}` });
      const examples = Object.values(media.examples) as Array<{ value: unknown }>;
      expect(examples).toHaveLength(1);
      expect(checkPayload(examples[0]?.value)).toMatchObject({ valid: true, warnings: [] });
      expect(componentValidator(webhookSchemaName(type))(examples[0]?.value)).toBe(true);
      expect(post.security).toEqual([{ webhookBasicAuth: [] }, {}]);
      expect(Object.keys(post.responses)).toEqual(['2XX', 'default']);
    }
    expect(doc.webhooks.DELIVERY.post.requestBody.content['application/json'].examples.delivery.value).toEqual(
      JSON.parse(readFileSync(new URL('../../fixtures/payloads/itscope-guide-example.json', import.meta.url), 'utf8')),
    );
  });

  it('declares HTTP Basic for the webhooks and for the API', () => {
    expect(doc.components.securitySchemes).toEqual({
      itscopeApiBasicAuth: expect.objectContaining({ type: 'http', scheme: 'basic', description: expect.stringMatching(/Account ID.*API key/) }),
      webhookBasicAuth: expect.objectContaining({ type: 'http', scheme: 'basic' }),
    });
  });

  it('describes the documents API: paths, server, parameters, User-Agent, and 200/401/404/503', () => {
    expect(doc.servers[0].url).toBe(DEFAULT_API_BASE);
    const xml = doc.paths['/business/documents/{transactionId}/{docType}.xml'].get;
    const pdf = doc.paths['/business/documents/{transactionId}/INVOICE.pdf'].get;
    expect(Object.keys(doc.paths)).toHaveLength(2);
    for (const [operation, type] of [
      [xml, 'application/xml'],
      [pdf, 'application/pdf'],
    ] as const) {
      expect(operation.security).toEqual([{ itscopeApiBasicAuth: [] }]);
      expect(operation.parameters).toContainEqual({ $ref: '#/components/parameters/UserAgent' });
      expect(Object.keys(operation.responses['200'].content)).toEqual([type]);
      expect(Object.keys(operation.responses)).toEqual(['200', '401', '404', '503']);
    }
    expect(doc.components.parameters.UserAgent).toMatchObject({ name: 'User-Agent', in: 'header', required: true });
    expect(doc.components.schemas.ItscopeDocType.enum).toEqual([...DOC_TYPES]);
    const limit = doc.components.responses.RateLimitExceeded;
    expect(limit.description).toMatch(/Rate Limit Exceeded.*600 requests within 60 seconds.*30 minutes.*Do not retry/s);
    expect(limit['x-itscope-rate-limit']).toEqual({ requests: 600, windowSeconds: 60, blockMinutes: 30, retry: false });
  });

  it('has operationIds a client generator can name methods after', () => {
    const items = [...Object.values(doc.paths), ...Object.values(doc.webhooks)] as Node[];
    const ids = items.flatMap((item) => (Object.values(item) as Node[]).map((op) => op.operationId));
    expect(ids).toEqual([
      'getDocumentXml',
      'getInvoicePdf',
      'receiveOrderWebhook',
      'receiveOrderResponseWebhook',
      'receiveDeliveryWebhook',
      'receiveInvoiceWebhook',
    ]);
  });

  it('takes info.version from its argument, the ITscope API version by default', () => {
    expect(doc.info.version).toBe('2.1');
    expect((openApiDocument('9.9') as Node).info.version).toBe('9.9');
  });
});

describe('the OpenAPI payload schemas agree with the JSON Schema', () => {
  const union = componentValidator('ItscopeWebhook');
  const jsonSchema = strictAjv().compile(payloadJsonSchema());
  const root = fileURLToPath(new URL('../../fixtures/payloads/', import.meta.url));

  it('on every JSON payload fixture', () => {
    let judged = 0;
    for (const folder of ['valid', 'invalid', 'warnings']) {
      for (const name of readdirSync(join(root, folder))) {
        let value: unknown;
        try {
          value = JSON.parse(readFileSync(join(root, folder, name), 'utf8'));
        } catch {
          continue; // not JSON
        }
        expect(union(value), `${folder}/${name}`).toBe(jsonSchema(value));
        judged++;
      }
    }
    expect(judged).toBeGreaterThan(20);
  });

  it('on every eventType with every DOCTYPE and format, and with each field removed', () => {
    for (const eventType of EVENT_TYPES) {
      const example = exampleFor(eventType);
      for (const docType of DOC_TYPES) {
        for (const ext of ['xml', 'pdf', 'XML', 'json']) {
          const payload = { ...example, documentUrl: example.documentUrl.replace(`${DOC_TYPE_BY_EVENT[eventType]}.xml`, `${docType}.${ext}`) };
          expect(union(payload), `${eventType} ${docType}.${ext}`).toBe(jsonSchema(payload));
        }
      }
      for (const field of PAYLOAD_FIELDS) {
        const payload: Record<string, unknown> = { ...example };
        delete payload[field];
        expect(union(payload), `${eventType} without ${field}`).toBe(false);
      }
    }
  });
});

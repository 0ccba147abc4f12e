import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPayload, EVENT_TYPES } from '../../src/core/payload-schema.js';
import { exampleFor, ITSCOPE_GUIDE_EXAMPLE } from '../../src/schema/payload-docs.js';

describe('the examples', () => {
  it("are ITscope's guide example, as in fixtures/payloads/", () => {
    const fixture: unknown = JSON.parse(readFileSync(new URL('../../fixtures/payloads/itscope-guide-example.json', import.meta.url), 'utf8'));
    expect(ITSCOPE_GUIDE_EXAMPLE).toEqual(fixture);
    expect(exampleFor('DELIVERY')).toEqual(fixture);
  });

  it.each(EVENT_TYPES)('for %s passes validate without a warning, with an eventId of its own', (type) => {
    const example = exampleFor(type);
    expect(example.eventType).toBe(type);
    expect(checkPayload(example)).toEqual({ valid: true, errors: [], warnings: [], eventId: example.eventId });
    expect(EVENT_TYPES.filter((t) => exampleFor(t).eventId === example.eventId)).toEqual([type]);
  });
});

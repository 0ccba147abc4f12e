/**
 * What the page shows, kept in the address bar so a view can be shared and the back
 * button works: filters, search, the open capture or deal, the tab. Pure (tested in Node).
 */

export const EVENT_TYPES = ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE'] as const;

export interface ViewState {
  tab: 'events' | 'deals';
  type?: string | undefined;
  valid?: 'valid' | 'invalid' | undefined;
  duplicate?: boolean | undefined;
  q?: string | undefined;
  /** The open capture. */
  id?: number | undefined;
  /** The open deal (transactionId). */
  deal?: string | undefined;
  /** Deals tab: only incomplete deals. */
  incomplete?: boolean | undefined;
}

export function readState(search: string): ViewState {
  const p = new URLSearchParams(search);
  const type = p.get('type')?.toUpperCase();
  const valid = p.get('valid');
  const id = Number(p.get('id'));
  return {
    tab: p.get('tab') === 'deals' ? 'deals' : 'events',
    type: type && ([...EVENT_TYPES, 'OTHER'] as string[]).includes(type) ? type : undefined,
    valid: valid === 'valid' || valid === 'invalid' ? valid : undefined,
    duplicate: p.get('duplicate') === 'duplicate' || undefined,
    q: p.get('q') || undefined,
    id: Number.isInteger(id) && id > 0 ? id : undefined,
    deal: p.get('deal') || undefined,
    incomplete: p.get('incomplete') === 'true' || undefined,
  };
}

export function writeState(s: ViewState): string {
  const p = new URLSearchParams();
  if (s.tab === 'deals') p.set('tab', 'deals');
  if (s.type) p.set('type', s.type);
  if (s.valid) p.set('valid', s.valid);
  if (s.duplicate) p.set('duplicate', 'duplicate');
  if (s.q) p.set('q', s.q);
  if (s.incomplete) p.set('incomplete', 'true');
  if (s.id !== undefined) p.set('id', String(s.id));
  if (s.deal) p.set('deal', s.deal);
  const text = p.toString();
  return text ? `?${text}` : '';
}

/** The list API's filter parameters for a view. */
export function filterParams(s: ViewState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.type) p.set('type', s.type);
  if (s.valid) p.set('valid', s.valid);
  if (s.duplicate) p.set('duplicate', 'duplicate');
  if (s.q) p.set('q', s.q);
  return p;
}

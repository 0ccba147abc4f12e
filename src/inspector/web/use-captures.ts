/**
 * The rows of the event list: the first page for the current filters, older pages by
 * cursor as the user scrolls, and new captures prepended as the event stream announces
 * them (only what is newer than the newest row is asked for).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, type Page, type Row } from './api.js';

export interface CaptureRows {
  rows: Row[];
  total: number | undefined;
  hasMore: boolean;
  loading: boolean;
  error: string | undefined;
  loadMore(): void;
  /** Replaces rows that changed (e.g. a forward result arrived). */
  refresh(): void;
}

const PAGE = 100;

export function useCaptures(filter: string, liveNewest: number): CaptureRows {
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>(undefined);
  /** The newest capture id the list has asked about. */
  const newest = useRef(0);
  const live = useRef(liveNewest);
  live.current = liveNewest;
  const generation = useRef(0);
  const loaded = useRef(-1);
  const catching = useRef(false);
  const paging = useRef(false);
  const query = (extra: string) => `/api/captures?${filter}${filter ? '&' : ''}${extra}`;

  // New captures: ask for those newer than the newest seen, prepend the matching ones.
  const catchUp = useCallback(async (): Promise<void> => {
    if (catching.current || loaded.current !== generation.current) return;
    catching.current = true;
    let reload = false;
    try {
      while (live.current > newest.current) {
        const mine = generation.current;
        const page = await getJson<Page>(query(`after=${newest.current}&limit=${PAGE}`));
        if (mine !== generation.current) break;
        if (page.gap) {
          reload = true;
          break;
        }
        if (page.newest <= newest.current) break;
        newest.current = page.newest;
        if (page.items.length === 0) continue;
        setRows((old) => [...page.items, ...old]);
        setTotal((t) => (t === undefined ? t : t + page.items.length));
      }
    } catch {
      // The stream will announce the next capture; the list catches up then.
    } finally {
      catching.current = false;
    }
    if (reload) void load();
  }, [filter]);

  const load = useCallback(async (): Promise<void> => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const page = await getJson<Page>(query(`limit=${PAGE}`));
      if (mine !== generation.current) return;
      newest.current = page.newest;
      loaded.current = mine;
      setRows(page.items);
      setTotal(page.total);
      setNext(page.next);
      setError(undefined);
    } catch (e) {
      if (mine === generation.current) setError(e instanceof ApiError ? e.message : 'the inspector does not answer; is itscope-hooks still running?');
    } finally {
      if (mine === generation.current) setLoading(false);
    }
    if (mine === generation.current) void catchUp();
  }, [filter, catchUp]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    void catchUp();
  }, [liveNewest, catchUp]);

  const loadMore = useCallback(() => {
    if (!next || paging.current) return;
    const mine = generation.current;
    paging.current = true;
    getJson<Page>(query(`before=${next}&limit=${PAGE}`))
      .then((page) => {
        if (mine !== generation.current) return;
        setRows((old) => [...old, ...page.items]);
        setNext(page.next);
      })
      .catch(() => undefined)
      .finally(() => {
        paging.current = false;
      });
  }, [next, filter]);

  return { rows, total, hasMore: next !== null, loading, error, loadMore, refresh: () => void load() };
}

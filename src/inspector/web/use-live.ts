/**
 * The event stream from itscope-hooks (Server-Sent Events): the newest capture id, and a
 * version per capture and per eventId that changes when something about it arrives (the
 * --forward-to app's answer, a downloaded document), so an open view reloads itself.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export interface Live {
  connected: boolean;
  newest: number;
  /** Changes whenever something about `key` ("id:12", "event:<eventId>") arrived. */
  versionOf(key: string): number;
}

export function useLive(): Live {
  const [connected, setConnected] = useState(false);
  const [newest, setNewest] = useState(0);
  const [, setTick] = useState(0);
  const versions = useRef(new Map<string, number>());
  useEffect(() => {
    const source = new EventSource('/api/events');
    const bump = (key: string) => {
      versions.current.set(key, (versions.current.get(key) ?? 0) + 1);
      setTick((t) => t + 1);
    };
    const newestFrom = (e: MessageEvent) => {
      const data = JSON.parse(e.data as string) as { newest?: number };
      if (typeof data.newest === 'number') setNewest((n) => Math.max(n, data.newest as number));
    };
    source.addEventListener('hello', (e) => {
      setConnected(true);
      newestFrom(e as MessageEvent);
    });
    source.addEventListener('captures', (e) => newestFrom(e as MessageEvent));
    source.addEventListener('forward', (e) => bump(`event:${(JSON.parse((e as MessageEvent).data as string) as { eventId: string }).eventId}`));
    source.addEventListener('document', (e) => bump(`id:${(JSON.parse((e as MessageEvent).data as string) as { id: number }).id}`));
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, []);
  return { connected, newest, versionOf: (key) => versions.current.get(key) ?? 0 };
}

/** `value`, changing at most once per `ms` (the last change is never lost). */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      setShown(value);
      return;
    }
    const timer = window.setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

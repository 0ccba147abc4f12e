/** Numbers and counts as people read them, the same in every message and line. */

const KIB = 1024;
const MIB = 1024 * 1024;

/** "1000 bytes", "2 KiB", "1.5 KiB", "64 MiB", "64.0 MiB" (just over 64 MiB: never rounded to look exact). */
export function formatBytes(bytes: number): string {
  if (bytes < KIB) return `${bytes} bytes`;
  const [unit, name] = bytes < MIB ? [KIB, 'KiB'] : [MIB, 'MiB'];
  const value = bytes / unit;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${name}`;
}

/** "1 capture", "3 captures"; `many` for irregular plurals. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A whole number written in decimal digits within [min, max], or undefined. */
export function wholeNumberIn(text: string, min: number, max: number): number | undefined {
  const trimmed = text.trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

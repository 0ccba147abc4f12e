/**
 * The first bytes of an answer's body, for a message ("HTTP 500: …"), and nothing more:
 * the rest is never read, so a huge or trickling body cannot hold a command. The body is
 * destroyed once the snippet is read.
 */
export async function readSnippet(body: AsyncIterable<Buffer> & { destroy(): unknown }, limit: number): Promise<string> {
  return snippetText(await readHead(body, limit), limit);
}

/** The first bytes of a body, at most `limit` of them, as they arrived (`listen --forward-status` passes them on). */
export async function readHead(body: AsyncIterable<Buffer> & { destroy(): unknown }, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) break;
    }
  } catch {
    // What arrived before the break is enough for the message.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

/** The first `limit` bytes as text; a multi-byte character cut at the limit shows as U+FFFD: dropped. */
export function snippetText(bytes: Buffer, limit: number): string {
  return bytes
    .subarray(0, limit)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}

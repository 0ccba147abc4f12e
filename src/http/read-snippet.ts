/**
 * The first bytes of an answer's body, for a message ("HTTP 500: …"), and nothing more:
 * the rest is never read, so a huge or trickling body cannot hold a command. The body is
 * destroyed once the snippet is read.
 */
export async function readSnippet(body: AsyncIterable<Buffer> & { destroy(): unknown }, limit: number): Promise<string> {
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
  // A multi-byte character cut at the limit shows as U+FFFD: dropped.
  return Buffer.concat(chunks)
    .subarray(0, limit)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}

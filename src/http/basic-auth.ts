/** The Authorization header for HTTP Basic Auth (webhook user/password, API Account ID/key). */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

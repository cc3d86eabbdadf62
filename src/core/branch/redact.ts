// Remote URLs may embed credentials (https://user:token@host/…, tokens in query strings). Anything
// git prints can echo them back, so every git message passes through here before it reaches an
// error, a log or a report.

const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi;
const SECRET_QUERY = /([?&](?:access_token|token|private_token|password|pwd|key|sig|signature)=)[^&\s#]*/gi;

/** Replaces credentials in URLs found anywhere in `text` with `***`. */
export function redactCredentials(text: string): string {
  return text.replace(USERINFO, '$1***@').replace(SECRET_QUERY, '$1***');
}

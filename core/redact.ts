/**
 * Removing secrets from text that goes into a message, a log or a terminal. Every stage uses these
 * helpers, so what counts as a secret is decided once.
 */

/**
 * Names (config keys, query parameters, header names) whose value is a credential. Broad on
 * purpose: hiding a harmless value costs a little clarity, printing a key costs a rotation.
 */
const SECRET_NAME = /pass|secret|token|key|auth|credential|cookie|session|sig|jwt|bearer|proof|private|routing|sid$|^code$/i;

/** True when a value stored under `name` (config key, header, query parameter) may be a credential. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Webhook URLs whose path is itself the credential: whoever knows it can post. Slack, Teams
 * (Office 365 connectors and Power Automate workflows), Discord, Google Chat, Mattermost.
 */
const SECRET_PATH_HOSTS = /(^|\.)(hooks\.slack\.com|webhook\.office\.com|outlook\.office\.com|logic\.azure\.com|powerplatform\.com|discord(app)?\.com|chat\.googleapis\.com|mattermost\.[a-z.]+)$/i;

/**
 * Strips user:password, credential query parameters (`key`, `access_token`, `private_token`,
 * `auth`, `session`...) and the secret path of known webhook hosts from a URL before it goes into
 * a message or a log. Text that does not parse as a URL is scrubbed with the same rules.
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return redactUrlText(url);
  }
  if (u.username || u.password) {
    u.username = '';
    u.password = '';
  }
  for (const k of [...new Set(u.searchParams.keys())]) if (isSecretName(k)) u.searchParams.set(k, 'redacted');
  if (SECRET_PATH_HOSTS.test(u.hostname) && u.pathname.length > 1) u.pathname = '/redacted';
  // A fragment can carry a token too (OAuth implicit flow).
  if (u.hash) u.hash = '';
  return u.toString();
}

/**
 * The same rules applied to free text that may hold URLs (an invalid URL from a config file, an
 * error message): userinfo, credential parameters and webhook paths are replaced.
 */
export function redactUrlText(text: string): string {
  return text
    .replace(/(\/\/)[^/\s@"'?#]*@/g, '$1')
    .replace(/(^|[\s"'])[^\s/@"':]+:[^\s/@"']*@/g, '$1')
    .replace(/([?&;#])([^=&;#\s"']*)=([^&;#\s"']*)/g, (m, sep: string, k: string) => (isSecretName(k) ? `${sep}${k}=redacted` : m))
    // With or without a scheme: "hooks.slack.com/services/..." typed without https is still a secret.
    .replace(/([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(:\d+)?(\/[^\s"'?#]*)/g, (m, host: string, port: string | undefined, path: string) =>
      SECRET_PATH_HOSTS.test(host) && path.length > 1 ? `${host}${port ?? ''}/redacted` : m,
    );
}

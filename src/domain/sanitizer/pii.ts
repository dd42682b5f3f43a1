import { PLACEHOLDER } from './placeholders.ts';

// A user's name in a home folder path, on macOS, Linux and Windows (plain or JSON-escaped backslashes).
const HOME_PATHS: RegExp[] = [
  /(\/Users\/)(?!\[REDACTED_)(?!Shared\/)([^/\s"'`:]+)/g,
  /(\/home\/)(?!\[REDACTED_)([^/\s"'`:]+)/g,
  /([A-Za-z]:(?:\\\\|\\|\/)Users(?:\\\\|\\|\/))(?!\[REDACTED_)(?!Public\b)([^\\/\s"'`:]+)/gi,
  // A UNC path to a home folder on a file server: \\host\Users\alice or \\host\c$\Users\alice.
  /((?<![\\])\\\\[^\\/\s"'`]{1,255}(?:\\[A-Za-z]\$)?\\Users\\)(?!\[REDACTED_)(?!Public\b)([^\\/\s"'`:]+)/gi,
];
// Bounded as RFC 5321 bounds an address (local part 64, domain 255), and started only where a run of
// local-part characters starts (`git@host:org/repo` is a git remote, not a person): unbounded and from every word boundary, the local part was scanned to
// the end of the text from each start, quadratic on '@ ' + 'a.' repeated.
const EMAIL = /(?<![A-Za-z0-9._%+-])(?!git@)[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}\.[A-Za-z]{2,63}\b/g;

// Every home path names a Users or home folder, and every address has an @. Case matters where the
// patterns say so: "/api/users/" is in countless URLs, "/Users/" is a macOS home.
const PII_GATE = /\/Users\/|\/home\/|@|(?::|\\)(?:\\\\|\\|\/)[Uu][Ss][Ee][Rr][Ss]|\\[Uu][Ss][Ee][Rr][Ss]\\/;

export function redactPii(text: string, tally: { n: number }): string {
  if (!PII_GATE.test(text)) return text;
  let out = text;
  for (const pattern of HOME_PATHS) {
    out = out.replace(pattern, (_m, prefix: string) => {
      tally.n++;
      return `${prefix}${PLACEHOLDER.pii}`;
    });
  }
  return out.replace(EMAIL, () => {
    tally.n++;
    return PLACEHOLDER.pii;
  });
}

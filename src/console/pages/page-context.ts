import type { ConsoleViewerQuery } from '../../generated/graphql.ts';

/** What every page gets: who is signed in, what they can see, and the environment chosen in the header. */
export interface PageContext {
  viewer: ConsoleViewerQuery['viewer'];
  environments: ConsoleViewerQuery['environments'];
  buckets: ConsoleViewerQuery['buckets'];
  environment: string | null;
  navigate(hash: string): void;
  /** Reloads who-sees-what (environment and bucket lists in the header too) and shows `message` above the page. */
  refresh(message?: string): void;
}

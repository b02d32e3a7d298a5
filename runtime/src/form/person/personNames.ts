import type { DirectoryApi, DirectoryUser } from '../../api/directory.ts';

/**
 * Names for stored person values. Stored data holds only user ids (the server keeps names out of
 * submissions, so a renamed colleague shows their new name); a table of 50 rows asks for every id it
 * shows in one directory call, and each id is asked for once per page load.
 */
export interface PersonNames {
  /** The person, or null when the id is unknown or the person is disabled. */
  lookup(id: string): Promise<DirectoryUser | null>;
}

const BATCH_DELAY_MS = 10;

export function createPersonNames(directory: DirectoryApi): PersonNames {
  const known = new Map<string, Promise<DirectoryUser | null>>();
  let waiting = new Map<string, (user: DirectoryUser | null) => void>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    const batch = waiting;
    waiting = new Map();
    timer = null;
    directory.usersById([...batch.keys()]).then(
      (found) => batch.forEach((resolve, id) => resolve(found.get(id) ?? null)),
      () =>
        batch.forEach((resolve, id) => {
          known.delete(id); // not kept: the next render asks again
          resolve(null);
        }),
    );
  };

  return {
    lookup(id) {
      let found = known.get(id);
      if (!found) {
        found = new Promise((resolve) => waiting.set(id, resolve));
        known.set(id, found);
        timer ??= setTimeout(flush, BATCH_DELAY_MS);
      }
      return found;
    },
  };
}

const byDirectory = new WeakMap<DirectoryApi, PersonNames>();

export function personNamesOf(directory: DirectoryApi): PersonNames {
  let names = byDirectory.get(directory);
  if (!names) {
    names = createPersonNames(directory);
    byDirectory.set(directory, names);
  }
  return names;
}

import { useEffect, useMemo, useState } from 'react';
import type { DirectoryUser } from '../../api/directory.ts';
import { useDirectory } from '../../components/pickers/useDirectory.ts';
import { personNamesOf } from './personNames.ts';

/**
 * The people behind stored person ids (for a record page or a data table's cells): a map from id to
 * the person, filled as the batched lookups answer; ids that are unknown or disabled map to null.
 */
export function usePersonNames(ids: readonly string[]): Map<string, DirectoryUser | null> {
  const directory = useDirectory();
  const key = [...new Set(ids.filter(Boolean))].sort().join(',');
  const [people, setPeople] = useState<Map<string, DirectoryUser | null>>(() => new Map());
  useEffect(() => {
    if (!key) return;
    let live = true;
    const names = personNamesOf(directory);
    Promise.all(key.split(',').map(async (id) => [id, await names.lookup(id)] as const)).then((found) => {
      if (live) setPeople(new Map(found));
    });
    return () => {
      live = false;
    };
  }, [directory, key]);
  return useMemo(() => people, [people]);
}

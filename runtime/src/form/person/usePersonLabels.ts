import { useCallback, useMemo, useRef, useState } from 'react';
import { useDirectory } from '../../components/pickers/useDirectory.ts';
import { personNamesOf } from './personNames.ts';

/**
 * Person names for synchronous formatters (a data table's cells): `name(id)` answers from what is
 * known and asks the directory for the rest in one batch; `version` changes when answers arrive, so
 * columns built with it are rebuilt and the cells show names instead of ids.
 */
export function usePersonLabels(): { name: (id: string) => string | undefined; version: number } {
  const directory = useDirectory();
  const known = useRef(new Map<string, string | null>());
  const [version, setVersion] = useState(0);
  const name = useCallback(
    (id: string) => {
      const found = known.current.get(id);
      if (found !== undefined) return found ?? undefined;
      known.current.set(id, null);
      void personNamesOf(directory)
        .lookup(id)
        .then((person) => {
          if (!person) return;
          known.current.set(id, person.name);
          setVersion((v) => v + 1);
        });
      return undefined;
    },
    [directory],
  );
  return useMemo(() => ({ name, version }), [name, version]);
}

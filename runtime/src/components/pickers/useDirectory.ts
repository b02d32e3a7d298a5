import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { departmentName, directoryApiOf, type Department, type DirectoryApi } from '../../api/directory.ts';

export function useDirectory(): DirectoryApi {
  const api = useApi();
  return useMemo(() => directoryApiOf(api), [api]);
}

/** The department tree, or null while it loads (an empty list when it cannot be read). */
export function useDepartments(): Department[] | null {
  const directory = useDirectory();
  const [departments, setDepartments] = useState<Department[] | null>(null);
  useEffect(() => {
    let live = true;
    directory.departments().then(
      (items) => live && setDepartments(items),
      () => live && setDepartments([]),
    );
    return () => {
      live = false;
    };
  }, [directory]);
  return departments;
}

/** Each department's id → its name in the UI language, with its parents' ("Operations / Warehouse"). */
export function useDepartmentLabels(): Map<string, string> {
  const departments = useDepartments();
  const { i18n } = useTranslation();
  return useMemo(() => {
    const byId = new Map((departments ?? []).map((d) => [d.id, d]));
    const labels = new Map<string, string>();
    for (const department of departments ?? []) {
      const names: string[] = [];
      for (let at: Department | undefined = department; at; at = at.parentId ? byId.get(at.parentId) : undefined) {
        names.unshift(departmentName(at, i18n.language));
        if (names.length > byId.size) break; // old data that loops must not hang the page
      }
      labels.set(department.id, names.join(' / '));
    }
    return labels;
  }, [departments, i18n.language]);
}

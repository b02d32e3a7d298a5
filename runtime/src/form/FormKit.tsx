import { createContext, useContext, type ReactNode } from 'react';
import type { RegistryFieldsType, RegistryWidgetsType } from '@rjsf/utils';
import type { FieldTypeLookup } from './uiSchema.ts';
import type { ValidatorFor } from './validators.ts';

/** What rendering a form needs besides the document: injected, never imported deep in components. */
export interface FormKit {
  validatorFor: ValidatorFor;
  widgets: RegistryWidgetsType;
  fields: RegistryFieldsType;
  fieldTypes: FieldTypeLookup;
}

/** Loaded on first use, so the sign-in and list pages do not download ajv. */
export type FormKitLoader = () => Promise<FormKit>;

const FormKitContext = createContext<FormKitLoader | null>(null);

export function FormKitProvider({ load, children }: { load: FormKitLoader; children: ReactNode }) {
  return <FormKitContext.Provider value={load}>{children}</FormKitContext.Provider>;
}

export function useFormKitLoader(): FormKitLoader {
  const load = useContext(FormKitContext);
  if (!load) throw new Error('useFormKitLoader() needs a <FormKitProvider> above it');
  return load;
}

/** Memoizes a loader so every page shares one kit (one set of compiled validators). */
export function once(load: FormKitLoader): FormKitLoader {
  let kit: Promise<FormKit> | undefined;
  return () => {
    kit ??= load().catch((err: unknown) => {
      kit = undefined; // a failed chunk download can be retried
      throw err;
    });
    return kit;
  };
}

import { createContext, useContext, type ReactNode } from 'react';
import type { DesignerApi } from './designerApi.ts';

const Context = createContext<DesignerApi | null>(null);

export function DesignerApiProvider({ api, children }: { api: DesignerApi; children: ReactNode }) {
  return <Context.Provider value={api}>{children}</Context.Provider>;
}

export function useDesignerApi(): DesignerApi {
  const api = useContext(Context);
  if (!api) throw new Error('useDesignerApi outside <DesignerApiProvider>');
  return api;
}

import type { ReportDefinition, ReportResult } from '@formloom/schemas';
import { useEffect, useState } from 'react';
import { useApi } from '../../../api/ApiContext.tsx';
import { queryReport } from '../../../api/reports.ts';

/** Wait this long after the last change before asking the server: a person clicking through controls sends one query. */
export const PREVIEW_DELAY_MS = 400;

/** A result with the definition that produced it (the chart must draw the two together, not a newer definition). */
export interface Shown {
  definition: ReportDefinition;
  result: ReportResult;
}

export type PreviewState =
  { status: 'loading'; shown: Shown | null } | { status: 'ok'; shown: Shown } | { status: 'error'; error: unknown; shown: Shown | null };

/**
 * The live preview: runs the definition through POST /api/reports/query a moment after it stops
 * changing. The last good result stays on screen while the next one loads or when it is refused, so
 * the chart does not flash away at every click.
 */
export function usePreview(definition: ReportDefinition): PreviewState {
  const api = useApi();
  const [state, setState] = useState<PreviewState>({ status: 'loading', shown: null });
  const key = JSON.stringify(definition);

  useEffect(() => {
    let live = true;
    setState((s) => ({ status: 'loading', shown: s.shown }));
    const timer = setTimeout(() => {
      const definition = JSON.parse(key) as ReportDefinition;
      queryReport(api, definition).then(
        (result) => live && setState({ status: 'ok', shown: { definition, result } }),
        (error: unknown) => live && setState((s) => ({ status: 'error', error, shown: s.shown })),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, key]);

  return state;
}

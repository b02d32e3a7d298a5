/** The lazily loaded ECharts kit (its own chunk); the promise is shared, so it is fetched once. */
export type EChartsKit = typeof import('./echartsKit.ts');

let kit: Promise<EChartsKit> | null = null;

export function loadECharts(): Promise<EChartsKit> {
  kit ??= import('./echartsKit.ts').catch((error: unknown) => {
    kit = null; // a failed chunk download (offline) may succeed later
    throw error;
  });
  return kit;
}

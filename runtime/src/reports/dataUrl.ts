/** A `data:` URL (canvas.toDataURL, ECharts getDataURL) as a Blob to download or upload. */
export function dataUrlToBlob(url: string): Blob {
  const [head = '', data = ''] = url.split(',');
  const type = /^data:([^;,]+)/.exec(head)?.[1] ?? 'application/octet-stream';
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type });
}

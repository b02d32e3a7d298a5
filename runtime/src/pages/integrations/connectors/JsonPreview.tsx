/** A request body as the connector would send it, indented. */
export function JsonPreview({ label, value, testId }: { label: string; value: unknown; testId?: string }) {
  return (
    <>
      <p className="fl-int-preview__label">{label}</p>
      <pre className="fl-int-pre" data-testid={testId}>
        {JSON.stringify(value, null, 2)}
      </pre>
    </>
  );
}

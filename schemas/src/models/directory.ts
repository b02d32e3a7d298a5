// zod models for the directory API (filled in by its work).
export {};

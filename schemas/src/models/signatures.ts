// Owned by the signatures work of issue 9; filled in by it.
export {};

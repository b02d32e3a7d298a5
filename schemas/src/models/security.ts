// Owned by the security work of issue 9; filled in by it.
export {};

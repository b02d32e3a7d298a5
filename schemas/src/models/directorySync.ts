// Owned by the directorySync work of issue 9; filled in by it.
export {};

// Public surface of src/export/. Re-export by name.
export {};

// Public surface of src/blocks/. Re-export by name.
export {};

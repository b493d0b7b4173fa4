// Public surface of src/reward/. Re-export by name.
export {};

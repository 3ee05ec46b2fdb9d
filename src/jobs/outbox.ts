// The outbox's rows and their SQL live in src/store/outbox-repo.ts (all SQL is in src/store);
// the jobs code and the features import them from here.
export * from '../store/outbox-repo.ts';

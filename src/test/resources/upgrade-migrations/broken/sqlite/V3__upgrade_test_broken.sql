-- Test-only (system property portico.test.migrations): a schema 3 that fails on every engine.
ALTER TABLE no_such_table ADD COLUMN upgrade_test_note TEXT;

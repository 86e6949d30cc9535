-- Test-only (system property portico.test.migrations): a schema 3 that adds a column and a table, so an
-- upgrade from schema 2 has a pending migration and runs with maintenance mode.
ALTER TABLE user_account ADD COLUMN upgrade_test_note VARCHAR(50);
CREATE TABLE upgrade_test_marker (id INTEGER NOT NULL PRIMARY KEY, label VARCHAR(50) NOT NULL);
INSERT INTO upgrade_test_marker (id, label) VALUES (1, 'schema 3');

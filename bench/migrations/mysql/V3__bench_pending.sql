-- Benchmark only (bench/upgrade.sh, through the test-only system property portico.test.migrations): the one
-- pending migration of the upgrade benchmark, with work that grows with the rows: a column with a default
-- on the user table and an index over every lookup.
ALTER TABLE user_account ADD COLUMN bench_flag INT NOT NULL DEFAULT 0;
CREATE INDEX bench_lookup_name_created ON lookup (name, created_at);

package dev.portico.http;

import dev.portico.config.DatabaseEngine;

/** The database service API over a SQLITE shop database. */
class SqliteServiceApiTest extends DatabaseServiceContract {
    @Override
    DatabaseEngine engine() {
        return DatabaseEngine.SQLITE;
    }
}

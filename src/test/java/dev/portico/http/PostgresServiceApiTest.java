package dev.portico.http;

import dev.portico.config.DatabaseEngine;

/** The database service API over a POSTGRESQL shop database. */
class PostgresServiceApiTest extends DatabaseServiceContract {
    @Override
    DatabaseEngine engine() {
        return DatabaseEngine.POSTGRESQL;
    }
}

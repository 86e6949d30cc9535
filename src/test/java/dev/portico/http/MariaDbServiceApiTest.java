package dev.portico.http;

import dev.portico.config.DatabaseEngine;

/** The database service API over a MYSQL shop database. */
class MariaDbServiceApiTest extends DatabaseServiceContract {
    @Override
    DatabaseEngine engine() {
        return DatabaseEngine.MYSQL;
    }
}

package dev.portico.systemdb;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the system database's schema holds, as emptying it must see it: the tables, and what else Flyway
 * or a restore would trip over (PostgreSQL: views, materialized views, sequences no column owns,
 * functions, procedures, types and domains; MySQL/MariaDB: views, sequences, stored routines; SQLite:
 * views), with the triggers on them named too, though they go with their table. Objects an extension
 * installed are left out, and so are other schemas. Reads only; stateless.
 */
public final class SchemaContents {
    /** Objects as an operator reads them in a message: "view public.v, function public.f()". */
    public static String names(List<SchemaObject> objects) {
        return objects.stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    /**
     * One object: its kind ("table", "view", "function" …), its name as the engine shows it, and the statement
     * that drops it (null for a trigger: it goes with its table or view).
     */
    public record SchemaObject(String kind, String name, String drop) {
        public boolean table() {
            return kind.equals("table");
        }

        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    /** The objects of the schema, and those of other schemas that depend on them (PostgreSQL). */
    public record Contents(List<SchemaObject> objects, List<String> dependentsElsewhere) {
        public Contents {
            objects = List.copyOf(objects);
            dependentsElsewhere = List.copyOf(dependentsElsewhere);
        }

        /** Everything but the tables: what Portico's migrations never make, named for the operator. */
        public List<SchemaObject> handMade() {
            return objects.stream().filter(object -> !object.table()).toList();
        }

        /** "" when there is none, else "; besides the tables, what Portico does not make: view public.v, …". */
        public String describeHandMade() {
            List<SchemaObject> handMade = handMade();
            return handMade.isEmpty() ? "" : "; besides the tables, what Portico does not make: " + names(handMade);
        }

        /**
         * Refuses (exit 4) when emptying the schema would reach into other schemas; {@code command} is what to
         * run again once they are dealt with (null: the command that was refused).
         */
        public void requireNoDependentsElsewhere(String database, String command) {
            if (!dependentsElsewhere.isEmpty()) {
                throw new PorticoException(ErrorCode.REFUSED, "Objects of other schemas depend on the schema of the "
                        + database + ": " + String.join(", ", dependentsElsewhere) + ". Emptying that schema (as "
                        + "migrate:fresh, migrate:reset and a rollback across schema versions do) would drop them too, "
                        + "and Portico does not change other schemas. Drop them or make them independent of Portico's "
                        + "objects, then run " + (command == null ? "the command" : "`" + command + "`")
                        + " again; nothing was changed.");
            }
        }
    }

    private static final String POSTGRES_OBJECTS = """
            SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
                       WHEN 'f' THEN 'foreign table' ELSE 'table' END,
                   format('%I.%I', n.nspname, c.relname),
                   format('DROP %s IF EXISTS %I.%I CASCADE', CASE c.relkind WHEN 'v' THEN 'VIEW'
                       WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE'
                       ELSE 'TABLE' END, n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND NOT c.relispartition
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                              AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
            UNION ALL
            SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
                   format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
                   format('DROP ROUTINE IF EXISTS %I.%I(%s) CASCADE', n.nspname, p.proname,
                       pg_get_function_identity_arguments(p.oid))
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = current_schema()
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                              AND d.deptype IN ('e', 'i'))
            UNION ALL
            SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'e' THEN 'enum type' WHEN 'r' THEN 'range type'
                       WHEN 'c' THEN 'composite type' ELSE 'type' END,
                   format('%I.%I', n.nspname, t.typname),
                   format('DROP %s IF EXISTS %I.%I CASCADE', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
                       n.nspname, t.typname)
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = current_schema() AND t.typtype <> 'p'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                              AND d.deptype IN ('e', 'i'))
            UNION ALL
            SELECT 'trigger', format('%I on %I.%I', g.tgname, n.nspname, c.relname), NULL
            FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND NOT g.tgisinternal
            ORDER BY 1, 2""";

    /** Objects of other schemas that a drop with CASCADE in this one would take along. */
    private static final String POSTGRES_DEPENDENTS_ELSEWHERE = """
            WITH ours AS (
                SELECT 'pg_class'::regclass AS classid, oid FROM pg_class WHERE relnamespace = current_schema()::regnamespace
                UNION ALL SELECT 'pg_proc'::regclass, oid FROM pg_proc WHERE pronamespace = current_schema()::regnamespace
                UNION ALL SELECT 'pg_type'::regclass, oid FROM pg_type WHERE typnamespace = current_schema()::regnamespace
            ), dependents AS (
                SELECT CASE WHEN d.classid = 'pg_rewrite'::regclass THEN 'pg_class'::regclass ELSE d.classid END AS classid,
                       CASE WHEN d.classid = 'pg_rewrite'::regclass
                           THEN (SELECT ev_class FROM pg_rewrite WHERE oid = d.objid) ELSE d.objid END AS objid,
                       CASE WHEN d.classid = 'pg_rewrite'::regclass THEN 0 ELSE d.objsubid END AS objsubid,
                       CASE d.classid
                           WHEN 'pg_class'::regclass THEN (SELECT relnamespace FROM pg_class WHERE oid = d.objid)
                           WHEN 'pg_rewrite'::regclass THEN (SELECT c.relnamespace FROM pg_rewrite r
                               JOIN pg_class c ON c.oid = r.ev_class WHERE r.oid = d.objid)
                           WHEN 'pg_trigger'::regclass THEN (SELECT c.relnamespace FROM pg_trigger t
                               JOIN pg_class c ON c.oid = t.tgrelid WHERE t.oid = d.objid)
                           WHEN 'pg_constraint'::regclass THEN (SELECT connamespace FROM pg_constraint WHERE oid = d.objid)
                           WHEN 'pg_attrdef'::regclass THEN (SELECT c.relnamespace FROM pg_attrdef a
                               JOIN pg_class c ON c.oid = a.adrelid WHERE a.oid = d.objid)
                           WHEN 'pg_policy'::regclass THEN (SELECT c.relnamespace FROM pg_policy p
                               JOIN pg_class c ON c.oid = p.polrelid WHERE p.oid = d.objid)
                           WHEN 'pg_proc'::regclass THEN (SELECT pronamespace FROM pg_proc WHERE oid = d.objid)
                           WHEN 'pg_type'::regclass THEN (SELECT typnamespace FROM pg_type WHERE oid = d.objid)
                       END AS namespace
                FROM pg_depend d JOIN ours o ON o.classid = d.refclassid AND o.oid = d.refobjid
                WHERE d.deptype IN ('n', 'a')
            )
            SELECT DISTINCT pg_describe_object(classid, objid, objsubid) FROM dependents
            WHERE namespace IS NOT NULL AND namespace <> current_schema()::regnamespace
            ORDER BY 1""";

    private static final String MYSQL_OBJECTS = """
            SELECT CASE TABLE_TYPE WHEN 'VIEW' THEN 'view' WHEN 'SEQUENCE' THEN 'sequence' ELSE 'table' END,
                   TABLE_NAME, CASE TABLE_TYPE WHEN 'VIEW' THEN 'VIEW' WHEN 'SEQUENCE' THEN 'SEQUENCE' ELSE 'TABLE' END
            FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()
              AND TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SEQUENCE')
            UNION ALL
            SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES
            WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_TYPE IN ('PROCEDURE', 'FUNCTION')
            UNION ALL
            SELECT 'trigger', CONCAT(TRIGGER_NAME, ' on ', EVENT_OBJECT_TABLE), NULL FROM information_schema.TRIGGERS
            WHERE TRIGGER_SCHEMA = DATABASE()
            ORDER BY 1, 2""";

    private static final String SQLITE_OBJECTS = """
            SELECT type, CASE type WHEN 'trigger' THEN name || ' on ' || tbl_name ELSE name END, upper(type) FROM sqlite_master
            WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            ORDER BY 1, 2""";

    private SchemaContents() {
    }

    /** {@link #list} and {@link #dependentsElsewhere} together. */
    public static Contents read(Connection connection, DatabaseEngine engine) throws SQLException {
        return new Contents(list(connection, engine), dependentsElsewhere(connection, engine));
    }

    /** Everything in the schema: the tables first, then the other objects, each kind by name. */
    public static List<SchemaObject> list(Connection connection, DatabaseEngine engine) throws SQLException {
        List<SchemaObject> objects = new ArrayList<>();
        String sql = switch (engine) {
            case POSTGRESQL -> POSTGRES_OBJECTS;
            case MYSQL -> MYSQL_OBJECTS;
            case SQLITE -> SQLITE_OBJECTS;
        };
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String kind = rows.getString(1);
                String name = rows.getString(2);
                String drop = rows.getString(3); // MySQL, SQLite: the kind's keyword
                if (kind.equals("trigger")) {
                    drop = null;
                } else if (engine != DatabaseEngine.POSTGRESQL) {
                    drop = "DROP " + drop + " IF EXISTS " + quote(engine, name);
                }
                objects.add(new SchemaObject(kind, name, drop));
            }
        }
        objects.sort(Comparator.comparing((SchemaObject object) -> !object.table()));
        return objects;
    }

    /**
     * PostgreSQL: the objects of other schemas that depend on this schema's (a view over one of its tables, a
     * foreign key into it, a trigger calling one of its functions): dropping with CASCADE would take them
     * along. Empty on the other engines, whose drops never reach beyond the database.
     */
    public static List<String> dependentsElsewhere(Connection connection, DatabaseEngine engine) throws SQLException {
        List<String> dependents = new ArrayList<>();
        if (engine != DatabaseEngine.POSTGRESQL) {
            return dependents;
        }
        try (PreparedStatement statement = connection.prepareStatement(POSTGRES_DEPENDENTS_ELSEWHERE);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                dependents.add(rows.getString(1));
            }
        }
        return dependents;
    }

    private static String quote(DatabaseEngine engine, String name) {
        String quote = engine == DatabaseEngine.MYSQL ? "`" : "\"";
        return quote + name.replace(quote, quote + quote) + quote;
    }
}

package dev.portico.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.SecretBox;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds every sealed secret in the database, in any text column or inside a JSON text (service
 * config members, lookup values, anything sealed with {@link SecretBox}), and opens each with
 * APP_KEY, streaming every table. Reports where a secret fails, never its value. Not thread-safe.
 */
final class SecretScan {
    /** A secret that does not open: its table and where it is ("service id 4 config.password"). */
    record Problem(String table, String where) {
    }

    /** How many sealed secrets there are, and those that fail. */
    record Result(long sealed, List<Problem> problems) {
        List<String> in(String table) {
            return problems.stream().filter(p -> p.table().equals(table)).map(Problem::where).toList();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The shape of any envelope version, so that an unknown version or a damaged one is reported too. */
    private static final Pattern ENVELOPE = Pattern.compile("pv[0-9]+:[0-9a-f]{12}:.*", Pattern.DOTALL);

    private final Connection connection;
    private final DatabaseEngine engine;
    private final AppKey key;
    private final SecretBox box;
    private long sealed;
    private final List<Problem> problems = new ArrayList<>();

    SecretScan(Connection connection, DatabaseEngine engine, AppKey key) {
        this.connection = connection;
        this.engine = engine;
        this.key = key;
        this.box = new SecretBox(key);
    }

    Result scan(List<TableSchema> tables) throws SQLException {
        for (TableSchema table : tables) {
            List<String> text = table.columns().stream().filter(c -> c.type() == ColumnType.TEXT)
                    .map(BackupManifest.Column::name).toList();
            if (!text.isEmpty() && table.columns().stream().anyMatch(c -> c.name().equals("id"))) {
                scan(table.name(), text);
            }
        }
        return new Result(sealed, List.copyOf(problems));
    }

    private void scan(String table, List<String> columns) throws SQLException {
        String sql = "SELECT id, " + columns.stream().map(c -> TargetTables.quote(engine, c)).collect(Collectors.joining(", "))
                + " FROM " + TargetTables.quote(engine, table) + " ORDER BY id";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(500);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        inspect(table, table + " id " + rows.getLong(1) + " " + columns.get(i), rows.getString(i + 2));
                    }
                }
            }
        }
    }

    private void inspect(String table, String where, String value) {
        if (value == null) {
            return;
        }
        if (ENVELOPE.matcher(value).matches()) {
            open(table, where, value);
        } else if (value.startsWith("{") || value.startsWith("[")) {
            try {
                members(table, where, JSON.readTree(value));
            } catch (IOException notJson) {
                // free text that happens to start with a brace holds no sealed members
            }
        }
    }

    private void members(String table, String where, JsonNode node) {
        if (node.isTextual()) {
            inspect(table, where, node.asText());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                members(table, where + "." + field.getKey(), field.getValue());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                members(table, where + "[" + i + "]", node.get(i));
            }
        }
    }

    private void open(String table, String where, String value) {
        sealed++;
        try {
            String with = SecretBox.sealedWith(value);
            if (!with.equals(key.fingerprint())) {
                problems.add(new Problem(table, where + " is sealed with key " + with + ", not APP_KEY " + key.fingerprint()));
                return;
            }
            box.open(value);
        } catch (PorticoException e) {
            problems.add(new Problem(table, where + " does not open (damaged, altered, or not a sealed secret)"));
        }
    }
}

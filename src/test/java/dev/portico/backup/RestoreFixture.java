package dev.portico.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.testing.TestInstance;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Helpers for restore tests: archives with a planted failure, and looking at a target. */
final class RestoreFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RestoreFixture() {
    }

    /**
     * Copies {@code archive} with the last row of the last non-empty table duplicated, the manifest's
     * row count and SHA-256 updated to match: every check passes, and the load fails on a duplicate id
     * after the earlier tables are in.
     */
    static Path withDuplicateRow(Path archive, Path out) throws Exception {
        return rewrite(archive, out, manifest -> { }, null, data -> {
            String[] lines = data.split("\n");
            return data + lines[lines.length - 1] + "\n";
        }, 1);
    }

    /** Copies {@code archive} with its manifest claiming schema {@code version}. */
    static Path withSchemaVersion(Path archive, Path out, int version) throws Exception {
        return rewrite(archive, out, manifest -> manifest.put("schema_version", version), null, data -> data, 0);
    }

    /**
     * Copies {@code archive} with the last user's {@code created_by_id} pointing at a user that is not in
     * it, the manifest's SHA-256 updated to match: every check before the load passes.
     */
    static Path withOrphan(Path archive, Path out) throws Exception {
        int column = 0;
        for (JsonNode table : BackupFixture.manifest(archive).get("tables")) {
            if (table.get("name").asText().equals("user_account")) {
                for (int i = 0; i < table.get("columns").size(); i++) {
                    column = table.get("columns").get(i).get("name").asText().equals("created_by_id") ? i : column;
                }
            }
        }
        int index = column;
        return rewrite(archive, out, manifest -> { }, "user_account", data -> {
            String[] lines = data.split("\n");
            try {
                com.fasterxml.jackson.databind.node.ArrayNode row =
                        (com.fasterxml.jackson.databind.node.ArrayNode) JSON.readTree(lines[lines.length - 1]);
                row.set(index, JSON.getNodeFactory().numberNode(987_654_321L));
                lines[lines.length - 1] = JSON.writeValueAsString(row);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return String.join("\n", lines) + "\n";
        }, 0);
    }

    /**
     * Copies {@code archive} with one more user: the last user's row again under a new id, so only its unique
     * email and username repeat; the manifest's row count and SHA-256 updated to match, so every check passes.
     */
    static Path withDuplicateUniqueKey(Path archive, Path out) throws Exception {
        return rewrite(archive, out, manifest -> { }, "user_account", data -> {
            String[] lines = data.split("\n");
            try {
                com.fasterxml.jackson.databind.node.ArrayNode row =
                        (com.fasterxml.jackson.databind.node.ArrayNode) JSON.readTree(lines[lines.length - 1]);
                row.set(0, JSON.getNodeFactory().numberNode(987_654_321L)); // id is the first column
                return data + JSON.writeValueAsString(row) + "\n";
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, 1);
    }

    /** {@code table}: the data file to edit with {@code data} (null: the last non-empty table's). */
    private static Path rewrite(Path archive, Path out, java.util.function.Consumer<ObjectNode> edit, String table,
                                java.util.function.UnaryOperator<String> data, int addedRows) throws Exception {
        ObjectNode manifest = (ObjectNode) BackupFixture.manifest(archive);
        edit.accept(manifest);
        ObjectNode victim = null;
        for (JsonNode entry : manifest.get("tables")) {
            if (table == null ? entry.get("rows").asLong() > 0 : entry.get("name").asText().equals(table)) {
                victim = (ObjectNode) entry;
            }
        }
        String file = victim.get("file").asText();
        String changed = data.apply(BackupFixture.entry(archive, file));
        byte[] bytes = changed.getBytes(StandardCharsets.UTF_8);
        victim.put("rows", victim.get("rows").asLong() + addedRows);
        victim.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        try (ZipFile zip = new ZipFile(archive.toFile());
             ZipOutputStream zipOut = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry entry : zip.stream().toList()) {
                zipOut.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(file)) {
                    zipOut.write(bytes);
                } else if (entry.getName().equals("manifest.json")) {
                    zipOut.write(JSON.writeValueAsBytes(manifest));
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        in.transferTo(zipOut);
                    }
                }
                zipOut.closeEntry();
            }
        }
        return out;
    }

    /** Every table of the target with its row count (empty map: no tables at all). */
    static Map<String, Long> tables(TestInstance instance) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (instance.database().engine() == dev.portico.config.DatabaseEngine.SQLITE
                && !Files.exists(instance.database().sqliteFile())) {
            return counts; // not even a file was created
        }
        try (Connection connection = instance.database().connect()) {
            Set<String> names = TargetTables.list(connection, instance.database().engine());
            try (Statement statement = connection.createStatement()) {
                for (String name : names) {
                    try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM "
                            + TargetTables.quote(instance.database().engine(), name))) {
                        rows.next();
                        counts.put(name, rows.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    /** table name → SHA-256 of its data file, from an archive's manifest. */
    static Map<String, String> hashes(Path archive) throws Exception {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (JsonNode table : BackupFixture.manifest(archive).get("tables")) {
            hashes.put(table.get("name").asText(), table.get("sha256").asText() + " / " + table.get("rows").asLong());
        }
        return hashes;
    }

    static String single(TestInstance instance, String sql) throws Exception {
        try (Connection connection = instance.database().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}

package dev.portico.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Merges the live rows of a table, pushed one NDJSON line at a time in id order, with the archived
 * rows, read one line at a time from the data file in the same order; notes the rows missing, added
 * and changed (by id, label and column names, never values). Holds one row of each side. Not thread-safe.
 */
final class RowMerge {
    static final int SHOWN = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LABELS = List.of("email", "name", "path");

    private final BufferedReader archive;
    private final List<BackupManifest.Column> columns;
    private final int id;
    private final int label;
    private final Set<String> ignored;
    private final List<String> differences = new ArrayList<>();
    private String current;
    private long differing;

    /** {@code ignored}: columns whose differences do not count (set by a forward migration). */
    RowMerge(BufferedReader archive, List<BackupManifest.Column> columns, Set<String> ignored)
            throws IOException {
        this.archive = archive;
        this.columns = columns;
        this.ignored = ignored;
        this.id = indexOf("id");
        this.label = LABELS.stream().mapToInt(this::indexOf).filter(index -> index >= 0).findFirst().orElse(-1);
        this.current = archive.readLine();
    }

    /** The next live row. */
    void live(String line) throws IOException {
        while (true) {
            if (current == null) {
                note(parse(line), "not in the archive");
                return;
            }
            if (current.equals(line)) {
                current = archive.readLine();
                return;
            }
            JsonNode liveRow = parse(line);
            JsonNode archiveRow = parse(current);
            long liveId = liveRow.get(id).asLong();
            long archiveId = archiveRow.get(id).asLong();
            if (archiveId < liveId) {
                note(archiveRow, "missing");
                current = archive.readLine();
            } else if (archiveId > liveId) {
                note(liveRow, "not in the archive");
                return;
            } else {
                String changed = changedColumns(liveRow, archiveRow);
                if (!changed.isEmpty()) {
                    note(liveRow, "changed (" + changed + ")");
                }
                current = archive.readLine();
                return;
            }
        }
    }

    /** After the last live row: every archived row left is missing. */
    void finish() throws IOException {
        for (; current != null; current = archive.readLine()) {
            note(parse(current), "missing");
        }
    }

    List<String> differences() {
        return differences;
    }

    long differing() {
        return differing;
    }

    private void note(JsonNode row, String what) {
        differing++;
        if (differences.size() < SHOWN) {
            JsonNode name = label < 0 ? null : row.get(label);
            differences.add("id " + row.get(id).asText() + (name == null || name.isNull() ? "" : " <" + name.asText() + ">")
                    + " " + what);
        }
    }

    private String changedColumns(JsonNode live, JsonNode archived) {
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!live.get(i).equals(archived.get(i)) && !ignored.contains(columns.get(i).name())) {
                changed.add(columns.get(i).name());
            }
        }
        return String.join(", ", changed);
    }

    private int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode parse(String line) throws IOException {
        return JSON.readTree(line);
    }
}

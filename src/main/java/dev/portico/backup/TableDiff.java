package dev.portico.backup;

import java.util.List;

/**
 * How one live table compares with its archived copy: row counts, the SHA-256 of its data as
 * {@code backup} would write it, and the first differing rows ({@code differences}, at most a few;
 * {@code differing} counts them all). {@code problem} is set when the two cannot be compared row by
 * row (a table or column missing on one side). Immutable.
 */
record TableDiff(String table, long liveRows, long archiveRows, String liveSha256, String archiveSha256,
                 String problem, List<String> differences, long differing) {
    TableDiff {
        differences = List.copyOf(differences);
    }

    boolean equal() {
        return problem == null && differing == 0 && liveRows == archiveRows && liveSha256.equals(archiveSha256);
    }

    /** What differs, for a check's detail: the problem, or the rows named, or the checksum. */
    String describe() {
        if (problem != null) {
            return table + ": " + problem;
        }
        if (differing > 0) {
            return table + ": " + String.join(", ", differences)
                    + (differing > differences.size() ? " and " + (differing - differences.size()) + " more rows" : "");
        }
        return table + ": " + liveRows + " rows (archive " + archiveRows + "), SHA-256 " + liveSha256
                + " (archive " + archiveSha256 + ")";
    }
}

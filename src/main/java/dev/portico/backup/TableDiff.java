package dev.portico.backup;

import java.util.List;

/**
 * How one live table compares with its archived copy: row counts, the SHA-256 of its data as
 * {@code backup} would write it, and the first differing rows ({@code differences}, at most a few;
 * {@code differing} counts them all). {@code problem} is set when the two cannot be compared row by
 * row (a table or column missing on one side); {@code note} says what was left out of the comparison
 * after a forward migration ({@code ignoring} columns set by it, columns added since). Immutable.
 */
record TableDiff(String table, long liveRows, long archiveRows, String liveSha256, String archiveSha256,
                 String problem, List<String> differences, long differing, String note, boolean ignoring) {
    TableDiff {
        differences = List.copyOf(differences);
    }

    /** Equal row for row; the SHA-256 must match too unless columns were ignored. */
    boolean equal() {
        return problem == null && differing == 0 && liveRows == archiveRows
                && (ignoring || liveSha256.equals(archiveSha256));
    }

    /** The detail of an equal table. */
    String describeEqual() {
        return liveRows + " rows" + (liveSha256.equals(archiveSha256) ? ", SHA-256 equal to the archive's ("
                + liveSha256.substring(0, 12) + "…)" : ", equal to the archive row by row") + (note == null ? "" : "; " + note);
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

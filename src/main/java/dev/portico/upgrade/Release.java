package dev.portico.upgrade;

import java.util.List;

/**
 * One Portico release in the catalogue: its version, the schema version its migrations end at, the
 * oldest Java it runs on, whether an upgrade may pass over it ({@code upgradeStop}: it may not), and
 * the breaking changes it brings. Validated by {@link ReleaseCatalogue}. Immutable.
 */
public record Release(String version, Integer schema, Integer minJava, Boolean upgradeStop, String notes,
                      List<BreakingChange> breaking) {
    public Release {
        breaking = breaking == null ? List.of() : List.copyOf(breaking);
        notes = notes == null ? "" : notes.strip();
    }

    public boolean stop() {
        return Boolean.TRUE.equals(upgradeStop);
    }
}

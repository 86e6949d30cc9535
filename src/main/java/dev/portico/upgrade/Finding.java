package dev.portico.upgrade;

import dev.portico.backup.Check;
import java.io.IOException;
import java.util.Optional;

/** One row of {@code doctor} and, when the problem has one, its safe repair. Immutable. */
public record Finding(Check check, Optional<Repair> repair) {
    /** A repair that touches no data, key or migration: what it does, and doing it (returning what it did). */
    public record Repair(String what, Action action) {
    }

    /** The work of a repair; returns one line saying what was done. */
    @FunctionalInterface
    public interface Action {
        String run() throws IOException;
    }

    static Finding of(Check check) {
        return new Finding(check, Optional.empty());
    }

    static Finding repairable(Check check, String what, Action action) {
        return new Finding(check, Optional.of(new Repair(what, action)));
    }
}

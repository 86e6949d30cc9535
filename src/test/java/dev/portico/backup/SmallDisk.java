package dev.portico.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system for tests that need a full disk: a tmpfs of a given size mounted on a
 * temporary folder (tests run as root), unmounted on close. Fails loudly when mounting is not allowed.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    public static SmallDisk mount(Path folder, int megabytes) throws Exception {
        Path mountPoint = Files.createDirectories(folder);
        run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", mountPoint.toString());
        return new SmallDisk(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    /** Writes zeros into {@code file} until the disk is full (ENOSPC). */
    static void fill(Path file) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw new AssertionError("filling " + file + " failed otherwise: " + full, full);
            }
        }
        byte[] small = new byte[512];
        try (OutputStream out = Files.newOutputStream(file.resolveSibling(file.getFileName() + ".tail"))) {
            while (true) {
                out.write(small);
                out.flush();
            }
        } catch (IOException full) {
            // the last few blocks too
        }
    }

    @Override
    public void close() throws Exception {
        run("umount", "-l", mountPoint.toString());
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + output.strip() + "): the full-disk tests "
                    + "need root and tmpfs mounts, as on the CI machine.");
        }
    }
}

package dev.portico.upgrade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DotenvFile;
import dev.portico.crypto.AppKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The rollback points in an instance's backups folder: each a {@code <archive>.rollback.json} record
 * beside its archive and its {@code <archive>.env} copy (mode 600). Records them for {@code upgrade},
 * lists and finds them for {@code rollback}. Stateless apart from the folder; one writer at a time.
 */
public final class RollbackPoints {
    static final String RECORD_SUFFIX = ".rollback.json";
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path folder;

    public RollbackPoints(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /**
     * Records {@code archive} (already verified), whose file hashes to {@code sha256}, as a rollback point:
     * copies {@code envFile}, when there is one, beside it (mode 600, it holds APP_KEY), then writes the
     * record, which appears only complete. Both are synced to disk, as the archive is: the point must outlive a
     * crash during the migrations.
     */
    RollbackPoint record(Path archive, String sha256, Instant at, String fromVersion, int fromSchema, String toVersion,
                         int toSchema, Path envFile, boolean wasDown) {
        String base = archive.getFileName().toString().replaceFirst("\\.zip$", "");
        try {
            String envCopy = null;
            if (Files.isRegularFile(envFile)) {
                envCopy = base + ".env";
                Path copy = folder.resolve(envCopy);
                Files.deleteIfExists(copy);
                Files.createFile(copy, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                writeSynced(copy, Files.readAllBytes(envFile));
            }
            RollbackPoint point = new RollbackPoint(ID.format(at), at.toString(), fromVersion, fromSchema, toVersion,
                    toSchema, archive.getFileName().toString(), envCopy, sha256, wasDown);
            Path record = folder.resolve(base + RECORD_SUFFIX);
            Path temporary = Files.createTempFile(folder, ".rollback", ".tmp");
            writeSynced(temporary, JSON.writeValueAsBytes(point));
            try {
                Files.move(temporary, record, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, record);
            }
            syncFolder();
            return point;
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot record the rollback point beside " + archive + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "). Check that " + folder
                    + " is writable by this user.", e);
        }
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private void syncFolder() {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // some file systems cannot sync a folder; the files themselves are on disk
        }
    }

    /** Every readable point, oldest first. */
    public List<RollbackPoint> list() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<RollbackPoint> points = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(RECORD_SUFFIX)).toList()) {
                points.add(read(file));
            }
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot list the rollback points in " + folder + " ("
                    + e.getMessage() + ").", e);
        }
        points.sort(Comparator.comparing(RollbackPoint::createdAt).thenComparing(RollbackPoint::id));
        return points;
    }

    /** The point named {@code id}, or the latest; none → an error saying what exists. */
    public RollbackPoint find(Optional<String> id) {
        List<RollbackPoint> points = list();
        if (points.isEmpty()) {
            throw new PorticoException(ErrorCode.NOT_FOUND, "There is no rollback point in " + folder + ": `portico "
                    + "upgrade` records one before it changes anything. Nothing was changed.");
        }
        if (id.isEmpty()) {
            return points.get(points.size() - 1);
        }
        return points.stream().filter(point -> point.id().equals(id.get())).reduce((first, later) -> later)
                .orElseThrow(() -> new PorticoException(ErrorCode.BAD_REQUEST, "There is no rollback point '" + id.get()
                        + "'. `portico rollback --list` shows them: " + String.join(", ",
                        points.stream().map(RollbackPoint::id).toList()) + ". Nothing was changed."));
    }

    /** The point's own files besides its archive: the record and the copy of .env. */
    public List<Path> companions(RollbackPoint point) {
        List<Path> files = new ArrayList<>();
        files.add(folder.resolve(point.archive().replaceFirst("\\.zip$", "") + RECORD_SUFFIX));
        envCopy(point).ifPresent(files::add);
        return files;
    }

    public Path archive(RollbackPoint point) {
        return folder.resolve(point.archive());
    }

    public Optional<Path> envCopy(RollbackPoint point) {
        return Optional.ofNullable(point.envCopy()).map(folder::resolve);
    }

    /** The APP_KEY in the point's copy of .env, when it has one. */
    public Optional<AppKey> envKey(RollbackPoint point) {
        return envCopy(point).filter(Files::isRegularFile).map(DotenvFile::read)
                .map(values -> values.get("APP_KEY")).filter(value -> !value.isBlank()).map(AppKey::parse);
    }

    static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot read " + file + " (" + e.getMessage() + ").", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private RollbackPoint read(Path file) {
        try {
            return JSON.readValue(file.toFile(), RollbackPoint.class);
        } catch (IOException | RuntimeException e) {
            throw new PorticoException(ErrorCode.FAILED, "The rollback point record " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "). Move it away if it is not Portico's; nothing was changed.", e);
        }
    }
}

package io.github.stem4d.lock.internal;

import io.github.stem4d.lock.LockConfigurationException;
import io.github.stem4d.lock.LockDeniedException;
import io.github.stem4d.lock.LockException;
import io.github.stem4d.lock.LockHolder;
import io.github.stem4d.lock.LockHolder.Liveness;
import io.github.stem4d.lock.LockOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The protocol of the file lock for one record path R and its guard G = R + ".guard".
 *
 * <p>Acquire: reject links, directories and FIFOs; enter the JVM-wide registry; lock G with
 * {@link FileChannel#tryLock()}; judge any existing R; publish a new R by hard link so that an
 * exclusive-create writer such as the original Python tool cannot be overwritten. Instances are
 * cheap, immutable and thread-safe.
 */
final class FileLockEngine {

    private static final System.Logger LOG = System.getLogger(FileLockEngine.class.getName());

    /** Records larger than this are treated as unreadable without being read. */
    static final int MAX_RECORD_BYTES = 1 << 20;
    /**
     * An empty record younger than this may be an exclusive-create writer between its create and
     * its write, so it is not judged dead.
     */
    static final Duration EMPTY_RECORD_GRACE = Duration.ofSeconds(2);

    private static final String REGISTRY_PREFIX = "io.github.stem4d.lock.registry:";
    private static final String PROBE_MARKER = "probe:";
    private static final Set<String> UNRELIABLE_FILE_SYSTEMS = Set.of(
            "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse", "fuseblk", "9p", "afs", "ncpfs",
            "sshfs", "vboxsf", "vmhgfs", "davfs", "glusterfs");
    /** Directories already reported as unreliable, so the warning appears once per JVM and directory. */
    private static final Set<Path> WARNED_DIRECTORIES = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final LockOptions options;
    private final Path record;
    private final Path guard;
    private final Path directory;
    private final String registryKey;
    private final String fileSystemType;
    private final boolean degraded;

    private FileLockEngine(LockOptions options, Path directory, String fileSystemType, boolean degraded) {
        this.options = options;
        this.directory = directory;
        this.record = directory.resolve(options.path().getFileName().toString());
        this.guard = directory.resolve(options.path().getFileName() + ".guard");
        this.registryKey = REGISTRY_PREFIX + record;
        this.fileSystemType = fileSystemType;
        this.degraded = degraded;
    }

    /**
     * Resolves the directory of the record to its real path and checks its file system.
     *
     * @throws LockConfigurationException if the directory is missing or not a directory, or OS
     *     locks are unreliable there and degraded mode is not allowed
     */
    static FileLockEngine resolve(LockOptions options) {
        return resolve(options, FileLockEngine::fileSystemType);
    }

    /** Resolves like {@link #resolve(LockOptions)} with the file system type given by {@code typeOf}; for tests. */
    static FileLockEngine resolve(LockOptions options, java.util.function.Function<Path, String> typeOf) {
        Path requested = options.path().toAbsolutePath().normalize();
        Path parent = requested.getParent();
        Path realDirectory;
        try {
            BasicFileAttributes attributes = Files.readAttributes(parent, BasicFileAttributes.class);
            if (!attributes.isDirectory()) {
                throw new LockConfigurationException(parent, "The analysis lock cannot be created: " + parent
                        + " is not a directory. Choose a lock path inside an existing directory.", null);
            }
            realDirectory = parent.toRealPath();
        } catch (NoSuchFileException e) {
            throw new LockConfigurationException(parent, "The analysis lock cannot be created: the directory "
                    + parent + " does not exist. Create it or choose another lock path.", e);
        } catch (IOException e) {
            throw new LockConfigurationException(parent, "The analysis lock cannot be created: the directory "
                    + parent + " cannot be read (" + e + "). Choose another lock path.", e);
        }

        String type = typeOf.apply(realDirectory);
        boolean unreliable = isUnreliable(type);
        if (unreliable && !options.degradedModeAllowed() && !options.degradedModeForced()) {
            throw new LockConfigurationException(realDirectory, "The analysis lock at " + realDirectory
                    + " is on a '" + type + "' file system, where OS file locks are unreliable, so the lock"
                    + " fails closed. Choose a lock path on a local disk (such as /tmp), or allow degraded mode.",
                    null);
        }
        boolean degraded = unreliable || options.degradedModeForced();
        if (unreliable && WARNED_DIRECTORIES.add(realDirectory)) {
            LOG.log(System.Logger.Level.WARNING, "The analysis lock {0} runs in degraded mode without OS file"
                    + " locks because its file system is ''{1}''", realDirectory.resolve(requested.getFileName()), type);
        }
        return new FileLockEngine(options, realDirectory, type, degraded);
    }

    static boolean isUnreliable(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return UNRELIABLE_FILE_SYSTEMS.contains(lower) || lower.startsWith("fuse.") || lower.startsWith("nfs");
    }

    private static String fileSystemType(Path directory) {
        try {
            return Files.getFileStore(directory).type();
        } catch (IOException e) {
            return "unknown";
        }
    }

    LockOptions options() {
        return options;
    }

    Path record() {
        return record;
    }

    Path guard() {
        return guard;
    }

    String registryKey() {
        return registryKey;
    }

    boolean degraded() {
        return degraded;
    }

    // ---------------------------------------------------------------- acquire

    /** Acquires at once or throws; the interrupt status is cleared meanwhile and restored. */
    FileLease tryAcquire(String jobId, String scanIdentifier) throws LockDeniedException {
        // An interrupt would close the guard channel in the middle of a read or write and so
        // drop the OS lock, so the acquisition runs uninterrupted.
        boolean interrupted = Thread.interrupted();
        try {
            return acquireUninterrupted(jobId, scanIdentifier);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private FileLease acquireUninterrupted(String jobId, String scanIdentifier) throws LockDeniedException {
        rejectSpecialFile(record, "record file");
        rejectSpecialFile(guard, "guard file");

        String token = UUID.randomUUID().toString();
        String registryValue = token + "\n" + jobId + "\n" + scanIdentifier;
        enterRegistry(registryValue);

        boolean held = false;
        try {
            FileLease lease = degraded
                    ? acquireDegraded(token, jobId, scanIdentifier, registryValue)
                    : acquireGuarded(token, jobId, scanIdentifier, registryValue);
            held = true;
            return lease;
        } catch (IOException e) {
            throw new LockException("Failed to acquire the analysis lock " + record + ": " + e
                    + ". Check the directory " + directory + " (free space, permissions).", e);
        } finally {
            if (!held) {
                System.getProperties().remove(registryKey, registryValue);
            }
        }
    }

    /**
     * Enters the JVM-wide registry or denies. Closing any channel on G in this process would drop
     * the OS lock held through another channel, so a second acquisition must stop here. The
     * registry lives in the system properties, so two copies of this library in different class
     * loaders share it.
     */
    private void enterRegistry(String registryValue) throws LockDeniedException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            Object previous = System.getProperties().putIfAbsent(registryKey, registryValue);
            if (previous == null) {
                return;
            }
            if (!previous.toString().startsWith(PROBE_MARKER)) {
                throw denied(holderInThisProcess(previous.toString()));
            }
            // A status probe keeps the entry for a few microseconds.
            sleepQuietly(1);
        }
        throw new LockException("The analysis lock " + record + " stayed busy with status probes for a second;"
                + " retry.");
    }

    private FileLease acquireGuarded(String token, String jobId, String scanIdentifier, String registryValue)
            throws IOException, LockDeniedException {
        FileChannel channel = openGuard();
        FileLock osLock = null;
        boolean held = false;
        try {
            try {
                osLock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Only a copy of this library that bypasses the registry can get here.
                osLock = null;
            } catch (IOException e) {
                throw new LockConfigurationException(guard, "OS file locks failed on " + guard + " (file system '"
                        + fileSystemType + "'): " + e.getMessage() + ". Choose a lock path on a local disk,"
                        + " or allow degraded mode.", e);
            }
            if (osLock == null) {
                throw denied(holderWhileGuardHeld());
            }

            Optional<RecordSnapshot> existing = readRecord();
            if (existing.isPresent()) {
                Liveness verdict = judge(existing.get(), true);
                if (verdict == Liveness.ALIVE || verdict == Liveness.UNKNOWN) {
                    throw denied(existing.get().toHolder(verdict));
                }
                takeOver(existing.get(), verdict, true);
            }

            long generation = nextGeneration(channel, existing);
            LockRecord published = newRecord(jobId, scanIdentifier, token, generation);
            publishExclusive(published);

            FileLease lease = startLease(published, channel, osLock, registryValue);
            held = true;
            LOG.log(System.Logger.Level.DEBUG, "Job {0} acquired the analysis lock {1}, generation {2}",
                    jobId, record, generation);
            return lease;
        } finally {
            if (!held) {
                releaseQuietly(osLock, channel);
            }
        }
    }

    private FileLease acquireDegraded(String token, String jobId, String scanIdentifier, String registryValue)
            throws IOException, LockDeniedException {
        Optional<RecordSnapshot> existing = readRecord();
        if (existing.isPresent()) {
            Liveness verdict = judge(existing.get(), false);
            if (verdict == Liveness.ALIVE || verdict == Liveness.UNKNOWN) {
                throw denied(existing.get().toHolder(verdict));
            }
            takeOver(existing.get(), verdict, false);
        }

        long generation;
        try (FileChannel channel = openGuard()) {
            // NOTE: without an OS lock a slow contender can write an older counter back into G, so
            // in degraded mode a generation may repeat and is not a reliable fencing token.
            generation = nextGeneration(channel, existing);
        }
        LockRecord published = newRecord(jobId, scanIdentifier, token, generation);
        publishExclusive(published);

        FileLease lease = startLease(published, null, null, registryValue);
        LOG.log(System.Logger.Level.WARNING, "Job {0} acquired the analysis lock {1} in degraded mode (no OS"
                + " file lock), generation {2}", jobId, record, generation);
        return lease;
    }

    /** Starts the lease of a published record, or deletes the record again if that fails (JVM shutdown). */
    private FileLease startLease(LockRecord published, FileChannel channel, FileLock osLock, String registryValue)
            throws IOException {
        try {
            return new FileLease(this, published, channel, osLock, registryValue);
        } catch (RuntimeException e) {
            deleteRecordIfOwned(published.ownerToken());
            throw e;
        }
    }

    private FileChannel openGuard() {
        Set<OpenOption> openOptions = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            return FileChannel.open(guard, openOptions, permissions());
        } catch (FileSystemException e) {
            throw new LockConfigurationException(guard, "The analysis lock cannot be created: opening the guard"
                    + " file " + guard + " failed (" + reason(e) + "). The directory " + directory
                    + " must be writable; choose another lock path.", e);
        } catch (IOException e) {
            throw new LockException("Failed to open the guard file " + guard + ": " + e, e);
        }
    }

    /** Reads the counter in G, takes the larger of it and the old record's, adds one and stores it. */
    private static long nextGeneration(FileChannel channel, Optional<RecordSnapshot> existing) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        long stored = 0;
        try {
            stored = text.isEmpty() ? 0 : Math.max(0, Long.parseLong(text));
        } catch (NumberFormatException e) {
            stored = 0;
        }
        long fromRecord = existing.flatMap(RecordSnapshot::record)
                .map(LockRecord::generation).filter(Objects::nonNull).orElse(0L);
        long next = Math.max(stored, fromRecord) + 1;

        byte[] bytes = (next + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.write(ByteBuffer.wrap(bytes), 0);
        channel.truncate(bytes.length);
        channel.force(false);
        return next;
    }

    private static LockRecord newRecord(String jobId, String scanIdentifier, String token, long generation) {
        double now = LockRecord.now();
        return new LockRecord(jobId, scanIdentifier, now, Instant.now().toString(), token, ProcessIdentity.PID,
                ProcessIdentity.PROCESS_START, ProcessIdentity.HOST, ProcessIdentity.BOOT_ID, generation,
                LockRecord.FORMAT_VERSION);
    }

    // ---------------------------------------------------------------- judging records

    /**
     * Judges the holder named by a record.
     *
     * @param guardProvesFree whether G is locked by us or proved unlocked, so that a live holder
     *     using G is excluded
     */
    Liveness judge(RecordSnapshot snapshot, boolean guardProvesFree) {
        Instant now = Instant.now();
        Duration fileAge = Duration.between(snapshot.modified().toInstant(), now);
        Optional<LockRecord> parsed = snapshot.record();
        if (parsed.isEmpty()) {
            if (snapshot.size() == 0 && fileAge.compareTo(EMPTY_RECORD_GRACE) < 0) {
                return Liveness.UNKNOWN;
            }
            if (guardProvesFree) {
                // A live holder that uses G would still hold it, and other writers write whole JSON.
                return Liveness.DEAD;
            }
            return fileAge.compareTo(options.staleLimit()) > 0 ? Liveness.STALE : Liveness.UNKNOWN;
        }

        LockRecord content = parsed.get();
        boolean alive = false;
        if (content.pid() != null && sameHostAndBoot(content)) {
            if (content.pid() == ProcessIdentity.PID
                    && Objects.equals(content.processStart(), ProcessIdentity.PROCESS_START)) {
                // The caller holds this JVM's registry entry, so no lease of this process owns it.
                return Liveness.DEAD;
            }
            ProcessIdentity.State state = ProcessIdentity.check(content.pid(), content.processStart());
            if (state == ProcessIdentity.State.GONE || state == ProcessIdentity.State.REUSED) {
                return Liveness.DEAD;
            }
            alive = state == ProcessIdentity.State.RUNNING;
        }

        Duration recordAge = Duration.ofNanos(Math.round((LockRecord.now() - content.timestamp()) * 1e9));
        if (outsideStaleLimit(recordAge) && outsideStaleLimit(fileAge)) {
            return Liveness.STALE;
        }
        return alive ? Liveness.ALIVE : Liveness.UNKNOWN;
    }

    /**
     * Returns whether an age is beyond the stale limit in either direction. A time more than the
     * limit in the future comes from a skewed or wrong clock, and a holder with that clock could
     * otherwise block every contender until the time passes.
     */
    private boolean outsideStaleLimit(Duration age) {
        Duration limit = options.staleLimit();
        return age.compareTo(limit) > 0 || age.negated().compareTo(limit) > 0;
    }

    private static boolean sameHostAndBoot(LockRecord content) {
        if (!ProcessIdentity.HOST.equals(content.host())) {
            return false;
        }
        if (ProcessIdentity.BOOT_ID != null) {
            return ProcessIdentity.BOOT_ID.equals(content.bootId());
        }
        // Without a boot id, an epoch start time still distinguishes a reused pid.
        return content.bootId() == null && content.processStart() != null;
    }

    /**
     * Moves a dead or stale record aside under a unique name (only one contender wins that
     * rename), re-checks what was moved, and restores it if it turned out fresh.
     */
    private void takeOver(RecordSnapshot judged, Liveness verdict, boolean guardProvesFree)
            throws IOException, LockDeniedException {
        Path aside = directory.resolve(record.getFileName() + ".stale-" + UUID.randomUUID());
        try {
            Files.move(record, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        } catch (FileSystemException e) {
            throw new LockConfigurationException(directory, "The analysis lock cannot be taken over: renaming "
                    + record + " failed (" + reason(e) + "). The directory " + directory + " must be writable.", e);
        }
        try {
            Optional<RecordSnapshot> moved = readFile(aside);
            if (moved.isPresent() && !Arrays.equals(moved.get().bytes(), judged.bytes())) {
                Liveness again = judge(moved.get(), guardProvesFree);
                if (again == Liveness.ALIVE || again == Liveness.UNKNOWN) {
                    // NOTE: in degraded mode another contender may publish R between the rename above
                    // and this restore. The restore then fails, and the fresh holder's heartbeat
                    // reports its lease lost. No system call closes that window.
                    try {
                        Files.createLink(record, aside);
                    } catch (FileAlreadyExistsException restoredByOther) {
                        LOG.log(System.Logger.Level.WARNING, "A fresh record of {0} was moved aside and R was"
                                + " republished meanwhile; the moved holder will find its lease lost", record);
                    }
                    throw denied(moved.get().toHolder(again));
                }
            }
            LOG.log(System.Logger.Level.INFO, "Taking over the analysis lock {0} from {1}", record,
                    judged.toHolder(verdict).describe());
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    // ---------------------------------------------------------------- records on disk

    /**
     * Publishes a record only if R does not exist, by hard-linking a complete temporary file.
     *
     * @throws LockDeniedException if R appeared meanwhile (a writer that does not use G)
     */
    private void publishExclusive(LockRecord content) throws IOException, LockDeniedException {
        Path temporary = writeTemporary(content.toJson());
        try {
            linkExclusive(temporary, record);
        } catch (FileAlreadyExistsException e) {
            Optional<RecordSnapshot> winner = readRecord();
            throw denied(winner.map(s -> s.toHolder(judge(s, false))).orElse(placeholderHolder()));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void linkExclusive(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // NOTE: file systems without hard links fall back to check-then-rename, so a writer
            // that creates R between the check and the rename is overwritten.
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Replaces R with a record of the same owner (heartbeat). */
    void replaceOwnRecord(LockRecord content) throws IOException {
        Path temporary = writeTemporary(content.toJson());
        try {
            // NOTE: R is checked for our token just before this call; a writer that replaces R in
            // between is overwritten. Only a contender that judged us stale can do that, and the
            // heartbeat keeps the timestamp fresh.
            try {
                Files.move(temporary, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, record, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Deletes R if it still carries {@code token}; returns whether it did. */
    boolean deleteRecordIfOwned(String token) throws IOException {
        Optional<RecordSnapshot> current = readRecord();
        if (current.isEmpty()) {
            return false;
        }
        Optional<LockRecord> content = current.get().record();
        if (content.isEmpty() || !token.equals(content.get().ownerToken())) {
            return false;
        }
        // NOTE: a writer that replaces R between the read above and this delete loses its record.
        return Files.deleteIfExists(record);
    }

    private Path writeTemporary(byte[] bytes) throws IOException {
        Path temporary = directory.resolve(record.getFileName() + ".tmp-" + UUID.randomUUID());
        Set<OpenOption> openOptions = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        boolean complete = false;
        try (FileChannel channel = FileChannel.open(temporary, openOptions, permissions())) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
            complete = true;
            return temporary;
        } catch (FileSystemException e) {
            throw new LockConfigurationException(directory, "The analysis lock cannot be created: writing "
                    + temporary.getFileName() + " in " + directory + " failed (" + reason(e) + "). The directory"
                    + " must be writable; choose another lock path.", e);
        } finally {
            if (!complete) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /** Reads R; empty when it does not exist. */
    Optional<RecordSnapshot> readRecord() {
        try {
            return readFile(record);
        } catch (IOException e) {
            throw new LockException("Failed to read the analysis lock record " + record + ": " + e, e);
        }
    }

    private Optional<RecordSnapshot> readFile(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        rejectSpecial(file, "record file", attributes);
        FileTime modified = attributes.lastModifiedTime();
        if (attributes.size() > MAX_RECORD_BYTES) {
            return Optional.of(new RecordSnapshot(null, attributes.size(), modified, Optional.empty()));
        }

        // NOTE: a FIFO put in place of R between the check above and this open would block the
        // open. Only someone who can write the directory can do that.
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MAX_RECORD_BYTES + 1L, attributes.size() + 4096));
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until the end of the file or one byte past the limit
            }
            if (buffer.position() > MAX_RECORD_BYTES) {
                return Optional.of(new RecordSnapshot(null, buffer.position(), modified, Optional.empty()));
            }
            bytes = Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(new RecordSnapshot(bytes, bytes.length, modified, LockRecord.parse(bytes)));
    }

    // ---------------------------------------------------------------- status

    /** Reads the holder and judges it without changing anything. */
    Optional<LockHolder> holder() {
        rejectSpecialFile(record, "record file");
        rejectSpecialFile(guard, "guard file");
        Optional<RecordSnapshot> snapshot = readRecord();
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }

        Object registered = System.getProperties().get(registryKey);
        if (registered != null && !registered.toString().startsWith(PROBE_MARKER)) {
            return Optional.of(snapshot.get().toHolder(Liveness.ALIVE));
        }
        if (degraded) {
            return Optional.of(snapshot.get().toHolder(judge(snapshot.get(), false)));
        }

        GuardState state = probeGuard();
        return Optional.of(switch (state) {
            case HELD -> snapshot.get().toHolder(Liveness.ALIVE);
            case FREE -> snapshot.get().toHolder(judge(snapshot.get(), true));
            case UNKNOWN -> snapshot.get().toHolder(judge(snapshot.get(), false));
        });
    }

    private enum GuardState { HELD, FREE, UNKNOWN }

    /**
     * Tests whether another process holds G by taking a shared lock for a moment. The registry
     * entry taken meanwhile keeps other threads of this JVM from opening G.
     */
    private GuardState probeGuard() {
        String probe = PROBE_MARKER + UUID.randomUUID();
        Object previous = System.getProperties().putIfAbsent(registryKey, probe);
        if (previous != null) {
            return previous.toString().startsWith(PROBE_MARKER) ? GuardState.UNKNOWN : GuardState.HELD;
        }
        try (FileChannel channel = FileChannel.open(guard, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            FileLock shared = channel.tryLock(0, Long.MAX_VALUE, true);
            if (shared == null) {
                return GuardState.HELD;
            }
            shared.release();
            return GuardState.FREE;
        } catch (NoSuchFileException e) {
            return GuardState.FREE;
        } catch (IOException | OverlappingFileLockException e) {
            return GuardState.UNKNOWN;
        } finally {
            System.getProperties().remove(registryKey, probe);
        }
    }

    // ---------------------------------------------------------------- helpers

    private LockHolder holderWhileGuardHeld() {
        try {
            Optional<RecordSnapshot> snapshot = readRecord();
            if (snapshot.isPresent()) {
                return snapshot.get().toHolder(Liveness.ALIVE);
            }
        } catch (LockException e) {
            LOG.log(System.Logger.Level.DEBUG, "Reading the holder of " + record + " failed", e);
        }
        return placeholderHolder();
    }

    /** Builds the holder of a lock whose OS lock is held but whose record is not written yet. */
    private static LockHolder placeholderHolder() {
        return new LockHolder("(not recorded yet)", "(not recorded yet)", LockRecord.now(), null, null, null,
                null, null, null, null, null, Duration.ZERO, Liveness.ALIVE, true);
    }

    private LockHolder holderInThisProcess(String registryValue) {
        String[] parts = registryValue.split("\n", 3);
        String token = parts[0];
        try {
            Optional<RecordSnapshot> snapshot = readRecord();
            if (snapshot.isPresent() && snapshot.get().record().isPresent()
                    && token.equals(snapshot.get().record().get().ownerToken())) {
                return snapshot.get().toHolder(Liveness.ALIVE);
            }
        } catch (LockException e) {
            LOG.log(System.Logger.Level.DEBUG, "Reading the holder of " + record + " failed", e);
        }
        return new LockHolder(parts.length > 1 ? parts[1] : "unknown", parts.length > 2 ? parts[2] : "unknown",
                LockRecord.now(), null, token, ProcessIdentity.PID, ProcessIdentity.PROCESS_START,
                ProcessIdentity.HOST, ProcessIdentity.BOOT_ID, null, null, Duration.ZERO, Liveness.ALIVE, true);
    }

    private LockDeniedException denied(LockHolder holder) {
        return new LockDeniedException("The analysis lock " + record + " is held by " + holder.describe()
                + ". Wait for that job to finish, run `stem4d lock status` to see the holder, or, if its"
                + " process is provably dead, delete " + record + ".", holder);
    }

    private void rejectSpecialFile(Path file, String role) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new LockConfigurationException(file, "The analysis lock " + role + " " + file
                    + " cannot be checked (" + e + "). Choose another lock path.", e);
        }
        rejectSpecial(file, role, attributes);
    }

    private static void rejectSpecial(Path file, String role, BasicFileAttributes attributes) {
        String problem = null;
        if (attributes.isSymbolicLink()) {
            problem = "is a symbolic link; the lock does not follow links, so nothing at the link's target is"
                    + " changed";
        } else if (attributes.isDirectory()) {
            problem = "is a directory";
        } else if (!attributes.isRegularFile()) {
            problem = "is not a regular file (it is a FIFO, socket or device)";
        }
        if (problem != null) {
            throw new LockConfigurationException(file, "The analysis lock " + role + " " + file + " " + problem
                    + ". Remove it or choose another lock path; this is a configuration error, not a held lock.",
                    null);
        }
    }

    private static FileAttribute<?>[] permissions() {
        if (!POSIX) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))};
    }

    private static String reason(FileSystemException e) {
        return e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
    }

    private static void releaseQuietly(FileLock osLock, FileChannel channel) {
        try {
            if (osLock != null && osLock.isValid()) {
                osLock.release();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Releasing an OS lock failed; closing the channel releases it", e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the guard file channel failed", e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockException("Interrupted while waiting for a status probe of the analysis lock", e);
        }
    }

    /** The bytes, size, modification time and parsed content of one read of a record file. */
    record RecordSnapshot(byte[] bytes, long size, FileTime modified, Optional<LockRecord> record) {

        LockHolder toHolder(Liveness liveness) {
            return record.map(content -> content.toHolder(liveness))
                    .orElseGet(() -> LockRecord.unreadableHolder(modified.toInstant(), liveness));
        }
    }
}

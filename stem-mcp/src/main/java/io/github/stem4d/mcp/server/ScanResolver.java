package io.github.stem4d.mcp.server;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a scan identifier into a file inside the allowed data roots, and lists the scans there.
 *
 * <p>An identifier is a path relative to a data root ({@code sub/scan.h5}), an absolute path
 * inside a root, or a scan name (the file name with or without its extension) found anywhere
 * under the roots. Every candidate is resolved with {@link Path#toRealPath} and must lie inside a
 * root's real path, so {@code ..} and symbolic links cannot reach files outside. Thread-safe.
 */
public final class ScanResolver {

    /** Extensions of files that {@code list_scans} shows and scan names resolve to. */
    static final Set<String> SCAN_EXTENSIONS = Set.of("h5", "hdf5", "hdf", "nxs", "emd", "hspy", "mib", "npy",
            "raw", "bin", "dat");

    /** Folder levels searched below each root; deeper files are reached only by their relative path. */
    static final int MAX_DEPTH = 8;

    /** Files visited per search, so that a huge tree cannot stall a tool call. */
    static final int MAX_FILES = 20_000;

    private final List<Path> roots;

    /**
     * Creates a resolver over {@code roots}, which must exist.
     *
     * @throws IOException when a root does not exist or is not a folder
     */
    public ScanResolver(List<Path> roots) throws IOException {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new IOException("data root '" + root + "' is not an existing folder; pass --data-root with a folder of scans");
            }
            real.add(root.toRealPath());
        }
        this.roots = List.copyOf(real);
    }

    /** Returns the real paths of the data roots. */
    public List<Path> roots() {
        return roots;
    }

    /**
     * Returns the real path of the scan named by {@code identifier}.
     *
     * @throws ToolException when it is blank, outside the roots, not found, or names several files
     */
    public Path resolve(String identifier) throws ToolException {
        if (identifier == null || identifier.isBlank()) {
            throw new ToolException("scan_identifier is empty; pass a file name, a path relative to a data root,"
                    + " or a scan name from list_scans");
        }
        String trimmed = identifier.trim();
        Path given;
        try {
            given = Path.of(trimmed);
        } catch (InvalidPathException e) {
            throw new ToolException("scan_identifier '" + trimmed + "' is not a valid path: " + e.getReason());
        }

        if (given.isAbsolute()) {
            return checkInside(given, trimmed);
        }
        for (Path root : roots) {
            Path candidate = root.resolve(given).normalize();
            if (Files.exists(candidate)) {
                return checkInside(candidate, trimmed);
            }
        }
        if (given.getNameCount() > 1 || trimmed.contains("..")) {
            Path first = roots.get(0).resolve(given).normalize();
            if (!first.startsWith(roots.get(0))) {
                throw outside(trimmed);
            }
            throw new ToolException("scan '" + trimmed + "' not found under the data roots " + roots
                    + "; call list_scans to see the available scans");
        }
        return findByName(trimmed);
    }

    private Path checkInside(Path candidate, String identifier) throws ToolException {
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            if (isInsideLexically(candidate)) {
                throw new ToolException("scan '" + identifier + "' not found (" + e.getMessage()
                        + "); call list_scans to see the available scans");
            }
            throw outside(identifier);
        }
        for (Path root : roots) {
            if (real.startsWith(root)) {
                if (Files.isDirectory(real)) {
                    throw new ToolException("scan '" + identifier + "' is a folder; name a scan file inside it"
                            + " (list_scans shows them)");
                }
                return real;
            }
        }
        throw outside(identifier);
    }

    private boolean isInsideLexically(Path candidate) {
        Path normal = candidate.toAbsolutePath().normalize();
        return roots.stream().anyMatch(normal::startsWith);
    }

    private ToolException outside(String identifier) {
        return new ToolException("scan '" + identifier + "' is outside the allowed data roots " + roots
                + " (after resolving '..' and symbolic links); pass a path inside one of them, or restart the"
                + " server with another --data-root");
    }

    private Path findByName(String name) throws ToolException {
        List<Path> matches = new ArrayList<>();
        for (Path file : scanFiles()) {
            String fileName = file.getFileName().toString();
            if (fileName.equals(name) || scanName(fileName).equals(name)) {
                matches.add(file);
            }
        }
        if (matches.isEmpty()) {
            throw new ToolException("no scan named '" + name + "' under the data roots " + roots
                    + "; call list_scans to see the available scans");
        }
        if (matches.size() > 1) {
            throw new ToolException("scan name '" + name + "' matches " + matches.size() + " files: "
                    + matches.stream().map(this::relative).collect(Collectors.joining(", "))
                    + "; pass one of these paths as scan_identifier");
        }
        Path match = matches.get(0);
        return checkInside(match, name);
    }

    /** Returns a path relative to its data root, for messages and listings. */
    public String relative(Path file) {
        for (Path root : roots) {
            if (file.startsWith(root)) {
                return root.relativize(file).toString();
            }
        }
        return file.toString();
    }

    /** Returns the root that contains {@code file}. */
    public Path rootOf(Path file) {
        return roots.stream().filter(file::startsWith).findFirst().orElseThrow();
    }

    /**
     * Returns the scan files under the roots as sorted real paths. Files are chosen by extension,
     * truth label maps are excluded, and links that lead outside the roots are left out.
     */
    public List<Path> scanFiles() {
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            try {
                Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new Collector(root, found));
            } catch (IOException e) {
                // A root deleted since startup cannot be walked; the other roots are still listed.
                continue;
            }
        }
        return found.stream().distinct().sorted(Comparator.comparing(Path::toString)).toList();
    }

    /**
     * Collects scan files below one root. Folders whose real path leaves the root (links to
     * elsewhere) are not entered; folders that cannot be read and link loops are skipped.
     */
    private static final class Collector extends SimpleFileVisitor<Path> {
        private final Path root;
        private final List<Path> found;
        private int visited;

        Collector(Path root, List<Path> found) {
            this.root = root;
            this.found = found;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            Path real = realOrNull(dir);
            if (real == null || !real.startsWith(root)) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (++visited > MAX_FILES) {
                return FileVisitResult.TERMINATE;
            }
            if (attributes.isRegularFile() && isScanFile(file.getFileName().toString())) {
                Path real = realOrNull(file);
                if (real != null && real.startsWith(root)) {
                    found.add(real);
                }
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException error) {
            return FileVisitResult.CONTINUE;
        }
    }

    private static Path realOrNull(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    static boolean isScanFile(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.startsWith(".") || lower.endsWith(".labels.npy")) {
            return false;
        }
        int dot = lower.lastIndexOf('.');
        return dot > 0 && SCAN_EXTENSIONS.contains(lower.substring(dot + 1));
    }

    static String scanName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}

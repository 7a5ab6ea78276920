package io.github.stem4d.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScanResolverTest {

    @TempDir
    Path temp;

    private Path root;
    private Path second;
    private ScanResolver resolver;

    @BeforeEach
    void createTree() throws IOException {
        root = Files.createDirectories(temp.resolve("root"));
        second = Files.createDirectories(temp.resolve("second"));
        Files.writeString(root.resolve("alpha.h5"), "x");
        Files.createDirectories(root.resolve("sub/deeper"));
        Files.writeString(root.resolve("sub/beta.npy"), "x");
        Files.writeString(root.resolve("sub/deeper/beta.mib"), "x");
        Files.writeString(root.resolve("sub/beta.labels.npy"), "x");
        Files.writeString(root.resolve("notes.txt"), "x");
        Files.writeString(second.resolve("gamma.raw"), "x");
        Files.writeString(temp.resolve("secret.h5"), "x");
        Files.createSymbolicLink(root.resolve("link_out.h5"), temp.resolve("secret.h5"));
        Files.createSymbolicLink(root.resolve("link_in.h5"), root.resolve("alpha.h5"));
        Files.createSymbolicLink(root.resolve("dir_out"), temp);
        resolver = new ScanResolver(List.of(root, second));
    }

    @Test
    void resolvesRelativePath() throws Exception {
        assertEquals(root.toRealPath().resolve("sub/beta.npy"), resolver.resolve("sub/beta.npy"));
        assertEquals(second.toRealPath().resolve("gamma.raw"), resolver.resolve("gamma.raw"));
    }

    @Test
    void resolvesAbsolutePathInsideRoot() throws Exception {
        assertEquals(root.toRealPath().resolve("alpha.h5"), resolver.resolve(root.resolve("alpha.h5").toString()));
    }

    @Test
    void resolvesUniqueStem() throws Exception {
        assertEquals(root.toRealPath().resolve("alpha.h5"), resolver.resolve("alpha"));
        assertEquals(second.toRealPath().resolve("gamma.raw"), resolver.resolve("gamma"));
    }

    @Test
    void ambiguousStemListsMatches() {
        ToolException error = assertThrows(ToolException.class, () -> resolver.resolve("beta"));
        assertTrue(error.getMessage().contains("matches 2 files"), error.getMessage());
        assertTrue(error.getMessage().contains("sub/beta.npy"), error.getMessage());
        assertTrue(error.getMessage().contains("sub/deeper/beta.mib"), error.getMessage());
    }

    @Test
    void linkInsideRootIsFollowed() throws Exception {
        assertEquals(root.toRealPath().resolve("alpha.h5"), resolver.resolve("link_in.h5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.h5", "sub/../../secret.h5", "link_out.h5", "dir_out/secret.h5"})
    void pathsEscapingRootsAreRejected(String identifier) {
        ToolException error = assertThrows(ToolException.class, () -> resolver.resolve(identifier));
        assertTrue(error.getMessage().contains("outside the allowed data roots"), error.getMessage());
    }

    @Test
    void absolutePathOutsideRootsIsRejected() {
        ToolException error = assertThrows(ToolException.class,
                () -> resolver.resolve(temp.resolve("secret.h5").toString()));
        assertTrue(error.getMessage().contains("outside the allowed data roots"), error.getMessage());
    }

    @Test
    void missingScanSuggestsListScans() {
        ToolException error = assertThrows(ToolException.class, () -> resolver.resolve("nothing"));
        assertTrue(error.getMessage().contains("no scan named 'nothing'"), error.getMessage());
        assertTrue(error.getMessage().contains("list_scans"), error.getMessage());
        ToolException missingPath = assertThrows(ToolException.class, () -> resolver.resolve("sub/none.h5"));
        assertTrue(missingPath.getMessage().contains("not found"), missingPath.getMessage());
    }

    @Test
    void folderIsRejected() {
        ToolException error = assertThrows(ToolException.class, () -> resolver.resolve("sub"));
        assertTrue(error.getMessage().contains("is a folder"), error.getMessage());
    }

    @Test
    void blankIdentifierIsRejected() {
        ToolException error = assertThrows(ToolException.class, () -> resolver.resolve("  "));
        assertTrue(error.getMessage().contains("scan_identifier is empty"), error.getMessage());
    }

    @Test
    void listingSkipsLabelsTextAndEscapingLinks() throws Exception {
        List<String> listed = resolver.scanFiles().stream().map(resolver::relative).toList();
        assertEquals(List.of("alpha.h5", "sub/beta.npy", "sub/deeper/beta.mib", "gamma.raw"), listed);
    }

    @Test
    void missingRootIsReported() {
        IOException error = assertThrows(IOException.class, () -> new ScanResolver(List.of(temp.resolve("none"))));
        assertTrue(error.getMessage().contains("is not an existing folder"), error.getMessage());
    }
}

package io.github.stem4d.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code stem4d info} in process on files written by the test and on a shared Merlin file. */
class InfoCommandTest {

    @TempDir
    Path dir;

    /** Output, error text and exit code of one run. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine commandLine = Stem4dCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** Writes a version 1 little-endian uint16 .npy array of {@code shape} whose element i is {@code i % 1000}. */
    private Path writeNpy(String name, int... shape) throws IOException {
        StringBuilder dims = new StringBuilder();
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i]);
            count *= shape[i];
        }
        StringBuilder text = new StringBuilder("{'descr': '<u2', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((10 + text.length() + 1) % 64 != 0) {
            text.append(' ');
        }
        text.append('\n');
        ByteBuffer buffer = ByteBuffer.allocate(10 + text.length() + 2 * count).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) text.length()).put(text.toString().getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < count; i++) {
            buffer.putShort((short) (i % 1000));
        }
        return Files.write(dir.resolve(name), buffer.array());
    }

    private static Path sharedFile(String relative) {
        Path folder = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (folder != null && !Files.isDirectory(folder.resolve("shared").resolve("data"))) {
            folder = folder.getParent();
        }
        assumeTrue(folder != null, "shared/data not found above " + System.getProperty("user.dir"));
        Path file = folder.resolve("shared").resolve("data").resolve(relative);
        assumeTrue(Files.isRegularFile(file), "shared test file missing: " + file);
        return file;
    }

    @Test
    void jsonDescribesNpyStack() throws IOException {
        Path file = writeNpy("stack.npy", 6, 4, 5);

        Run run = run("info", file.toString(), "--scan-shape", "2x3", "--json");
        JsonNode json = new ObjectMapper().readTree(run.out());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertEquals("npy", json.get("format").asText());
        assertEquals("npy", json.get("reader").asText());
        assertEquals("[2,3]", json.get("scan_shape").toString());
        assertEquals("caller", json.get("scan_shape_source").asText());
        assertEquals("[4,5]", json.get("frame_shape").toString());
        assertEquals("UINT16", json.get("pixel_type").asText());
        assertEquals(6, json.get("frame_count").asLong());
        assertEquals(Files.size(file), json.get("file_size_bytes").asLong());
        assertEquals("<u2", json.get("metadata").get("dtype").asText());
    }

    @Test
    void textListsShapeSourceAndDetails() throws IOException {
        Path file = writeNpy("scan.npy", 2, 3, 4, 5);

        Run run = run("info", file.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("scan shape:         2x3 (rows x columns, from file)"), run.out());
        assertTrue(run.out().contains("frame shape:        4x5 (rows x columns)"), run.out());
        assertTrue(run.out().contains("frames:             6"), run.out());
        assertTrue(run.out().contains("  dtype:            <u2"), run.out());
    }

    @Test
    void readerOptionAndSkipFramesReachTheReader() throws IOException {
        Path file = writeNpy("stack.npy", 7, 4, 5);

        Run run = run("info", file.toString(), "--skip-frames", "1", "--scan-shape", "1x5",
                "-O", "ignore-trailing-frames=true", "--json");
        JsonNode json = new ObjectMapper().readTree(run.out());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(5, json.get("frame_count").asLong());
        assertEquals(1, json.get("metadata").get("trailing_frames_ignored").asLong());
    }

    @Test
    void sharedMerlinFileShowsTimestampScanShape() throws IOException {
        Path file = sharedFile("real/rosettasciio/quantumdetector/001_4x2_6bit.mib");

        Run run = run("info", file.toString(), "--json");
        JsonNode json = new ObjectMapper().readTree(run.out());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("mib", json.get("format").asText());
        assertEquals("[2,4]", json.get("scan_shape").toString());
        assertEquals("timestamps", json.get("scan_shape_source").asText());
        assertEquals("[256,256]", json.get("frame_shape").toString());
        assertEquals(8, json.get("frame_count").asLong());
        assertEquals(384, json.get("metadata").get("header_bytes").asInt());
    }

    @Test
    void missingFileIsErrorOnStderr() {
        Path file = dir.resolve("absent.mib");

        Run run = run("info", file.toString());

        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("stem4d info: "), run.err());
        assertTrue(run.err().contains("absent.mib"), run.err());
        assertTrue(run.err().contains("not found"), run.err());
    }

    @Test
    void corruptFileIsErrorNamingTheProblem() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.mib"), "MQ1,000001,xyz,01,");

        Run run = run("info", file.toString(), "--json");

        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("the header length (field 2) should be a decimal number, found 'xyz'"),
                run.err());
    }

    @Test
    void unknownFormatIsError() throws IOException {
        Path file = writeNpy("stack.npy", 2, 4, 5);

        Run run = run("info", file.toString(), "--format", "tiff");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("unknown format or reader 'tiff'"), run.err());
    }

    @Test
    void invalidScanShapeIsUsageError() throws IOException {
        Path file = writeNpy("stack.npy", 2, 4, 5);

        Run run = run("info", file.toString(), "--scan-shape", "2by3");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("invalid scan shape '2by3'"), run.err());
    }

    @Test
    void missingFileArgumentIsUsageError() {
        Run run = run("info");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Missing required parameter: 'FILE'"), run.err());
    }
}

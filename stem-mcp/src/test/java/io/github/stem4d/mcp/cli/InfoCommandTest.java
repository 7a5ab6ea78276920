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

    @Test
    void rawFileOpensWithLayoutOptions() throws IOException {
        // 16 header bytes, then 3 frames of 2x3 big-endian uint16 pixels, each followed by 4 gap bytes.
        ByteBuffer bytes = ByteBuffer.allocate(16 + 3 * (12 + 4)).order(ByteOrder.BIG_ENDIAN);
        bytes.position(16);
        for (int frame = 0; frame < 3; frame++) {
            for (int pixel = 0; pixel < 6; pixel++) {
                bytes.putShort((short) (1000 * frame + pixel));
            }
            bytes.putInt(-1);
        }
        Path file = Files.write(dir.resolve("scan.dat"), bytes.array());

        Run run = run("info", file.toString(), "--frame-shape", "2x3", "--pixel-type", "UInt16", "--byte-order",
                "big", "--header-bytes", "16", "--frame-gap-bytes", "4", "--scan-shape", "1x3", "--json");
        JsonNode json = new ObjectMapper().readTree(run.out());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("raw", json.get("format").asText());
        assertEquals(3, json.get("frame_count").asLong());
        assertEquals("[2,3]", json.get("frame_shape").toString());
        assertEquals("UINT16", json.get("pixel_type").asText());
    }

    @Test
    void rawLayoutOptionsAreCheckedAsUsage() throws IOException {
        Path file = Files.write(dir.resolve("scan.raw"), new byte[48]);

        Run missingType = run("info", file.toString(), "--frame-shape", "2x3");
        Run otherFormat = run("info", file.toString(), "--frame-shape", "2x3", "--pixel-type", "uint16",
                "--format", "npy");
        Run badType = run("info", file.toString(), "--frame-shape", "2x3", "--pixel-type", "uint12");
        Run badShape = run("info", file.toString(), "--frame-shape", "0x3", "--pixel-type", "uint16");
        Run negativeGap = run("info", file.toString(), "--frame-shape", "2x3", "--pixel-type", "uint16",
                "--frame-gap-bytes", "-1");

        assertEquals(2, missingType.exitCode());
        assertTrue(missingType.err().contains("a raw layout needs both --frame-shape and --pixel-type"),
                missingType.err());
        assertEquals(2, otherFormat.exitCode());
        assertTrue(otherFormat.err().contains("but --format is 'npy'"), otherFormat.err());
        assertEquals(2, badType.exitCode());
        assertTrue(badType.err().contains("invalid pixel type 'uint12': expected one of uint8, int8, uint16"),
                badType.err());
        assertEquals(2, badShape.exitCode());
        assertTrue(badShape.err().contains("invalid frame shape '0x3': frame rows must be at least 1, got 0"),
                badShape.err());
        assertEquals(2, negativeGap.exitCode());
        assertTrue(negativeGap.err().contains("invalid --frame-gap-bytes -1: expected 0 or more"), negativeGap.err());
    }

    @Test
    void unknownReaderOptionFails() throws IOException {
        Path file = writeNpy("stack.npy", 2, 4, 5);

        Run run = run("info", file.toString(), "-O", "ignore-trailing-frame=true");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("unknown reader option 'ignore-trailing-frame' for reader npy on 'stack.npy':"
                + " accepted names: ignore-trailing-frames"), run.err());
    }
}

package io.github.stem4d.io.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Damaged and inconsistent {@code .mib} files, each rejected with a message naming the file and the problem. */
class MibCorruptFilesTest {

    private static final int STRIDE = 384 + 16 * 16 * 2;

    @TempDir
    Path dir;

    /** Returns {@code frames} 16x16 U16 frames, changed by {@code edit} before the bytes are taken. */
    private static byte[] frames(int frames, Consumer<MibFileWriter> edit) {
        MibFileWriter writer = new MibFileWriter().size(16, 16).type("U16", 12);
        edit.accept(writer);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < frames; i++) {
            out.writeBytes(writer.header(i));
            out.writeBytes(new byte[(int) Math.min(512, 16L * 16 * 2)]);
        }
        return out.toByteArray();
    }

    private static byte[] frames(int frames) {
        return frames(frames, writer -> { });
    }

    private static byte[] withText(byte[] bytes, int offset, String text) {
        byte[] copy = bytes.clone();
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, copy, offset, ascii.length);
        return copy;
    }

    private static byte[] header(String text, int totalBytes) {
        byte[] bytes = new byte[totalBytes];
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, bytes, 0, Math.min(ascii.length, totalBytes));
        return bytes;
    }

    private static Arguments at(String name, byte[] bytes, OpenOptions options, String expected) {
        return Arguments.of(name, bytes, options, expected);
    }

    static Stream<Arguments> corruptFiles() {
        OpenOptions none = OpenOptions.defaults();
        byte[] three = frames(3);
        return Stream.of(
                at("empty file", new byte[0], none, "is empty (0 bytes)"),
                at("garbage", "hello world, this is not a Merlin file".getBytes(StandardCharsets.US_ASCII), none,
                        "is not a Merlin .mib file: expected a frame header starting with 'MQ1,' at offset 0,"
                                + " found 'hello world, thi...'"),
                at("header length not a number", withText(three, 11, "abcde"), none,
                        "the header length (field 2) should be a decimal number, found 'abcde'"),
                at("header length beyond file", withText(frames(1), 11, "65000"), none,
                        "the frame header at offset 0 claims 65000 bytes, but the file has only " + STRIDE),
                at("header length too small", withText(three, 11, "00005"), none,
                        "header length 5 is outside 24 to"),
                at("too few fields", header("MQ1,000001,00384,01,", 384 + 512), none,
                        "expected at least 8 comma-separated fields"),
                at("width not a number", withText(three, 20, "wide"), none,
                        "width (field 4) should be a decimal number, found 'wide'"),
                at("unknown pixel type", withText(three, 30, "X99"), none, "invalid Merlin pixel type 'X99'"),
                at("payload larger than file", withText(frames(1), 20, "9999,9999,U32"), none,
                        "describes a payload of 399920004 bytes (9999x9999 U32), but only 512 bytes follow"),
                at("truncated last frame", Arrays.copyOf(three, 2 * STRIDE + 100), none,
                        "is not a whole number of Merlin frames of " + STRIDE + " bytes (header 384 + payload 512):"
                                + " 2 frames and 100 bytes left over at offset " + 2 * STRIDE),
                at("last header overwritten", withText(three, 2 * STRIDE, "XXXX"), none,
                        "at offset " + 2 * STRIDE + ": expected it to start with 'MQ1,', found 'XXXX"),
                at("second frame of another size", withText(three, STRIDE + 20, "0008"), none,
                        "the Merlin frame header of frame 1 in 'bad.mib' at offset " + STRIDE
                                + " does not match the first: expected header length 384, 16x16 U16; found 384, 8x16 U16"),
                at("raw 24-bit", frames(1, w -> w.type("R64", 24)), none,
                        "raw (R64) frames with counter depth 24 in 'bad.mib' at offset 0 are not supported"),
                at("scan shape larger than file", three, OpenOptions.builder().scanShape(new ScanShape(2, 2)).build(),
                        "scan shape 2x2 (from caller) needs 4 frames, but 'bad.mib' contains only 3 frames"),
                at("scan shape smaller than file", three, OpenOptions.builder().scanShape(new ScanShape(1, 2)).build(),
                        "'bad.mib' contains 3 frames, but scan shape 1x2 (from caller) uses 2. Pass reader option"
                                + " ignore-trailing-frames=true to drop the last 1 frames"),
                at("skip every frame", three, OpenOptions.builder().skipFrames(3).build(),
                        "cannot skip 3 frames: 'bad.mib' contains 3 frames"),
                at("invalid option value", three,
                        OpenOptions.builder().readerOption(MibReader.IGNORE_PARTIAL_FRAME, "yes").build(),
                        "invalid reader option ignore-partial-frame='yes' for 'bad.mib': expected true or false"),
                at("misspelled option name", three,
                        OpenOptions.builder().readerOption("ignore-partial-frames", "true").build(),
                        "unknown reader option 'ignore-partial-frames' for reader mib on 'bad.mib': accepted names:"
                                + " ignore-partial-frame, ignore-trailing-frames, extra-frames-per-line,"
                                + " extra-frames-position, infer-scan-shape"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void corruptFileIsRejectedWithMessage(String name, byte[] bytes, OpenOptions options, String expected)
            throws IOException {
        Path file = Files.write(dir.resolve("bad.mib"), bytes);

        InvalidScanException error = assertThrows(InvalidScanException.class, () -> {
            try (ScanDataset dataset = ScanDatasets.open(file, options)) {
                dataset.readFrames(0, 1, new float[dataset.frameShape().pixelCount()]);
            }
        });

        assertTrue(error.getMessage().contains(expected), "message: " + error.getMessage());
        assertTrue(error.getMessage().contains("bad.mib"), "names the file: " + error.getMessage());
        assertEquals(file, error.path());
    }

    @Test
    void middleHeaderFailsOnRead() throws IOException {
        // Opening checks the headers of frames 0, 1, 3 and 5 of 6, and frame 2 only when it is read.
        // A caller's scan shape skips the timestamp search, which would read every header.
        byte[] bytes = withText(frames(6), 2 * STRIDE, "JUNK");
        Path file = Files.write(dir.resolve("bad.mib"), bytes);
        OpenOptions options = OpenOptions.builder().scanShape(new ScanShape(2, 3)).build();

        try (ScanDataset dataset = ScanDatasets.open(file, options)) {
            float[] frames = new float[6 * 256];
            InvalidScanException error = assertThrows(InvalidScanException.class,
                    () -> dataset.readFrames(0, 6, frames));

            assertTrue(error.getMessage().contains("at offset " + 2 * STRIDE + " (frame record 2): expected it to"
                    + " start with 'MQ1,', found 'JUNK"), error.getMessage());
        }
    }

    @Test
    void middleFrameOfOtherSizeFailsOnRead() throws IOException {
        // Frame 2 says 8x32 instead of 16x16: the same payload bytes, so only its header shows it.
        byte[] bytes = withText(frames(6), 2 * STRIDE + 20, "0008,0032");
        Path file = Files.write(dir.resolve("bad.mib"), bytes);
        OpenOptions options = OpenOptions.builder().scanShape(new ScanShape(2, 3)).build();

        try (ScanDataset dataset = ScanDatasets.open(file, options)) {
            float[] frames = new float[6 * 256];
            dataset.readFrames(0, 2, frames);
            InvalidScanException error = assertThrows(InvalidScanException.class,
                    () -> dataset.readFrames(0, 6, frames));

            assertTrue(error.getMessage().contains("at offset " + 2 * STRIDE + " (frame record 2) does not match the"
                    + " first frame: expected header length, chips, width, height and type '00384,01,0016,0016,U16,'"),
                    error.getMessage());
            assertTrue(error.getMessage().contains("MQ1,000003,00384,01,0008,0032,U16"), error.getMessage());
        }
    }

    @Test
    void fileTruncatedAfterOpenFailsOnRead() throws IOException {
        Path file = Files.write(dir.resolve("bad.mib"), frames(4));

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            Files.write(file, Arrays.copyOf(frames(4), 2 * STRIDE));
            InvalidScanException error = assertThrows(InvalidScanException.class,
                    () -> dataset.readFrames(3, 1, new float[256]));

            assertTrue(error.getMessage().contains("is truncated: frame record 3 needs " + STRIDE + " bytes at offset "
                    + 3 * STRIDE + ", but the file ends after 0 of them"), error.getMessage());
        }
    }

    @Test
    void randomDamageGivesOnlyInvalidScanErrors() throws IOException {
        Random random = new Random(20240101);
        byte[] good = frames(4);
        byte[] alphabet = "0123456789,MQ1AUR \0".getBytes(StandardCharsets.ISO_8859_1);
        for (int trial = 0; trial < 400; trial++) {
            byte[] bytes = good.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                // Half of the trials damage the first header, where the sizes are.
                int position = random.nextInt(trial % 2 == 0 ? 64 : bytes.length);
                bytes[position] = random.nextBoolean() ? (byte) random.nextInt(256)
                        : alphabet[random.nextInt(alphabet.length)];
            }
            if (random.nextInt(4) == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            Path file = Files.write(dir.resolve("fuzz.mib"), bytes);

            try (ScanDataset dataset = ScanDatasets.open(file)) {
                float[] all = new float[(int) dataset.frameCount() * dataset.frameShape().pixelCount()];
                dataset.readFrames(0, (int) dataset.frameCount(), all);
            } catch (InvalidScanException expected) {
                assertTrue(expected.getMessage().contains("fuzz.mib"), "trial " + trial + ": " + expected.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError("trial " + trial + " raised " + e, e);
            }
        }
    }

    @Test
    void directoryIsRejected() throws IOException {
        InvalidScanException error = assertThrows(InvalidScanException.class,
                () -> new MibReader().open(dir, OpenOptions.defaults()));

        assertTrue(error.getMessage().contains("is a directory"), error.getMessage());
    }

    @Test
    void unreadableFileIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("locked.mib"), frames(1));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "the test user can read files without permission (root)");

        InvalidScanException error = assertThrows(InvalidScanException.class,
                () -> new MibReader().open(file, OpenOptions.defaults()));

        assertTrue(error.getMessage().contains("is not readable"), error.getMessage());
    }

    @Test
    void readOutsideScanIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("ok.mib"), frames(3));

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            IndexOutOfBoundsException error = assertThrows(IndexOutOfBoundsException.class,
                    () -> dataset.readFrames(2, 2, new float[512]));
            assertTrue(error.getMessage().contains("frames 2 to 3 are outside the scan of 3 frames"),
                    error.getMessage());
        }
    }
}

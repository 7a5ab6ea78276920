package io.github.stem4d.io.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Damaged and unsupported {@code .npy} files, each rejected with a message naming the file and the problem. */
class NpyCorruptFilesTest {

    @TempDir
    Path dir;

    /** Returns a version 1 file with header text {@code dict} followed by {@code dataBytes} zero bytes. */
    private static byte[] file(String dict, int dataBytes) {
        byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buffer = ByteBuffer.allocate(10 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) text.length).put(text);
        return buffer.array();
    }

    private static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    static Stream<Arguments> corruptFiles() {
        byte[] good = file(dict("<u2", "(2, 3, 4)"), 48);
        byte[] version4 = good.clone();
        version4[6] = 4;
        byte[] longHeader = good.clone();
        longHeader[8] = (byte) 0xFF;
        longHeader[9] = (byte) 0x7F;
        return Stream.of(
                Arguments.of("empty", new byte[0], "is empty (0 bytes)"),
                Arguments.of("too short", new byte[] {(byte) 0x93, 'N', 'U'}, "is too short for a NumPy file: 3 bytes"),
                Arguments.of("bad magic", "PK\u0003\u0004 a zip file, not numpy".getBytes(StandardCharsets.ISO_8859_1),
                        "is not a NumPy .npy file: expected the magic '\\x93NUMPY' at offset 0, found 'PK\\x03\\x04 a'"),
                Arguments.of("version 4", version4, "NumPy format version 4.0 of 'bad.npy' at offset 6 is not supported"),
                Arguments.of("header longer than file", longHeader,
                        "is truncated: the NumPy header claims 32767 bytes after offset 10"),
                Arguments.of("header text cut", file("{'descr': '<u2', 'fortran_order': Fals", 0),
                        "invalid NumPy header text in 'bad.npy' at offset 10: expected a value at character 34"),
                Arguments.of("not a dict", file("[1, 2, 3]", 0), "expected a dict with 'descr', 'fortran_order'"),
                Arguments.of("structured dtype", file("{'descr': [('a', '<u2')], 'fortran_order': False, 'shape': (2,), }", 4),
                        "NumPy dtype [[a, <u2]] of 'bad.npy' is not supported"),
                Arguments.of("complex dtype", file(dict("<c8", "(2, 3, 4)"), 192),
                        "NumPy dtype '<c8' of 'bad.npy' is not supported"),
                Arguments.of("native byte order", file(dict("=u2", "(2, 3, 4)"), 48),
                        "NumPy dtype '=u2' of 'bad.npy' has no explicit byte order"),
                Arguments.of("fortran_order missing", file("{'descr': '<u2', 'shape': (2, 3, 4), }", 48),
                        "'fortran_order' should be True or False, found null"),
                Arguments.of("negative dimension", file(dict("<u2", "(2, -3, 4)"), 48),
                        "'shape' should hold non-negative integers"),
                Arguments.of("five axes", file(dict("<u2", "(1, 2, 1, 3, 4)"), 48), "has 5 axes: expected 4"),
                Arguments.of("no frames", file(dict("<u2", "(0, 3, 4)"), 0), "contains no frames"),
                Arguments.of("shape larger than file", file(dict("<u2", "(100000, 100000, 256, 256)"), 48),
                        "is truncated: the NumPy header claims shape [100000, 100000, 256, 256] of '<u2',"
                                + " 1310720000000000 bytes of data at offset"),
                Arguments.of("shape overflows", file(dict("<f8", "(4294967296, 4294967296, 1024)"), 48),
                        "is too large: its byte size does not fit in 64 bits"),
                Arguments.of("truncated data", Arrays.copyOf(good, good.length - 5),
                        "43 bytes after the header"),
                Arguments.of("deep nesting", file("(".repeat(5000), 0), "nested brackets"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void corruptFileIsRejectedWithMessage(String name, byte[] bytes, String expected) throws IOException {
        Path file = Files.write(dir.resolve("bad.npy"), bytes);

        InvalidScanException error = assertThrows(InvalidScanException.class, () -> {
            try (ScanDataset dataset = ScanDatasets.open(file)) {
                dataset.readFrames(0, 1, new float[dataset.frameShape().pixelCount()]);
            }
        });

        assertTrue(error.getMessage().contains(expected), "message: " + error.getMessage());
        assertTrue(error.getMessage().contains("bad.npy"), "names the file: " + error.getMessage());
        assertEquals(file, error.path());
    }

    @Test
    void randomDamageGivesOnlyInvalidScanErrors() throws IOException {
        Random random = new Random(20240102);
        byte[] good = file(dict("<u2", "(2, 3, 4, 5)"), 240);
        byte[] alphabet = "0123456789,()'<>|uif: TrueFalse".getBytes(StandardCharsets.ISO_8859_1);
        for (int trial = 0; trial < 400; trial++) {
            byte[] bytes = good.clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int position = random.nextInt(Math.min(bytes.length, 90));
                bytes[position] = random.nextBoolean() ? (byte) random.nextInt(256)
                        : alphabet[random.nextInt(alphabet.length)];
            }
            if (random.nextInt(4) == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            Path file = Files.write(dir.resolve("fuzz.npy"), bytes);

            try (ScanDataset dataset = ScanDatasets.open(file)) {
                float[] all = new float[(int) dataset.frameCount() * dataset.frameShape().pixelCount()];
                dataset.readFrames(0, (int) dataset.frameCount(), all);
            } catch (InvalidScanException expected) {
                assertTrue(expected.getMessage().contains("fuzz.npy"), "trial " + trial + ": " + expected.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError("trial " + trial + " raised " + e, e);
            }
        }
    }

    @ParameterizedTest(name = "scan {0}")
    @MethodSource("badScanShapes")
    void scanShapeThatDoesNotFitIsRejected(String shape, String expected) throws IOException {
        Path file = Files.write(dir.resolve("bad.npy"), file(dict("<u2", "(6, 4, 5)"), 240));
        OpenOptions options = OpenOptions.builder().scanShape(ScanShape.parse(shape)).build();

        InvalidScanException error = assertThrows(InvalidScanException.class, () -> ScanDatasets.open(file, options));

        assertTrue(error.getMessage().contains(expected), "message: " + error.getMessage());
    }

    static Stream<Arguments> badScanShapes() {
        return Stream.of(
                Arguments.of("3x3", "scan shape 3x3 (from caller) needs 9 frames, but 'bad.npy' contains only 6 frames"),
                Arguments.of("1x5", "Pass reader option ignore-trailing-frames=true to drop the last 1 frames"));
    }
}

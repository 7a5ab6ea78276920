package io.github.stem4d.io.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams scan files far larger than the heap in a separate JVM ({@code -Xmx64m} for 256 MB;
 * with {@code -Dstem4d.stress=true}, {@code -Xmx256m} for 2 GB) and compares the pixel sum with
 * the one computed while writing. An OutOfMemoryError in the child fails the test.
 */
class LargeFileJvmTest {

    private static final int SIDE = 256;
    private static final int PIXELS = SIDE * SIDE;
    private static final long MB = 1 << 20;

    @TempDir
    Path dir;

    /** Pixel values of frame {@code frame}: 12-bit counts that change with the frame. */
    private static void fillFrame(int frame, ByteBuffer target) {
        for (int i = 0; i < PIXELS; i++) {
            target.putShort((short) ((i * 31 + frame * 17 + (i >> 9)) & 0xFFF));
        }
    }

    private static long frameSum(int frame) {
        long sum = 0;
        for (int i = 0; i < PIXELS; i++) {
            sum += (i * 31 + frame * 17 + (i >> 9)) & 0xFFF;
        }
        return sum;
    }

    /** Writes a .mib file of U16 frames and returns the sum of all pixels. */
    private static long writeMib(Path file, int frames) throws IOException {
        MibFileWriter writer = new MibFileWriter().size(SIDE, SIDE).type("U16", 12);
        long sum = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer frame = ByteBuffer.allocate(384 + 2 * PIXELS).order(ByteOrder.BIG_ENDIAN);
            for (int f = 0; f < frames; f++) {
                frame.clear();
                frame.put(writer.header(f));
                fillFrame(f, frame);
                frame.flip();
                while (frame.hasRemaining()) {
                    out.write(frame);
                }
                sum += frameSum(f);
            }
        }
        return sum;
    }

    /** Writes a C-order little-endian u2 .npy file of shape (rows, frames / rows, 256, 256) and returns its sum. */
    private static long writeNpy(Path file, int rows, int frames) throws IOException {
        String dict = "{'descr': '<u2', 'fortran_order': False, 'shape': (" + rows + ", " + frames / rows + ", "
                + SIDE + ", " + SIDE + "), }";
        StringBuilder text = new StringBuilder(dict);
        while ((10 + text.length() + 1) % 64 != 0) {
            text.append(' ');
        }
        text.append('\n');
        long sum = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
            header.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                    .putShort((short) text.length()).put(text.toString().getBytes(StandardCharsets.US_ASCII)).flip();
            out.write(header);
            ByteBuffer frame = ByteBuffer.allocate(2 * PIXELS).order(ByteOrder.LITTLE_ENDIAN);
            for (int f = 0; f < frames; f++) {
                frame.clear();
                fillFrame(f, frame);
                frame.flip();
                while (frame.hasRemaining()) {
                    out.write(frame);
                }
                sum += frameSum(f);
            }
        }
        return sum;
    }

    /** Runs {@link StreamSumMain} on {@code file} in a new JVM with {@code heap} and returns its result line. */
    private static String streamInChildJvm(Path file, String heap) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), StreamSumMain.class.getName(), file.toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String text = new String(output, StandardCharsets.UTF_8).trim();
        assertTrue(finished, "child JVM did not finish: " + text);
        assertEquals(0, process.exitValue(), "child JVM failed: " + text);
        // Libraries on the class path may print warnings first; the result is the line of StreamSumMain.
        return text.lines().filter(line -> line.startsWith("frames=")).findFirst().orElse(text);
    }

    @Test
    void mibStreams256MbIn64MbHeap() throws Exception {
        Path file = dir.resolve("large.mib");
        int frames = (int) (256 * MB / (2 * PIXELS));
        long sum = writeMib(file, frames);

        String output = streamInChildJvm(file, "64m");

        assertTrue(Files.size(file) > 256 * MB, "file size " + Files.size(file));
        assertTrue(output.startsWith("frames=" + frames + " sum=" + sum + " "), output);
    }

    @Test
    void npyStreams256MbIn64MbHeap() throws Exception {
        Path file = dir.resolve("large.npy");
        int frames = (int) (256 * MB / (2 * PIXELS));
        long sum = writeNpy(file, 32, frames);

        String output = streamInChildJvm(file, "64m");

        assertTrue(output.startsWith("frames=" + frames + " sum=" + sum + " "), output);
    }

    @Test
    void stressStreams2GbIn256MbHeap() throws Exception {
        assumeTrue(Boolean.getBoolean("stem4d.stress"), "stress variant: run with -Dstem4d.stress=true");
        int frames = (int) (2048 * MB / (2 * PIXELS));

        Path mib = dir.resolve("huge.mib");
        long mibSum = writeMib(mib, frames);
        String mibOutput = streamInChildJvm(mib, "256m");
        Files.delete(mib);
        Path npy = dir.resolve("huge.npy");
        long npySum = writeNpy(npy, 128, frames);
        String npyOutput = streamInChildJvm(npy, "256m");

        assertTrue(mibOutput.startsWith("frames=" + frames + " sum=" + mibSum + " "), mibOutput);
        assertTrue(npyOutput.startsWith("frames=" + frames + " sum=" + npySum + " "), npyOutput);
    }
}

package io.github.stem4d.io.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticScanGeneratorTest {

    @TempDir
    Path dir;

    private static SyntheticScanSpec spec(int regions, long seed, PixelType type, SyntheticFormat format) {
        return new SyntheticScanSpec(new ScanShape(6, 8), new FrameShape(32, 24), regions, seed, type, format);
    }

    @Test
    void npyHasHeaderShapeAndSize() throws IOException {
        Path file = dir.resolve("scan.npy");
        GeneratedScan scan = SyntheticScanGenerator.generate(spec(4, 1, PixelType.UINT16, SyntheticFormat.NPY), file, false);

        byte[] bytes = Files.readAllBytes(file);
        assertEquals(128 + 6 * 8 * 32 * 24 * 2, bytes.length);
        assertEquals(bytes.length, scan.bytes());
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(118, headerLength);
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<u2', 'fortran_order': False, 'shape': (6, 8, 32, 24), }"), header);
        assertTrue(header.endsWith("\n"));
    }

    @Test
    void labelsCoverEveryRegion() throws IOException {
        Path file = dir.resolve("scan.npy");
        GeneratedScan scan = SyntheticScanGenerator.generate(spec(5, 3, PixelType.UINT16, SyntheticFormat.NPY), file, false);

        assertEquals(dir.resolve("scan.labels.npy"), scan.labelsFile());
        long[] sizes = scan.regionSizes();
        assertEquals(5, sizes.length);
        assertEquals(48, Arrays.stream(sizes).sum());
        for (long size : sizes) {
            assertTrue(size > 0, "every region is present: " + Arrays.toString(sizes));
        }
        byte[] labels = Files.readAllBytes(scan.labelsFile());
        assertEquals(128 + 48 * 4, labels.length);
        assertTrue(new String(labels, 10, 60, StandardCharsets.US_ASCII).contains("'<i4'"));
        ByteBuffer data = ByteBuffer.wrap(labels, 128, 48 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 48; i++) {
            assertEquals(scan.labels()[i], data.getInt());
        }
    }

    @Test
    void sameSeedWritesIdenticalBytes() throws IOException {
        Path first = dir.resolve("a.npy");
        Path second = dir.resolve("b.npy");
        Path other = dir.resolve("c.npy");
        SyntheticScanGenerator.generate(spec(3, 7, PixelType.FLOAT32, SyntheticFormat.NPY), first, false);
        SyntheticScanGenerator.generate(spec(3, 7, PixelType.FLOAT32, SyntheticFormat.NPY), second, false);
        SyntheticScanGenerator.generate(spec(3, 8, PixelType.FLOAT32, SyntheticFormat.NPY), other, false);

        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        assertFalse(Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(other)));
    }

    @Test
    void regionsDifferInMeanPattern() throws IOException {
        SyntheticScanSpec spec = spec(3, 2, PixelType.FLOAT32, SyntheticFormat.RAW);
        GeneratedScan scan = SyntheticScanGenerator.generate(spec, dir.resolve("scan.raw"), false);

        int pixels = 32 * 24;
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(scan.scanFile())).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(48L * pixels * 4, data.capacity());
        double[] centreByRegion = new double[3];
        double[] totalByRegion = new double[3];
        long[] sizes = scan.regionSizes();
        for (int frame = 0; frame < 48; frame++) {
            int region = scan.labels()[frame];
            for (int p = 0; p < pixels; p++) {
                float value = data.getFloat((frame * pixels + p) * 4);
                assertTrue(value >= 0, "counts are never negative");
                totalByRegion[region] += value / sizes[region];
            }
            centreByRegion[region] += data.getFloat((frame * pixels + 16 * 24 + 12) * 4) / sizes[region];
        }
        // Vacuum (region 0) has the brightest direct beam; the others share a dimmer one.
        assertTrue(centreByRegion[0] > 1.8 * centreByRegion[1], Arrays.toString(centreByRegion));
        assertNotEquals(totalByRegion[1], totalByRegion[2], 1.0);
    }

    @Test
    void mibFramesHaveHeadersAndHdr() throws IOException {
        SyntheticScanSpec spec = spec(2, 0, PixelType.UINT16, SyntheticFormat.MIB);
        GeneratedScan scan = SyntheticScanGenerator.generate(spec, dir.resolve("scan.mib"), false);

        byte[] bytes = Files.readAllBytes(scan.scanFile());
        int stride = 384 + 32 * 24 * 2;
        assertEquals(48L * stride, bytes.length);
        String first = new String(bytes, 0, 120, StandardCharsets.US_ASCII);
        assertTrue(first.startsWith("MQ1,000001,00384,01,0024,0032,U16,   1x1,01,"), first);
        String second = new String(bytes, stride, 20, StandardCharsets.US_ASCII);
        assertTrue(second.startsWith("MQ1,000002,00384,"), second);
        String header = new String(bytes, 0, 384, StandardCharsets.US_ASCII);
        assertTrue(header.contains(",MQ1A,2024-01-01T12:00:00.000000000Z,1000000ns,12,"), header);
        for (int i = 0; i < 32 * 24; i++) {
            int value = ((bytes[384 + 2 * i] & 0xFF) << 8) | (bytes[385 + 2 * i] & 0xFF);
            assertTrue(value <= 4095, "12-bit counter depth");
        }

        assertEquals(1, scan.sidecarFiles().size());
        String hdr = Files.readString(scan.sidecarFiles().get(0), StandardCharsets.US_ASCII);
        assertTrue(hdr.startsWith("HDR,\t\r\n"));
        assertTrue(hdr.contains("ScanX:\t8\r\n"));
        assertTrue(hdr.contains("ScanY:\t6\r\n"));
        assertEquals(2048, hdr.length());
    }

    @Test
    void existingFileIsKept() throws IOException {
        Path file = dir.resolve("scan.npy");
        Files.writeString(file, "keep");

        assertThrows(FileAlreadyExistsException.class, () ->
                SyntheticScanGenerator.generate(spec(2, 0, PixelType.UINT8, SyntheticFormat.NPY), file, false));
        assertEquals("keep", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void existingLabelsOfAnotherScanAreKept() throws IOException {
        Path npy = dir.resolve("scan.npy");
        SyntheticScanGenerator.generate(spec(2, 0, PixelType.UINT8, SyntheticFormat.NPY), npy, false);
        Path labels = SyntheticScanGenerator.labelsPathFor(npy);
        byte[] before = Files.readAllBytes(labels);

        Path raw = dir.resolve("scan.raw");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () ->
                SyntheticScanGenerator.generate(spec(3, 1, PixelType.UINT8, SyntheticFormat.RAW), raw, false));

        assertEquals(labels.toString(), e.getFile());
        assertArrayEquals(before, Files.readAllBytes(labels));
        assertFalse(Files.exists(raw), "nothing written when a sidecar would be replaced");
    }

    @Test
    void specRejectsInvalidValues() {
        IllegalArgumentException regions = assertThrows(IllegalArgumentException.class,
                () -> spec(0, 0, PixelType.UINT16, SyntheticFormat.NPY));
        assertTrue(regions.getMessage().contains("regions must be between 1 and 8, got 0"), regions.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> spec(2, 0, PixelType.INT16, SyntheticFormat.NPY));
        assertTrue(type.getMessage().contains("INT16"), type.getMessage());
        IllegalArgumentException mibFloat = assertThrows(IllegalArgumentException.class,
                () -> spec(2, 0, PixelType.FLOAT32, SyntheticFormat.MIB));
        assertTrue(mibFloat.getMessage().contains(".mib"), mibFloat.getMessage());
        IllegalArgumentException h5 = assertThrows(IllegalArgumentException.class, () -> SyntheticFormat.parse("h5"));
        assertTrue(h5.getMessage().contains("npy, raw, mib"), h5.getMessage());
    }

    @Test
    void specRejectsHugeScanAndDetector() {
        IllegalArgumentException scan = assertThrows(IllegalArgumentException.class, () -> new SyntheticScanSpec(
                new ScanShape(1_000_000, 1_000_000), new FrameShape(256, 256), 5, 0, PixelType.UINT16,
                SyntheticFormat.NPY));
        assertTrue(scan.getMessage().contains("at most " + SyntheticScanSpec.MAX_POSITIONS), scan.getMessage());
        IllegalArgumentException detector = assertThrows(IllegalArgumentException.class, () -> new SyntheticScanSpec(
                new ScanShape(4, 4), new FrameShape(8192, 8192), 1, 0, PixelType.UINT16, SyntheticFormat.NPY));
        assertTrue(detector.getMessage().contains("4096x4096"), detector.getMessage());
    }

    @Test
    void scanLargerThanDiskIsRejectedBeforeWriting() throws IOException {
        // 4096x4096 frames of 4096x4096 float32 pixels: about 1 PiB, more than any test disk.
        SyntheticScanSpec huge = new SyntheticScanSpec(new ScanShape(4096, 4096), new FrameShape(4096, 4096), 5, 0,
                PixelType.FLOAT32, SyntheticFormat.RAW);
        Path file = dir.resolve("huge.raw");

        IOException e = assertThrows(IOException.class, () -> SyntheticScanGenerator.generate(huge, file, false));

        assertTrue(e.getMessage().contains("not enough free disk space"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing may be written");
        }
    }

    @Test
    void folderAsOutputIsRejectedEvenWithReplace() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("empty_folder"));

        IOException e = assertThrows(IOException.class,
                () -> SyntheticScanGenerator.generate(spec(2, 0, PixelType.UINT16, SyntheticFormat.NPY), folder, true));

        assertTrue(e.getMessage().contains("is a folder; name a scan file"), e.getMessage());
        assertTrue(Files.isDirectory(folder), "the folder is kept");
    }
}

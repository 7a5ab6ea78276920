package io.github.stem4d.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.CancellationToken;
import io.github.stem4d.analysis.ProgressListener;
import io.github.stem4d.analysis.ScanAnalyzer;
import io.github.stem4d.analysis.VirtualImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders degenerate results and writes into awkward output folders. */
class RendererEdgeCaseTest {

    @TempDir
    Path folder;

    private static BufferedImage read(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "ImageIO could not decode " + png);
        return image;
    }

    /**
     * Renders every figure into {@code out}. With {@code -Dstem4d.figures=FOLDER} the figures are
     * also copied there, named after {@code out}, for inspection.
     */
    private List<Path> render(SyntheticScan scan, AnalysisResult result, Path out) throws IOException {
        List<Path> written = new PngFigureRenderer().render(result, scan.dataset(), out);
        String keep = System.getProperty("stem4d.figures");
        if (keep != null && !keep.isBlank()) {
            Path target = Files.createDirectories(Path.of(keep));
            String prefix = folder.relativize(out).toString().replace('/', '_');
            for (Path file : written) {
                String name = out.relativize(file).toString().replace('/', '_');
                Files.copy(file, target.resolve(prefix.isEmpty() ? name : prefix + "_" + name),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return written;
    }

    private static void assertNoTemporaryFiles(Path out) throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    @Test
    void manyClustersRender() throws IOException {
        for (int k : new int[] {20, 64}) {
            SyntheticScan scan = new SyntheticScan(32, 32, 24, 24, k, k, SyntheticScan.Content.CRYSTAL, 3);
            Path out = folder.resolve("k" + k);
            // One-frame montages keep the 69 files of K = 64 quick to encode.
            List<Path> written = new PngFigureRenderer(1).render(scan.result(), scan.dataset(), out);
            assertEquals(5 + k, written.size(), "K = " + k);
            for (Path file : written) {
                read(file);
            }
        }
    }

    @Test
    void singlePositionAndThinScansRender() throws IOException {
        int[][] shapes = {{1, 1}, {1000, 3}, {3, 1000}};
        for (int[] shape : shapes) {
            SyntheticScan scan = new SyntheticScan(shape[0], shape[1], 16, 16, 1, 1, SyntheticScan.Content.CRYSTAL, 5);
            Path out = folder.resolve(shape[0] + "x" + shape[1]);
            for (Path file : render(scan, scan.result(), out)) {
                BufferedImage image = read(file);
                assertTrue(image.getWidth() <= 4000, file + " is " + image.getWidth() + " pixels wide");
                assertTrue(image.getHeight() <= 4000, file + " is " + image.getHeight() + " pixels high");
            }
        }
    }

    @Test
    void nanVirtualImagesAndZeroPatternsRender() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(12, 10, 16, 16, 3);
        AnalysisResult base = scan.result();
        double[] nan = new double[120];
        Arrays.fill(nan, Double.NaN);
        double[] partly = base.virtualImages().total().clone();
        partly[7] = Double.POSITIVE_INFINITY;
        partly[8] = Double.NaN;
        VirtualImages old = base.virtualImages();
        VirtualImages images = new VirtualImages(partly, nan, old.annularDarkField(), old.brightFieldRadius(),
                old.annularInnerRadius(), old.annularOuterRadius(), old.centreRow(), old.centreCol());
        float[][] zeros = new float[3][256];
        AnalysisResult result = new AnalysisResult(base.scanName(), base.scanShape(), base.frameShape(),
                base.datasetMetadata(), base.settings(), base.featureNames(), base.features(), base.pca(),
                base.scores(), base.kmeans(), base.representativeFrames(), images, new float[256], zeros,
                base.nonFiniteFrames(), base.timings());
        for (Path file : render(scan, result, folder)) {
            read(file);
        }
    }

    @Test
    void representativesBeyondScanSkipped() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(6, 6, 16, 16, 2);
        AnalysisResult base = scan.result();
        int[][] representatives = {{0, 36, 1000, -1}, {}};
        AnalysisResult result = new AnalysisResult(base.scanName(), base.scanShape(), base.frameShape(),
                base.datasetMetadata(), base.settings(), base.featureNames(), base.features(), base.pca(),
                base.scores(), base.kmeans(), representatives, base.virtualImages(), base.meanPattern(),
                base.clusterMeanPatterns(), base.nonFiniteFrames(), base.timings());
        assertEquals(1, MontageFigure.shownFrames(result, 0, 4).length);
        for (Path file : render(scan, result, folder)) {
            read(file);
        }
    }

    @Test
    void outputFolderThatIsFileRejected() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(4, 4, 16, 16, 2);
        Path file = Files.writeString(folder.resolve("not-a-folder"), "x");
        IOException e = assertThrows(IOException.class, () -> render(scan, scan.result(), file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void readOnlyOutputFolderRejected() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(4, 4, 16, 16, 2);
        Path out = Files.createDirectories(folder.resolve("read-only").resolve(Figures.MONTAGE_FOLDER)).getParent();
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(out), "running as root: folder stays writable");
            IOException e = assertThrows(IOException.class, () -> render(scan, scan.result(), out));
            assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
            assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertNoTemporaryFiles(out);
    }

    @Test
    void figurePathHeldByFolderRejected() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(4, 4, 16, 16, 2);
        Path blocking = Files.createDirectories(folder.resolve(Figures.CLUSTER_MAP));
        Files.writeString(blocking.resolve("keep.txt"), "x");
        IOException e = assertThrows(IOException.class, () -> render(scan, scan.result(), folder));
        assertTrue(e.getMessage().contains("cannot write figure '" + blocking + "'"), e.getMessage());
        assertEquals("x", Files.readString(blocking.resolve("keep.txt")));
        assertNoTemporaryFiles(folder);
    }

    @Test
    void existingFiguresReplaced() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(8, 8, 16, 16, 2);
        Files.writeString(folder.resolve(Figures.OVERVIEW), "old");
        render(scan, scan.result(), folder);
        assertEquals(OverviewFigure.WIDTH, read(folder.resolve(Figures.OVERVIEW)).getWidth());
        assertNoTemporaryFiles(folder);
    }

    /** Renders the figures of a real analysis of a 64 x 64 synthetic scan. */
    @Test
    void realisticScanFiguresRender() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(64, 64, 64, 64, 5);
        AnalysisSettings settings = AnalysisSettings.builder().k(5).threads(2).build();
        AnalysisResult result = new ScanAnalyzer(settings, ProgressListener.NONE, CancellationToken.NONE)
                .analyze("synthetic64", scan.dataset());
        List<Path> written = render(scan, result, folder.resolve("realistic"));
        assertEquals(10, written.size());
        assertEquals(OverviewFigure.HEIGHT, read(folder.resolve("realistic").resolve(Figures.OVERVIEW)).getHeight());
    }
}

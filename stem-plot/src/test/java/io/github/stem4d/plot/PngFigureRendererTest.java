package io.github.stem4d.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.ReportRenderer;
import io.github.stem4d.analysis.kmeans.KMeansResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngFigureRendererTest {

    private static final List<String> TOP_FILES = List.of(Figures.CLUSTER_MAP, Figures.MEAN_PATTERNS,
            Figures.PCA_SCREE, Figures.VIRTUAL_IMAGES, Figures.OVERVIEW);

    @TempDir
    Path folder;

    private static BufferedImage read(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "ImageIO could not decode " + png);
        return image;
    }

    private static List<Path> renderAll(SyntheticScan scan, Path out) throws IOException {
        return new PngFigureRenderer().render(scan.result(), scan.dataset(), out);
    }

    @Test
    void providerLoadsThroughServiceLoader() {
        List<String> names = new ArrayList<>();
        for (ReportRenderer renderer : ServiceLoader.load(ReportRenderer.class)) {
            names.add(renderer.name());
        }
        assertTrue(names.contains("png-figures"), "renderers found: " + names);
    }

    @Test
    void renderWritesEveryFigureAndNoTemporaryFile() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(24, 20, 48, 48, 5);

        List<Path> written = renderAll(scan, folder);

        assertEquals(TOP_FILES.size() + 5, written.size());
        for (String name : TOP_FILES) {
            assertTrue(Files.isRegularFile(folder.resolve(name)), name + " missing");
            read(folder.resolve(name));
        }
        for (int k = 0; k < 5; k++) {
            Path montage = folder.resolve(Figures.MONTAGE_FOLDER).resolve(Figures.montageFileName(k));
            assertTrue(Files.isRegularFile(montage), montage + " missing");
            assertTrue(written.contains(montage), montage + " not in the returned list");
        }
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> temporary = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), temporary);
        }
        assertEquals(1000, read(folder.resolve(Figures.OVERVIEW)).getHeight());
        assertEquals(1600, read(folder.resolve(Figures.OVERVIEW)).getWidth());
    }

    @Test
    void clusterMapBlockHasClusterColour() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(40, 30, 32, 32, 6);
        AnalysisResult result = scan.result();
        new PngFigureRenderer().render(result, scan.dataset(), folder);

        BufferedImage map = read(folder.resolve(Figures.CLUSTER_MAP));
        ScanMapLayout layout = ClusterMapFigure.layout(result.scanShape());
        int longSide = Math.max(layout.width(), layout.height());
        assertTrue(longSide >= ClusterMapFigure.MIN_LONG_SIDE, "map long side " + longSide);
        assertTrue(longSide <= ClusterMapFigure.MAX_LONG_SIDE, "map long side " + longSide);
        assertEquals(13, layout.blockWidth());
        assertEquals(13, layout.blockHeight());
        int[] distance = FigureData.distanceToOtherLabel(result.kmeans().labels(), 40, 30);
        int checked = 0;
        for (int row = 0; row < 40; row++) {
            for (int col = 0; col < 30; col++) {
                // Region numbers are printed only deep inside regions, never on a region's edge.
                if (distance[row * 30 + col] != 1) {
                    continue;
                }
                int rgb = map.getRGB(layout.centreX(col), layout.centreY(row)) & 0xFFFFFF;
                int expected = ClusterPalette.rgb(result.labelAt(row, col));
                assertEquals(Integer.toHexString(expected), Integer.toHexString(rgb),
                        "colour of block (" + row + ", " + col + ")");
                checked++;
            }
        }
        assertTrue(checked > 100, "checked " + checked + " blocks");
    }

    @Test
    void clusterMapRowZeroIsAtTop() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(8, 8, 16, 16, 2);
        int[] labels = scan.labels;
        java.util.Arrays.fill(labels, 1);
        java.util.Arrays.fill(labels, 0, 8, 0);
        AnalysisResult result = scan.result();
        new PngFigureRenderer().render(result, scan.dataset(), folder);

        BufferedImage map = read(folder.resolve(Figures.CLUSTER_MAP));
        ScanMapLayout layout = ClusterMapFigure.layout(result.scanShape());
        int top = map.getRGB(layout.x() + 2, layout.y() + 2) & 0xFFFFFF;
        int bottom = map.getRGB(layout.x() + 2, layout.y() + layout.height() - 3) & 0xFFFFFF;
        assertEquals(ClusterPalette.rgb(0), top, "scan row 0 (cluster 0) at the top");
        assertEquals(ClusterPalette.rgb(1), bottom, "last scan row (cluster 1) at the bottom");
    }

    @Test
    void montageHasExpectedGrid() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(30, 30, 40, 40, 3);
        AnalysisResult full = scan.result();
        int[][] representatives = full.representativeFrames().clone();
        representatives[1] = java.util.Arrays.copyOf(representatives[1], 3);
        AnalysisResult result = withRepresentatives(full, representatives);
        new PngFigureRenderer().render(result, scan.dataset(), folder);

        MontageLayout sixteen = MontageFigure.layout(result, 0, 4);
        assertEquals(4, sixteen.gridRows());
        assertEquals(4, sixteen.gridCols());
        MontageLayout three = MontageFigure.layout(result, 1, 4);
        assertEquals(2, three.gridRows());
        assertEquals(2, three.gridCols());
        assertEquals(3, three.frames());

        for (int k = 0; k < 2; k++) {
            MontageLayout layout = k == 0 ? sixteen : three;
            BufferedImage montage = read(folder.resolve("montages").resolve(Figures.montageFileName(k)));
            int border = ClusterPalette.rgb(k);
            assertEquals(border, montage.getRGB(layout.x() - layout.padding() - 2, layout.y()) & 0xFFFFFF,
                    "cluster colour left of the grid of cluster " + k);
            int drawnCells = 0;
            for (int cell = 0; cell < layout.gridRows() * layout.gridCols(); cell++) {
                // Outside the bright-field disk a drawn frame is dark grey, and an unused cell is white.
                int x = layout.cellX(cell % layout.gridCols()) + layout.cellWidth() * 5 / 6;
                int y = layout.cellY(cell / layout.gridCols()) + layout.cellHeight() / 2;
                if (isGrey(montage.getRGB(x, y))) {
                    drawnCells++;
                }
            }
            assertEquals(layout.frames(), drawnCells, "cells with a frame in cluster " + k);
            int gapX = layout.cellX(1) - layout.gap() / 2 - 1;
            assertEquals(0xFFFFFF, montage.getRGB(gapX, layout.cellY(0) + 5) & 0xFFFFFF, "gap between cells");
        }
    }

    private static boolean isGrey(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        return r == g && g == b && r < 255;
    }

    private static AnalysisResult withRepresentatives(AnalysisResult r, int[][] representatives) {
        return new AnalysisResult(r.scanName(), r.scanShape(), r.frameShape(), r.datasetMetadata(), r.settings(),
                r.featureNames(), r.features(), r.pca(), r.scores(), r.kmeans(), representatives, r.virtualImages(),
                r.meanPattern(), r.clusterMeanPatterns(), r.nonFiniteFrames(), r.timings());
    }

    @Test
    void renderIsDeterministic() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(20, 24, 32, 48, 4);
        Path first = folder.resolve("first");
        Path second = folder.resolve("second");

        List<Path> a = renderAll(scan, first);
        List<Path> b = renderAll(scan, second);

        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(first.relativize(a.get(i)), second.relativize(b.get(i)));
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)),
                    "bytes of " + first.relativize(a.get(i)));
        }
    }

    @Test
    void pngHasNoTimeOrTextChunks() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(10, 10, 16, 16, 2);
        renderAll(scan, folder);

        List<String> chunks = chunkTypes(Files.readAllBytes(folder.resolve(Figures.CLUSTER_MAP)));
        assertEquals("IHDR", chunks.get(0));
        assertEquals("IEND", chunks.get(chunks.size() - 1));
        assertFalse(chunks.contains("tIME"), "chunks: " + chunks);
        assertFalse(chunks.contains("tEXt"), "chunks: " + chunks);
        assertFalse(chunks.contains("iTXt"), "chunks: " + chunks);
    }

    static List<String> chunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        int offset = 8;
        while (offset + 8 <= png.length) {
            int length = ((png[offset] & 0xFF) << 24) | ((png[offset + 1] & 0xFF) << 16)
                    | ((png[offset + 2] & 0xFF) << 8) | (png[offset + 3] & 0xFF);
            types.add(new String(png, offset + 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
            offset += 12 + length;
        }
        return types;
    }

    @Test
    void nanFramesAndPatternsRender() throws IOException {
        SyntheticScan scan = new SyntheticScan(12, 12, 24, 24, 3, 3, SyntheticScan.Content.NAN, 3);

        renderAll(scan, folder);

        BufferedImage montage = read(folder.resolve("montages").resolve(Figures.montageFileName(0)));
        assertTrue(countRgb(montage, Colormap.NON_FINITE_RGB) > 0, "NaN pixels are drawn magenta");
        for (String name : TOP_FILES) {
            read(folder.resolve(name));
        }
    }

    @Test
    void constantImagesRenderMidGrey() throws IOException {
        SyntheticScan scan = new SyntheticScan(10, 10, 16, 16, 2, 2, SyntheticScan.Content.CONSTANT, 3);
        AnalysisResult result = scan.result();

        new PngFigureRenderer().render(result, scan.dataset(), folder);

        MontageLayout layout = MontageFigure.layout(result, 0, 4);
        BufferedImage montage = read(folder.resolve("montages").resolve(Figures.montageFileName(0)));
        int centre = montage.getRGB(layout.cellX(0) + layout.cellWidth() / 2, layout.cellY(0) + layout.cellHeight() / 2);
        assertEquals(Colormap.GREY.rgb(0.5), centre & 0xFFFFFF, "constant frame shown mid-grey");
        for (String name : TOP_FILES) {
            read(folder.resolve(name));
        }
    }

    private static long countRgb(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void lineScanWithOneClusterRenders() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(1, 40, 16, 16, 1);
        AnalysisResult result = scan.result();

        renderAll(scan, folder);

        ScanMapLayout layout = ClusterMapFigure.layout(result.scanShape());
        assertTrue(layout.height() >= ClusterMapFigure.MIN_SHORT_SIDE, "line scan height " + layout.height());
        BufferedImage map = read(folder.resolve(Figures.CLUSTER_MAP));
        assertEquals(ClusterPalette.rgb(0), map.getRGB(layout.centreX(39), layout.centreY(0)) & 0xFFFFFF);
        assertTrue(Files.isRegularFile(folder.resolve("montages").resolve("cluster_0.png")));
    }

    @Test
    void elongatedScanKeepsReadableMap() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(3, 500, 8, 8, 3);

        renderAll(scan, folder);

        ScanMapLayout layout = ClusterMapFigure.layout(scan.scanShape);
        assertEquals(500, layout.width());
        assertEquals(48, layout.height());
        BufferedImage map = read(folder.resolve(Figures.CLUSTER_MAP));
        assertTrue(map.getWidth() < 1200, "width " + map.getWidth());
    }

    @Test
    void emptyClustersRender() throws IOException {
        SyntheticScan scan = new SyntheticScan(16, 16, 24, 24, 6, 4, SyntheticScan.Content.CRYSTAL, 5);
        AnalysisResult result = scan.result();
        assertEquals(0, result.kmeans().clusterSizes()[5]);

        List<Path> written = new PngFigureRenderer().render(result, scan.dataset(), folder);

        assertEquals(TOP_FILES.size() + 6, written.size());
        BufferedImage empty = read(folder.resolve("montages").resolve(Figures.montageFileName(5)));
        assertTrue(empty.getWidth() >= 640, "width " + empty.getWidth());
    }

    @Test
    void nonSquareFramesRender() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(12, 16, 128, 256, 3);
        AnalysisResult result = scan.result();

        renderAll(scan, folder);

        MontageLayout layout = MontageFigure.layout(result, 0, 4);
        assertEquals(MontageLayout.CELL_TARGET, layout.cellWidth());
        assertEquals(MontageLayout.CELL_TARGET / 2, layout.cellHeight());
    }

    @Test
    void unassignedLabelsRenderGrey() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(10, 10, 16, 16, 2);
        AnalysisResult base = scan.result();
        int[] labels = base.kmeans().labels().clone();
        labels[0] = -1;
        KMeansResult kmeans = new KMeansResult(labels, base.kmeans().squaredDistances(), base.kmeans().centroids(),
                base.kmeans().clusterSizes(), base.kmeans().inertia(), 1, true);
        AnalysisResult result = new AnalysisResult(base.scanName(), base.scanShape(), base.frameShape(),
                base.datasetMetadata(), base.settings(), base.featureNames(), base.features(), base.pca(),
                base.scores(), kmeans, base.representativeFrames(), base.virtualImages(), base.meanPattern(),
                base.clusterMeanPatterns(), 0, base.timings());

        new PngFigureRenderer().render(result, scan.dataset(), folder);

        BufferedImage map = read(folder.resolve(Figures.CLUSTER_MAP));
        ScanMapLayout layout = ClusterMapFigure.layout(result.scanShape());
        assertEquals(ClusterPalette.UNASSIGNED.getRGB() & 0xFFFFFF,
                map.getRGB(layout.x() + 2, layout.y() + 2) & 0xFFFFFF);
    }

    @Test
    void mismatchedLabelsAreRejected() {
        SyntheticScan scan = SyntheticScan.crystal(6, 6, 8, 8, 2);
        AnalysisResult base = scan.result();
        KMeansResult kmeans = new KMeansResult(new int[5], new double[5], base.kmeans().centroids(),
                base.kmeans().clusterSizes(), 0, 1, true);
        AnalysisResult result = new AnalysisResult(base.scanName(), base.scanShape(), base.frameShape(),
                base.datasetMetadata(), base.settings(), base.featureNames(), base.features(), base.pca(),
                base.scores(), kmeans, base.representativeFrames(), base.virtualImages(), base.meanPattern(),
                base.clusterMeanPatterns(), 0, base.timings());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PngFigureRenderer().render(result, scan.dataset(), folder));
        assertEquals("invalid analysis result: kmeans.labels has length 5, expected 36 (scan 6x6)", e.getMessage());
    }

    @Test
    void withoutDatasetMontagesAreSkipped() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(6, 6, 8, 8, 2);

        List<Path> written = new PngFigureRenderer().render(scan.result(), null, folder);

        assertEquals(TOP_FILES.size(), written.size());
        try (Stream<Path> montages = Files.list(folder.resolve(Figures.MONTAGE_FOLDER))) {
            assertEquals(0, montages.count());
        }
    }
}

package io.github.stem4d.plot;

import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.VirtualImages;
import io.github.stem4d.analysis.kmeans.KMeansResult;
import io.github.stem4d.analysis.pca.PcaModel;
import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanShape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A synthetic 4D-STEM scan and a matching analysis result for figure tests. The scan is cut
 * into Voronoi regions, one per cluster, and 2 % of positions get a random label. Each
 * region's frames show a bright-field disk and a crystal lattice of Bragg spots at its own
 * spacing and rotation, except cluster 4, which is amorphous (a diffuse ring). Frames are
 * scaled by a smooth thickness factor and get Poisson-like noise. They are generated on
 * demand, so large scans cost no memory.
 */
final class SyntheticScan {

    /** How frames deviate from the crystal model. */
    enum Content { CRYSTAL, CONSTANT, NAN }

    final ScanShape scanShape;
    final FrameShape frameShape;
    final int k;
    final int populatedClusters;
    final Content content;
    final int[] labels;
    final float[][] templates;
    final double[] thickness;
    final long seed;

    SyntheticScan(int scanRows, int scanCols, int frameRows, int frameCols, int k, int populatedClusters,
            Content content, long seed) {
        this.scanShape = new ScanShape(scanRows, scanCols);
        this.frameShape = new FrameShape(frameRows, frameCols);
        this.k = k;
        this.populatedClusters = Math.min(k, populatedClusters);
        this.content = content;
        this.seed = seed;
        this.labels = regions(scanRows, scanCols, this.populatedClusters, seed);
        this.templates = new float[k][];
        for (int c = 0; c < k; c++) {
            templates[c] = template(c, frameRows, frameCols);
        }
        this.thickness = new double[scanRows * scanCols];
        for (int r = 0; r < scanRows; r++) {
            for (int col = 0; col < scanCols; col++) {
                thickness[r * scanCols + col] = 1 + 0.3 * Math.sin(r * 0.11) * Math.cos(col * 0.07);
            }
        }
    }

    static SyntheticScan crystal(int scanRows, int scanCols, int frameRows, int frameCols, int k) {
        return new SyntheticScan(scanRows, scanCols, frameRows, frameCols, k, k, Content.CRYSTAL, 7);
    }

    private static int[] regions(int rows, int cols, int clusters, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[clusters][];
        for (int c = 0; c < clusters; c++) {
            centres[c] = new double[] {random.nextDouble() * rows, random.nextDouble() * cols};
        }
        int[] labels = new int[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                int best = 0;
                double bestDistance = Double.MAX_VALUE;
                for (int c = 0; c < clusters; c++) {
                    double dy = (r - centres[c][0]) / rows;
                    double dx = (col - centres[c][1]) / cols;
                    double distance = dy * dy + dx * dx;
                    if (distance < bestDistance) {
                        bestDistance = distance;
                        best = c;
                    }
                }
                labels[r * cols + col] = random.nextDouble() < 0.02 ? random.nextInt(clusters) : best;
            }
        }
        return labels;
    }

    /** Returns the noiseless frame of cluster {@code c} at thickness 1. */
    private float[] template(int c, int rows, int cols) {
        float[] frame = new float[rows * cols];
        if (content == Content.CONSTANT) {
            Arrays.fill(frame, 5f);
            return frame;
        }
        double cy = rows / 2.0;
        double cx = cols / 2.0;
        double size = Math.min(rows, cols);
        double diskRadius = size * 0.08;
        boolean amorphous = c == 4;
        double spacing = size * (0.13 + 0.025 * (c % 4));
        double angle = c * 0.37;
        double ux = Math.cos(angle) * spacing;
        double uy = Math.sin(angle) * spacing;
        double vx = -Math.sin(angle) * spacing * (c % 2 == 0 ? 1.0 : 1.2);
        double vy = Math.cos(angle) * spacing * (c % 2 == 0 ? 1.0 : 1.2);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                double dy = y + 0.5 - cy;
                double dx = x + 0.5 - cx;
                double r = Math.hypot(dx, dy);
                double value = 2 + 30 * Math.exp(-r / (size * 0.15));
                value += 800 / (1 + Math.exp((r - diskRadius) / 0.8));
                if (amorphous) {
                    value += 25 * Math.exp(-Math.pow((r - size * 0.28) / (size * 0.03), 2));
                }
                frame[y * cols + x] = (float) value;
            }
        }
        if (!amorphous) {
            int orders = 6;
            for (int i = -orders; i <= orders; i++) {
                for (int j = -orders; j <= orders; j++) {
                    if (i == 0 && j == 0) {
                        continue;
                    }
                    double sx = cx + i * ux + j * vx;
                    double sy = cy + i * uy + j * vy;
                    double g = Math.hypot(sx - cx, sy - cy) / size;
                    double amplitude = 300 * Math.exp(-g * g / 0.02) + 6;
                    addSpot(frame, rows, cols, sy, sx, amplitude, 1.2);
                }
            }
        }
        return frame;
    }

    private static void addSpot(float[] frame, int rows, int cols, double sy, double sx, double amplitude,
            double sigma) {
        int y0 = (int) Math.floor(sy - 4 * sigma);
        int x0 = (int) Math.floor(sx - 4 * sigma);
        for (int y = Math.max(0, y0); y <= Math.min(rows - 1, y0 + (int) (8 * sigma) + 1); y++) {
            for (int x = Math.max(0, x0); x <= Math.min(cols - 1, x0 + (int) (8 * sigma) + 1); x++) {
                double d2 = Math.pow(y + 0.5 - sy, 2) + Math.pow(x + 0.5 - sx, 2);
                frame[y * cols + x] += (float) (amplitude * Math.exp(-d2 / (2 * sigma * sigma)));
            }
        }
    }

    /** Writes frame {@code index} into {@code destination} from {@code offset}. */
    void frame(long index, float[] destination, int offset) {
        int pixels = frameShape.pixelCount();
        if (content == Content.CONSTANT) {
            Arrays.fill(destination, offset, offset + pixels, 5f);
            return;
        }
        float[] template = templates[labels[(int) index]];
        double factor = thickness[(int) index];
        SplittableRandom random = new SplittableRandom(seed * 31 + index);
        for (int p = 0; p < pixels; p++) {
            double mean = template[p] * factor;
            double noisy = mean + Math.sqrt(mean) * random.nextGaussian();
            destination[offset + p] = (float) Math.max(0, Math.rint(noisy));
        }
        if (content == Content.NAN && index % 3 == 0) {
            for (int p = 0; p < pixels; p += 7) {
                destination[offset + p] = Float.NaN;
            }
        }
    }

    ScanDataset dataset() {
        return new ScanDataset() {
            @Override
            public ScanShape scanShape() {
                return scanShape;
            }

            @Override
            public FrameShape frameShape() {
                return frameShape;
            }

            @Override
            public PixelType pixelType() {
                return PixelType.values()[0];
            }

            @Override
            public String format() {
                return "synthetic";
            }

            @Override
            public Map<String, Object> metadata() {
                return Map.of("scan_shape_source", "synthetic");
            }

            @Override
            public void readFrames(long firstFrame, int count, float[] destination) {
                if (firstFrame < 0 || firstFrame + count > scanShape.frameCount()) {
                    throw new IndexOutOfBoundsException("frames " + firstFrame + ".." + (firstFrame + count)
                            + " outside the scan of " + scanShape.frameCount());
                }
                for (int i = 0; i < count; i++) {
                    frame(firstFrame + i, destination, i * frameShape.pixelCount());
                }
            }

            @Override
            public void close() {
            }
        };
    }

    AnalysisResult result() {
        int n = labels.length;
        int components = 8;
        double[] ratios = new double[components];
        double remaining = 1.0;
        for (int c = 0; c < components; c++) {
            ratios[c] = remaining * 0.55;
            remaining -= ratios[c];
        }
        double[] scores = new double[n * components];
        double[][] centroids = new double[k][components];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < components; j++) {
                centroids[c][j] = Math.cos(c * 1.3 + j) * (components - j);
            }
        }
        double[] squaredDistances = new double[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < components; j++) {
                double offset = random.nextGaussian() * 0.3;
                scores[i * components + j] = centroids[labels[i]][j] + offset;
                sum += offset * offset;
            }
            squaredDistances[i] = sum;
        }
        long[] sizes = FigureData.labelCounts(labels, k);
        KMeansResult kmeans = new KMeansResult(labels, squaredDistances, centroids, sizes,
                Arrays.stream(squaredDistances).sum(), 12, true);
        PcaModel pca = new PcaModel(new double[3], new double[] {1, 1, 1}, new double[components][3],
                Arrays.stream(ratios).map(r -> r * 10).toArray(), ratios, 10, false);

        int[][] representatives = new int[k][];
        for (int c = 0; c < k; c++) {
            int cluster = c;
            representatives[c] = IntStream.range(0, n).filter(i -> labels[i] == cluster).boxed()
                    .sorted(Comparator.comparingDouble(i -> squaredDistances[i])).limit(16)
                    .mapToInt(Integer::intValue).toArray();
        }

        double[] total = new double[n];
        double[] bright = new double[n];
        double[] dark = new double[n];
        double[] templateTotal = new double[k];
        double[] templateBright = new double[k];
        double[] templateDark = new double[k];
        double brightRadius = Math.min(frameShape.rows(), frameShape.cols()) * 0.09;
        double inner = brightRadius * 2;
        double outer = Math.min(frameShape.rows(), frameShape.cols()) * 0.45;
        for (int c = 0; c < k; c++) {
            for (int y = 0; y < frameShape.rows(); y++) {
                for (int x = 0; x < frameShape.cols(); x++) {
                    double r = Math.hypot(y + 0.5 - frameShape.rows() / 2.0, x + 0.5 - frameShape.cols() / 2.0);
                    float v = templates[c][y * frameShape.cols() + x];
                    templateTotal[c] += v;
                    if (r <= brightRadius) {
                        templateBright[c] += v;
                    } else if (r >= inner && r <= outer) {
                        templateDark[c] += v;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            total[i] = templateTotal[labels[i]] * thickness[i];
            bright[i] = templateBright[labels[i]] * thickness[i];
            dark[i] = templateDark[labels[i]] * thickness[i];
            if (content == Content.NAN && i % 3 == 0) {
                total[i] = Double.NaN;
                dark[i] = Double.NaN;
            }
            if (content == Content.CONSTANT) {
                total[i] = 7;
                bright[i] = 7;
                dark[i] = 7;
            }
        }
        VirtualImages virtualImages = new VirtualImages(total, bright, dark, brightRadius, inner, outer);

        float[][] means = new float[k][];
        float[] mean = new float[frameShape.pixelCount()];
        for (int c = 0; c < k; c++) {
            means[c] = templates[c].clone();
            if (content == Content.NAN) {
                for (int p = 0; p < means[c].length; p += 5) {
                    means[c][p] = Float.NaN;
                }
            }
            for (int p = 0; p < mean.length; p++) {
                mean[p] += means[c][p] * sizes[c] / n;
            }
        }

        List<String> featureNames = new ArrayList<>(List.of("f0", "f1", "f2"));
        float[] features = new float[n * 3];
        return new AnalysisResult("synthetic_" + scanShape + "_" + content.name().toLowerCase(java.util.Locale.ROOT),
                scanShape, frameShape, Map.of("format", "synthetic"), AnalysisSettings.builder().k(k).build(),
                featureNames, features, pca, scores, kmeans, representatives, virtualImages, mean, means,
                content == Content.NAN ? n / 3 + 1 : 0, Map.of("render", Duration.ZERO));
    }
}

package io.github.stem4d.analysis.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * KMeans skips distance computations (bounds for Lloyd's assignment and Hartigan's moves,
 * partial sums that stop early). These tests run the plain algorithm, written out below
 * without any shortcut, from the same start and require the same labels, distances and
 * inertia, bit for bit.
 */
class KMeansShortcutTest {

    private static final int MAX_ITERATIONS = 300;
    private static final double TOLERANCE = 1e-6;

    record Case(String name, double[] data, int rows, int cols, int[] start) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case[] cases() {
        return new Case[] {
            blobs("8 overlapping blobs, 2000 x 12, K = 8", 2000, 12, 8, 1.5, 1),
            blobs("2 blobs split into K = 16, 1500 x 50", 1500, 50, 2, 0.2, 2),
            grid("small integers with many equal distances, K = 5", 600, 3, 5, 3),
            grid("duplicated rows, K = 7", 400, 2, 7, 4),
            blobs("one cluster, K = 1", 300, 4, 1, 1, 5),
            blobs("400 x 3 into K = 40", 400, 3, 40, 1, 6),
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lloydFromFixedRowsMatchesPlainAlgorithm(Case c) {
        int k = c.start.length;
        KMeansResult fast = KMeans.builder(k).initialRows(c.start).maxIterations(MAX_ITERATIONS)
                .tolerance(TOLERANCE).build().fit(c.data, c.rows, c.cols);
        Plain plain = new Plain(c.data, c.rows, c.cols, k);
        plain.start(c.start);
        plain.lloyd();

        assertSame(plain, fast);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refinedRunMatchesPlainAlgorithm(Case c) {
        int k = c.start.length;
        for (int threads : new int[] {1, 3}) {
            KMeansResult fast = KMeans.builder(k).initialRows(c.start).refine(true).threads(threads)
                    .maxIterations(MAX_ITERATIONS).tolerance(TOLERANCE).build().fit(c.data, c.rows, c.cols);
            Plain plain = new Plain(c.data, c.rows, c.cols, k);
            plain.start(c.start);
            plain.lloyd();
            if (plain.hartigan()) {
                plain.assign();
                plain.lloyd();
            }

            assertSame(plain, fast);
        }
    }

    static Case[] adversarialCases() {
        SplittableRandom random = new SplittableRandom(11);
        java.util.List<Case> cases = new java.util.ArrayList<>();
        cases.add(scaled("values near 1e150", blobs("b", 300, 4, 3, 1, 21), 1e150));
        cases.add(scaled("values near 1e-150", blobs("b", 300, 4, 3, 1, 22), 1e-150));

        Case mixed = blobs("b", 400, 6, 4, 1, 23);
        double[] scales = {1e-120, 1e-3, 1, 1e3, 1e100, 1e140};
        double[] mixedData = mixed.data.clone();
        for (int i = 0; i < mixedData.length; i++) {
            mixedData[i] *= scales[i % 6];
        }
        cases.add(new Case("mixed column scales", mixedData, 400, 6, mixed.start));

        Case one = blobs("b", 500, 1, 5, 0.5, 24);
        cases.add(new Case("one column, K = 5", one.data, 500, 1, one.start));
        Case wide = blobs("b", 120, 500, 3, 1, 25);
        cases.add(new Case("500 columns, K = 3", wide.data, 120, 500, wide.start));

        Case small = blobs("b", 30, 3, 3, 1, 26);
        int[] all = new int[30];
        for (int i = 0; i < 30; i++) {
            all[i] = i;
        }
        cases.add(new Case("K = N", small.data, 30, 3, all));
        cases.add(new Case("K = N - 1", small.data, 30, 3, java.util.Arrays.copyOf(all, 29)));
        double[] equal = new double[200 * 3];
        java.util.Arrays.fill(equal, 2.5);
        cases.add(new Case("all rows equal, K = 4", equal, 200, 3, new int[] {0, 1, 2, 3}));

        double[] ties = new double[300 * 2];
        for (int i = 0; i < 300; i++) {
            int column = i % 3;
            if (column == 0) {
                ties[2 * i] = -1;
            } else if (column == 1) {
                ties[2 * i] = 1;
            }
            ties[2 * i + 1] = (i / 3) % 2;
        }
        cases.add(new Case("rows on the bisector of two centroids", ties, 300, 2, new int[] {0, 1, 4}));

        double[] empties = new double[200 * 2];
        for (int i = 0; i < 200; i++) {
            empties[2 * i] = i < 100 ? random.nextDouble() : 50 + random.nextDouble();
            empties[2 * i + 1] = random.nextDouble();
        }
        cases.add(new Case("clusters that empty", empties, 200, 2, new int[] {0, 1, 2, 3, 150, 151}));
        Case grid = grid("g", 500, 2, 12, 27);
        cases.add(new Case("many exact ties, K = 12", grid.data, 500, 2, grid.start));
        return cases.toArray(new Case[0]);
    }

    private static Case scaled(String name, Case c, double factor) {
        double[] data = c.data.clone();
        for (int i = 0; i < data.length; i++) {
            data[i] *= factor;
        }
        return new Case(name, data, c.rows, c.cols, c.start);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarialCases")
    void adversarialLloydMatchesPlainAlgorithm(Case c) {
        int k = c.start.length;
        for (int threads = 1; threads <= 4; threads++) {
            KMeansResult fast = KMeans.builder(k).initialRows(c.start).threads(threads).maxIterations(MAX_ITERATIONS)
                    .tolerance(TOLERANCE).build().fit(c.data, c.rows, c.cols);
            Plain plain = new Plain(c.data, c.rows, c.cols, k);
            plain.start(c.start);
            plain.lloyd();

            assertSame(plain, fast);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarialCases")
    void adversarialRefinedMatchesPlainAlgorithm(Case c) {
        int k = c.start.length;
        for (int threads = 1; threads <= 4; threads++) {
            KMeansResult fast = KMeans.builder(k).initialRows(c.start).refine(true).threads(threads)
                    .maxIterations(MAX_ITERATIONS).tolerance(TOLERANCE).build().fit(c.data, c.rows, c.cols);
            Plain plain = new Plain(c.data, c.rows, c.cols, k);
            plain.start(c.start);
            plain.lloyd();
            if (plain.hartigan()) {
                plain.assign();
                plain.lloyd();
            }

            assertSame(plain, fast);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarialCases")
    void seededRunSameForAnyThreadCount(Case c) {
        int k = Math.min(c.start.length, 8);
        KMeansResult one = KMeans.builder(k).seed(5).restarts(3).refine(true).threads(1).build()
                .fit(c.data, c.rows, c.cols);
        for (int threads = 2; threads <= 3; threads++) {
            KMeansResult many = KMeans.builder(k).seed(5).restarts(3).refine(true).threads(threads).build()
                    .fit(c.data, c.rows, c.cols);
            assertArrayEquals(one.labels(), many.labels(), "labels, threads " + threads);
            assertArrayEquals(one.squaredDistances(), many.squaredDistances(), "distances, threads " + threads);
            assertEquals(one.inertia(), many.inertia(), 0, "inertia, threads " + threads);
        }
    }

    private static void assertSame(Plain plain, KMeansResult fast) {
        assertArrayEquals(plain.labels, fast.labels(), "labels");
        assertArrayEquals(plain.distances, fast.squaredDistances(), "squared distances");
        assertEquals(plain.inertia, fast.inertia(), 0, "inertia");
        assertEquals(plain.iterations, fast.iterations(), "iterations");
    }

    /** Lloyd's algorithm and Hartigan's moves as KMeans documents them, without shortcuts. */
    private static final class Plain {
        final double[] data;
        final int rows;
        final int cols;
        final int k;
        double[][] centroids;
        final int[] labels;
        final double[] distances;
        double inertia;
        int iterations;

        Plain(double[] data, int rows, int cols, int k) {
            this.data = data;
            this.rows = rows;
            this.cols = cols;
            this.k = k;
            this.labels = new int[rows];
            this.distances = new double[rows];
        }

        void start(int[] startRows) {
            centroids = new double[k][];
            for (int c = 0; c < k; c++) {
                centroids[c] = row(startRows[c]);
            }
            java.util.Arrays.fill(labels, -1);
            assign();
        }

        double[] row(int i) {
            return java.util.Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
        }

        double distance(int i, double[] centroid) {
            double total = 0;
            for (int j = 0; j < cols; j++) {
                double d = data[i * cols + j] - centroid[j];
                total += d * d;
            }
            return total;
        }

        int assign() {
            int changed = 0;
            for (int i = 0; i < rows; i++) {
                int best = 0;
                double bestDistance = distance(i, centroids[0]);
                for (int c = 1; c < k; c++) {
                    double d = distance(i, centroids[c]);
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = c;
                    }
                }
                if (labels[i] != best) {
                    labels[i] = best;
                    changed++;
                }
                distances[i] = bestDistance;
            }
            inertia = sum(distances);
            return changed;
        }

        boolean update() {
            double[][] sums = new double[k][cols];
            long[] counts = new long[k];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    sums[labels[i]][j] += data[i * cols + j];
                }
                counts[labels[i]]++;
            }
            boolean[] taken = null;
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) {
                    for (int j = 0; j < cols; j++) {
                        centroids[c][j] = sums[c][j] / counts[c];
                    }
                    continue;
                }
                if (taken == null) {
                    taken = new boolean[rows];
                }
                int farthest = -1;
                for (int i = 0; i < rows; i++) {
                    if (!taken[i] && (farthest < 0 || distances[i] > distances[farthest])) {
                        farthest = i;
                    }
                }
                taken[farthest] = true;
                centroids[c] = row(farthest);
            }
            return taken != null;
        }

        void lloyd() {
            while (iterations < MAX_ITERATIONS) {
                boolean reseeded = update();
                iterations++;
                double previous = inertia;
                int changed = assign();
                if (changed == 0) {
                    return;
                }
                if (!reseeded && previous - inertia <= TOLERANCE * previous) {
                    return;
                }
            }
        }

        boolean hartigan() {
            double[][] sums = new double[k][cols];
            long[] counts = new long[k];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    sums[labels[i]][j] += data[i * cols + j];
                }
                counts[labels[i]]++;
            }
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < cols; j++) {
                    centroids[c][j] = counts[c] == 0 ? centroids[c][j] : sums[c][j] / counts[c];
                }
            }
            boolean movedAny = false;
            for (int sweep = 0; sweep < MAX_ITERATIONS; sweep++) {
                int moved = 0;
                for (int i = 0; i < rows; i++) {
                    int from = labels[i];
                    if (counts[from] <= 1) {
                        continue;
                    }
                    double best = counts[from] / (counts[from] - 1.0) * distance(i, centroids[from]) * (1 - 1e-12);
                    int to = from;
                    for (int c = 0; c < k; c++) {
                        if (c == from) {
                            continue;
                        }
                        double cost = counts[c] / (counts[c] + 1.0) * distance(i, centroids[c]);
                        if (cost < best) {
                            best = cost;
                            to = c;
                        }
                    }
                    if (to != from) {
                        counts[from]--;
                        counts[to]++;
                        for (int j = 0; j < cols; j++) {
                            double value = data[i * cols + j];
                            sums[from][j] -= value;
                            sums[to][j] += value;
                            centroids[from][j] = sums[from][j] / counts[from];
                            centroids[to][j] = sums[to][j] / counts[to];
                        }
                        labels[i] = to;
                        moved++;
                    }
                }
                if (moved == 0) {
                    break;
                }
                movedAny = true;
            }
            return movedAny;
        }

        private static double sum(double[] values) {
            double total = 0;
            for (double v : values) {
                total += v;
            }
            return total;
        }
    }

    private static Case blobs(String name, int rows, int cols, int blobCount, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[blobCount][cols];
        for (double[] centre : centres) {
            for (int j = 0; j < cols; j++) {
                centre[j] = random.nextGaussian() * 4;
            }
        }
        double[] data = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            int blob = (int) (random.nextDouble() * random.nextDouble() * blobCount);
            for (int j = 0; j < cols; j++) {
                data[i * cols + j] = centres[blob][j] + random.nextGaussian() * spread * (1 + blob % 3);
            }
        }
        int k = name.contains("K = 16") ? 16 : name.contains("K = 40") ? 40 : blobCount;
        return new Case(name, data, rows, cols, distinctRows(random, rows, k));
    }

    private static Case grid(String name, int rows, int cols, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextInt(3);
        }
        return new Case(name, data, rows, cols, distinctRows(random, rows, k));
    }

    private static int[] distinctRows(SplittableRandom random, int rows, int k) {
        return random.ints(0, rows).distinct().limit(k).toArray();
    }
}

package io.github.stem4d.analysis.pca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.NpyArray;
import io.github.stem4d.analysis.SharedData;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcaTest {

    @Test
    void twoColumnsGiveKnownEigenpairs() {
        // Covariance [[10, 2], [2, 10]] / 5: eigenvalues 12/5 and 8/5, axes (1, 1) and (1, -1) / sqrt 2.
        double[][] rows = {{1, 1}, {-1, -1}, {2, 0}, {-2, 0}, {0, 2}, {0, -2}};
        PcaModel model = Pca.fit(rows, 5, false);

        assertEquals(2, model.componentCount(), "components are capped at D");
        double sumSquares = 1 + 1 + 4 + 4 + 4 + 4 + 1 + 1;
        assertEquals(sumSquares / 5, model.totalVariance(), 1e-12);
        // Projections on (1,1)/sqrt2: sqrt2, -sqrt2, sqrt2, -sqrt2, sqrt2, -sqrt2 -> sum of squares 12.
        assertEquals(12.0 / 5, model.explainedVariance()[0], 1e-12);
        // Projections on (1,-1)/sqrt2: 0, 0, sqrt2, -sqrt2, -sqrt2, sqrt2 -> sum of squares 8.
        assertEquals(8.0 / 5, model.explainedVariance()[1], 1e-12);
        assertEquals(12.0 / 20, model.explainedVarianceRatio()[0], 1e-12);
        double h = Math.sqrt(0.5);
        assertArrayEquals(new double[] {h, h}, model.components()[0], 1e-12);
        assertEquals(h, Math.abs(model.components()[1][0]), 1e-12);
        assertEquals(-model.components()[1][0], model.components()[1][1], 1e-12);
        assertArrayEquals(new double[] {0, 0}, model.mean(), 1e-15);
    }

    @Test
    void signConventionMakesLargestEntryPositive() {
        double[] axis = {0.1, -0.9, 0.3};
        Pca.normalizeSign(axis);
        assertArrayEquals(new double[] {-0.1, 0.9, -0.3}, axis, 0);

        double[] tie = {-0.5, 0.5};
        Pca.normalizeSign(tie);
        assertArrayEquals(new double[] {0.5, -0.5}, tie, 0, "the first of equal magnitudes decides");
    }

    @Test
    void largeOffsetDoesNotLoseVariance() {
        // A naive sum-of-squares formula cancels catastrophically at an offset of 1e9.
        SplittableRandom random = new SplittableRandom(3);
        int n = 2000;
        double[] data = new double[n * 2];
        double[] shifted = new double[n * 2];
        for (int i = 0; i < n * 2; i++) {
            data[i] = random.nextGaussian();
            shifted[i] = data[i] + 1e9;
        }
        PcaModel plain = Pca.fit(data, n, 2, 2, false);
        PcaModel offset = Pca.fit(shifted, n, 2, 2, false);
        assertArrayEquals(plain.explainedVariance(), offset.explainedVariance(), 1e-6);
    }

    @Test
    void standardizingKeepsConstantColumnAtScaleOne() {
        double[] data = {
            1, 7, 100,
            2, 7, 300,
            3, 7, 200,
            4, 7, 400};
        PcaModel model = Pca.fit(data, 4, 3, 3, true);

        assertTrue(model.standardized());
        assertEquals(1.0, model.scale()[1], 0, "constant column keeps scale 1");
        assertEquals(Math.sqrt(5.0 / 3), model.scale()[0], 1e-12);
        assertEquals(2.0, model.totalVariance(), 1e-12, "correlation matrix trace counts non-constant columns");
        double[] scores = Pca.transform(model, data, 4);
        for (double score : scores) {
            assertTrue(Double.isFinite(score), "scores stay finite with a constant column");
        }
    }

    @Test
    void scoresHaveVarianceOfEigenvalues() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 500;
        int d = 6;
        float[] data = new float[n * d];
        for (int i = 0; i < n; i++) {
            double a = random.nextGaussian() * 3;
            double b = random.nextGaussian();
            for (int j = 0; j < d; j++) {
                data[i * d + j] = (float) (a * (j + 1) + b * (j % 2 == 0 ? 1 : -1) + 0.1 * random.nextGaussian());
            }
        }
        PcaModel model = Pca.fit(data, n, d, 3, false);
        double[] scores = Pca.transform(model, data, n);

        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                sum += scores[i * 3 + c];
                squares += scores[i * 3 + c] * scores[i * 3 + c];
            }
            assertEquals(0, sum / n, 1e-9, "scores are centred");
            assertEquals(model.explainedVariance()[c], squares / (n - 1), 1e-9 * model.explainedVariance()[0]);
        }
        assertTrue(model.explainedVariance()[0] >= model.explainedVariance()[1]);
        assertTrue(model.explainedVariance()[1] >= model.explainedVariance()[2]);
    }

    @Test
    void threadCountDoesNotChangeModel() {
        SplittableRandom random = new SplittableRandom(17);
        int n = 300;
        int d = 130;
        float[] data = new float[n * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * (1 + i % d));
        }

        PcaModel one = Pca.fit(data, n, d, 20, true, 1);
        PcaModel three = Pca.fit(data, n, d, 20, true, 3);

        assertArrayEquals(one.explainedVariance(), three.explainedVariance(), 0);
        assertArrayEquals(one.scale(), three.scale(), 0);
        for (int c = 0; c < 20; c++) {
            assertArrayEquals(one.components()[c], three.components()[c], 0);
        }
    }

    @Test
    void transformMatchesDirectComputation() {
        // Neither 11 columns nor 7 components is a multiple of the four components summed at once.
        int n = 1001;
        int d = 11;
        double[] data = randomRows(n, d, 23);
        for (boolean standardize : new boolean[] {false, true}) {
            PcaModel model = Pca.fit(data, n, d, 7, standardize);
            double[] scores = Pca.transform(model, data, n);

            double[] expected = directScores(model, data, n);
            assertArrayEquals(expected, scores, 0, "standardize " + standardize);
            double[] one = new double[7];
            model.transform(data, (n - 1) * d, one, 0);
            assertArrayEquals(Arrays.copyOfRange(expected, (n - 1) * 7, n * 7), one, 0,
                    "PcaModel.transform of the last row, standardize " + standardize);
        }
    }

    @Test
    void transformEqualForOneTwoThreeThreads() {
        // With 12,293 rows, three threads get at least 4096 rows each, and the row count is odd.
        int n = 3 * 4096 + 5;
        int d = 13;
        double[] data = randomRows(n, d, 29);
        float[] floats = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            floats[i] = (float) data[i];
        }
        PcaModel model = Pca.fit(data, n, d, 10, true);

        double[] one = Pca.transform(model, data, n, 1);
        assertArrayEquals(directScores(model, data, n), one, 0);
        assertArrayEquals(one, Pca.transform(model, data, n, 2), 0, "2 threads");
        assertArrayEquals(one, Pca.transform(model, data, n, 3), 0, "3 threads");

        double[] floatOne = Pca.transform(model, floats, n);
        assertArrayEquals(floatOne, Pca.transform(model, floats, n, 2), 0, "float rows, 2 threads");
        assertArrayEquals(floatOne, Pca.transform(model, floats, n, 3), 0, "float rows, 3 threads");
        double[] widened = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            widened[i] = floats[i];
        }
        assertArrayEquals(Pca.transform(model, widened, n), floatOne, 0, "float rows widened to double");
    }

    @Test
    void transformRejectsInvalidArguments() {
        PcaModel model = Pca.fit(randomRows(10, 2, 31), 10, 2, 2, false);

        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
                () -> Pca.transform(model, new double[20], 10, 0));
        assertEquals("threads must be at least 1, got 0", threads.getMessage());

        IllegalArgumentException shortData = assertThrows(IllegalArgumentException.class,
                () -> Pca.transform(model, new float[19], 10, 2));
        assertEquals("data holds 19 values but 10 rows of 2 columns need 20", shortData.getMessage());

        assertEquals(0, Pca.transform(model, new double[0], 0, 2).length, "no rows give no scores");
    }

    @Test
    void rejectsInvalidInput() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Pca.fit(new double[] {1, 2, Double.NaN, 4}, 2, 2, 1, false));
        assertEquals("PCA input at row 1, column 0 is NaN; every value must be finite", nan.getMessage());

        IllegalArgumentException oneRow = assertThrows(IllegalArgumentException.class,
                () -> Pca.fit(new double[] {1, 2}, 1, 2, 1, false));
        assertEquals("PCA needs at least 2 rows, got 1", oneRow.getMessage());

        IllegalArgumentException shortData = assertThrows(IllegalArgumentException.class,
                () -> Pca.fit(new double[] {1, 2, 3}, 2, 2, 1, false));
        assertEquals("data holds 3 values but 2 rows of 2 columns need 4", shortData.getMessage());

        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> Pca.fit(new double[][] {{1, 2}, {3}}, 1, false));
        assertEquals("row 1 has 1 values but row 0 has 2; every row must have the same length", ragged.getMessage());
    }

    @Test
    void matchesReferenceEigenvaluesOnSharedData() throws IOException {
        NpyArray features = NpyArray.read(SharedData.reference("ref_synth_small_features.npy"));
        NpyArray evalsAll = NpyArray.read(SharedData.reference("ref_synth_small_pca_evals_all.npy"));
        NpyArray evals = NpyArray.read(SharedData.reference("ref_synth_small_pca_evals.npy"));
        int n = features.shape()[0];
        int d = features.shape()[1];

        PcaModel model = Pca.fit(features.values(), n, d, 50, false);

        assertEquals(50, model.componentCount());
        double top = evalsAll.values()[0];
        double total = 0;
        for (int c = 0; c < d; c++) {
            total += evalsAll.values()[c];
        }
        assertEquals(total, model.totalVariance(), 1e-4 * total);
        for (int c = 0; c < 50; c++) {
            double expected = evals.values()[c];
            // 1e-4 relative, plus the float32 rounding of the reference (up to 3e-7 of the largest).
            assertEquals(expected, model.explainedVariance()[c], 1e-4 * expected + 3e-7 * top, "eigenvalue " + c);
        }
    }

    @Test
    void matchesReferenceScoresUpToSignOnSharedData() throws IOException {
        NpyArray features = NpyArray.read(SharedData.reference("ref_synth_small_features.npy"));
        NpyArray reference = NpyArray.read(SharedData.reference("ref_synth_small_pca_scores.npy"));
        NpyArray evals = NpyArray.read(SharedData.reference("ref_synth_small_pca_evals.npy"));
        int n = features.shape()[0];
        int d = features.shape()[1];

        PcaModel model = Pca.fit(features.values(), n, d, 50, false);
        double[] scores = Pca.transform(model, features.values(), n);

        // The reference was computed in float32, which perturbs the covariance by up to 3e-7 of
        // its largest eigenvalue. Only eigenvectors whose eigenvalue gap is well above that are
        // defined (up to sign) closely enough to compare.
        double top = evals.values()[0];
        double tolerance = 1e-4 * Math.sqrt(top);
        int compared = 0;
        for (int c = 0; c < 50; c++) {
            double value = evals.values()[c];
            double gapBelow = c + 1 < 50 ? value - evals.values()[c + 1] : value;
            double gapAbove = c > 0 ? evals.values()[c - 1] - value : value;
            if (Math.min(gapBelow, gapAbove) < 1e-4 * top) {
                continue;
            }
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += scores[i * 50 + c] * reference.values()[i * 50 + c];
            }
            double sign = Math.signum(dot);
            double worst = 0;
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(scores[i * 50 + c] - sign * reference.values()[i * 50 + c]));
            }
            assertTrue(worst <= tolerance, "component " + c + " differs by " + worst + ", allowed " + tolerance);
            compared++;
        }
        assertTrue(compared >= 8, "only " + compared + " components were well separated");
    }

    /** Returns N x D Gaussian values with a different mean and spread in each column. */
    private static double[] randomRows(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] data = new double[n * d];
        for (int i = 0; i < data.length; i++) {
            int column = i % d;
            data[i] = column * 3.5 + (1 + column) * random.nextGaussian();
        }
        return data;
    }

    /** Computes each score as one sum over the columns in column order, recomputing the centring each time. */
    private static double[] directScores(PcaModel model, double[] data, int n) {
        int d = model.dimension();
        int c = model.componentCount();
        double[] scores = new double[n * c];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                double sum = 0;
                for (int j = 0; j < d; j++) {
                    sum += (data[i * d + j] - model.mean()[j]) / model.scale()[j] * model.components()[k][j];
                }
                scores[i * c + k] = sum;
            }
        }
        return scores;
    }
}

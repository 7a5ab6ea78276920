package io.github.stem4d.analysis.pca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pca.transform with a thread count against PcaModel.transform, on shapes at the edges. */
class ProjectionEdgeCaseTest {

    @Test
    void projectionMatchesModelOnEdgeShapes() {
        int[][] shapes = {{1, 1}, {1, 9}, {2, 9}, {3, 17}, {5, 8}, {7, 3}, {40, 33}};
        for (int[] shape : shapes) {
            for (boolean standardize : new boolean[] {false, true}) {
                check(shape[0], shape[1], standardize);
            }
        }
    }

    private static void check(int fitRows, int cols, boolean standardize) {
        SplittableRandom random = new SplittableRandom(fitRows * 31L + cols);
        int rows = Math.max(fitRows, 2) + 3;
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            // Column 0 is constant, so its standard deviation is 0.
            data[i] = i % cols == 0 ? 4f : (float) (random.nextGaussian() * (1 + i % 5));
        }
        PcaModel model = Pca.fit(data, rows, cols, cols, standardize);
        int count = model.componentCount();
        for (int projected : new int[] {1, 2, rows}) {
            double[] expected = new double[projected * count];
            double[] row = new double[cols];
            for (int i = 0; i < projected; i++) {
                for (int j = 0; j < cols; j++) {
                    row[j] = data[i * cols + j];
                }
                model.transform(row, 0, expected, i * count);
            }
            for (int threads = 1; threads <= 8; threads++) {
                double[] fromFloats = Pca.transform(model, java.util.Arrays.copyOf(data, projected * cols), projected,
                        threads);
                String where = fitRows + "x" + cols + " standardize " + standardize + ", " + projected + " rows, "
                        + threads + " threads";
                assertArrayEquals(expected, fromFloats, 0, "float input, " + where);
                double[] asDoubles = new double[projected * cols];
                for (int k = 0; k < asDoubles.length; k++) {
                    asDoubles[k] = data[k];
                }
                assertArrayEquals(expected, Pca.transform(model, asDoubles, projected, threads), 0,
                        "double input, " + where);
            }
        }
    }
}

package io.github.stem4d.io.synthetic;

import io.github.stem4d.analysis.scan.FrameShape;

/**
 * Expected counts per pixel (the noise-free diffraction pattern) of each region kind, computed
 * once per scan. Each template has a margin of {@link #MARGIN} pixels on every side so that a
 * frame can be cut out shifted by up to that many pixels without edge checks.
 */
final class RegionTemplates {

    static final int MARGIN = 1;

    private final int width;
    private final float[][] mean;
    private final float[][] sqrtMean;

    private RegionTemplates(int width, float[][] mean, float[][] sqrtMean) {
        this.width = width;
        this.mean = mean;
        this.sqrtMean = sqrtMean;
    }

    /** Returns the padded row length (det_x + 2 * margin). */
    int paddedWidth() {
        return width;
    }

    float[] mean(int region) {
        return mean[region];
    }

    float[] sqrtMean(int region) {
        return sqrtMean[region];
    }

    static RegionTemplates build(FrameShape frame, int regions) {
        int rows = frame.rows() + 2 * MARGIN;
        int cols = frame.cols() + 2 * MARGIN;
        float[][] mean = new float[regions][];
        float[][] sqrt = new float[regions][];
        for (int r = 0; r < regions; r++) {
            mean[r] = pattern(RegionKind.values()[r], rows, cols);
            sqrt[r] = new float[mean[r].length];
            for (int i = 0; i < mean[r].length; i++) {
                sqrt[r][i] = (float) Math.sqrt(mean[r][i]);
            }
        }
        return new RegionTemplates(cols, mean, sqrt);
    }

    private static float[] pattern(RegionKind kind, int rows, int cols) {
        double size = Math.min(rows, cols) - 2.0 * MARGIN;
        double cy = rows / 2.0;
        double cx = cols / 2.0;
        float[] out = new float[rows * cols];

        double beam = switch (kind) {
            case VACUUM -> 60;
            case DOUBLE_RING -> 12;
            default -> 25;
        };
        double background = kind == RegionKind.VACUUM ? 0.05 : 0.3;
        double beamRadius = size / 20;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                double r = Math.hypot(y - cy, x - cx);
                double value = background + beam / (1 + Math.exp((r - beamRadius) / 0.7));
                if (kind != RegionKind.VACUUM) {
                    value += 2 * Math.exp(-r / (0.15 * size));
                }
                value += switch (kind) {
                    case AMORPHOUS -> ring(r, 0.28 * size, 0.03 * size, 4);
                    case DOUBLE_RING -> ring(r, 0.20 * size, 0.025 * size, 5) + ring(r, 0.35 * size, 0.03 * size, 3);
                    default -> 0;
                };
                out[y * cols + x] = (float) value;
            }
        }

        switch (kind) {
            case SQUARE_LATTICE -> addLattice(out, rows, cols, size, 0.11 * size, 0, false);
            case HEXAGONAL_LATTICE -> addLattice(out, rows, cols, size, 0.12 * size, 0, true);
            case ROTATED_GRAIN -> addLattice(out, rows, cols, size, 0.11 * size, Math.toRadians(30), false);
            case FINE_SQUARE_LATTICE -> addLattice(out, rows, cols, size, 0.075 * size, 0, false);
            case WIDE_HEXAGONAL_LATTICE -> addLattice(out, rows, cols, size, 0.16 * size, Math.toRadians(15), true);
            default -> {
            }
        }
        return out;
    }

    private static double ring(double r, double radius, double sigma, double amplitude) {
        double d = (r - radius) / sigma;
        return amplitude * Math.exp(-0.5 * d * d);
    }

    /** Adds Gaussian Bragg spots at the points of a square or hexagonal lattice, excluding the origin. */
    private static void addLattice(float[] out, int rows, int cols, double size, double spacing, double angle,
            boolean hexagonal) {
        double ax = spacing * Math.cos(angle);
        double ay = spacing * Math.sin(angle);
        double second = hexagonal ? Math.toRadians(60) : Math.toRadians(90);
        double bx = spacing * Math.cos(angle + second);
        double by = spacing * Math.sin(angle + second);
        double limit = 0.45 * size;
        double sigma = Math.max(1.0, size / 128);
        int reach = (int) Math.ceil(4 * sigma);
        int n = (int) Math.ceil(limit / spacing) + 2;
        double cy = rows / 2.0;
        double cx = cols / 2.0;

        for (int i = -n; i <= n; i++) {
            for (int j = -n; j <= n; j++) {
                if (i == 0 && j == 0) {
                    continue;
                }
                double gx = i * ax + j * bx;
                double gy = i * ay + j * by;
                double g = Math.hypot(gx, gy);
                if (g > limit) {
                    continue;
                }
                double amplitude = 60 * Math.exp(-Math.pow(g / (0.3 * size), 2));
                double sy = cy + gy;
                double sx = cx + gx;
                int y0 = (int) Math.floor(sy) - reach;
                int x0 = (int) Math.floor(sx) - reach;
                for (int y = Math.max(0, y0); y <= Math.min(rows - 1, y0 + 2 * reach + 1); y++) {
                    for (int x = Math.max(0, x0); x <= Math.min(cols - 1, x0 + 2 * reach + 1); x++) {
                        double dy = (y - sy) / sigma;
                        double dx = (x - sx) / sigma;
                        out[y * cols + x] += (float) (amplitude * Math.exp(-0.5 * (dy * dy + dx * dx)));
                    }
                }
            }
        }
    }
}

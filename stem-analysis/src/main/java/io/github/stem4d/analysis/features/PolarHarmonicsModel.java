package io.github.stem4d.analysis.features;

import io.github.stem4d.analysis.scan.FrameShape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The {@code polar-harmonics} extractor bound to one frame shape: option values, window
 * geometry, beam mask, polar sampling tables, radial bins and DFT tables. Immutable.
 */
final class PolarHarmonicsModel implements PreparedExtractor {

    static final double EPS = 1e-8;
    static final int MIN_SIDE = 16;
    private static final double CLIP_QUANTILE = 0.995;
    private static final double[] QUANTILES = {0.10, 0.50, 0.90, CLIP_QUANTILE};
    static final int TOP_K_SLOTS = 10;

    final FrameShape frameShape;
    final int rows;
    final int cols;
    private final Map<String, String> options;
    private final List<String> columnNames;

    // Window: a side x side square, by default centred on the detector.
    final int side;
    final int pixels;
    final int defaultTop;
    final int defaultLeft;
    final boolean beamCentred;

    // Beam mask: per window row, the columns [maskStart, maskEnd) lie inside the mask disk.
    final int[] maskStart;
    final int[] maskEnd;
    final int maskCount;

    // Quantile ranks of the sorted window (low and high neighbour of each position) and weights.
    final int[] ranks;
    final double[] rankFraction;

    // Polar sampling: for radius i and angle j < halfAngles, the top-left neighbour index and the four
    // bilinear weights (top-left, top-right, bottom-left, bottom-right), as float like the scaled image.
    // The sample at angle j + halfAngles is the point reflection through the window centre.
    final int radialSamples;
    final int angles;
    final int halfAngles;
    final int[] sampleIndex;
    final float[] sampleWeight;

    final int bins;
    final int[] binOfRadius;
    final int[] binCount;
    final int bands;
    final int[] bandOfRadius;
    final int[] bandCount;

    // DFT of the angular profile: harmonic orders, period after folding, and cos/sin tables for j = 1..pairs.
    final int[] harmonics;
    final boolean folded;
    final int period;
    final int pairs;
    final boolean hasMiddle;
    final double[] middleSign;
    final double[] cosTable;
    final double[] sinTable;

    final int dimension;

    PolarHarmonicsModel(FrameShape frameShape, ExtractorOptions parsed) {
        this.frameShape = frameShape;
        this.rows = frameShape.rows();
        this.cols = frameShape.cols();
        this.options = parsed.asMap();

        int crop = parsed.intValue("crop", MIN_SIDE, 4096);
        double radiusOption = parsed.doubleValue("radius", 1, (crop - 1) / 2.0);
        double maskOption = parsed.doubleValue("mask-radius", 0, radiusOption);
        this.angles = parsed.intValue("ntheta", 8, 7200);
        if (angles % 2 != 0) {
            throw parsed.invalid("ntheta", parsed.text("ntheta"), "an even integer from 8 to 7200");
        }
        this.beamCentred = parsed.choice("beam-center", "detector", "com").equals("com");
        if (Math.min(rows, cols) < MIN_SIDE) {
            throw new IllegalArgumentException("feature extractor '" + PolarHarmonicsExtractor.NAME
                    + "' needs frames of at least " + MIN_SIDE + "x" + MIN_SIDE + " pixels, got " + frameShape
                    + "; bin the frames less or use the binned-pattern extractor, which accepts frames down to 1x1");
        }

        this.side = Math.min(crop, Math.min(rows, cols));
        double scale = side == crop ? 1.0 : (side - 1) / (double) (crop - 1);
        double radius = radiusOption * scale;
        double maskRadius = maskOption * scale;
        this.pixels = side * side;
        this.defaultTop = (rows - side) / 2;
        this.defaultLeft = (cols - side) / 2;
        double centre = (side - 1) / 2.0;

        this.maskStart = new int[side];
        this.maskEnd = new int[side];
        this.maskCount = buildMask(centre, maskRadius);

        this.ranks = new int[2 * QUANTILES.length];
        this.rankFraction = new double[QUANTILES.length];
        for (int q = 0; q < QUANTILES.length; q++) {
            double position = QUANTILES[q] * (pixels - 1);
            int low = (int) Math.floor(position);
            ranks[2 * q] = low;
            ranks[2 * q + 1] = Math.min(low + 1, pixels - 1);
            rankFraction[q] = position - low;
        }

        this.radialSamples = Math.max(8, Math.min((int) Math.floor(radius), side / 2));
        this.halfAngles = angles / 2;
        this.sampleIndex = new int[radialSamples * halfAngles];
        this.sampleWeight = new float[4 * radialSamples * halfAngles];
        buildSampling(centre, radius);

        this.bins = parsed.intValue("bins", 3, 64);
        this.bands = parsed.intValue("bands", 1, 64);
        if (bins > radialSamples) {
            throw parsed.invalid("bins", parsed.text("bins"),
                    "at most the " + radialSamples + " radial samples of " + frameShape + " frames");
        }
        if (bands > radialSamples) {
            throw parsed.invalid("bands", parsed.text("bands"),
                    "at most the " + radialSamples + " radial samples of " + frameShape + " frames");
        }
        this.binOfRadius = binIndices(bins);
        this.binCount = counts(binOfRadius, bins);
        this.bandOfRadius = binIndices(bands);
        this.bandCount = counts(bandOfRadius, bands);

        this.harmonics = parsed.intList("harmonics", 1, halfAngles - 1);
        boolean allEven = true;
        for (int m : harmonics) {
            allEven &= m % 2 == 0;
        }
        // For even orders the angular profile repeats every half turn: summing its two halves halves the DFT.
        this.folded = allEven;
        this.period = folded ? halfAngles : angles;
        this.pairs = (period - 1) / 2;
        this.hasMiddle = period % 2 == 0;
        this.middleSign = new double[harmonics.length];
        this.cosTable = new double[harmonics.length * pairs];
        this.sinTable = new double[harmonics.length * pairs];
        buildDft();

        this.dimension = 2 * bins + 2 * TOP_K_SLOTS + 1 + 3 + harmonics.length * bands;
        this.columnNames = buildColumnNames();
    }

    private int buildMask(double centre, double maskRadius) {
        int count = 0;
        for (int i = 0; i < side; i++) {
            int first = -1;
            int last = -1;
            for (int j = 0; j < side; j++) {
                double dy = i - centre;
                double dx = j - centre;
                if (Math.sqrt(dy * dy + dx * dx) <= maskRadius) {
                    if (first < 0) {
                        first = j;
                    }
                    last = j;
                }
            }
            if (first >= 0) {
                maskStart[i] = first;
                maskEnd[i] = last + 1;
                count += last + 1 - first;
            }
        }
        return count;
    }

    private void buildSampling(double centre, double radius) {
        for (int i = 0; i < radialSamples; i++) {
            double r = i * radius / (radialSamples - 1);
            for (int j = 0; j < halfAngles; j++) {
                double theta = 2 * Math.PI * j / angles;
                double x = centre + r * Math.cos(theta);
                double y = centre + r * Math.sin(theta);
                int x0 = (int) Math.floor(x);
                int y0 = (int) Math.floor(y);
                double wx = x - x0;
                double wy = y - y0;
                // A neighbour outside the window only ever gets weight 0: move the cell inwards instead.
                if (x0 < 0) {
                    x0 = 0;
                    wx = 0;
                } else if (x0 > side - 2) {
                    wx = x - (side - 2);
                    x0 = side - 2;
                }
                if (y0 < 0) {
                    y0 = 0;
                    wy = 0;
                } else if (y0 > side - 2) {
                    wy = y - (side - 2);
                    y0 = side - 2;
                }
                int e = i * halfAngles + j;
                sampleIndex[e] = y0 * side + x0;
                sampleWeight[4 * e] = (float) ((1 - wy) * (1 - wx));
                sampleWeight[4 * e + 1] = (float) ((1 - wy) * wx);
                sampleWeight[4 * e + 2] = (float) (wy * (1 - wx));
                sampleWeight[4 * e + 3] = (float) (wy * wx);
            }
        }
    }

    /** Maps radial sample i to bin ceil(i * n / NR) - 1, with sample 0 in bin 0. */
    private int[] binIndices(int n) {
        int[] bin = new int[radialSamples];
        for (int i = 1; i < radialSamples; i++) {
            bin[i] = (i * n + radialSamples - 1) / radialSamples - 1;
        }
        return bin;
    }

    private static int[] counts(int[] binOf, int n) {
        int[] count = new int[n];
        for (int b : binOf) {
            count[b]++;
        }
        return count;
    }

    private void buildDft() {
        for (int h = 0; h < harmonics.length; h++) {
            int k = folded ? harmonics[h] / 2 : harmonics[h];
            middleSign[h] = k % 2 == 0 ? 1.0 : -1.0;
            for (int j = 1; j <= pairs; j++) {
                double phase = 2 * Math.PI * (((long) k * j) % period) / period;
                cosTable[h * pairs + j - 1] = Math.cos(phase);
                sinTable[h * pairs + j - 1] = Math.sin(phase);
            }
        }
    }

    private List<String> buildColumnNames() {
        List<String> names = new ArrayList<>(dimension);
        for (int b = 0; b < bins; b++) {
            names.add("radial_mean_" + b);
        }
        for (int b = 0; b < bins; b++) {
            names.add("radial_std_" + b);
        }
        for (int s = 0; s < TOP_K_SLOTS; s++) {
            names.add("topk_bin_" + s);
        }
        for (int s = 0; s < TOP_K_SLOTS; s++) {
            names.add("topk_value_" + s);
        }
        names.add("ratio");
        names.add("q10");
        names.add("q50");
        names.add("q90");
        for (int m : harmonics) {
            for (int b = 0; b < bands; b++) {
                names.add("harmonic_" + m + "_band_" + b);
            }
        }
        return Collections.unmodifiableList(names);
    }

    @Override
    public String name() {
        return PolarHarmonicsExtractor.NAME;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public FrameShape frameShape() {
        return frameShape;
    }

    @Override
    public List<String> columnNames() {
        return columnNames;
    }

    @Override
    public Map<String, String> options() {
        return options;
    }

    @Override
    public Worker newWorker() {
        return new PolarHarmonicsWorker(this);
    }
}

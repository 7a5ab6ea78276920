package io.github.stem4d.analysis.features;

import java.util.Arrays;

/**
 * Computes {@code polar-harmonics} features of one frame at a time with its own buffers.
 *
 * <p>Integer-valued frames below 65536 take a fast path: {@code log1p} comes from
 * {@link LogTable} and the quantiles from a histogram of the counts. Other frames use
 * {@link LogTable#log1pClampedComputed} and {@link OrderStatistics}. Both give exact order statistics.
 */
final class PolarHarmonicsWorker implements PreparedExtractor.Worker {

    private static final double EPS = PolarHarmonicsModel.EPS;

    private final PolarHarmonicsModel model;
    private final double[] log1p = LogTable.log1p();

    private final double[] image;
    private final char[] counts;
    private final float[] scaledOfCount = new float[LogTable.SIZE];
    private final float[] scaled;
    private final int[] histogram = new int[LogTable.SIZE];
    private final OrderStatistics orderStatistics;
    private final double[] rankValues;
    private final double[] beamCentre = new double[2];

    private final double[] profile;
    private final double[] folded;
    private final double[] pairSum;
    private final double[] pairDifference;
    private final double[] magnitude;

    private final double[] binMean;
    private final double[] binStd;
    private final double[] bandAmplitude;
    private final double[] radialMean;
    private final int[] order;

    // Results of readCounts and sampleRadius, kept in fields because a method returns one value.
    private boolean nonFinite;
    private int maxCount;
    private double profileSum;
    private double shiftedSum;
    private double shiftedSquares;

    PolarHarmonicsWorker(PolarHarmonicsModel model) {
        this.model = model;
        this.image = new double[model.pixels];
        this.counts = new char[model.pixels];
        this.scaled = new float[model.pixels];
        this.orderStatistics = new OrderStatistics(model.pixels, model.ranks.length);
        this.rankValues = new double[model.ranks.length];
        this.profile = new double[model.angles];
        this.folded = new double[model.period];
        this.pairSum = new double[model.pairs];
        this.pairDifference = new double[model.pairs];
        this.magnitude = new double[model.radialSamples];
        this.binMean = new double[model.bins];
        this.binStd = new double[model.bins];
        this.bandAmplitude = new double[model.harmonics.length * model.bands];
        this.radialMean = new double[model.bins];
        this.order = new int[model.bins];
    }

    @Override
    public boolean extract(float[] frames, int frameOffset, double[] features, int featureOffset) {
        PolarHarmonicsModel m = model;
        int top = m.defaultTop;
        int left = m.defaultLeft;
        if (m.beamCentred) {
            BeamCenter.locate(frames, frameOffset, m.rows, m.cols, beamCentre);
            top = BeamCenter.windowStart(beamCentre[0], m.side, m.rows);
            left = BeamCenter.windowStart(beamCentre[1], m.side, m.cols);
        }

        double clip;
        if (readCounts(frames, frameOffset, top, left)) {
            clip = scaleCounts();
        } else {
            clip = scaleLogValues(frames, frameOffset, top, left);
        }
        boolean outsideNonFinite = (m.side < m.rows || m.side < m.cols)
                && LogTable.anyNonFiniteOutside(frames, frameOffset, m.rows, m.cols, top, left, m.side, m.side);

        sampleAndPool();
        writeFeatures(features, featureOffset, clip, 1.0 / (clip + EPS));
        return nonFinite || outsideNonFinite;
    }

    /**
     * Copies the window's counts into {@code counts} and the histogram, if every pixel is an
     * integer below 65536 after clamping (NaN and infinity count as 0 and set {@code nonFinite}).
     *
     * @return false, with the histogram cleared, as soon as a pixel is not such an integer
     */
    private boolean readCounts(float[] frames, int frameOffset, int top, int left) {
        int side = model.side;
        int cols = model.cols;
        int[] histogram = this.histogram;
        char[] counts = this.counts;
        boolean bad = false;
        int maxSeen = 0;
        for (int i = 0; i < side; i++) {
            int source = frameOffset + (top + i) * cols + left;
            int target = i * side;
            for (int j = 0; j < side; j++) {
                float v = frames[source + j];
                int n = (int) v;
                if (n != v || n >= LogTable.SIZE || n < 0) {
                    if (LogTable.isNonFinite(v)) {
                        bad = true;
                    } else if (v > 0) {
                        // A fraction or a count beyond the table: the general path handles the frame.
                        Arrays.fill(histogram, 0, maxSeen + 1, 0);
                        return false;
                    }
                    // Negative values clamp to 0, and NaN and infinity are replaced by 0.
                    n = 0;
                }
                counts[target + j] = (char) n;
                histogram[n]++;
                maxSeen = Math.max(maxSeen, n);
            }
        }
        nonFinite = bad;
        maxCount = maxSeen;
        return true;
    }

    /**
     * Takes the mask out of the histogram, finds the fill value, the order statistics and the clip
     * level from the histogram, and writes P to {@code scaled} through a table indexed by count.
     *
     * @return the clip level q
     */
    private double scaleCounts() {
        PolarHarmonicsModel m = model;
        int side = m.side;
        for (int i = 0; i < side; i++) {
            int row = i * side;
            for (int j = m.maskStart[i]; j < m.maskEnd[i]; j++) {
                histogram[counts[row + j]]--;
            }
        }
        double sum = 0;
        for (int n = 1; n <= maxCount; n++) {
            sum += log1p[n] * histogram[n];
        }
        double fill = sum / (m.pixels - m.maskCount + EPS);
        selectFromHistogram(fill);
        Arrays.fill(histogram, 0, maxCount + 1, 0);

        double clip = Math.max(quantile(3), 1e-6);
        double inverse = 1.0 / (clip + EPS);
        for (int n = 0; n <= maxCount; n++) {
            scaledOfCount[n] = (float) (Math.min(log1p[n], clip) * inverse);
        }
        for (int k = 0; k < m.pixels; k++) {
            scaled[k] = scaledOfCount[counts[k]];
        }
        float scaledFill = (float) (Math.min(fill, clip) * inverse);
        for (int i = 0; i < side; i++) {
            Arrays.fill(scaled, i * side + m.maskStart[i], i * side + m.maskEnd[i], scaledFill);
        }
        return clip;
    }

    /** Fills {@code rankValues} from the histogram, with the mask's {@code fill} values sorted in. */
    private void selectFromHistogram(double fill) {
        PolarHarmonicsModel m = model;
        int[] ranks = m.ranks;
        int rank = 0;
        long below = 0;
        boolean fillPlaced = false;
        for (int n = 0; n <= maxCount && rank < ranks.length; n++) {
            double value = log1p[n];
            if (!fillPlaced && value > fill) {
                fillPlaced = true;
                below += m.maskCount;
                while (rank < ranks.length && ranks[rank] < below) {
                    rankValues[rank++] = fill;
                }
            }
            below += histogram[n];
            while (rank < ranks.length && ranks[rank] < below) {
                rankValues[rank++] = value;
            }
        }
        while (rank < ranks.length) {
            rankValues[rank++] = fill;
        }
    }

    /**
     * Computes L = log1p(max(x, 0)) in double for every window pixel, fills the mask with the mean
     * of the rest, finds exact order statistics by selection and writes P to {@code scaled}. This
     * general path handles frames that are not small integer counts.
     *
     * @return the clip level q
     */
    private double scaleLogValues(float[] frames, int frameOffset, int top, int left) {
        PolarHarmonicsModel m = model;
        int side = m.side;
        int cols = m.cols;
        boolean bad = false;
        double sum = 0;
        for (int i = 0; i < side; i++) {
            int source = frameOffset + (top + i) * cols + left;
            int target = i * side;
            for (int j = 0; j < side; j++) {
                float v = frames[source + j];
                bad |= LogTable.isNonFinite(v);
                double l = LogTable.log1pClampedComputed(v);
                image[target + j] = l;
                sum += l;
            }
        }
        double maskSum = 0;
        for (int i = 0; i < side; i++) {
            for (int k = i * side + m.maskStart[i]; k < i * side + m.maskEnd[i]; k++) {
                maskSum += image[k];
            }
        }
        double fill = (sum - maskSum) / (m.pixels - m.maskCount + EPS);
        for (int i = 0; i < side; i++) {
            Arrays.fill(image, i * side + m.maskStart[i], i * side + m.maskEnd[i], fill);
        }
        orderStatistics.select(image, m.pixels, m.ranks, rankValues);

        double clip = Math.max(quantile(3), 1e-6);
        double inverse = 1.0 / (clip + EPS);
        for (int k = 0; k < m.pixels; k++) {
            scaled[k] = (float) (Math.min(image[k], clip) * inverse);
        }
        nonFinite = bad;
        return clip;
    }

    /** Returns the interpolated quantile number q (0 = q10, 1 = q50, 2 = q90, 3 = clip) of the window. */
    private double quantile(int q) {
        double low = rankValues[2 * q];
        double high = rankValues[2 * q + 1];
        return low + model.rankFraction[q] * (high - low);
    }

    /** Resamples every radius on the polar grid and adds its statistics to the radial bins and bands. */
    private void sampleAndPool() {
        PolarHarmonicsModel m = model;
        Arrays.fill(binMean, 0);
        Arrays.fill(binStd, 0);
        Arrays.fill(bandAmplitude, 0);
        int n = m.angles;
        for (int i = 0; i < m.radialSamples; i++) {
            sampleRadius(i);
            double mean = profileSum / n;
            double variance = Math.max(0, (shiftedSquares - shiftedSum * shiftedSum / n) / (n - 1));
            binMean[m.binOfRadius[i]] += mean;
            binStd[m.binOfRadius[i]] += Math.sqrt(variance);
            magnitude[i] = Math.abs(profileSum);
            addHarmonics(i);
        }
    }

    /**
     * Fills {@code profile} with the samples at radius i and sets {@code profileSum}, and the sum
     * and sum of squares of the samples minus a shift (one pixel near the ring) for the variance.
     */
    private void sampleRadius(int i) {
        PolarHarmonicsModel m = model;
        float[] p = scaled;
        int[] index = m.sampleIndex;
        float[] weight = m.sampleWeight;
        int side = m.side;
        int last = m.pixels - 1;
        int half = m.halfAngles;
        int e = i * half;
        double shift = p[index[e]];

        double sumA = 0;
        double sumB = 0;
        double squaresA = 0;
        double squaresB = 0;
        for (int j = 0; j < half; j++, e++) {
            int k = index[e];
            int w = 4 * e;

            float w00 = weight[w];
            float w01 = weight[w + 1];
            float w10 = weight[w + 2];
            float w11 = weight[w + 3];
            double a = (w00 * p[k] + w01 * p[k + 1]) + (w10 * p[k + side] + w11 * p[k + side + 1]) - shift;

            // The opposite angle samples the point reflection: the same weights on reflected neighbours.
            int r = last - k;
            double b = (w00 * p[r] + w01 * p[r - 1]) + (w10 * p[r - side] + w11 * p[r - side - 1]) - shift;

            profile[j] = a;
            profile[j + half] = b;
            sumA += a;
            sumB += b;
            squaresA += a * a;
            squaresB += b * b;
        }

        shiftedSum = sumA + sumB;
        shiftedSquares = squaresA + squaresB;
        profileSum = shiftedSum + shift * m.angles;
    }

    /**
     * Adds |DFT of radius i's profile at each harmonic| / (D + 1e-8) to the radius's band.
     *
     * <p>The profile is first folded to one half turn when every harmonic is even, because such
     * harmonics repeat every half turn. Samples j and P - j then share their cosine and, up to
     * the sign, their sine. The profile's shift changes only the zero-frequency term, which no
     * harmonic uses.
     */
    private void addHarmonics(int i) {
        PolarHarmonicsModel m = model;
        double[] y;
        if (m.folded) {
            int half = m.halfAngles;
            for (int j = 0; j < half; j++) {
                folded[j] = profile[j] + profile[j + half];
            }
            y = folded;
        } else {
            y = profile;
        }
        int period = m.period;
        int pairs = m.pairs;
        for (int j = 1; j <= pairs; j++) {
            pairSum[j - 1] = y[j] + y[period - j];
            pairDifference[j - 1] = y[j] - y[period - j];
        }
        double first = y[0];
        double middle = m.hasMiddle ? y[period / 2] : 0;

        double scale = 1.0 / (magnitude[i] + EPS);
        int band = m.bandOfRadius[i];
        for (int h = 0; h < m.harmonics.length; h++) {
            int t = h * pairs;
            // Four partial sums per component keep the additions independent of each other.
            double re0 = first + m.middleSign[h] * middle;
            double re1 = 0;
            double re2 = 0;
            double re3 = 0;
            double im0 = 0;
            double im1 = 0;
            double im2 = 0;
            double im3 = 0;
            int j = 0;
            for (; j + 3 < pairs; j += 4) {
                re0 += pairSum[j] * m.cosTable[t + j];
                re1 += pairSum[j + 1] * m.cosTable[t + j + 1];
                re2 += pairSum[j + 2] * m.cosTable[t + j + 2];
                re3 += pairSum[j + 3] * m.cosTable[t + j + 3];
                im0 += pairDifference[j] * m.sinTable[t + j];
                im1 += pairDifference[j + 1] * m.sinTable[t + j + 1];
                im2 += pairDifference[j + 2] * m.sinTable[t + j + 2];
                im3 += pairDifference[j + 3] * m.sinTable[t + j + 3];
            }
            for (; j < pairs; j++) {
                re0 += pairSum[j] * m.cosTable[t + j];
                im0 += pairDifference[j] * m.sinTable[t + j];
            }
            double re = (re0 + re1) + (re2 + re3);
            double im = (im0 + im1) + (im2 + im3);
            bandAmplitude[h * m.bands + band] += Math.sqrt(re * re + im * im) * scale;
        }
    }

    private void writeFeatures(double[] features, int offset, double clip, double inverse) {
        PolarHarmonicsModel m = model;
        int bins = m.bins;
        int slots = PolarHarmonicsModel.TOP_K_SLOTS;

        double maxMean = Double.NEGATIVE_INFINITY;
        double maxStd = Double.NEGATIVE_INFINITY;
        for (int b = 0; b < bins; b++) {
            binMean[b] /= m.binCount[b] + EPS;
            binStd[b] /= m.binCount[b] + EPS;
            maxMean = Math.max(maxMean, binMean[b]);
            maxStd = Math.max(maxStd, binStd[b]);
        }
        for (int b = 0; b < bins; b++) {
            radialMean[b] = binMean[b] / (maxMean + EPS);
            features[offset + b] = radialMean[b];
            features[offset + bins + b] = binStd[b] / (maxStd + EPS);
        }

        // Top-k: bins by radial mean, descending; equal values keep ascending bin order.
        int k = Math.min(slots, bins);
        for (int b = 0; b < bins; b++) {
            int at = b;
            while (at > 0 && radialMean[order[at - 1]] < radialMean[b]) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = b;
        }
        int topK = offset + 2 * bins;
        for (int s = 0; s < slots; s++) {
            boolean used = s < k;
            features[topK + s] = used ? order[s] / (double) (bins - 1) : 0;
            features[topK + slots + s] = used ? radialMean[order[s]] : 0;
        }

        int middle = bins / 3;
        double low = 0;
        double high = 0;
        for (int b = 0; b < bins; b++) {
            if (b < middle) {
                low += radialMean[b];
            } else {
                high += radialMean[b];
            }
        }
        int tail = topK + 2 * slots;
        features[tail] = (low / middle) / (high / (bins - middle) + EPS);
        for (int q = 0; q < 3; q++) {
            features[tail + 1 + q] = Math.min(quantile(q), clip) * inverse;
        }

        int harmonicsStart = tail + 4;
        int bands = m.bands;
        for (int h = 0; h < m.harmonics.length; h++) {
            for (int b = 0; b < bands; b++) {
                features[harmonicsStart + h * bands + b] = bandAmplitude[h * bands + b] / (m.bandCount[b] + EPS);
            }
        }
    }
}

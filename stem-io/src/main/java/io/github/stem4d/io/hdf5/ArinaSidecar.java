package io.github.stem4d.io.hdf5;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.ScanShape;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the scan shape that DECTRIS ARINA writes into a sidecar file: {@code X.h5} beside
 * {@code X_master.h5} (or beside {@code X_data_000001.h5}), group {@code "STEM Metadata"},
 * attributes or scalar datasets {@code NumPixelsX} (scan_x) and {@code NumPixelsY} (scan_y).
 * The sidecar contains no frames and no filters, so it is always read with jhdf.
 */
final class ArinaSidecar {

    static final String GROUP = "STEM Metadata";
    private static final Pattern DATA_FILE = Pattern.compile("(.+)_(master|data_\\d{6})\\.h5");

    private ArinaSidecar() {
    }

    /** Returns the sidecar path when the file name follows the ARINA pattern and the sidecar exists. */
    static Optional<Path> sidecarFor(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        Matcher matcher = DATA_FILE.matcher(name.toString());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Path sidecar = file.resolveSibling(matcher.group(1) + ".h5");
        return Files.isRegularFile(sidecar) ? Optional.of(sidecar) : Optional.empty();
    }

    /**
     * Returns NumPixelsY x NumPixelsX from the sidecar, or empty when there is no sidecar or it
     * lacks either value.
     *
     * @throws InvalidScanException if the sidecar exists but cannot be read or contains invalid sizes
     */
    static Optional<ScanShape> scanShape(Path file) throws IOException {
        Optional<Path> sidecar = sidecarFor(file);
        if (sidecar.isEmpty()) {
            return Optional.empty();
        }
        try (HdfFile hdf = new HdfFile(sidecar.get())) {
            Node node = hdf.getChildren().get(GROUP);
            if (!(node instanceof Group group)) {
                return Optional.empty();
            }
            Optional<Long> cols = value(group, "NumPixelsX");
            Optional<Long> rows = value(group, "NumPixelsY");
            if (cols.isEmpty() || rows.isEmpty()) {
                return Optional.empty();
            }
            if (rows.get() < 1 || cols.get() < 1 || rows.get() > Integer.MAX_VALUE || cols.get() > Integer.MAX_VALUE) {
                throw new InvalidScanException(sidecar.get(), "ARINA sidecar '" + sidecar.get() + "' gives NumPixelsY "
                        + rows.get() + " and NumPixelsX " + cols.get()
                        + ": expected positive sizes; pass the scan shape (--scan-shape ROWSxCOLS)");
            }
            return Optional.of(new ScanShape(rows.get().intValue(), cols.get().intValue()));
        } catch (HdfException e) {
            throw new InvalidScanException(sidecar.get(), "cannot read the ARINA sidecar '" + sidecar.get() + "': "
                    + e.getMessage() + "; pass the scan shape (--scan-shape ROWSxCOLS)", e);
        }
    }

    private static Optional<Long> value(Group group, String name) {
        Attribute attribute = group.getAttributes().get(name);
        if (attribute != null) {
            return firstNumber(attribute.getData());
        }
        Node child = group.getChildren().get(name);
        if (child instanceof Dataset dataset && !dataset.isCompound()) {
            return firstNumber(dataset.getData());
        }
        return Optional.empty();
    }

    private static Optional<Long> firstNumber(Object data) {
        Object value = data;
        while (value != null && value.getClass().isArray()) {
            if (Array.getLength(value) == 0) {
                return Optional.empty();
            }
            value = Array.get(value, 0);
        }
        if (value instanceof Number number) {
            double asDouble = number.doubleValue();
            if (asDouble != Math.rint(asDouble)) {
                return Optional.of(-1L);
            }
            return Optional.of(number.longValue());
        }
        return Optional.empty();
    }
}

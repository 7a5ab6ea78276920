package io.github.stem4d.io.testdata;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of an HDF5 test manifest ({@code manifest.tsv}): the file, its dataset, dtype and
 * shape, a scan position and the four checksums described by {@link Checksums}.
 */
public record Hdf5Manifest(Path file, String dataset, String dtype, int scanRows, int scanCols, int frameRows,
        int frameCols, int checkRow, int checkCol, Checksums checksums, String filters) {

    /** Reads every row of a tab-separated manifest; file names are resolved beside it. */
    public static List<Hdf5Manifest> read(Path manifest) throws IOException {
        List<Hdf5Manifest> rows = new ArrayList<>();
        for (String line : Files.readAllLines(manifest)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            rows.add(new Hdf5Manifest(manifest.resolveSibling(f[0]), f[1], f[2], Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]),
                    Integer.parseInt(f[8]),
                    new Checksums(wrap(f[9]), wrap(f[10]), wrap(f[11]), wrap(f[12])), f.length > 13 ? f[13] : ""));
        }
        return rows;
    }

    /** Returns the frame index of the checked scan position. */
    public long checkFrame() {
        return (long) checkRow * scanCols + checkCol;
    }

    @Override
    public String toString() {
        return file.getFileName().toString();
    }

    private static long wrap(String decimal) {
        return new BigInteger(decimal).longValue();
    }
}

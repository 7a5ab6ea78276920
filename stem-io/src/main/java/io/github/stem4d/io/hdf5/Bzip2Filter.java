package io.github.stem4d.io.hdf5;

import com.google.auto.service.AutoService;
import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.Filter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * jhdf filter 307 (bzip2, as written by the HDF5 bzip2 plugin and by hdf5plugin), decoded
 * with commons-compress. Stateless and safe to call from any thread.
 */
@AutoService(Filter.class)
public final class Bzip2Filter implements Filter {

    /** HDF5 filter id registered for bzip2. */
    public static final int FILTER_ID = 307;

    /** bzip2 cannot expand data by more than this factor; larger output means a corrupt chunk. */
    private static final long MAX_RATIO = 50_000;

    @Override
    public int getId() {
        return FILTER_ID;
    }

    @Override
    public String getName() {
        return "bzip2";
    }

    @Override
    public byte[] decode(byte[] encodedData, int[] filterData) {
        long limit = Math.min(Integer.MAX_VALUE - 16L, encodedData.length * MAX_RATIO + 1024);
        try (InputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(encodedData), true)) {
            byte[] decoded = in.readNBytes((int) limit);
            if (in.read() >= 0) {
                throw new HdfFilterException("bzip2 (filter 307) chunk of " + encodedData.length
                        + " bytes decodes to more than " + limit + " bytes; the chunk is corrupt");
            }
            return decoded;
        } catch (IOException e) {
            throw new HdfFilterException("bzip2 (filter 307) failed to decode a chunk of " + encodedData.length
                    + " bytes: " + e.getMessage(), e);
        }
    }
}

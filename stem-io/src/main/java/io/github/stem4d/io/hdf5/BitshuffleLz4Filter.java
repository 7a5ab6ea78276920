package io.github.stem4d.io.hdf5;

import com.google.auto.service.AutoService;
import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.Filter;

/**
 * jhdf filter 32008 (bitshuffle, optionally with LZ4) backed by {@link Bitshuffle}.
 *
 * <p>It replaces the decoder bundled with jhdf 0.13.0, which returns wrong values without an
 * error when a chunk's byte size is not a multiple of the 8 KiB bitshuffle block. jhdf's
 * {@code FilterManager} loads it through {@link java.util.ServiceLoader} after its own filters,
 * so this one wins; {@link JhdfScanReader} also registers it explicitly. Stateless and safe to
 * call from any thread.
 */
@AutoService(Filter.class)
public final class BitshuffleLz4Filter implements Filter {

    @Override
    public int getId() {
        return Bitshuffle.FILTER_ID;
    }

    @Override
    public String getName() {
        return "bitshuffle";
    }

    @Override
    public byte[] decode(byte[] encodedData, int[] filterData) {
        try {
            return Bitshuffle.decodeChunk(encodedData, filterData);
        } catch (IllegalArgumentException e) {
            throw new HdfFilterException("bitshuffle (filter 32008) failed to decode a chunk: " + e.getMessage(), e);
        }
    }
}

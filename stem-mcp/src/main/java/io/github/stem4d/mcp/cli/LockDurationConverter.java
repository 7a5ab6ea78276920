package io.github.stem4d.mcp.cli;

import io.github.stem4d.lock.LockDurations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts option values such as {@code 30s}, {@code 5m}, {@code 1h}, {@code 500ms} or
 * {@code PT30S} to a {@link Duration}; see {@link LockDurations#parse(String)}. Usable by any
 * command: {@code @Option(names = "--stale-after", converter = LockDurationConverter.class)}.
 */
public final class LockDurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return LockDurations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}

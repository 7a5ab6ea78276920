package io.github.stem4d.io.internal;

import io.github.stem4d.analysis.scan.InvalidScanException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** File checks and exact positional reads shared by the stem-io readers. */
public final class ScanFiles {

    private ScanFiles() {
    }

    /**
     * Checks that {@code path} is an existing, readable regular file and returns its size in bytes.
     *
     * @throws NoSuchFileException if the path does not exist
     * @throws InvalidScanException if it is a directory, not a regular file, or not readable
     */
    public static long requireReadableFile(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "scan file not found");
        }
        if (Files.isDirectory(path)) {
            throw new InvalidScanException(path, "'" + path + "' is a directory; pass the scan file inside it");
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidScanException(path, "'" + path + "' is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new InvalidScanException(path, "'" + path + "' is not readable; check its permissions");
        }
        return Files.size(path);
    }

    /**
     * Fills {@code buffer} from its position to its limit with the bytes at {@code offset}.
     *
     * @param what the content expected there, for the message ("frame 12", "the NumPy header")
     * @throws InvalidScanException if the file ends first; the message names the offset and the
     *     number of bytes expected and found
     */
    public static void readFully(FileChannel channel, ByteBuffer buffer, long offset, Path path, String what)
            throws IOException {
        int expected = buffer.remaining();
        long position = offset;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                int found = expected - buffer.remaining();
                throw new InvalidScanException(path, "'" + path + "' is truncated: " + what + " needs " + expected
                        + " bytes at offset " + offset + ", but the file ends after " + found
                        + " of them (file size " + channel.size() + " bytes). Was the file changed or cut short?");
            }
            position += read;
        }
    }

    /** Returns up to {@code max} bytes as printable ASCII, with other bytes shown as {@code \xNN}, for messages. */
    public static String printable(byte[] bytes, int start, int length, int max) {
        StringBuilder text = new StringBuilder();
        int end = Math.min(start + length, start + max);
        for (int i = start; i < end; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '\'') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        if (length > max) {
            text.append("...");
        }
        return text.toString();
    }

    /** Returns whether {@code head} starts with the ASCII text {@code magic}. */
    public static boolean startsWith(ByteBuffer head, String magic) {
        byte[] expected = magic.getBytes(StandardCharsets.ISO_8859_1);
        if (head.remaining() < expected.length) {
            return false;
        }
        int start = head.position();
        for (int i = 0; i < expected.length; i++) {
            if (head.get(start + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}

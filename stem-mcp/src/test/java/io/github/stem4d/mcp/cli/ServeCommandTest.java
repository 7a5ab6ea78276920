package io.github.stem4d.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServeCommandTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "99999"})
    void portOutOfRangeIsUsageError(String port) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Stem4dCommand.commandLine().execute("serve", "--transport", "http", "--port", port,
                    "--data-root", temp.toString(), "--output-root", temp.resolve("out").toString(),
                    "--lock-file", temp.resolve("lock").toString());
        } finally {
            System.setErr(original);
        }
        String text = err.toString(StandardCharsets.UTF_8);

        assertEquals(Stem4dCommand.EXIT_USAGE, exit, text);
        assertTrue(text.contains("invalid --port " + port + ": expected 0 (any free port) to 65535"), text);
    }
}

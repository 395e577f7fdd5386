package io.tidemark.installers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A display to open the app's window on while training its AOT cache and in the smoke test. On
 * macOS and Windows the session has one; on a Linux build machine without DISPLAY, a private Xvfb
 * server is started, and stopped when this is closed.
 */
final class Display implements AutoCloseable {
    private final Process xvfb;
    private final Map<String, String> env;

    private Display(Process xvfb, Map<String, String> env) {
        this.xvfb = xvfb;
        this.env = env;
    }

    /** What a process needs in its environment to reach the display. */
    Map<String, String> env() {
        return env;
    }

    static Display open(HostPlatform platform) throws IOException, InterruptedException {
        String current = System.getenv("DISPLAY");
        if (platform != HostPlatform.LINUX || (current != null && !current.isBlank())) {
            return new Display(null, Map.of());
        }
        if (!Tools.onPath("Xvfb")) {
            throw new IllegalStateException("no display, and no Xvfb to make one: install it (apt-get install xvfb)");
        }
        // Xvfb picks a free display number itself and writes it to the file descriptor we name.
        Path number = Files.createTempFile("xvfb-display", ".txt");
        Process p = new ProcessBuilder("sh", "-c", "exec Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>\"$1\"", "sh",
                number.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        String display = "";
        while (display.isBlank()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("Xvfb did not start");
            }
            Thread.sleep(50);
            display = Files.readString(number).strip();
        }
        Files.deleteIfExists(number);
        return new Display(p, Map.of("DISPLAY", ":" + display));
    }

    @Override
    public void close() {
        if (xvfb != null) {
            xvfb.destroy();
            try {
                xvfb.waitFor();
            } catch (InterruptedException e) {
                xvfb.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

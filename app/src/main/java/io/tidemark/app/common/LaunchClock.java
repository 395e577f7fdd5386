package io.tidemark.app.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How long after this process started something happened, for figures such as "window shown 812 ms
 * after launch". "Started" is when the operating system started the process, so the figure includes
 * the JVM's own start, not only the app's code.
 *
 * <p>The start comes from {@link ProcessHandle.Info#startInstant()}. On Linux the JDK builds that
 * from the boot time in /proc/stat, which is in whole seconds, so it can be up to a second early
 * (65 ms on the reference VM); this class corrects it with /proc/uptime, which knows the boot time
 * to 10 ms. Only where the process start is unknown does it fall back to the JVM's start time from
 * the runtime MXBean, which would load java.management.
 *
 * <p>Reads /proc: call it off the FX thread, and after the moment it measures, not on the way there.
 */
public final class LaunchClock {
    /** The correction is the fraction of a second the boot time lost, plus /proc/uptime's 10 ms steps. */
    private static final long MAX_BOOT_CORRECTION_MILLIS = 1_050;

    private LaunchClock() {
    }

    /**
     * Milliseconds from the start of this process to the moment {@link System#nanoTime()} returned
     * {@code nanoTime}; empty when this system tells neither the process's nor the JVM's start.
     */
    public static OptionalLong millisAfterLaunch(long nanoTime) {
        OptionalLong started = processStartMillis();
        if (started.isEmpty()) {
            return OptionalLong.empty();
        }
        long nowMillis = System.currentTimeMillis();
        long sinceEvent = (System.nanoTime() - nanoTime) / 1_000_000;
        return OptionalLong.of(nowMillis - sinceEvent - started.getAsLong());
    }

    /** When this process started, in milliseconds since the epoch. */
    static OptionalLong processStartMillis() {
        Optional<Instant> reported = ProcessHandle.current().info().startInstant();
        if (reported.isPresent()) {
            return OptionalLong.of(reported.get().toEpochMilli() + linuxBootTimeCorrection());
        }
        return jvmStartMillis();
    }

    private static long linuxBootTimeCorrection() {
        Path uptime = Path.of("/proc/uptime");
        Path stat = Path.of("/proc/stat");
        if (!Files.isReadable(uptime) || !Files.isReadable(stat)) {
            return 0;
        }
        try {
            String statText = Files.readString(stat);
            // Read the uptime and the clock together: their difference is the boot time.
            String uptimeText = Files.readString(uptime);
            long nowMillis = System.currentTimeMillis();
            return bootTimeCorrection(uptimeText, statText, nowMillis).orElse(0);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return 0;
        }
    }

    /**
     * What to add to the JDK's Linux process start: the boot time as {@code nowMillis} minus the
     * uptime, less the whole-second boot time ({@code btime}) the JDK used. Empty when the texts do
     * not parse or the result is not a fraction of a second (the clock was set in between).
     */
    static OptionalLong bootTimeCorrection(String uptimeText, String statText, long nowMillis) {
        try {
            String[] uptimeFields = uptimeText.strip().split("\\s+");
            long uptimeMillis = Math.round(Double.parseDouble(uptimeFields[0]) * 1000);
            long btimeSeconds = -1;
            for (String line : statText.split("\n")) {
                if (line.startsWith("btime ")) {
                    btimeSeconds = Long.parseLong(line.substring("btime ".length()).strip());
                    break;
                }
            }
            if (btimeSeconds < 0) {
                return OptionalLong.empty();
            }
            long correction = nowMillis - uptimeMillis - btimeSeconds * 1000;
            return Math.abs(correction) <= MAX_BOOT_CORRECTION_MILLIS ? OptionalLong.of(correction) : OptionalLong.empty();
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The JVM's start; a runtime image without java.management has none. */
    private static OptionalLong jvmStartMillis() {
        try {
            return OptionalLong.of(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        } catch (LinkageError | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}

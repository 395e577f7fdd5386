package io.tidemark.app.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Where the time from launch to a usable window goes, for measuring startup: each step of the launch
 * marks the moment it finished, and once the library is open the marks are printed to stderr in one
 * line, as milliseconds after launch and, on Linux, the CPU time the process had used by then (on a
 * busy two-core machine the window waits for CPU, so that figure says more than the clock). Off
 * unless the app runs with {@code -Dtidemark.startupTrace=true}; then a mark reads /proc/self/stat
 * (no disk) and adds to a list.
 */
public final class StartupTrace {
    private static final boolean ON = Boolean.getBoolean("tidemark.startupTrace");
    private static final List<String> NAMES = new ArrayList<>();
    private static final List<Long> TIMES = new ArrayList<>();
    private static final List<Long> CPU = new ArrayList<>();
    private static final Path STAT = Path.of("/proc/self/stat");

    private StartupTrace() {
    }

    /** Notes that step {@code name} finished now. Any thread. */
    public static void mark(String name) {
        if (!ON) {
            return;
        }
        long now = System.nanoTime();
        long cpu = cpuMillis();
        synchronized (NAMES) {
            NAMES.add(name);
            TIMES.add(now);
            CPU.add(cpu);
        }
    }

    /** User and system time of this process so far, from /proc/self/stat in 10 ms ticks; -1 elsewhere. */
    private static long cpuMillis() {
        try {
            String stat = Files.readString(STAT);
            // After the command's name in parentheses: state is field 3, utime 14 and stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Prints the marks so far, once. Reads /proc (see {@link LaunchClock}): call off the FX thread. */
    public static void print() {
        if (!ON) {
            return;
        }
        StringBuilder line = new StringBuilder("startup-trace:");
        synchronized (NAMES) {
            for (int i = 0; i < NAMES.size(); i++) {
                OptionalLong ms = LaunchClock.millisAfterLaunch(TIMES.get(i));
                line.append(String.format(Locale.ROOT, " %s %s", NAMES.get(i),
                        ms.isPresent() ? ms.getAsLong() + " ms" : "?"));
                line.append(CPU.get(i) < 0 ? "" : " (cpu " + CPU.get(i) + " ms)");
                line.append(i + 1 < NAMES.size() ? ";" : "");
            }
            NAMES.clear();
            TIMES.clear();
            CPU.clear();
        }
        System.err.println(line);
    }
}

package io.tidemark.engine.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM that Tidemark starts itself (a daemon for a benchmark, a second writer
 * in a process test): this JVM's own {@code java} and class path, and the flags every Tidemark JVM
 * starts with, so a child prints no more warnings than its parent.
 */
public final class JavaCommand {
    /**
     * sqlite-jdbc (and, in the app, JavaFX) load native libraries; Java 25 warns unless native access
     * is granted explicitly. The same flags as {@code tidemark.jvm.flags} in the parent POM, which the
     * tests, {@code javafx:run}, {@code ./tidemark} and the installers' launchers use.
     */
    public static final List<String> FLAGS = List.of("--enable-native-access=ALL-UNNAMED");

    private JavaCommand() {
    }

    /** This JVM's {@code java} executable. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java FLAGS jvmArgs -cp <this class path> main args}. */
    public static List<String> of(List<String> jvmArgs, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(FLAGS);
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return command;
    }
}

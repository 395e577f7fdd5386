package io.tidemark.installers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The Linux launch scripts start the JVM exactly as the .cfg says, from wherever the image is. */
@EnabledOnOs(OS.LINUX)
class LinuxLaunchScriptsTest {
    @TempDir
    Path dir;

    @Test
    void theScriptPassesTheCfgsClassPathOptionsAndArgumentsWordForWord() throws Exception {
        // An image in a folder with a space, whose "java" prints each argument on a line of its own.
        Path root = dir.resolve("My Apps").resolve("Tidemark");
        Path app = root.resolve("lib/app");
        Files.createDirectories(app);
        Files.createDirectories(root.resolve("bin"));
        Path java = root.resolve("lib/runtime/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(app.resolve("tidemark-cli.cfg"), """
                [Application]
                app.classpath=$APPDIR/tidemark-app.jar
                app.mainclass=io.tidemark.engine.cli.TidemarkCli
                app.classpath=$APPDIR/picocli.jar

                [JavaOptions]
                java-options=-Djpackage.app-version=1.0.0
                java-options=-XX:AOTCache=$APPDIR/tidemark-cli.aot
                java-options=-Xlog:aot*=off
                java-options=-Dodd=a"b`c$HOME
                """);
        Files.writeString(dir.resolve("My Apps").resolve("aot-decoy"), ""); // a file the glob would match
        AppImage image = new AppImage(HostPlatform.LINUX, root, "Tidemark");
        LinuxLaunchScripts.write(image, List.of("tidemark-cli"));

        // Started through a link elsewhere, as /usr/bin/tidemark is.
        Path link = dir.resolve("tidemark");
        Files.createSymbolicLink(link, image.launcher("tidemark-cli"));
        String real = root.toRealPath().toString();
        Tools.Result r = Tools.runAllowingFailure(List.of(link.toString(), "--home", "/tmp/a b", "status"), dir.resolve("My Apps"),
                Map.of(), 30);
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly(
                "-Djpackage.app-version=1.0.0",
                "-XX:AOTCache=" + real + "/lib/app/tidemark-cli.aot",
                "-Xlog:aot*=off",
                "-Dodd=a\"b`c$HOME",
                "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=1",
                "-Djpackage.app-path=" + real + "/bin/tidemark-cli",
                "-cp", real + "/lib/app/tidemark-app.jar:" + real + "/lib/app/picocli.jar",
                "io.tidemark.engine.cli.TidemarkCli", "--home", "/tmp/a b", "status");

        // A command that runs long keeps both compilers: the .cfg's options alone.
        for (String verb : List.of("daemon", "index", "generate", "doctor")) {
            Tools.Result longRun = Tools.runAllowingFailure(List.of(link.toString(), "--home", "/tmp/a b", verb), dir, Map.of(), 30);
            assertThat(longRun.stdout().lines().toList()).as(verb)
                    .doesNotContain("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=1")
                    .contains("-Xlog:aot*=off", "-Djpackage.app-path=" + real + "/bin/tidemark-cli")
                    .endsWith("io.tidemark.engine.cli.TidemarkCli", "--home", "/tmp/a b", verb);
        }
    }
}

package io.tidemark.engine.cli;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.model.LibraryIdentity;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "init", description = "Create a new library in the home folder, with this device as its first member.")
final class InitCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Option(names = "--name", paramLabel = "NAME", description = "This device's name (default: the host name).")
    String name;

    @Option(names = "--library-name", paramLabel = "NAME", description = "The library's name (default: \"<device>'s library\").")
    String libraryName;

    @Override
    public Integer call() {
        String device = name != null && !name.isBlank() ? name.strip() : hostName();
        String library = libraryName != null && !libraryName.isBlank() ? libraryName.strip() : device + "'s library";
        Home home = cli.home();
        try (Engine engine = Engine.init(home, device, library)) {
            LibraryIdentity id = engine.identity();
            cli.spec.commandLine().getOut().printf("Created library \"%s\" (%s) in %s%nThis device: %s (%s)%n",
                    id.libraryName(), id.libraryId(), home.dir(), device, id.deviceId());
        }
        return 0;
    }

    static String hostName() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            return host == null || host.isBlank() ? "This device" : host;
        } catch (UnknownHostException e) {
            return "This device";
        }
    }
}

package io.tidemark.engine.cli;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.index.PathRemover;
import io.tidemark.engine.index.RemoveReport;
import io.tidemark.engine.model.ResourceType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "remove", description = {
        "Remove an indexed location, or a file or folder inside one, from the library on every device.",
        "Files on disk are not touched; a path still on disk comes back when its location is indexed again."})
final class RemoveCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Parameters(paramLabel = "PATH", description = "A location's folder, or a file or folder inside one (it need not exist any more).")
    Path path;

    @Override
    public Integer call() {
        RemoveReport r;
        try (Engine engine = Engine.open(cli.home())) {
            r = new PathRemover(engine.library()).remove(path);
        }
        String what = r.wholeLocation() ? "location " + r.path() : r.path() + " (in location " + r.locationPath() + ")";
        cli.spec.commandLine().getOut().printf("Removed %s: %s%n", what, counts(r));
        return 0;
    }

    private static String counts(RemoveReport r) {
        List<String> parts = new ArrayList<>();
        int locations = r.removed().count(ResourceType.LOCATION);
        int entries = r.removed().count(ResourceType.ENTRY);
        if (locations > 0) {
            parts.add(ResourceType.LOCATION.counted(locations));
        }
        parts.add(ResourceType.ENTRY.counted(entries));
        return String.join(" and ", parts);
    }
}

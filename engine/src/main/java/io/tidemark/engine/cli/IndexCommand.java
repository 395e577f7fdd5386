package io.tidemark.engine.cli;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.index.IndexReport;
import io.tidemark.engine.index.SkippedPath;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "index", description = "Add a folder as a location (or re-index it) and record its files and directories.")
final class IndexCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Parameters(paramLabel = "PATH", description = "The folder to index.")
    Path path;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(path)) {
            throw new TidemarkCli.UserException("Not a folder: " + path);
        }
        PrintWriter out = cli.spec.commandLine().getOut();
        IndexReport r;
        try (Engine engine = Engine.open(cli.home())) {
            r = engine.index(path, ProgressPrinter.forIndex(cli.spec.commandLine().getErr())).join();
        }
        out.printf("Indexed %s in %.1f s: %,d added, %,d updated, %,d deleted, %,d unchanged, %,d skipped%n", r.path(),
                r.took().toMillis() / 1000.0, r.added(), r.updated(), r.deleted(), r.unchanged(), r.skipped().size());
        for (SkippedPath s : r.skipped()) {
            out.printf("  skipped %s: %s%n", s.path(), s.reason());
        }
        return 0;
    }
}
